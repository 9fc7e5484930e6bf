/**
 * One line of the results table. Every figure is quoted against a reference measured in the same run
 * on the same machine, because the machine is shared and noisy: absolute numbers vary from run to run,
 * the ratio much less.
 */
export interface Goal {
  /** What must hold, in words (e.g. "≥ 0.5 of the ceiling", "p99 ≤ 20 ms"). */
  text: string;
  /** Whether it held; undefined when the row has no goal (an informative row) or was not measured. */
  met?: boolean;
  /** Why a measured row gets no verdict (the goal is stated for another size): shown instead of one. */
  notJudged?: string;
}

export interface Row {
  part: string;
  /** What was measured. */
  name: string;
  /** The measured figure, formatted (e.g. "14,210 req/s · p50 4.1 ms · p99 9.8 ms"). */
  figure: string;
  /** The reference figure and what it is, or '' when the goal is absolute. */
  reference: string;
  /** subject / reference, when there is a reference. */
  ratio?: number;
  goal?: Goal;
  /** How it was measured, failures, skipped reasons. */
  notes?: string;
  /** The raw numbers, for latest.json. */
  data?: Record<string, unknown>;
}

export interface PartResult {
  part: string;
  rows: Row[];
  seconds: number;
}

export interface RunResult {
  mode: string;
  startedAt: string;
  finishedAt: string;
  node: string;
  cpus: number;
  cpuModel: string;
  totalSeconds: number;
  parts: PartResult[];
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  return ms < 10 ? `${fmt(ms, 2)} ms` : `${fmt(ms, 1)} ms`;
}

export function ratioOf(subject: number, reference: number): number | undefined {
  if (!(reference > 0) || !Number.isFinite(subject)) return undefined;
  return subject / reference;
}

/** A row for a bench whose product code does not exist yet (or failed): never counted as met. */
export function notAvailableRow(part: string, name: string, why: string, goal: string): Row {
  return { part, name, figure: '—', reference: '—', goal: { text: goal }, notes: why };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function metCell(goal: Goal | undefined): string {
  if (!goal) return '';
  if (goal.met === undefined) return goal.notJudged ?? 'not measured';
  return goal.met ? '**met**' : '**MISSED**';
}

export function renderMarkdown(run: RunResult): string {
  const lines: string[] = [];
  lines.push(`# Benchmarks — ${run.mode} mode`);
  lines.push('');
  lines.push(
    `${run.startedAt} · Node ${run.node} · ${run.cpus} × ${run.cpuModel} · ${fmt(run.totalSeconds, 0)} s in all. ` +
      'The machine is shared and noisy: only the ratios against a reference measured in the same run are meaningful.',
  );
  lines.push('');
  lines.push('| part | measured | figure | reference (same run) | ratio | goal | met | notes |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const part of run.parts) {
    for (const row of part.rows) {
      lines.push(
        `| ${[
          row.part,
          row.name,
          row.figure,
          row.reference,
          row.ratio === undefined ? '' : fmt(row.ratio, 2),
          row.goal?.text ?? '',
          metCell(row.goal),
          row.notes ?? '',
        ]
          .map(cell)
          .join(' | ')} |`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}

/** A plainer rendering for the terminal (the markdown table is unreadable there when cells are long). */
export function renderText(run: RunResult): string {
  const out: string[] = [];
  for (const part of run.parts) {
    out.push(`\n== ${part.part} (${fmt(part.seconds, 1)} s)`);
    for (const row of part.rows) {
      const ratio = row.ratio === undefined ? '' : `  ratio ${fmt(row.ratio, 2)}`;
      const goal = row.goal ? `  goal ${row.goal.text}: ${metCell(row.goal).replace(/\*/g, '')}` : '';
      out.push(`  ${row.name}\n    ${row.figure}${row.reference ? `  vs ${row.reference}` : ''}${ratio}${goal}`);
      if (row.notes) out.push(`    (${row.notes})`);
    }
  }
  return out.join('\n');
}
