/**
 * UTC calendar days and months as strings ('YYYY-MM-DD', 'YYYY-MM'): they sort like the dates they
 * name, so they serve directly as index keys and range bounds.
 */
const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC date of an ISO-8601 instant ('2025-03-03T01:30:00+02:00' → '2025-03-02'). */
export function utcDay(isoInstant: string): string {
  // Most instants are already in UTC: slicing them avoids a Date per event on the hot path.
  if (isoInstant.length >= 20 && isoInstant.endsWith('Z') && isoInstant[10] === 'T')
    return isoInstant.slice(0, 10);
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${isoInstant}`);
  return new Date(ms).toISOString().slice(0, 10);
}

export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`) / DAY_MS;
}

export function dayOf(dayNumberValue: number): string {
  return new Date(dayNumberValue * DAY_MS).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let n = dayNumber(from); n <= dayNumber(to); n++) days.push(dayOf(n));
  return days;
}

/** Every month ('YYYY-MM') touched by the days from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    months.push(current);
    if (current >= last) return months;
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
}
