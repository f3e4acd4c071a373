// French late-payment charges between businesses, per invoice (Code de commerce L.441-10, D.441-5):
// late interest on the open amount, day by day at the rate of the half-year each day falls in, plus
// a fixed collection indemnity per late invoice. Pure functions; dates are ISO strings (YYYY-MM-DD)
// handled in UTC.
import { SEMESTER_KEY, semesterEnd, semesterOf } from './rates.ts';

export interface ChargeRates {
  /** ECB MRO rate by semester ('2025-H1': 3.15), % a year */
  ecb: Record<string, number>;
  /** French legal interest rate (professional creditors) by semester, % a year */
  legal: Record<string, number>;
  /** points added to the ECB rate (10) */
  points: number;
  /** the fixed indemnity per late invoice in euros (40) */
  indemnity: number;
}

/** One semester's share of an invoice's lateness. */
export interface ChargePeriod {
  semester: string;
  /** first and last day late in this semester (inclusive) */
  from: string;
  to: string;
  days: number;
  /** the annual rate applied, in %, after the 3 × legal floor */
  rate: number;
  /** the interest of these days, unrounded (only the invoice's total is rounded) */
  interest: number;
}

export interface InvoiceCharges {
  /** days after the due date up to the end date; 0 when not late */
  days_late: number;
  /** late interest, rounded to the cent */
  interest: number;
  /** the fixed collection indemnity, 0 when not late */
  indemnity: number;
  periods: ChargePeriod[];
}

const SETTINGS_KEY = { ecb: 'reminders.charges.ecb_rates', legal: 'reminders.charges.legal_rates' } as const;

/** A rate the charges need is missing from the tables; `message` is English, `messageFr` French. */
export class MissingRateError extends Error {
  readonly messageFr: string;
  constructor(
    readonly semester: string,
    readonly table: 'ecb' | 'legal',
  ) {
    const year = semester.slice(0, 4);
    const h1 = semester.endsWith('H1');
    const en = h1 ? `1 January ${year}` : `1 July ${year}`;
    const fr = `${h1 ? '1er' : '2e'} semestre ${year}`;
    const key = SETTINGS_KEY[table];
    super(
      table === 'ecb'
        ? `The ECB main refinancing rate for ${semester} (in force on ${en}) is not in the settings: add "${semester}": <rate> to ${key} (the ECB publishes it on ecb.europa.eu).`
        : `The French legal interest rate for professional creditors for ${semester} (from ${en}) is not in the settings: add "${semester}": <rate> to ${key} (it is set by an arrêté published in the Journal officiel).`,
    );
    this.name = 'MissingRateError';
    this.messageFr =
      table === 'ecb'
        ? `Le taux de refinancement de la BCE du ${fr} (en vigueur au ${h1 ? '1er janvier' : '1er juillet'} ${year}) manque dans les réglages : ajoutez "${semester}": <taux> à ${key}.`
        : `Le taux de l'intérêt légal (créanciers professionnels) du ${fr} manque dans les réglages : ajoutez "${semester}": <taux> à ${key} (il est fixé par arrêté publié au Journal officiel).`;
  }
}

// Rates are published to two decimals; rounding sums and products to 1e-6 removes float noise
// (3 × 5.07 = 15.209999999999999) without changing any real rate.
const tidy = (rate: number): number => Math.round(rate * 1e6) / 1e6;

function lookUp(semester: string, table: 'ecb' | 'legal', rates: ChargeRates): number {
  const rate = rates[table][semester];
  if (rate === undefined) throw new MissingRateError(semester, table);
  return rate;
}

/**
 * The annual rate applied in a semester. L.441-10 II: the rate in the terms — which "cannot be set
 * below three times the legal interest rate" (a lower one is raised to that floor) — or, when the
 * terms set none, the ECB rate in force on the half-year's first day + 10 points, as it is (the
 * floor bounds what a contract may stipulate, not the default: in 2024 the default, 14.50 % and
 * 14.25 %, was below 3 × the legal rate, 15.21 % and 14.76 %, and is what the law gives).
 */
export function semesterRate(semester: string, clientRate: number | null, rates: ChargeRates): number {
  if (clientRate === null) return tidy(lookUp(semester, 'ecb', rates) + rates.points);
  return Math.max(tidy(clientRate), tidy(3 * lookUp(semester, 'legal', rates)));
}

