// The expected-loss view beside the provision proposal (IFRS 9 simplified approach): a provision
// matrix of loss rates by bucket of days past due, measured on the ledger's own history — at each
// past month-end whose 12 months of outcome are known by the closing date, the amount open on client
// accounts in each bucket and the share of it written off (654) or moved to doubtful debts (416)
// within those 12 months; rate = Σ lost / Σ open over the month-ends (amount-weighted) — applied to
// the aged balance at the closing date. Read in one snapshot of the store.
// SQL: sql/queries/expected_loss_matrix.sql, sql/queries/expected_loss_history.sql.
//
// The doubtful debts (416) are not rated by the matrix but shown as a line of their own with the
// proposal's specific provision: what a CFO reading the IFRS 9 notes expects is the loss allowance
// on trade receivables split between the collective allowance (the matrix, on the receivables not
// individually impaired) and the credit-impaired receivables assessed one by one — here the doubtful
// debts, provisioned invoice by invoice on their amount excluding VAT — with both lines and their
// sum. Rating 416 at a bucket's average would count them twice: their move to 416 is the very loss
// the matrix's rates measure. The matrix is on amounts including VAT, as the aged balance is (the VAT
// recovered on a write-off would lower the actual loss by about a sixth at 20 %).
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import type { ExpectedLossBucket, ExpectedLossMonth, ExpectedLossReport } from '../../lib/contract/index.ts';
import { resolveAsOf } from './as-of.ts';
import { agingBuckets } from './aging.ts';
import { cached } from '../models/cache.ts';

/** Months of outcome observed after each month-end of the history (a loss within them counts). */
export const OUTCOME_MONTHS = 12;

/**
 * Below either, the matrix is "not enough history": its rates are shown with their history, no
 * expected loss. Set from measurement on the demo ledger (250 clients, three fiscal years: 22
 * month-ends with 12 months of outcome at its last date), seven generator seeds (20240101, 1-6;
 * 4 to 19 clients lost each), expected loss of each seed's last balance from its own rates:
 * - month-ends: dropping month-ends at random and keeping k of the 22 moves the expected loss by
 *   (median / 90th percentile) 41 % / 95 % with k = 3, 25 % / 61 % with 6, 18 % / 42 % with 9,
 *   12.5 % / 32.5 % with 12, 9.5 % / 24.5 % with 15, 6.8 % / 17 % with 18 (200 draws per seed);
 *   the 90th-percentile move of the 61-90 days rate falls from 27 points (k = 3) and 17 (6) to
 *   10 (12). From 12 month-ends — each calendar month once, so no season weighs twice — the
 *   figure moves by less than a third in nine cases out of ten.
 * - losses: the rates rest on few defaults (a default takes a client's open invoices at once).
 *   Resampling the clients (bootstrap, 300 draws), the expected loss varies by 61-81 % (coefficient
 *   of variation) when 3 or 4 clients were lost (seed 4), 34-63 % with 6 to 13, 25-42 % with 14 to
 *   19. Under 5 clients lost the matrix says more about those clients than about the portfolio.
 *   (Above the threshold the figure stays uncertain for a ledger of this size: with all 22
 *   month-ends the bootstrap's coefficient of variation is 26-63 % across the seeds.)
 */
export const MIN_MONTH_ENDS = 12;
export const MIN_LOST_CLIENTS = 5;

const cents = (x: number) => Math.round(x * 100) / 100;

interface MatrixRow {
  bucket: number;
  open_amount: number;
  history_open: number;
  history_lost: number;
  lost_clients: number;
  rate: number | null;
  expected_loss: number | null;
  month_ends: number;
  all_lost_clients: number;
}

interface HistoryRow {
  month_end: string;
  outcome_end: string;
  bucket: number;
  open_amount: number;
  lost_amount: number;
  lost_clients: string[] | null;
}

/**
 * The matrix at a closing date (the latest by default), for an entity or all of them. `threshold`
 * replaces the measured one (MIN_MONTH_ENDS, MIN_LOST_CLIENTS), for hand-worked tests.
 */
