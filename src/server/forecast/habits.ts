// Payment habits (issue #18): many companies pay their suppliers on fixed days — a monthly run on
// the 10th or at month-end, a weekly run on Fridays — and the cash arrives in lumps the due date
// does not predict. From the days a client's payments came in, find the run that explains most of
// them and keep it only when chance would not: a binomial test of the payments that fell on the
// run's days against the share of business days those days are, the p-value multiplied by the
// number of runs tried (Bonferroni). Then the forecast moves each day's expected cash of such a
// client to its nearest run day (forecast.ts): the delays learnt from its history already include
// the wait for the run, so the nearest run day, not the next one, keeps their mean.
// Pure: no database. Days are day numbers (util/dates.ts's dayNumber: days since 1970-01-01, UTC);
// the entry points also take ISO dates.

import { dayNumber } from '../util/dates.ts';

/** A client's habit: the days of the month it pays on (0 stands for the month's last business day), or a weekday (1 Monday … 5 Friday). */
export type PaymentHabit = { kind: 'monthly'; days: number[] } | { kind: 'weekly'; weekday: number };

export interface HabitFinding {
  habit: PaymentHabit;
  /** distinct payment days looked at, and those on the habit's run days */
  payments: number;
  on_run_days: number;
  /** the chance of that many or more on those days at random (Bonferroni-corrected) */
  p_value: number;
}

/** The fewest distinct payment days to look for a habit. */
export const MIN_PAYMENT_DAYS = 6;
/** The significance a habit must reach, and the share of payments its run days must hold. */
export const HABIT_P_VALUE = 0.001;
export const HABIT_MIN_SHARE = 0.6;
/** The last business day of the month, as a "day of the month". */
export const MONTH_END = 0;

const DAY_MS = 86_400_000;
/** A day as a day number (as forecast_payment_days.sql gives them) from either form. */
const asDay = (d: string | number) => (typeof d === 'number' ? d : dayNumber(d));
const dateOf = (day: number) => new Date(day * DAY_MS);
const weekdayOf = (day: number) => dateOf(day).getUTCDay();
const isBusinessDay = (day: number) => weekdayOf(day) >= 1 && weekdayOf(day) <= 5;

/**
 * The business day a monthly run on day `dom` of `day`'s month is paid: that day, or the Monday
 * after when it falls on a weekend (the month's last day when the month is shorter); MONTH_END:
 * the month's last business day.
 */
export function monthlyRunDay(dom: number, day: number): number {
  const d = dateOf(day);
  const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
  const last = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / DAY_MS;
  if (dom === MONTH_END) {
    let x = last;
    while (!isBusinessDay(x)) x--;
    return x;
  }
  let x = Math.min(first + dom - 1, last);
  while (!isBusinessDay(x)) x++;
  return x;
}

/** Whether `day` is a run day of the habit (a payment booked the business day after counts too: the bank's posting). */
export function onRunDay(habit: PaymentHabit, day: number): boolean {
  const previous = day - (weekdayOf(day) === 1 ? 3 : 1);
  return isRun(habit, day) || (isBusinessDay(day) && isRun(habit, previous));
}

function isRun(habit: PaymentHabit, day: number): boolean {
  if (!isBusinessDay(day)) return false;
  if (habit.kind === 'weekly') return weekdayOf(day) === habit.weekday;
  // this month's run, or last month's pushed into this one by a weekend (Saturday 28 February → Monday 2 March)
  const lastOfPrevious = day - dateOf(day).getUTCDate();
  return habit.days.some((dom) => monthlyRunDay(dom, day) === day || monthlyRunDay(dom, lastOfPrevious) === day);
}

/** The first run day of the habit on or after `day` (a day number): where a client paying in runs pays what it owes by then. */
export function nextRunDay(habit: PaymentHabit, day: number): number {
  for (let d = day; d < day + 62; d++) if (isRun(habit, d)) return d;
  return day;
}

/** P(X ≥ k) for X binomial(n, p), summed in logs. */
export function binomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let logPmf = n * Math.log(1 - p);
  const ratio = Math.log(p) - Math.log(1 - p);
  let tail = 0;
  for (let i = 0; i <= n; i++) {
    if (i >= k) tail += Math.exp(logPmf);
    logPmf += Math.log(n - i) - Math.log(i + 1) + ratio;
  }
  return Math.min(1, tail);
}

