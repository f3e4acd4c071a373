// Calendar dates as ISO strings (YYYY-MM-DD), counted in UTC days: no time zone moves a date.

const DAY_MS = 86_400_000;

/** 2026-10-31 + 1 → 2026-11-01. */
export const addDays = (iso: string, days: number): string => new Date(Date.parse(iso + 'T00:00:00Z') + days * DAY_MS).toISOString().slice(0, 10);

/** Days from one date to another: 2026-10-31 → 2026-11-02 is 2 (negative when `to` comes first). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / DAY_MS);

/** A date as a day number, days since 1970-01-01 (as DuckDB's `date - DATE '1970-01-01'` gives it): day arithmetic without Date objects. */
export const dayNumber = (iso: string): number => Math.round(Date.parse(iso + 'T00:00:00Z') / DAY_MS);

/** Adds months to an ISO date the way DuckDB's date + INTERVAL does (clamped to the month's end: 29 February − 12 months = 28 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** A moment as DuckDB reads a TIMESTAMP, in UTC ('2026-11-30 04:12:00.000'): what is written from JS, never the server's local time. */
export const utcTimestamp = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');
