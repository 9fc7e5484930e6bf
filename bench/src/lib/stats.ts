/** Percentile of already collected samples (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Wall-clock milliseconds since `start` (from `process.hrtime.bigint()`). */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Samples the RSS every `everyMs` while `work` runs and returns the peak seen (bytes). The OS's
 * `maxRSS` (resourceUsage) is the whole process's life; this one covers only the work.
 */
export async function withPeakRss<T>(work: () => Promise<T>, everyMs = 20): Promise<{ value: T; peakRssBytes: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRssBytes: peak };
  } finally {
    clearInterval(timer);
  }
}
