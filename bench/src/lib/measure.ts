import { compiled, runChild } from './processes';
import { median } from './stats';

/** Runs a worker (bench/src/workers/<name>.ts) in a fresh process and returns what it reports. */
export function runWorker<T>(
  name: string,
  args: Array<string | number>,
  timeoutMs: number,
  options: { execArgv?: string[]; silent?: boolean } = {},
): Promise<T> {
  return runChild<T>(compiled(`workers/${name}`), { args: args.map(String), timeoutMs, ...options }).result;
}

/**
 * Measures reference and subject alternately (reference, subject, reference, subject, …) for the
 * given rounds, so slow phases of a noisy machine hit both alike, and returns every measurement.
 */
export async function alternate<R, S>(
  rounds: number,
  reference: () => Promise<R>,
  subject: () => Promise<S>,
): Promise<{ references: R[]; subjects: S[] }> {
  const references: R[] = [];
  const subjects: S[] = [];
  for (let round = 0; round < rounds; round++) {
    references.push(await reference());
    subjects.push(await subject());
  }
  return { references, subjects };
}

export function medianOf<T>(items: readonly T[], value: (item: T) => number): number {
  return median(items.map(value));
}
