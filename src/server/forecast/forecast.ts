// The cash-receipt forecast at an as-of date, week by week for the coming weeks:
// 1. every invoice open at the date gets a distribution of its payment date from its client's
//    history of delays (hazards by day after the due date, with the history's still-open invoices
//    counted as unpaid so far), conditioned on its still being unpaid today, with a probability of
//    never being paid in cash; clients with little history borrow from their segment (new or
//    established clients), the segment from the portfolio (engine.ts);
// 2. disputed invoices the same way, as their own component; an invoice under a promise to pay
//    (recorded in the collections) has the promised amount in the promised week, weighted by its
//    client's promise-keeping rate — its own component — and the rest on the hazards as before;
// 3. invoices not issued yet: the coming weeks' sales (last year's same weeks times the recent
//    growth, or the recent mean without a year of history) times the portfolio's profile of days
//    from invoice to cash;
// 4. a range (10th-90th percentile) by simulation with a fixed seed. Each invoice's outcome is
//    drawn at a quantile u = Φ(z) of its own distribution, with z = a·Z(portfolio) + b·Z(client) +
//    e·Z(invoice) (a Gaussian copula): two invoices of a client correlate by `client_correlation`
//    (one transfer for several invoices, a client late on all of them), any two by
//    `portfolio_correlation` (a week when everyone pays late). Without the shared part, thousands
//    of independent invoices would make the range of a large portfolio far too narrow.
// 5. a client with a payment habit (a run on the 10th, at month-end, on Fridays: habits.ts) has
//    each day's expected cash moved to its nearest run day, when the plan uses habits (the
//    settings' forecast.payment_habits, or the backtest's verdict on this ledger); the plan
//    without them is kept beside, for the backtest to weigh them.
// Only what was dated on or before the as-of date is read: the same code runs the backtest.
import { probit, quantileSorted } from 'simple-statistics';
import type { Database, Session } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import { simulate } from './simulation.ts';
import { round2, roundToSum } from '../util/money.ts';
import type { ForecastItem, ForecastReport, ForecastWeek } from '../../lib/contract/index.ts';
import { addCount, cellOf, cumulativeOutcomes, emptyCounts, gridSize, hazards, outcomeByWeek, type Counts, type Grid, type Hazards } from './engine.ts';
import { yielder } from '../util/yielding.ts';
import { MIN_PAYMENT_DAYS, RunCalendar, findHabit, runWeeks, type HabitFinding } from './habits.ts';
import { addDays } from '../util/dates.ts';

/** Days after the due date the delay model covers: 90 days early to a year late (beyond: not paid). */
export const DUE_GRID: Grid = { min: -90, max: 365 };
/** Days after the invoice date, for invoices not issued yet. */
export const INVOICE_GRID: Grid = { min: 0, max: 455 };

interface DelayRow {
  entity_id: string;
  client_id: string;
  is_new: boolean;
  day: number;
  outcome: 'cash' | 'nocash' | 'open';
  n: number;
}

interface OpenRow {
  item_id: number;
  entity_id: string;
  client_id: string;
  client_name: string | null;
  piece_ref: string | null;
  line_type: string;
  account_class: string;
  doc_date: string;
  due_date: string | null;
  open_amount: number;
  days_past_due: number;
  is_disputed: boolean;
}

interface PromiseRow {
  action_id: number;
  entity_id: string;
  client_id: string;
  invoice_ref: string | null;
  promise_date: string;
  amount: number;
  received: number;
  keeping_rate: number;
}

/** The part of an invoice's open amount under a promise: paid on `day` (days after the as-of date) with probability `rate`. */
export interface PromisedPart {
  amount: number;
  day: number;
  rate: number;
}

const DAY_MS = 86_400_000;
export { addDays };

/**
 * The weeks of the plan: week w covers the days 7w−6 to 7w after the as-of date — seven days from
 * the day after it, whatever weekday that is, so they are named by their dates, never by an ISO
 * week number they do not match.
 */
