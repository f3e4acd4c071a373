// Payment terms → due date. Shared by the demo generator and the models' configuration, so the
// ground truth and the model agree on what "45 days end of month" means.
//
// "N days net": invoice date + N days. "N days end of month" (N jours fin de mois): invoice date
// + N days, then the last day of that month — one of the two readings French practice accepts
// (the other, end of month then + N days, is not used here).

export type PaymentTerms = { days: number; endOfMonth: boolean };

const DAY_MS = 86_400_000;

export function parseTerms(text: string): PaymentTerms | undefined {
  const m = /^\s*(\d{1,3})\s*(?:days?|jours?|j)?\s*(net|nets|end of month|eom|fin de mois|fdm)?\s*$/i.exec(text);
  if (!m) return undefined;
  const days = Number(m[1]);
  const kind = (m[2] ?? 'net').toLowerCase();
  return { days, endOfMonth: !kind.startsWith('net') };
}

export function formatTerms(t: PaymentTerms): string {
  return `${t.days} days ${t.endOfMonth ? 'end of month' : 'net'}`;
}

/** Due date as a day number (days since 1970-01-01, UTC). */
export function dueDay(invoiceDay: number, t: PaymentTerms): number {
  const d = invoiceDay + t.days;
  if (!t.endOfMonth) return d;
  const date = new Date(d * DAY_MS);
  return Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / DAY_MS);
}
