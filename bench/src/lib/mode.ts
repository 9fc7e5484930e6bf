/**
 * Run modes. Every size and duration a bench uses comes from here, so each bench is bounded and the
 * three modes differ only in these numbers.
 *   smoke: the smallest size of each bench (< 60 s in all)
 *   quick: the default (≤ 3 minutes in all)
 *   full:  the large sizes (`--full`)
 */
export type ModeName = 'smoke' | 'quick' | 'full';

export interface Mode {
  name: ModeName;
  /** Rounds of (reference, subject) measurements; the ratio is taken between the medians. */
  rounds: number;
  /** Per point: a warm-up, then `slices` alternations of bare and real endpoint, each durationSeconds/slices long. */
  http: { durationSeconds: number; warmupSeconds: number; slices: number; concurrencies: number[]; members: number };
  /**
   * `rounds`: alternating (raw, product) rounds of parts 2 and 3, each a fresh process. These parts are
   * short, and one round of either could land on a fast or a slow phase of the machine. Part 2's
   * `requests`: quick mode times 50, not 20: raw's CPU per request was still falling after 20 (14.6–19.7
   * ms over 20 requests, 11.5–12.5 over 50, 8.4–11.8 over 100), so 20 compared a product in its steady
   * state with a raw reference still warming up (quick runs gave 0.60–0.80 where full runs gave 0.54–0.58).
   */
  usage: { requests: number; recordsPerRequest: number; members: number; maxSeconds: number; rounds: number };
  appends: { appends: number; streams: number; inFlight: number; maxSeconds: number; peerSeconds: number; rounds: number };
  /** The log parts 4 and 5 read: `events` usage events over `managers` × `members` members (plus their set-up). */
  log: { events: number; managers: number; membersPerManager: number };
  rebuild: { maxSeconds: number };
  audit: { maxSeconds: number };
  spend: { members: number; days: number; departments: number; queries: number; maxSeconds: number };
}

const SMOKE: Mode = {
  name: 'smoke',
  rounds: 1,
  http: { durationSeconds: 0.5, warmupSeconds: 0.2, slices: 1, concurrencies: [1, 16, 64], members: 10 },
  usage: { requests: 5, recordsPerRequest: 1000, members: 50, maxSeconds: 15, rounds: 1 },
  appends: { appends: 10_000, streams: 10_000, inFlight: 64, maxSeconds: 10, peerSeconds: 1, rounds: 1 },
  log: { events: 10_000, managers: 2, membersPerManager: 50 },
  rebuild: { maxSeconds: 30 },
  audit: { maxSeconds: 30 },
  spend: { members: 100, days: 30, departments: 5, queries: 50, maxSeconds: 20 },
};

const QUICK: Mode = {
  name: 'quick',
  rounds: 1,
  http: { durationSeconds: 3, warmupSeconds: 0.5, slices: 3, concurrencies: [1, 16, 64], members: 100 },
  usage: { requests: 50, recordsPerRequest: 1000, members: 200, maxSeconds: 30, rounds: 3 },
  appends: { appends: 50_000, streams: 10_000, inFlight: 64, maxSeconds: 10, peerSeconds: 3, rounds: 3 },
  log: { events: 100_000, managers: 10, membersPerManager: 100 },
  rebuild: { maxSeconds: 90 },
  audit: { maxSeconds: 90 },
  spend: { members: 1_000, days: 365, departments: 20, queries: 200, maxSeconds: 60 },
};

const FULL: Mode = {
  name: 'full',
  rounds: 3,
  http: { durationSeconds: 15, warmupSeconds: 2, slices: 5, concurrencies: [1, 16, 64], members: 1000 },
  usage: { requests: 100, recordsPerRequest: 1000, members: 1000, maxSeconds: 120, rounds: 3 },
  appends: { appends: 200_000, streams: 10_000, inFlight: 64, maxSeconds: 60, peerSeconds: 15, rounds: 3 },
  log: { events: 1_000_000, managers: 20, membersPerManager: 500 },
  rebuild: { maxSeconds: 900 },
  audit: { maxSeconds: 900 },
  spend: { members: 10_000, days: 365, departments: 100, queries: 500, maxSeconds: 900 },
};

export function modeFromArgs(argv: readonly string[]): Mode {
  if (argv.includes('--full')) return FULL;
  if (argv.includes('--smoke')) return SMOKE;
  return QUICK;
}

export function modeByName(name: ModeName): Mode {
  return { smoke: SMOKE, quick: QUICK, full: FULL }[name];
}
