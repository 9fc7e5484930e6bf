import type { UsageRecord } from '@skype-manager/domain';
import { Prng, seededId } from './prng';

/**
 * Untimed requests each subject of bench part 2 runs first (batches numbered after the timed ones,
 * so other usage ids): the figure is the steady rate of a running process, as part 1 warms up too.
 */
export const WARM_UP_REQUESTS = 2;

const DESTINATIONS = ['+33612345678', '+33145678901', '+442071838750', '+12127365000', '+493090182000', '+34912345678', '+3225123456'];

/**
 * One batch of usage records as a telephony feed would send it: deterministic from the batch number,
 * calls and SMS to valid numbers, started within the last 30 days before `now`, each with a unique id.
 */
export function usageBatch(batch: number, size: number, memberIds: readonly string[], now: string): UsageRecord[] {
  const prng = new Prng(0x05a9e + batch);
  const nowMs = Date.parse(now);
  return Array.from({ length: size }, (_, i): UsageRecord => {
    const n = batch * size + i;
    const call = prng.next() < 0.8;
    return {
      usageId: seededId(0x05, n),
      memberId: memberIds[prng.int(memberIds.length)],
      kind: call ? 'call' : 'sms',
      destination: DESTINATIONS[prng.int(DESTINATIONS.length)],
      startedAt: new Date(nowMs - (1 + prng.int(30 * 24 * 60)) * 60_000).toISOString(),
      durationSeconds: call ? 5 + prng.int(1200) : 0,
      costMinor: call ? 1 + prng.int(150) : 8,
    };
  });
}

export function topUpIds(batch: number, size: number): string[] {
  return Array.from({ length: size }, (_, i) => seededId(0x70, batch * size + i));
}