export function planWeeks(asOf: string, weeks: number): Pick<ForecastWeek, 'week' | 'start' | 'end'>[] {
  return Array.from({ length: weeks }, (_, k) => ({ week: k + 1, start: addDays(asOf, 7 * k + 1), end: addDays(asOf, 7 * k + 7) }));
}

/** Delay hazards for every client at a date: its own counts topped up from its segment's, and the segment's from the portfolio's. */

/** Without history: every invoice paid on its due date, an overdue one the next day (the naive forecast). */
function dueDateHazards(grid: Grid): Hazards {
  const n = gridSize(grid);
  const cash = new Float64Array(n);
  for (let x = Math.max(grid.min, 0); x <= grid.max; x++) cash[x - grid.min] = 1;
  return { cash, nocash: new Float64Array(n) };
}

/**
 * Lays each open promise on its client's open invoices: its invoice when it names one, else the
 * client's invoices oldest due first, up to what is still promised (its amount less what the
 * client paid since) and never beyond an invoice's open amount. Doubtful debts are left out.
 */
export function allocatePromises(
  items: { item_id: number; entity_id: string; client_id: string; piece_ref: string | null; open_amount: number; account_class: string }[],
  promises: PromiseRow[],
  asOf: string,
): Map<number, PromisedPart[]> {
  const parts = new Map<number, PromisedPart[]>();
  if (!promises.length) return parts;
  const byClient = new Map<string, typeof items>();
  for (const it of items) {
    if (it.account_class === 'doubtful') continue;
    const key = `${it.entity_id}|${it.client_id}`;
    const list = byClient.get(key);
    if (list) list.push(it);
    else byClient.set(key, [it]);
  }
  const used = new Map<number, number>();
  for (const p of promises) {
    let left = Math.max(p.amount - p.received, 0);
    const day = Math.max(Math.round((Date.parse(p.promise_date) - Date.parse(asOf)) / DAY_MS), 1);
    const candidates = (byClient.get(`${p.entity_id}|${p.client_id}`) ?? []).filter((it) => p.invoice_ref === null || it.piece_ref === p.invoice_ref);
    for (const it of candidates) {
      if (left <= 0.005) break;
      const free = it.open_amount - (used.get(it.item_id) ?? 0);
      const take = Math.min(free, left);
      if (take <= 0.005) continue;
      used.set(it.item_id, (used.get(it.item_id) ?? 0) + take);
      const list = parts.get(it.item_id);
      if (list) list.push({ amount: take, day, rate: p.keeping_rate });
      else parts.set(it.item_id, [{ amount: take, day, rate: p.keeping_rate }]);
      left -= take;
    }
  }
  return parts;
}

/**
 * An invoice's expected outcome with its promised parts: each part is paid in its week with
 * probability `rate`, else follows the hazards like the rest of the invoice. Returns the outcome
 * of the whole amount (shares of `amount`), the promised week's share apart, and the outcome of
 * each part for the simulation.
 */
export function promisedOutcome(
  o: { byWeek: Float64Array; later: number; never: number },
  amount: number,
  parts: PromisedPart[],
  weeks: number,
): { promised: Float64Array; promisedLater: number; hazard: { byWeek: Float64Array; later: number; never: number }; partOutcomes: { amount: number; outcome: { byWeek: Float64Array; later: number; never: number } }[] } {
  const promised = new Float64Array(weeks);
  let promisedLater = 0;
  // the share of the invoice left to the hazards: all of it but what is expected from the promises
  let kept = 0;
  const partOutcomes = parts.map((p) => {
    const week = Math.ceil(p.day / 7);
    const share = (p.rate * p.amount) / amount;
    kept += share;
    if (week <= weeks) promised[week - 1] += share;
    else promisedLater += share;
    const byWeek = o.byWeek.map((q) => q * (1 - p.rate));
    let later = o.later * (1 - p.rate);
    if (week <= weeks) byWeek[week - 1] += p.rate;
    else later += p.rate;
    return { amount: p.amount, outcome: { byWeek, later, never: o.never * (1 - p.rate) } };
  });
  const hazard = { byWeek: o.byWeek.map((q) => q * (1 - kept)), later: o.later * (1 - kept), never: o.never * (1 - kept) };
  return { promised, promisedLater, hazard, partOutcomes };
}

