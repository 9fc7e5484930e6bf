import type { RecordedEvent } from '@skype-manager/event-store';

/**
 * The export file: NDJSON, one JSON object per line.
 *   line 1      the header  {"format":"skype-manager/event-log","version":1,"exportedAt":…,"headPosition":…}
 *   then        one event per line, in log order, exactly as read: {id, streamId, revision, position,
 *               type, data, metadata (with the chain fields)}
 *   last line   the trailer {"end":true,"events":n,"lastPosition":p}
 * The trailer lets an import tell a complete file from one cut short (a copy interrupted mid-way
 * would otherwise import as a shorter, still perfectly chained, history).
 */
export const EXPORT_FORMAT = 'skype-manager/event-log';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  /** The log's head when the export started; later events are not in the file. */
  headPosition: number;
  /** Set when only one Manager's events were exported. */
  managerId?: string;
}

export interface ExportTrailer {
  end: true;
  events: number;
  lastPosition: number;
}

export type ExportLine = { kind: 'header'; header: ExportHeader } | { kind: 'event'; event: RecordedEvent } | { kind: 'trailer'; trailer: ExportTrailer };

/** Classifies one parsed line; throws with the reason when it is none of the three. */
export function classifyLine(value: unknown): ExportLine {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  const line = value as Record<string, unknown>;
  if (line.format !== undefined) {
    if (line.format !== EXPORT_FORMAT) throw new Error(`unknown format ${String(line.format)}`);
    if (line.version !== EXPORT_VERSION) throw new Error(`unsupported export version ${String(line.version)}`);
    return { kind: 'header', header: line as unknown as ExportHeader };
  }
  if (line.end === true) return { kind: 'trailer', trailer: line as unknown as ExportTrailer };
  const problem = eventShapeProblem(line);
  if (problem !== undefined) throw new Error(problem);
  return { kind: 'event', event: line as unknown as RecordedEvent };
}

function eventShapeProblem(line: Record<string, unknown>): string | undefined {
  for (const field of ['id', 'streamId', 'type'] as const) {
    if (typeof line[field] !== 'string') return `event without a string ${field}`;
  }
  for (const field of ['revision', 'position'] as const) {
    if (!Number.isSafeInteger(line[field])) return `event ${String(line.id)} without an integer ${field}`;
  }
  if (line.data === null || typeof line.data !== 'object') return `event ${String(line.id)} without data`;
  const metadata = line.metadata as Record<string, unknown> | null;
  if (metadata === null || typeof metadata !== 'object') return `event ${String(line.id)} without metadata`;
  if (typeof metadata.managerId !== 'string' || !Number.isSafeInteger(metadata.chainSeq) || typeof metadata.hash !== 'string') {
    return `event ${String(line.id)} without its Manager or chain fields`;
  }
  return undefined;
}
