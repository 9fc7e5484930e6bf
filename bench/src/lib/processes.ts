import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the folder whose package.json is the workspace root. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  let dir = from;
  for (let i = 0; i < 12; i++) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces) return dir;
    dir = dirname(dir);
  }
  throw new Error(`no workspace root above ${from}`);
}

/** The compiled file of a bench source (`bench/src/<relative>.ts` → `dist/bench/bench/src/<relative>.js`). */
export function compiled(relative: string): string {
  return resolve(REPO_ROOT, 'dist/bench/bench/src', relative.replace(/\.ts$/, '') + '.js');
}

export type ChildMessage =
  | { type: 'result'; value: unknown }
  | { type: 'error'; message: string; stack?: string }
  | { type: string; [key: string]: unknown };

export interface ChildOptions {
  args?: string[];
  /** The child is killed (SIGKILL) after this long and the promise rejects. */
  timeoutMs: number;
  execArgv?: string[];
  /** Messages other than result/error (e.g. 'ready'). */
  onMessage?: (message: ChildMessage, child: ChildProcess) => void;
  /** Inherit stdout/stderr (default) or silence them. */
  silent?: boolean;
  /** Working directory of the child (default the repository root). */
  cwd?: string;
}

/** Runs a compiled bench module in its own process and resolves with the value it reports. */
export function runChild<T>(script: string, options: ChildOptions): { child: ChildProcess; result: Promise<T> } {
  const child = fork(script, options.args ?? [], {
    cwd: options.cwd ?? REPO_ROOT,
    // BENCH_CPU_PROF=<folder>: every measuring process writes a .cpuprofile there (node --cpu-prof).
    execArgv: [
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      ...(options.execArgv ?? []),
    ],
    stdio: options.silent ? ['ignore', 'ignore', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const result = new Promise<T>((resolvePromise, reject) => {
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(() => reject(new Error(`${script} did not finish within ${options.timeoutMs} ms (killed)`)));
    }, options.timeoutMs);
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'result') finish(() => resolvePromise((message as { value: T }).value));
      else if (message.type === 'error') {
        const error = new Error(String(message.message));
        error.stack = String(message.stack ?? message.message);
        finish(() => reject(error));
      } else options.onMessage?.(message, child);
    });
    child.on('exit', (code, signal) => {
      finish(() => reject(new Error(`${script} exited (${code ?? signal}) before reporting${stderr ? `: ${stderr}` : ''}`)));
    });
  });
  return { child, result };
}

/** In a child: run `work`, report its value (or error) to the parent, then exit. */
export function reportToParent(work: () => Promise<unknown>): void {
  work().then(
    (value) => process.send!({ type: 'result', value }, () => process.exit(0)),
    (error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      process.send!({ type: 'error', message: err.message, stack: err.stack }, () => process.exit(1));
    },
  );
}

/** Stops a child we started (by its own handle, never by name) and waits for it to exit. */
export function stopChild(child: ChildProcess, timeoutMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}