/** Every run tried: each day of the month, the month-end, each business weekday. */
export const SINGLE_RUNS: PaymentHabit[] = [
  ...Array.from({ length: 28 }, (_, i): PaymentHabit => ({ kind: 'monthly', days: [i + 1] })),
  { kind: 'monthly', days: [MONTH_END] },
  ...[1, 2, 3, 4, 5].map((weekday): PaymentHabit => ({ kind: 'weekly', weekday })),
];
const MONTHLY_RUNS = 29;

/**
 * Which days of a span count for each single run (onRunDay), computed once for all the clients of
 * a forecast: finding every client's habit is then a matter of lookups.
 */
export class RunCalendar {
  readonly first: number;
  readonly last: number;
  /** matches[(day − first) × runs + r]: 2 on the run day itself, 1 the business day after, 0 otherwise */
  private readonly matches: Uint8Array;
  private readonly business: Uint8Array;

  /** From the first to the last day: ISO dates or day numbers. */
  constructor(first: string | number, last: string | number) {
    this.first = asDay(first);
    this.last = asDay(last);
    const n = this.last - this.first + 1;
    const R = SINGLE_RUNS.length;
    this.matches = new Uint8Array(n * R);
    this.business = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.business[i] = isBusinessDay(this.first + i) ? 1 : 0;
    // each run day of the span, and the business day after it (onRunDay), marked run by run:
    // a run day per month and monthly run, a day per week and weekday
    const mark = (day: number, r: number) => {
      let next = day + 1;
      while (!isBusinessDay(next)) next++;
      if (day >= this.first && day <= this.last) this.matches[(day - this.first) * R + r] = 2;
      if (next >= this.first && next <= this.last) this.matches[(next - this.first) * R + r] ||= 1;
    };
    const start = dateOf(this.first);
    // from the month before the span's (its run may fall on the span's first days)
    for (let m = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1) / DAY_MS; m <= this.last; m = Date.UTC(dateOf(m).getUTCFullYear(), dateOf(m).getUTCMonth() + 1, 1) / DAY_MS) {
      for (let r = 0; r < MONTHLY_RUNS; r++) mark(monthlyRunDay((SINGLE_RUNS[r] as { days: number[] }).days[0], m), r);
    }
    for (let d = this.first - 3; d <= this.last; d++) if (isBusinessDay(d)) mark(d, MONTHLY_RUNS + weekdayOf(d) - 1);
  }

  /** Whether day `day` (a day number inside the span) counts for runs r1 (or r2). */
  on(day: number, r1: number, r2 = -1): boolean {
    return this.exactness(day, r1, r2) > 0;
  }

  /** 2 when `day` is a run day of r1 (or r2), 1 when it is the business day after one, else 0. */
  exactness(day: number, r1: number, r2 = -1): number {
    const base = (day - this.first) * SINGLE_RUNS.length;
    return Math.max(this.matches[base + r1], r2 >= 0 ? this.matches[base + r2] : 0);
  }

  /** The share of business days from `from` to `to` that count for runs r1 (or r2): what chance puts there. */
  chance(from: number, to: number, r1: number, r2 = -1): number {
    let business = 0;
    let run = 0;
    for (let d = Math.max(from, this.first); d <= Math.min(to, this.last); d++) {
      if (!this.business[d - this.first]) continue;
      business++;
      if (this.on(d, r1, r2)) run++;
    }
    return business ? run / business : 0;
  }
}

/**
 * The habit of a client from the days its payments came in (distinct, over its history), or null:
 * the single run holding most payments, extended by a second monthly day when a second run holds
 * a share of its own (the 10th and the 25th); kept when its run days hold at least HABIT_MIN_SHARE
 * of the payments and chance would put that many there with a probability below HABIT_P_VALUE,
 * the p-value multiplied by the runs tried. `calendar` must span the payment days.
 */
