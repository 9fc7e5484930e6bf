import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { classifyLine, type ExportLine } from './export-format';

/** The lines of an export file, read as a stream (the file may be far larger than memory). */
export function exportFileLines(file: string): () => AsyncIterable<string> {
  return () => createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

export class ExportLineError extends Error {
  constructor(
    readonly lineNumber: number,
    reason: string,
  ) {
    super(`line ${lineNumber}: ${reason}`);
    this.name = 'ExportLineError';
  }
}

/** Parses and classifies each non-empty line; a malformed one throws with its line number. */
export async function* readExport(lines: AsyncIterable<string>): AsyncGenerator<ExportLine & { lineNumber: number }> {
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber += 1;
    if (text.trim().length === 0) continue;
    let line: ExportLine;
    try {
      line = classifyLine(JSON.parse(text));
    } catch (error) {
      throw new ExportLineError(lineNumber, error instanceof Error ? error.message : String(error));
    }
    yield { ...line, lineNumber };
  }
}
