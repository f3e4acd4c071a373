// The weekly review: the previous snapshot's forecast for the days up to the current one, next to
// the cash that came in (by client, surprises first), and what moved the plan from the previous
// forecast to the current one: new invoices, invoices settled, invoices reforecast (those expected
// but still open have slipped), and the forecast of sales not invoiced yet. The decomposition adds
// up: current − previous = new + settled + reforecast + new sales.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { ForecastReview, ReviewCollectionEvent, ReviewItem } from '../../lib/contract/index.ts';
import type { Settings } from '../models/settings.ts';
import { actionsUntil } from '../models/span.ts';
import { round2 } from '../util/money.ts';
import { say, UserError } from '../util/messages.ts';
import { getSnapshot, snapshotReport } from './snapshots.ts';

/** An invoice in a snapshot: what the review lists, with its expected cash by week. */
type SnapshotItem = Omit<ReviewItem, 'expected_in_period' | 'expected_before' | 'expected_after'> & { expected: number[] };
const DAY_MS = 86_400_000;

async function itemsOf(db: Database, id: number): Promise<Map<string, SnapshotItem>> {
  const rows = await db.all<SnapshotItem>(query('forecast_snapshot_items'), { id });
  // an invoice is the same across snapshots by entity, client, reference and dates (line ids change with a replaced file)
  const map = new Map<string, SnapshotItem>();
  for (const r of rows) {
    const key = [r.entity_id, r.client_id, r.piece_ref, r.doc_date, r.due_date].join('|');
    const seen = map.get(key);
    if (seen) {
      seen.open_amount += r.open_amount;
      seen.expected = seen.expected.map((x, w) => x + r.expected[w]);
    } else map.set(key, { ...r });
  }
  return map;
}

/** What a forecast expected within the first `days` days of its plan: whole weeks, and a share of the next. */
export function expectedWithin(weekly: number[], days: number): number {
  const full = Math.floor(days / 7);
  let sum = 0;
  for (let w = 0; w < Math.min(full, weekly.length); w++) sum += weekly[w];
  if (full < weekly.length) sum += ((days % 7) / 7) * weekly[full];
  return sum;
}

export async function forecastReview(db: Database, settings: Settings, p: { previous: number; current: number }): Promise<ForecastReview> {
  const [previous, current] = await Promise.all([getSnapshot(db, p.previous), getSnapshot(db, p.current)]);
  // snapshots that cannot be compared: a 404 when one does not exist, else a 400
  if (!previous || !current) throw new UserError(say.noSnapshot(previous ? p.current : p.previous), 404);
  if (previous.as_of >= current.as_of) throw new UserError(say.snapshotsOutOfOrder(previous, current));
  if (previous.entity_id !== current.entity_id) throw new UserError(say.snapshotsOfTwoEntities);
  const days = Math.round((Date.parse(current.as_of) - Date.parse(previous.as_of)) / DAY_MS);
  const [before, after, previousReport, currentReport] = await Promise.all([itemsOf(db, previous.snapshot_id), itemsOf(db, current.snapshot_id), snapshotReport(db, previous.snapshot_id), snapshotReport(db, current.snapshot_id)]);
  const received = await db.all<{ entity_id: string; client_id: string; client_name: string | null; received: number }>(query('forecast_review_received'), {
    from: previous.as_of,
    to: current.as_of,
    entity: previous.entity_id,
  });
  const collections = await db.all<ReviewCollectionEvent>(query('forecast_review_collections'), {
    from: previous.as_of,
    as_of: current.as_of,
    entity: current.entity_id,
    until: await actionsUntil(db, current.as_of, current.entity_id),
    grace: settings.dunning.promise_grace_days,
    prior: settings.dunning.promise_prior,
  });

  // by client: expected from its invoices in the period, against received
  const clients = new Map<string, ForecastReview['clients'][number]>();
  const client = (entity: string, id: string, name: string | null) => {
    const key = `${entity}|${id}`;
    let c = clients.get(key);
    if (!c) clients.set(key, (c = { entity_id: entity, client_id: id, client_name: name, expected: 0, received: 0, difference: 0 }));
    return c;
  };
  const reviewItem = (i: SnapshotItem, other?: SnapshotItem): ReviewItem => ({
    entity_id: i.entity_id,
    client_id: i.client_id,
    client_name: i.client_name,
    piece_ref: i.piece_ref,
    doc_date: i.doc_date,
    due_date: i.due_date,
    open_amount: round2(other?.open_amount ?? i.open_amount),
    expected_in_period: 0,
    expected_before: 0,
    expected_after: 0,
  });
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const settled: ReviewItem[] = [];
  const slipped: ReviewItem[] = [];
  const fresh: ReviewItem[] = [];
  let settledTotal = 0;
  let reforecast = 0;
  let newTotal = 0;
  let expectedFromInvoices = 0;
  for (const [key, i] of before) {
    const inPeriod = expectedWithin(i.expected, days);
    expectedFromInvoices += inPeriod;
    client(i.entity_id, i.client_id, i.client_name).expected += inPeriod;
    const later = after.get(key);
    const item = { ...reviewItem(i, later), expected_in_period: round2(inPeriod), expected_before: round2(sum(i.expected)), expected_after: round2(later ? sum(later.expected) : 0) };
    if (!later) {
      settled.push(item);
      settledTotal -= sum(i.expected);
    } else {
      reforecast += sum(later.expected) - sum(i.expected);
      if (inPeriod >= 0.5 * i.open_amount) slipped.push(item);
    }
  }
  for (const [key, i] of after) {
    if (before.has(key)) continue;
    fresh.push({ ...reviewItem(i), expected_after: round2(sum(i.expected)) });
    newTotal += sum(i.expected);
  }
  for (const r of received) client(r.entity_id, r.client_id, r.client_name).received += r.received;
  const clientRows = [...clients.values()]
    .map((c) => ({ ...c, expected: round2(c.expected), received: round2(c.received), difference: round2(c.received - c.expected) }))
    .filter((c) => c.expected !== 0 || c.received !== 0)
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || a.client_id.localeCompare(b.client_id));
  const newSalesInPeriod = expectedWithin(previousReport!.weeks.map((w) => w.new_sales_expected), days);
  const totalReceived = sum(received.map((r) => r.received));
  const expected = expectedFromInvoices + newSalesInPeriod;
  const byLargest = (a: ReviewItem, b: ReviewItem) => b.open_amount - a.open_amount;
  return {
    previous,
    current,
    period: { from: previous.as_of, to: current.as_of, days },
    totals: { expected: round2(expected), expected_from_invoices: round2(expectedFromInvoices), expected_from_new_sales: round2(newSalesInPeriod), received: round2(totalReceived), difference: round2(totalReceived - expected) },
    clients: clientRows,
    change: {
      previous: round2(previousReport!.totals.expected),
      current: round2(currentReport!.totals.expected),
      new_invoices: round2(newTotal),
      settled_invoices: round2(settledTotal),
      reforecast: round2(reforecast),
      new_sales: round2(currentReport!.totals.expected_new_sales - previousReport!.totals.expected_new_sales),
    },
    new_invoices: fresh.sort(byLargest),
    settled_invoices: settled.sort(byLargest),
    slipped: slipped.sort(byLargest),
    collections,
  };
}
