/**
 * `npm run bench` (quick), `npm run bench -- --full`, `npm run bench -- --smoke`; `--only=2,3` runs
 * some parts; `--out=<dir>` writes the results there instead of bench/results. Writes latest.md and
 * latest.json (and <mode>.md/json) and prints the table. Exits with 1 when a part failed to run (its
 * row says FAILED; the other parts' results are written all the same): CI runs the smoke mode.
 * Each part measures in fresh child processes; this process only orchestrates.
 */
import { cpus } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { modeFromArgs, type Mode } from './lib/mode';
import { REPO_ROOT } from './lib/processes';
import { renderMarkdown, renderText, type PartResult, type Row, type RunResult } from './lib/results';
import { elapsedMs } from './lib/stats';
import { removeFixtures } from './lib/fixtures';
import { runAppends } from './parts/appends';
import { runAuditVerify } from './parts/audit-verify';
import { runHttpCommands } from './parts/http-commands';
import { runProjectionRebuild } from './parts/projection-rebuild';
import { runSpendReport } from './parts/spend-report';
import { runUsageIngestion } from './parts/usage-ingestion';

const PARTS: Array<{ id: string; title: string; run: (mode: Mode) => Promise<Row[]> }> = [
  { id: '1', title: '1 HTTP commands', run: runHttpCommands },
  { id: '2', title: '2 usage ingestion', run: runUsageIngestion },
  { id: '3', title: '3 appends', run: runAppends },
  { id: '4', title: '4 projection rebuild', run: runProjectionRebuild },
  { id: '5', title: '5 audit verify', run: runAuditVerify },
  { id: '6', title: '6 spend report', run: runSpendReport },
];

/** `--out=<dir>` (relative to the current directory), default bench/results. */
function resultsDir(argv: readonly string[]): string {
  const out = argv.find((a) => a.startsWith('--out='));
  if (out === undefined) return join(REPO_ROOT, 'bench/results');
  const dir = out.slice('--out='.length);
  if (dir === '') throw new Error('--out= needs a directory');
  return resolve(dir);
}

function selectedParts(argv: readonly string[]): typeof PARTS {
  const only = argv.find((a) => a.startsWith('--only='));
  if (!only) return PARTS;
  const ids = new Set(only.slice('--only='.length).split(','));
  return PARTS.filter((p) => ids.has(p.id));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const mode = modeFromArgs(argv);
  const dir = resultsDir(argv);
  const startedAt = new Date();
  const start = process.hrtime.bigint();
  const parts: PartResult[] = [];
  const failed: string[] = [];
  console.log(`[bench] ${mode.name} mode`);
  for (const part of selectedParts(argv)) {
    const partStart = process.hrtime.bigint();
    console.log(`[bench] part ${part.title}…`);
    let rows: Row[];
    try {
      rows = await part.run(mode);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`[bench] part ${part.title} failed: ${message}`);
      failed.push(part.title);
      rows = [{ part: part.title, name: 'the whole part', figure: '—', reference: '—', goal: { text: 'runs' , met: false }, notes: `FAILED: ${message.split('\n')[0].slice(0, 400)}` }];
    }
    const seconds = elapsedMs(partStart) / 1000;
    parts.push({ part: part.title, rows, seconds });
    console.log(`[bench] part ${part.title} done in ${seconds.toFixed(1)} s`);
  }
  const run: RunResult = {
    mode: mode.name,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    node: process.versions.node,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    totalSeconds: elapsedMs(start) / 1000,
    parts,
  };
  removeFixtures();
  mkdirSync(dir, { recursive: true });
  const markdown = renderMarkdown(run);
  // latest.* is the last run of any mode; <mode>.* keeps the last run of each mode.
  for (const name of ['latest', mode.name]) {
    writeFileSync(join(dir, `${name}.md`), markdown);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(run, null, 2) + '\n');
  }
  console.log(renderText(run));
  console.log('\n' + markdown);
  const shown = relative(process.cwd(), dir);
  const where = shown === '' ? '.' : shown.startsWith('..') ? dir : shown;
  console.log(`[bench] wrote ${where}/latest.md, latest.json and ${mode.name}.md/json (${run.totalSeconds.toFixed(0)} s)`);
  if (failed.length > 0) {
    console.error(`[bench] ${failed.length} part(s) failed to run: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
