/**
 * Read-your-writes: a caller that has just appended at position N waits until the read models it is
 * about to query have reached N. Waiters are woken after every committed batch; each wait is bounded.
 */
export const MAX_WAIT_MS = 30_000;

interface Waiter {
  reached: () => boolean;
  resolve: (reached: boolean) => void;
  timer: NodeJS.Timeout;
}

export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  /** Callers waiting now. */
  get size(): number {
    return this.waiters.size;
  }

  /** Resolves true once `reached()` holds, false after `timeoutMs`. */
  wait(reached: () => boolean, timeoutMs: number): Promise<boolean> {
    if (reached()) return Promise.resolve(true);
    const boundedMs = Math.max(0, Math.min(timeoutMs, MAX_WAIT_MS));
    return new Promise((resolve) => {
      const waiter: Waiter = {
        reached,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(reached());
        }, boundedMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Re-checks every waiter; call after anything that can move a checkpoint. */
  check(): void {
    for (const waiter of this.waiters) {
      if (!waiter.reached()) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(true);
    }
  }

  /** Answers every waiter with what holds now (on stop). */
  releaseAll(): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(waiter.reached());
    }
    this.waiters.clear();
  }
}

/**
 * The same wait for a process that does not run the projector itself (the API next to a separate
 * projector process): it polls the stored checkpoints.
 */
export async function pollUntilReached(
  readPosition: () => Promise<number>,
  position: number,
  timeoutMs: number,
  pollMs = 20,
): Promise<boolean> {
  const deadline = Date.now() + Math.max(0, Math.min(timeoutMs, MAX_WAIT_MS));
  for (;;) {
    if ((await readPosition()) >= position) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
  }
}
