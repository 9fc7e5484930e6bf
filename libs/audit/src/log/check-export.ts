import { verifyChain, type ChainHead, type RecordedEvent } from '@skype-manager/event-store';
import { ExportLineError, readExport } from './read-export';

/**
 * Checks an export before anything is written: one header first, one trailer last that counts the
 * events, positions increasing, every stream's revisions 0, 1, 2… (the import re-appends them, so a
 * stream must be complete in the file), and every Manager's hash chain (`verifyChain`, by chunks).
 */
export interface ExportCheck {
  events: number;
  managers: number;
  streams: number;
  /** What is wrong (the first few); empty when the file may be imported. */
  problems: string[];
}

const CHUNK = 5000;
const MAX_PROBLEMS = 20;

/** Progress of the check: events so far, and the last position read of the header's head position. */
export type CheckProgress = (progress: { events: number; position: number; headPosition: number }) => void;

export async function checkExport(lines: AsyncIterable<string>, onProgress?: CheckProgress): Promise<ExportCheck> {
  const problems: string[] = [];
  const note = (problem: string): void => void (problems.length < MAX_PROBLEMS && problems.push(problem));
  const revisions = new Map<string, number>();
  const heads = new Map<string, ChainHead>();
  let chunk: RecordedEvent[] = [];
  let events = 0;
  let lastPosition = 0;
  let sawHeader = false;
  let headPosition = 0;
  let trailer: { events: number; lastPosition: number } | undefined;
  const checkChunk = (): void => {
    for (const problem of verifyChain(chunk, { startHeads: heads }).problems) {
      note(`position ${problem.position} (chainSeq ${problem.chainSeq}): ${problem.problem}`);
    }
    for (const event of chunk) heads.set(event.metadata.managerId, { seq: event.metadata.chainSeq, hash: event.metadata.hash });
    chunk = [];
    onProgress?.({ events, position: lastPosition, headPosition });
  };
  try {
    for await (const line of readExport(lines)) {
      if (!sawHeader && line.kind !== 'header') throw new ExportLineError(line.lineNumber, 'the file does not start with an export header');
      if (trailer !== undefined) throw new ExportLineError(line.lineNumber, 'content after the trailer');
      if (line.kind === 'header') {
        if (sawHeader) throw new ExportLineError(line.lineNumber, 'a second header');
        sawHeader = true;
        headPosition = line.header.headPosition;
      } else if (line.kind === 'trailer') {
        trailer = line.trailer;
      } else {
        const event = line.event;
        if (event.position <= lastPosition) note(`line ${line.lineNumber}: position ${event.position} is not after ${lastPosition}`);
        const expected = (revisions.get(event.streamId) ?? -1) + 1;
        if (event.revision !== expected) {
          note(`line ${line.lineNumber}: stream ${event.streamId} expected revision ${expected}, found ${event.revision}`);
        }
        revisions.set(event.streamId, Math.max(event.revision, expected - 1));
        lastPosition = event.position;
        events += 1;
        chunk.push(event);
        if (chunk.length >= CHUNK) checkChunk();
      }
    }
    checkChunk();
  } catch (error) {
    if (!(error instanceof ExportLineError)) throw error;
    note(error.message);
  }
  if (!sawHeader && problems.length === 0) note('the file is empty');
  if (sawHeader && trailer === undefined) note('the file has no trailer: it was cut short');
  if (trailer !== undefined && (trailer.events !== events || trailer.lastPosition !== lastPosition)) {
    note(`the trailer announces ${trailer.events} events up to position ${trailer.lastPosition}, the file holds ${events} up to ${lastPosition}`);
  }
  return { events, managers: heads.size, streams: revisions.size, problems };
}
