// The arithmetic of the cash forecast, without the database: from counts of how invoices ended
// (paid in cash, settled without cash, still open) at each day after their due date, daily
// hazards — the chance that an invoice still unpaid on day x is paid (or written off, credited)
// on that day; then, for an invoice already d days past due, its outcome week by week given that
// it is still unpaid (an invoice 40 days overdue is not a fresh one). Clients with little history
// borrow from their segment, the segment from the portfolio: their counts are topped up with
// `k` invoices that behave like the level above, at every day.

/** Days relative to the due (or invoice) date, on a grid from `min` to `max` inclusive. */
export interface Grid {
  min: number;
  max: number;
}
export const gridSize = (g: Grid) => g.max - g.min + 1;

export interface Counts {
  cash: Float64Array;
  nocash: Float64Array;
  /** still open at the as-of date, that many days after the start */
  open: Float64Array;
}

export interface Hazards {
  cash: Float64Array;
  nocash: Float64Array;
}

export function emptyCounts(g: Grid): Counts {
  const n = gridSize(g);
  return { cash: new Float64Array(n), nocash: new Float64Array(n), open: new Float64Array(n) };
}

/** The grid's cell of a day: days before the grid count on its first day, after it on its last. */
export const cellOf = (g: Grid, day: number) => Math.min(Math.max(day, g.min), g.max) - g.min;

export function addCount(c: Counts, g: Grid, day: number, outcome: 'cash' | 'nocash' | 'open', n: number): void {
  c[outcome][cellOf(g, day)] += n;
}

/**
 * Daily hazards from counts: h(x) = (events at x + k × prior h(x)) / (at risk at x + k). At risk
 * at x: every invoice settled on day x or later, or still open after x days. Without a prior
 * (the portfolio), k is 0. The last day takes whatever is left: an invoice unpaid by then is
 * settled without cash.
 */
export function hazards(c: Counts, prior: Hazards | null, k: number): Hazards {
  const n = c.cash.length;
  const cash = new Float64Array(n);
  const nocash = new Float64Array(n);
  let atRisk = 0;
  for (let i = n - 1; i >= 0; i--) {
    atRisk += c.cash[i] + c.nocash[i] + c.open[i];
    const weight = prior ? k : 0;
    const denominator = atRisk + weight;
    if (denominator > 0) {
      cash[i] = (c.cash[i] + (prior ? weight * prior.cash[i] : 0)) / denominator;
      nocash[i] = (c.nocash[i] + (prior ? weight * prior.nocash[i] : 0)) / denominator;
    }
  }
  // beyond the grid nothing is collected any more
  nocash[n - 1] = 1 - cash[n - 1];
  return { cash, nocash };
}

/**
 * An unpaid invoice's outcome by week after the as-of date, given that it is `daysPastDue` days
 * past due (negative: not due yet) and still unpaid: weeks 1..`weeks` (week w = days 7w−6 to 7w
 * after the as-of date), then `later` (cash after the horizon) and `never` (no cash: credited,
 * written off, or beyond the grid). The probabilities add up to 1. `weekOf`, when given, says the
 * week of each day after the as-of date instead (a client paying in runs: habits.ts's runWeeks).
 */
export function outcomeByWeek(h: Hazards, g: Grid, daysPastDue: number, weeks: number, weekOf?: Int16Array): { byWeek: Float64Array; later: number; never: number } {
  const byWeek = new Float64Array(weeks);
  let later = 0;
  let never = 0;
  let alive = 1;
  for (let x = Math.max(daysPastDue + 1, g.min); x <= g.max && alive > 1e-12; x++) {
    const i = x - g.min;
    const paid = alive * h.cash[i];
    never += alive * h.nocash[i];
    alive *= 1 - h.cash[i] - h.nocash[i];
    const week = weekOf ? weekOf[x - daysPastDue] : Math.ceil((x - daysPastDue) / 7);
    if (week <= weeks) byWeek[week - 1] += paid;
    else later += paid;
  }
  never += alive;
  return { byWeek, later, never };
}

/** Cumulative probabilities of an invoice's outcomes in order: weeks 1..n, later, never. */
export function cumulativeOutcomes(o: { byWeek: Float64Array; later: number; never: number }): Float64Array {
  const n = o.byWeek.length;
  const cum = new Float64Array(n + 2);
  let s = 0;
  for (let w = 0; w < n; w++) cum[w] = s += o.byWeek[w];
  cum[n] = s += o.later;
  cum[n + 1] = 1;
  return cum;
}

/**
 * The probability that an invoice `daysPastDue` days past due and still unpaid is paid in cash in
 * the next `days` days (the collections worklist: 1 − this is the cash an action can move).
 */
export function cashWithin(h: Hazards, g: Grid, daysPastDue: number, days: number): number {
  let paid = 0;
  let alive = 1;
  for (let x = Math.max(daysPastDue + 1, g.min); x <= Math.min(daysPastDue + days, g.max) && alive > 1e-12; x++) {
    const i = x - g.min;
    paid += alive * h.cash[i];
    alive *= 1 - h.cash[i] - h.nocash[i];
  }
  return paid;
}

/**
 * The expected days until an unpaid invoice `daysPastDue` days past due is paid in cash, given
 * that it is paid in cash (what is never paid in cash does not count: the shares add up to
 * `cash`) — how long a factor would finance it (the levers). Null when no cash is expected at all.
 */
export function expectedDaysToCash(h: Hazards, g: Grid, daysPastDue: number): { days: number; cash: number } | null {
  let cash = 0;
  let weighted = 0;
  let alive = 1;
  for (let x = Math.max(daysPastDue + 1, g.min); x <= g.max && alive > 1e-12; x++) {
    const i = x - g.min;
    const paid = alive * h.cash[i];
    cash += paid;
    weighted += paid * (x - daysPastDue);
    alive *= 1 - h.cash[i] - h.nocash[i];
  }
  return cash > 1e-9 ? { days: weighted / cash, cash } : null;
}