/** Where a client's rows are in the learnt cells: [from, to) ranges (the rows come client by client, so usually one). */
interface ClientCells {
  ranges: number[];
  isNew: boolean;
}

const OUTCOMES = ['cash', 'nocash', 'open'] as const;

export class DelayModel {
  readonly portfolio: Hazards;
  /** invoices of the history settled (in cash or not): what the delays are learnt from */
  readonly settled: number;
  private readonly segments: Record<'new' | 'established', Hazards>;

  /**
   * Learns the delays from the history's rows, giving way to the server's requests on the way.
   * The rows are kept as two compact columns (cell, count) and a client's counts are laid out
   * when the forecast asks for it: at 10M lines, 600,000 rows for 30,000 clients, where dense
   * counts for every client took 330 MB and about 2.5 s to allocate and collect.
   */
  static async learn(rows: DelayRow[], grid: Grid, k: number, segmentK: number): Promise<DelayModel> {
    const giveWay = yielder();
    const size = gridSize(grid);
    const cells = new Int32Array(rows.length);
    const counts = new Float64Array(rows.length);
    const byClient = new Map<string, ClientCells>();
    const total = emptyCounts(grid);
    const seg = { new: emptyCounts(grid), established: emptyCounts(grid) };
    let c: ClientCells | undefined;
    let last: DelayRow | undefined;
    for (let i = 0; i < rows.length; i++) {
      // a check every 1,024 rows: awaiting on every row cost more than the counting itself
      if ((i & 1023) === 1023) await giveWay();
      const r = rows[i];
      // the map is looked up once per client, not once per row
      if (!c || r.client_id !== last!.client_id || r.entity_id !== last!.entity_id) {
        const key = `${r.entity_id}|${r.client_id}`;
        c = byClient.get(key);
        if (!c) byClient.set(key, (c = { ranges: [], isNew: r.is_new }));
        c.ranges.push(i, i + 1);
      } else c.ranges[c.ranges.length - 1] = i + 1;
      last = r;
      cells[i] = OUTCOMES.indexOf(r.outcome) * size + cellOf(grid, r.day);
      counts[i] = r.n;
      addCount(total, grid, r.day, r.outcome, r.n);
      addCount(seg[c.isNew ? 'new' : 'established'], grid, r.day, r.outcome, r.n);
    }
    return new DelayModel(byClient, cells, counts, total, seg, grid, k, segmentK);
  }

  private readonly scratch: Float64Array;

  private constructor(
    private readonly byClient: Map<string, ClientCells>,
    private readonly cells: Int32Array,
    private readonly counts: Float64Array,
    total: Counts,
    seg: Record<'new' | 'established', Counts>,
    readonly grid: Grid,
    private readonly k: number,
    segmentK: number,
  ) {
    this.scratch = new Float64Array(3 * gridSize(grid));
    this.settled = total.cash.reduce((a, b) => a + b, 0) + total.nocash.reduce((a, b) => a + b, 0);
    this.portfolio = this.settled > 0 ? hazards(total, null, 0) : dueDateHazards(grid);
    this.segments = { new: hazards(seg.new, this.portfolio, segmentK), established: hazards(seg.established, this.portfolio, segmentK) };
  }

  /** Whether there was any history to learn delays from (else invoices are expected on their due date). */
  get learnt(): boolean {
    return this.settled > 0;
  }

