import { once } from 'node:events';

/**
 * Everything the CLI touches outside itself, so tests run it in-process and read what it wrote.
 * Results go to stdout (an export may be piped), messages and progress to stderr.
 */
export interface CliIo {
  /** Writes to stdout, waiting when the pipe is full. */
  out(text: string): Promise<void>;
  /** Writes a message to stderr. */
  err(text: string): void;
  /** The stderr stream, when it is a terminal (a progress bar is drawn on it); else undefined. */
  terminal?: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    out: async (text) => {
      if (!process.stdout.write(text)) await once(process.stdout, 'drain');
    },
    err: (text) => void process.stderr.write(text),
    terminal: process.stderr.isTTY ? process.stderr : undefined,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Exit codes: 0 all good; 1 the log has problems (verify found some, import refused the file); 2 the CLI could not do its job. */
export const EXIT = { ok: 0, problems: 1, failure: 2 } as const;

/** A failure the user can act on: printed as is, without a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