/** Whether the client's own rate was raised to the legal floor in a semester (never the default rate). */
export function raisedToFloor(semester: string, clientRate: number | null, rates: ChargeRates): boolean {
  return clientRate !== null && tidy(clientRate) < tidy(3 * lookUp(semester, 'legal', rates));
}

const DAY = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toDay(iso: string, what: string): number {
  const t = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  if (!ISO_DATE.test(iso) || new Date(t).toISOString().slice(0, 10) !== iso) {
    throw new Error(`The ${what} "${iso}" is not a date written YYYY-MM-DD.`);
  }
  return t / DAY;
}
const fromDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

/**
 * To the cent, half away from zero. Not money.ts's round2 (Math.round(x * 100) / 100), which rounds
 * -0.005 up to 0 and lets float noise decide exact half-cents: the 1e-6 step here removes the noise.
 */
const roundCents = (x: number): number => (Math.sign(x) * Math.round(Number((Math.abs(x) * 100).toFixed(6)))) / 100 + 0;

/** The charges on `openAmount` due on `dueDate`, late up to `until` (inclusive). */
export function invoiceCharges(p: {
  openAmount: number;
  dueDate: string;
  until: string;
  clientRate: number | null;
  rates: ChargeRates;
}): InvoiceCharges {
  if (!Number.isFinite(p.openAmount)) throw new Error(`The open amount ${p.openAmount} is not a number.`);
  if (p.clientRate !== null && !Number.isFinite(p.clientRate)) throw new Error(`The client's rate ${p.clientRate} is not a number.`);
  const due = toDay(p.dueDate, 'due date');
  const last = toDay(p.until, 'end date');
  const daysLate = last - due; // day k late is due + k; the due date itself is not late
  // Not late, or nothing owed (paid, or a credit): no interest and no indemnity.
  if (daysLate <= 0 || p.openAmount <= 0) return { days_late: Math.max(daysLate, 0), interest: 0, indemnity: 0, periods: [] };

  // Each day late takes the rate of the half-year it falls in: cut the lateness at 30 June / 31 Dec.
  const periods: ChargePeriod[] = [];
  for (let from = due + 1; from <= last; ) {
    const semester = semesterOf(fromDay(from));
    const to = Math.min(toDay(semesterEnd(semester), 'semester end'), last);
    const days = to - from + 1;
    const rate = semesterRate(semester, p.clientRate, p.rates);
    // amount × rate % × days / 365 (L.441-10 counts a 365-day year, leap years included)
    periods.push({ semester, from: fromDay(from), to: fromDay(to), days, rate, interest: (p.openAmount * rate * days) / 36500 });
    from = to + 1;
  }
  const interest = roundCents(periods.reduce((sum, period) => sum + period.interest, 0));
  // D.441-5: the 40 € indemnity is owed once per invoice paid late, whatever the delay.
  return { days_late: daysLate, interest, indemnity: p.rates.indemnity, periods };
}

const show = (v: unknown): string => (typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));

/** Checks the rate settings, throwing an Error that names `where` and the bad key or value. */
export function checkChargeRates(rates: ChargeRates, where: string): void {
  for (const table of ['ecb', 'legal'] as const) {
    const values: unknown = rates[table];
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      throw new Error(`${where}: the ${table} rates must be an object of semesters and rates, like { "2025-H1": 3.15 }.`);
    }
    for (const [key, value] of Object.entries(values)) {
      if (!SEMESTER_KEY.test(key)) {
        throw new Error(`${where}: "${key}" in the ${table} rates is not a semester; write it "YYYY-H1" (January–June) or "YYYY-H2" (July–December), like "2025-H1".`);
      }
      if (typeof value !== 'number' || !Number.isFinite(value) || value < -5 || value > 50) {
        throw new Error(`${where}: the ${table} rate for "${key}" must be a number of % a year between -5 and 50, not ${show(value)}.`);
      }
    }
  }
  for (const field of ['points', 'indemnity'] as const) {
    const value: unknown = rates[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(`${where}: ${field} must be a number ≥ 0, not ${show(value)}.`);
    }
  }
}