  /** A client without history is a new client: it gets the new clients' hazards. */
  client(entity: string, client: string): Hazards {
    const c = this.byClient.get(`${entity}|${client}`);
    if (!this.learnt) return this.portfolio;
    if (!c) return this.segments.new;
    // its counts laid out in the scratch cells (hazards() keeps none of them)
    const n = gridSize(this.grid);
    const s = this.scratch.fill(0);
    for (let r = 0; r < c.ranges.length; r += 2) for (let i = c.ranges[r]; i < c.ranges[r + 1]; i++) s[this.cells[i]] += this.counts[i];
    return hazards({ cash: s.subarray(0, n), nocash: s.subarray(n, 2 * n), open: s.subarray(2 * n) }, this.segments[c.isNew ? 'new' : 'established'], this.k);
  }

  get clients(): number {
    return this.byClient.size;
  }
}

/** The share of an invoice's amount paid in cash d days after its invoice date, d = 0..max. */
export function dailyCashIncidence(h: Hazards, grid: Grid): Float64Array {
  const f = new Float64Array(grid.max - grid.min + 1);
  let alive = 1;
  for (let i = 0; i < f.length; i++) {
    f[i] = alive * h.cash[i];
    alive *= 1 - h.cash[i] - h.nocash[i];
  }
  return f;
}

/** Weekly sales of the coming weeks: last year's same weeks (3-week mean) × the recent growth, or the last 13 weeks' mean. */
export function forecastSales(pastWeeks: number[], weeks: number): { sales: number[]; method: 'seasonal' | 'trailing'; growth: number | null; sigma: number } {
  // pastWeeks[j − 1] = sales of the week j weeks before the as-of date
  const at = (j: number) => pastWeeks[j - 1] ?? 0;
  const recent = Array.from({ length: 13 }, (_, j) => at(j + 1));
  const trailingMean = recent.reduce((a, b) => a + b, 0) / 13;
  // noise of a week's sales around the recent level
  const sigma = logSpread(recent, 3);
  const yearAgo = Array.from({ length: 13 }, (_, j) => at(53 + j)).reduce((a, b) => a + b, 0);
  if (pastWeeks.length < 52 + 13 + 1 || yearAgo <= 0) return { sales: Array(weeks).fill(trailingMean), method: 'trailing', growth: null, sigma };
  const growth = Math.min(Math.max(recent.reduce((a, b) => a + b, 0) / yearAgo, 0.5), 2);
  // future week w (1-based) a year before is the past week 53 − w
  const sales = Array.from({ length: weeks }, (_, k) => {
    const j = 53 - (k + 1);
    return (growth * (at(j - 1) + at(j) + at(j + 1))) / 3;
  });
  return { sales, method: 'seasonal', growth, sigma };
}

/** The spread of weekly amounts around their mean, on the log scale, kept within 0.05-1 (0.3 with fewer than `min` non-zero weeks). */
export function logSpread(weekly: number[], min: number): number {
  const mean = weekly.reduce((a, b) => a + b, 0) / weekly.length;
  const logs = weekly.filter((x) => x > 0).map((x) => Math.log(x / mean));
  if (logs.length < min) return 0.3;
  return Math.min(Math.max(Math.sqrt(logs.reduce((a, b) => a + b * b, 0) / (logs.length - 1)), 0.05), 1);
}

/** The spread of the cash received week by week over the last `weeks` weeks (see logSpread). */
export function weeklySpread(days: { day: string; amount: number }[], asOf: string, weeks: number): number {
  const byWeek = new Array<number>(weeks).fill(0);
  for (const d of days) {
    const j = Math.floor((Date.parse(asOf) - Date.parse(d.day)) / DAY_MS / 7);
    if (j >= 0 && j < weeks) byWeek[j] += d.amount;
  }
  return logSpread(byWeek, 8);
}

/** Q[w][v]: receipts in week w per unit of sales in week v, sales spread evenly over their week's days. */
export function salesReceiptKernel(f: Float64Array, weeks: number): number[][] {
  return Array.from({ length: weeks }, (_, w) =>
    Array.from({ length: weeks }, (_, v) => {
      let q = 0;
      for (let s = 7 * v + 1; s <= 7 * v + 7; s++) for (let t = Math.max(s, 7 * w + 1); t <= 7 * w + 7; t++) q += (f[t - s] ?? 0) / 7;
      return q;
    }),
  );
}

