/** Calendar helpers on ISO-8601 instants, all in UTC. The domain never reads a clock: `now` comes in. */
const DAY_MS = 86_400_000;

export function addDays(isoInstant: string, days: number): string {
  return new Date(Date.parse(isoInstant) + days * DAY_MS).toISOString();
}

/** A UTC instant as stored in events ('YYYY-MM-DDTHH:mm:ss.sssZ'): its date can be read from the text. */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T[^+]*Z$/;

/** 'YYYY-MM' of an instant, in UTC. */
export function monthOf(isoInstant: string): string {
  if (UTC_INSTANT.test(isoInstant)) return isoInstant.slice(0, 7);
  return new Date(Date.parse(isoInstant)).toISOString().slice(0, 7);
}

/** Whole days since 1970-01-01 of an instant, in UTC. */
export function epochDay(isoInstant: string): number {
  if (UTC_INSTANT.test(isoInstant)) {
    const y = +isoInstant.slice(0, 4);
    const m = +isoInstant.slice(5, 7);
    const d = +isoInstant.slice(8, 10);
    return Date.UTC(y, m - 1, d) / DAY_MS;
  }
  return Math.floor(Date.parse(isoInstant) / DAY_MS);
}

export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

export function isAfter(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}
