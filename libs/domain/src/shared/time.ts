/** Calendar helpers on ISO-8601 instants, all in UTC. The domain never reads a clock: `now` comes in. */
const DAY_MS = 86_400_000;

export function addDays(isoInstant: string, days: number): string {
  return new Date(Date.parse(isoInstant) + days * DAY_MS).toISOString();
}

/** 'YYYY-MM' of an instant, in UTC. */
export function monthOf(isoInstant: string): string {
  return new Date(Date.parse(isoInstant)).toISOString().slice(0, 7);
}

/** Whole days since 1970-01-01 of an instant, in UTC. */
export function epochDay(isoInstant: string): number {
  return Math.floor(Date.parse(isoInstant) / DAY_MS);
}

export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

export function isAfter(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}