export interface ForecastRun {
  report: ForecastReport;
  items: ForecastItem[];
  /**
   * the naive forecasts of the same open invoices, by week: each paid on its due date, or on its
   * due date shifted by its client's mean delay (overdue: week 1); and the model's own without the
   * payment habits (the same as its forecast when it used none)
   */
  baselines: { due_date: number[]; shifted: number[]; without_habits: number[] };
}

/** The payment habits found at a date (of every client, or of one), by "entity|client" (habits.ts), from the history the delays are learnt on. */
export async function learnHabits(db: Pick<Session, 'all'>, settings: Settings, p: { asOf: string; entity: string | null; client?: string | null }): Promise<Map<string, HabitFinding>> {
  // each client's payment days as day numbers, in order (all on or before the as-of date)
  const rows = await db.all<{ entity_id: string; client_id: string; days: number[] }>(query('forecast_payment_days'), { as_of: p.asOf, entity: p.entity, client: p.client ?? null, history_months: settings.forecast.history_months, min_days: MIN_PAYMENT_DAYS });
  const found = new Map<string, HabitFinding>();
  if (!rows.length) return found;
  const first = rows.reduce((m, r) => Math.min(m, r.days[0]), Infinity);
  const calendar = new RunCalendar(first, p.asOf);
  for (const r of rows) {
    const habit = findHabit(r.days, calendar);
    if (habit) found.set(`${r.entity_id}|${r.client_id}`, habit);
  }
  return found;
}

/** The delays learnt from the history at a date (per client, topped up from its segment and the portfolio). */
export async function learnDelays(db: Database, settings: Settings, p: { asOf: string; entity: string | null }): Promise<DelayModel> {
  const f = settings.forecast;
  const rows = await db.all<DelayRow>(query('forecast_delays'), { ...delayParams(settings, p), basis: 'due', min_day: DUE_GRID.min, max_day: DUE_GRID.max, by_client: true });
  return DelayModel.learn(rows, DUE_GRID, f.prior_invoices, f.segment_prior_invoices);
}

const delayParams = (settings: Settings, p: { asOf: string; entity: string | null }) => ({
  as_of: p.asOf,
  entity: p.entity,
  history_months: settings.forecast.history_months,
  new_months: settings.segments.new_client_months,
  new_min_invoices: settings.segments.new_client_min_invoices,
});

/**
 * The forecast at `asOf`. Collections actions done up to `until` count (promises, disputes; the
 * as-of date by default: a backtest's origin knows nothing of later ones). `delays`, when given,
 * are the delays learnt at that date already (kept per model build while actions come and go).
 */