export function findHabit(paymentDays: readonly (string | number)[], calendar?: RunCalendar): HabitFinding | null {
  const days = [...new Set(paymentDays.map(asDay))].sort((a, b) => a - b);
  if (days.length < MIN_PAYMENT_DAYS) return null;
  const first = days[0];
  const last = days[days.length - 1];
  const cal = calendar ?? new RunCalendar(first, last);
  const count = (r1: number, r2 = -1) => {
    let n = 0;
    for (const d of days) if (cal.on(d, r1, r2)) n++;
    return n;
  };
  // payments on the run day itself: between two runs a day apart (the 9th and the 10th) that
  // count the same payments, the one they fall on
  const exact = (r: number) => {
    let n = 0;
    for (const d of days) if (cal.exactness(d, r) === 2) n++;
    return n;
  };
  // the best of the runs in [from, to): most payments, then most on the day itself
  const bestOf = (from: number, to: number) => {
    let best = { r: from, n: -1, e: -1 };
    for (let r = from; r < to; r++) {
      const n = count(r);
      if (n < best.n) continue;
      const e = exact(r);
      if (n > best.n || e > best.e) best = { r, n, e };
    }
    return best;
  };
  const monthly = bestOf(0, MONTHLY_RUNS);
  const weekly = bestOf(MONTHLY_RUNS, SINGLE_RUNS.length);
  // a second monthly day (the 10th and the 25th), holding a share of its own, not just the first day's neighbours
  let r2 = -1;
  let nMonthly = monthly.n;
  for (let r = 0; r < MONTHLY_RUNS; r++) {
    if (r === monthly.r) continue;
    const n = count(monthly.r, r);
    if (n - monthly.n >= Math.max(3, 0.2 * days.length) && (n > nMonthly || (n === nMonthly && r2 >= 0 && exact(r) > exact(r2)))) [r2, nMonthly] = [r, n];
  }
  const tries = SINGLE_RUNS.length + MONTHLY_RUNS - 1;
  const useWeekly = weekly.n > nMonthly;
  const r1 = useWeekly ? weekly.r : monthly.r;
  if (useWeekly) r2 = -1;
  const onRun = useWeekly ? weekly.n : nMonthly;
  if (onRun / days.length < HABIT_MIN_SHARE) return null;
  const pValue = Math.min(1, binomialTail(days.length, onRun, cal.chance(first, last, r1, r2)) * tries);
  if (pValue >= HABIT_P_VALUE) return null;
  const h1 = SINGLE_RUNS[r1];
  const habit: PaymentHabit =
    h1.kind === 'weekly' ? h1 : { kind: 'monthly', days: [h1.days[0], ...(r2 >= 0 ? (SINGLE_RUNS[r2] as { days: number[] }).days : [])].sort((a, b) => (a === MONTH_END ? 32 : a) - (b === MONTH_END ? 32 : b)) };
  return { habit, payments: days.length, on_run_days: onRun, p_value: pValue };
}

/**
 * The week of the plan each day after the as-of date falls in once moved to the client's nearest
 * run day (ties: the later; never on or before the as-of date): weekOf[offset] for offsets 1 to
 * `days` (0 unused), 1-based weeks, beyond the plan's `weeks` meaning later.
 */
export function runWeeks(habit: PaymentHabit, asOf: string, days: number): Int16Array {
  const start = dayNumber(asOf);
  const runs: number[] = [];
  for (let o = 1; o <= days + 35; o++) if (isRun(habit, start + o)) runs.push(o);
  const weekOf = new Int16Array(days + 1);
  let j = 0;
  for (let o = 1; o <= days; o++) {
    while (j + 1 < runs.length && runs[j + 1] <= o) j++;
    // runs[j] ≤ o < runs[j + 1], or o before the first run
    const before = runs[j] <= o ? runs[j] : null;
    const after = runs[j] <= o ? runs[j + 1] : runs[j];
    const target = before === null ? after : after === undefined ? before : o - before < after - o ? before : after;
    weekOf[o] = Math.ceil((target ?? o) / 7);
  }
  return weekOf;
}

/** The habit in words, for the CLI and the generator's truth: "10, 25", "month-end", "friday" — from a PaymentHabit or the contract's payment_habit. */
export function habitLabel(h: { kind: 'monthly'; days: readonly number[] } | { kind: 'weekly'; weekday: number | null }): string {
  if (h.kind === 'weekly') return h.weekday === null ? 'weekly' : ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'][h.weekday];
  return h.days.map((d) => (d === MONTH_END ? 'month-end' : String(d))).join(', ');
}
