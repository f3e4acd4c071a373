// Calendar dates as ISO strings (YYYY-MM-DD), counted in UTC days: no time zone moves a date.

const DAY_MS = 86_400_000;

/** 2026-10-31 + 1 → 2026-11-01. */
export const addDays = (iso: string, days: number): string => new Date(Date.parse(iso + 'T00:00:00Z') + days * DAY_MS).toISOString().slice(0, 10);