export async function runForecast(
  db: Database,
  settings: Settings,
  p: { asOf: string; entity: string | null; weeks?: number; simulations?: number; until?: string; delays?: DelayModel; habits?: boolean; threadedFrom?: number },
): Promise<ForecastRun> {
  const f = settings.forecast;
  const W = p.weeks ?? f.weeks;
  const common = delayParams(settings, p);
  const phase = phases(`forecast at ${p.asOf}`);
  const [openRows, promiseRows, invoiceRows, salesRows, trailing, cashRows, habits] = await db.read((s) =>
    Promise.all([
      s.all<OpenRow>(query('forecast_open_items'), { as_of: p.asOf, entity: p.entity, until: p.until ?? p.asOf }),
      s.all<PromiseRow>(query('forecast_promises'), { as_of: p.asOf, entity: p.entity, until: p.until ?? p.asOf, grace: settings.dunning.promise_grace_days, prior: settings.dunning.promise_prior }),
      // invoices not issued yet follow the portfolio's profile: no need for each client's
      s.all<DelayRow>(query('forecast_delays'), { ...common, basis: 'invoice', min_day: INVOICE_GRID.min, max_day: INVOICE_GRID.max, by_client: false }),
      s.all<{ day: string; sales: number }>(query('forecast_sales'), { from: addDays(p.asOf, -7 * 67), as_of: p.asOf, entity: p.entity }),
      s.all<{ entity_id: string; client_id: string; mean_days_late: number | null }>(query('forecast_trailing_delay'), { as_of: p.asOf, entity: p.entity }),
      s.all<{ day: string; received: number }>(query('forecast_cash'), { as_of: p.asOf, from: addDays(p.asOf, -7 * 26), to: p.asOf, entity: p.entity }),
      learnHabits(s, settings, p),
    ]),
  );
  // the week of each day after the as-of date for a client paying in runs (its nearest run day)
  const horizonDays = DUE_GRID.max - DUE_GRID.min + 1;
  const habitWeeks = (key: string) => {
    const found = p.habits ? habits.get(key) : undefined;
    return found ? runWeeks(found.habit, p.asOf, horizonDays) : undefined;
  };
  phase('queries');
  const giveWay = yielder();
  const model = p.delays ?? (await learnDelays(db, settings, p));
  phase('delays');
  const promisedParts = allocatePromises(openRows, promiseRows, p.asOf);

  // 1-2. open invoices (and disputed ones, and promised parts), in client order
  const expected = { open: new Float64Array(W), disputed: new Float64Array(W), promised: new Float64Array(W) };
  // the same open invoices' cash by week without the habits: what the backtest weighs them against
  const withoutHabits = new Float64Array(W);
  const habitClients = new Set<string>();
  const items: ForecastItem[] = [];
  // what the simulation draws: each invoice's amount left to the hazards, and each promised part
  const simParts: { amount: number; cumulative: Float64Array; client: string }[] = [];
  let doubtful = 0;
  let later = 0;
  let never = 0;
  let promisedAmount = 0;
  let currentClient = '';
  let h: Hazards | null = null;
  let weekOf: Int16Array | undefined;
  for (const r of openRows) {
    await giveWay();
    if (r.account_class === 'doubtful') {
      doubtful += r.open_amount;
      continue;
    }
    const key = `${r.entity_id}|${r.client_id}`;
    if (key !== currentClient || !h) {
      h = model.client(r.entity_id, r.client_id);
      weekOf = habitWeeks(key);
      currentClient = key;
      if (habits.has(key)) habitClients.add(key);
    }
    const base = outcomeByWeek(h, DUE_GRID, r.days_past_due, W, weekOf);
    const parts = promisedParts.get(r.item_id) ?? [];
    const { promised, promisedLater, hazard, partOutcomes } = promisedOutcome(base, r.open_amount, parts, W);
    const plain = weekOf ? promisedOutcome(outcomeByWeek(h, DUE_GRID, r.days_past_due, W), r.open_amount, parts, W) : { hazard, promised };
    plain.hazard.byWeek.forEach((q, w) => (withoutHabits[w] += (q + plain.promised[w]) * r.open_amount));
    // its weeks, later and never, in cents that add up to its open amount
    const split = roundToSum(
      [...Array.from(hazard.byWeek, (q, w) => (q + promised[w]) * r.open_amount), (hazard.later + promisedLater) * r.open_amount, hazard.never * r.open_amount],
      r.open_amount,
    );
    hazard.byWeek.forEach((q, w) => (expected[r.is_disputed ? 'disputed' : 'open'][w] += q * r.open_amount));
    promised.forEach((q, w) => (expected.promised[w] += q * r.open_amount));
    later += (hazard.later + promisedLater) * r.open_amount;
    never += hazard.never * r.open_amount;
    const promisedHere = parts.reduce((a, x) => a + x.amount, 0);
    promisedAmount += promisedHere;
    items.push({
      item_id: r.item_id,
      entity_id: r.entity_id,
      client_id: r.client_id,
      client_name: r.client_name,
      piece_ref: r.piece_ref,
      doc_date: r.doc_date,
      due_date: r.due_date,
      open_amount: r.open_amount,
      days_past_due: r.days_past_due,
      is_disputed: r.is_disputed,
      expected: split.slice(0, W),
      later: split[W],
      uncollected: split[W + 1],
    });
    if (r.open_amount - promisedHere > 0.005) simParts.push({ amount: r.open_amount - promisedHere, cumulative: cumulativeOutcomes(base), client: key });
    for (const part of partOutcomes) simParts.push({ amount: part.amount, cumulative: cumulativeOutcomes(part.outcome), client: key });
  }

  phase('open invoices');
  // 3. invoices not issued yet
  const pastWeeks: number[] = [];
  const firstSale = salesRows[0]?.day;
  for (const s of salesRows) {
    // week j before the as-of date holds the days T − 7j + 1 .. T − 7(j − 1)
    const j = Math.floor((Date.parse(p.asOf) - Date.parse(s.day)) / DAY_MS / 7) + 1;
    while (pastWeeks.length < j) pastWeeks.push(0);
    pastWeeks[j - 1] += s.sales;
  }
  // weeks before the first sale are not zero sales, they are unknown
  const knownWeeks = firstSale ? Math.floor((Date.parse(p.asOf) - Date.parse(firstSale)) / DAY_MS / 7) : 0;
  const sales = forecastSales(pastWeeks.slice(0, knownWeeks), W);
  const invoiceModel = await DelayModel.learn(invoiceRows, INVOICE_GRID, 0, 0);
  const kernel = salesReceiptKernel(dailyCashIncidence(invoiceModel.portfolio, INVOICE_GRID), W);
  const newSales = kernel.map((row) => row.reduce((sum, q, v) => sum + q * sales.sales[v], 0));

  phase('sales to come');
  // 4. the range, by simulation
  const cashSigma = weeklySpread(cashRows.map((c) => ({ day: c.day, amount: c.received })), p.asOf, 26);
  const sims = p.simulations ?? f.simulations;
  // flat numeric arrays: the inner loop runs items × simulations times. The cumulative outcome
  // probabilities are kept as normal quantiles, so that z is compared with them directly.
  const n = simParts.length;
  const S = W + 2;
  const thresholds = new Float64Array(n * S);
  const amount = new Float64Array(n);
  const firstOfClient = new Uint8Array(n);
  simParts.forEach((part, i) => {
    part.cumulative.forEach((c, k) => (thresholds[i * S + k] = c >= 1 ? Infinity : c <= 0 ? -Infinity : probit(c)));
    amount[i] = part.amount;
    firstOfClient[i] = i === 0 || part.client !== simParts[i - 1].client ? 1 : 0;
  });
  const { total: totalSims, open: openSims } = await simulate(
    {
      thresholds,
      stride: S,
      amount,
      firstOfClient,
      weeks: W,
      a: Math.sqrt(f.portfolio_correlation),
      b: Math.sqrt(f.client_correlation - f.portfolio_correlation),
      e: Math.sqrt(1 - f.client_correlation),
      sales: sales.sales,
      salesSigma: sales.sigma,
      kernel,
      cashSigma,
      seed: f.seed,
    },
    sims,
    giveWay,
    p.threadedFrom,
  );
  phase('simulation');
  const quantile = (xs: Float64Array, q: number) => quantileSorted(Array.from(xs).sort((a, b) => a - b), q);

  // Rounded once, at the end: the open invoices' amount splits into what is expected in the plan
  // (open, disputed), later and never, to the cent; the weeks add up to their components' totals.
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const openAmount = round2(sum(items.filter((i) => !i.is_disputed).map((i) => i.open_amount)));
  const disputedAmount = round2(sum(items.filter((i) => i.is_disputed).map((i) => i.open_amount)));
  const [expectedOpen, expectedDisputed, expectedPromised, laterTotal, neverTotal] = roundToSum(
    [sum([...expected.open]), sum([...expected.disputed]), sum([...expected.promised]), later, never],
    openAmount + disputedAmount,
  );
  const openWeeks = roundToSum([...expected.open], expectedOpen);
  const disputedWeeks = roundToSum([...expected.disputed], expectedDisputed);
  const promisedWeeks = roundToSum([...expected.promised], expectedPromised);
  const salesWeeks = newSales.map(round2);
  const weeks: ForecastWeek[] = planWeeks(p.asOf, W).map((wk, w) => ({
    ...wk,
    open_expected: openWeeks[w],
    disputed_expected: disputedWeeks[w],
    promised_expected: promisedWeeks[w],
    new_sales_expected: salesWeeks[w],
    expected: round2(openWeeks[w] + disputedWeeks[w] + promisedWeeks[w] + salesWeeks[w]),
    p10: round2(quantile(totalSims[w], 0.1)),
    p90: round2(quantile(totalSims[w], 0.9)),
    open_p10: round2(quantile(openSims[w], 0.1)),
    open_p90: round2(quantile(openSims[w], 0.9)),
    sales_forecast: round2(sales.sales[w]),
  }));
  const expectedNewSales = round2(sum(salesWeeks));
  const report: ForecastReport = {
    as_of_date: p.asOf,
    entity_id: p.entity,
    weeks,
    totals: {
      open_amount: openAmount,
      disputed_amount: disputedAmount,
      doubtful_amount: round2(doubtful),
      expected_open: expectedOpen,
      expected_disputed: expectedDisputed,
      promised_amount: round2(promisedAmount),
      expected_promised: expectedPromised,
      promises: promiseRows.length,
      expected_new_sales: expectedNewSales,
      expected: round2(expectedOpen + expectedDisputed + expectedPromised + expectedNewSales),
      later: laterTotal,
      uncollected: neverTotal,
    },
    method: {
      history_months: f.history_months,
      simulations: sims,
      client_correlation: f.client_correlation,
      portfolio_correlation: f.portfolio_correlation,
      sales_method: sales.method,
      sales_growth: sales.growth,
      history_invoices: model.settled,
      items: items.length,
      clients: new Set(items.map((i) => `${i.entity_id}|${i.client_id}`)).size,
      // the simulation's own range; calibrated on the backtest afterwards (backtest.ts's planRange)
      range: { method: 'simulation', reason: 'backtest_pending', detail: null, origins: 0, total: [], open: [] },
      // whether habits were used; why is said by forecastAt, which decides (snapshots.ts)
      habits: { setting: f.payment_habits, used: !!p.habits && habitClients.size > 0, reason: 'setting', clients: habitClients.size, wape_with: null, wape_without: null },
    },
  };
  const baselines = { due_date: new Array<number>(W).fill(0), shifted: new Array<number>(W).fill(0), without_habits: Array.from(withoutHabits) };
  const trailingDelay = new Map(trailing.map((t) => [`${t.entity_id}|${t.client_id}`, t.mean_days_late]));
  for (const it of items) {
    const due = it.due_date ? -it.days_past_due : 0;
    const delay = trailingDelay.get(`${it.entity_id}|${it.client_id}`) ?? trailingDelay.get('*|*') ?? 0;
    for (const [key, day] of [['due_date', due], ['shifted', Math.round(due + delay)]] as const) {
      const week = Math.max(1, Math.ceil(day / 7));
      if (week <= W) baselines[key][week - 1] += it.open_amount;
    }
  }
  phase('report');
  return { report, items, baselines };
}

/** ENCOURS_PROFILE_FORECAST=1: each phase of a forecast and its seconds, on stderr (where a forecast's time goes, at 10M lines). */
function phases(what: string): (name: string) => void {
  if (process.env.ENCOURS_PROFILE_FORECAST !== '1') return () => undefined;
  let last = performance.now();
  const took: string[] = [];
  return (name) => {
    const now = performance.now();
    took.push(`${name} ${((now - last) / 1000).toFixed(2)} s`);
    last = now;
    if (name === 'report') console.error(`${what}: ${took.join(', ')}`);
  };
}