export async function expectedLossReport(
  db: Database,
  p: { asOf?: string | null; entity: string | null; settings: Settings; threshold?: { min_month_ends: number; min_lost_clients: number } },
): Promise<ExpectedLossReport> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  const edges = p.settings.aging_buckets;
  const { rules, vat_rate } = p.settings.provisions;
  const threshold = p.threshold ?? { min_month_ends: MIN_MONTH_ENDS, min_lost_clients: MIN_LOST_CLIENTS };
  // kept per version of the users' data too: the doubtful debts' line carries the proposal, which
  // reads the rates decided for clients (provision judgements)
  return cached(db, null, `expected-loss|${JSON.stringify([asOf, p.entity, edges, rules, vat_rate, threshold])}`, async () => {
    const params = { as_of: asOf, entity: p.entity, edges: edges.join(','), outcome_months: OUTCOME_MONTHS };
    const [matrixRows, historyRows] = await db.read(async (s) => [
      await s.all<MatrixRow>(query('expected_loss_matrix'), { ...params, rules: rules.map((r) => `${r.over_days}:${r.rate}`).join(','), vat_rate }),
      await s.all<HistoryRow>(query('expected_loss_history'), params),
    ]);
    const buckets = agingBuckets(edges, 'due').filter((b) => b.bucket >= 0);
    const position = new Map(buckets.map((b, i) => [b.bucket, i]));
    const row = (bucket: number) => matrixRows.find((r) => r.bucket === bucket)!;
    const monthEnds = matrixRows[0]?.month_ends ?? 0;
    const lostClients = matrixRows[0]?.all_lost_clients ?? 0;
    const enough = monthEnds >= threshold.min_month_ends && lostClients >= threshold.min_lost_clients;

    // A bucket the history never saw open (defaulting clients all moved to 416 before reaching it)
    // is not a bucket without losses: it takes the highest rate of the younger buckets — a receivable
    // older than any the history saw is not less likely to be lost than a younger one — and says so
    // (rate_carried). Counted as 0 it would drop today's oldest receivables from the allowance.
    let youngerMax: number | null = null;
    const matrix: ExpectedLossBucket[] = buckets.map((b) => {
      const r = row(b.bucket);
      const carried = r.rate === null && youngerMax !== null;
      const rate = carried ? youngerMax : r.rate;
      if (r.rate !== null) youngerMax = Math.max(youngerMax ?? 0, r.rate);
      const expected = carried ? cents(r.open_amount * rate!) : r.expected_loss;
      return {
        bucket: b.bucket,
        key: b.key,
        open_amount: cents(r.open_amount),
        history_open: cents(r.history_open),
        history_lost: cents(r.history_lost),
        lost_clients: r.lost_clients,
        rate,
        rate_carried: carried,
        expected_loss: enough && expected !== null ? cents(expected) : null,
      };
    });

    const history: ExpectedLossMonth[] = [];
    const clientsOf = new Map<string, Set<string>>();
    for (const h of historyRows) {
      let m = history.at(-1);
      if (m?.month_end !== h.month_end) {
        m = { month_end: h.month_end, outcome_end: h.outcome_end, open: buckets.map(() => 0), lost: buckets.map(() => 0), lost_clients: 0 };
        history.push(m);
        clientsOf.set(h.month_end, new Set());
      }
      m.open[position.get(h.bucket)!] = cents(h.open_amount);
      m.lost[position.get(h.bucket)!] = cents(h.lost_amount);
      for (const c of h.lost_clients ?? []) clientsOf.get(h.month_end)!.add(c);
    }
    for (const m of history) m.lost_clients = clientsOf.get(m.month_end)!.size;

    const sum = (xs: number[]) => cents(xs.reduce((a, b) => a + b, 0));
    const doubtful = { open_amount: cents(row(-2).open_amount), provision: cents(row(-2).expected_loss ?? 0) };
    const unapplied = cents(row(-1).open_amount);
    const openAmount = sum(matrix.map((m) => m.open_amount));
    // a bucket with receivables and no rate at all (nothing younger was rated either) leaves the total unknown
    const unrated = matrix.some((m) => m.open_amount !== 0 && m.rate === null);
    const expectedLoss = enough && !unrated ? sum(matrix.map((m) => m.expected_loss ?? 0)) : null;
    return {
      as_of_date: asOf,
      entity_id: p.entity ?? '*',
      outcome_months: OUTCOME_MONTHS,
      buckets,
      status: enough ? 'available' : 'not_enough_history',
      threshold,
      month_ends: monthEnds,
      first_month_end: history[0]?.month_end ?? null,
      last_month_end: history.at(-1)?.month_end ?? null,
      lost_clients: lostClients,
      matrix,
      doubtful,
      unapplied,
      totals: {
        open_amount: openAmount,
        expected_loss: expectedLoss,
        aged_total: cents(openAmount + doubtful.open_amount + unapplied),
        allowance: expectedLoss === null ? null : cents(expectedLoss + doubtful.provision),
      },
      history,
    };
  }, { userData: true });
}
