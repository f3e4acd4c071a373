// The aged balance (balance âgée) at a date: each client's open items by bucket of days past due
// (or of invoice age), its totals, and their reconciliation with the ledger balance of the
// receivable accounts at the same date — read in one snapshot of the store, so that the two never
// mix states. Also the aged balance at every month-end. SQL: sql/queries/aging*.sql.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { AgingBasis, AgingBucket, AgingClientRow, AgingHistory, AgingReport } from '../../lib/contract/index.ts';
import { checkEntity, resolveAsOf } from './as-of.ts';
import { cached } from '../models/cache.ts';

/** The buckets of an aged balance: not due (basis due), one per edge, the open-ended last one, unapplied credits. */
export function agingBuckets(edges: number[], basis: AgingBasis): AgingBucket[] {
  const buckets: AgingBucket[] = [];
  if (basis === 'due') buckets.push({ key: 'not_due', bucket: 0, from_days: null, to_days: 0 });
  const start = basis === 'due' ? 1 : 0;
  edges.forEach((edge, i) => {
    const from = i === 0 ? start : edges[i - 1] + 1;
    buckets.push({ key: `d${from}_${edge}`, bucket: i + 1, from_days: from, to_days: edge });
  });
  const last = edges[edges.length - 1] + 1;
  buckets.push({ key: `d${last}_plus`, bucket: edges.length + 1, from_days: last, to_days: null });
  buckets.push({ key: 'unapplied', bucket: -1, from_days: null, to_days: null });
  return buckets;
}

const cents = (x: number) => Math.round(x * 100) / 100;

interface AgingRow {
  entity_id: string;
  client_id: string;
  client_name: string | null;
  buckets: number[];
  bucket_amounts: number[];
  overdue_amount: number;
  item_count: number;
  oldest_days_past_due: number | null;
  has_disputed: boolean;
  doubtful_amount: number;
}

/** The aged balance at a date; kept per model build (models/cache.ts): twenty readers asking the same one make one computation. */
export async function agingReport(db: Database, p: { asOf?: string | null; entity: string | null; basis: AgingBasis; edges: number[] }): Promise<AgingReport> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  return cached(db, null, `aging|${JSON.stringify([asOf, p.entity, p.basis, p.edges])}`, () => computeAging(db, { ...p, asOf }));
}

async function computeAging(db: Database, p: { asOf: string; entity: string | null; basis: AgingBasis; edges: number[] }): Promise<AgingReport> {
  const asOf = p.asOf;
  const buckets = agingBuckets(p.edges, p.basis);
  const position = new Map(buckets.map((b, i) => [b.bucket, i]));
  const params = { as_of: asOf, entity: p.entity, edges: p.edges.join(','), basis: p.basis };
  const [rows, ledger] = await db.read(async (s) => [
    await s.all<AgingRow>(query('aging'), params),
    (await s.one<{ ledger_balance: number; advances: number; doubtful_balance: number }>(query('aging_reconciliation'), { as_of: asOf, entity: p.entity }))!,
  ]);
  const unapplied = position.get(-1)!;
  const sums = buckets.map(() => 0);
  let total = 0;
  let overdue = 0;
  const clients: AgingClientRow[] = rows.map((r) => {
    const amounts = buckets.map(() => 0);
    let clientTotal = 0;
    r.buckets.forEach((b, i) => {
      const k = position.get(b)!;
      amounts[k] = cents(r.bucket_amounts[i]);
      clientTotal += amounts[k];
      sums[k] += amounts[k];
    });
    clientTotal = cents(clientTotal);
    total += clientTotal;
    overdue += r.overdue_amount;
    const gross = clientTotal - amounts[unapplied];
    return {
      entity_id: r.entity_id,
      client_id: r.client_id,
      client_name: r.client_name,
      amounts,
      total: clientTotal,
      overdue: cents(r.overdue_amount),
      share_overdue: gross > 0 ? Math.round((r.overdue_amount / gross) * 10000) / 10000 : null,
      oldest_days_past_due: r.oldest_days_past_due,
      item_count: r.item_count,
      has_disputed: r.has_disputed,
      doubtful: cents(r.doubtful_amount),
    };
  });
  clients.sort((a, b) => b.total - a.total || a.client_id.localeCompare(b.client_id));
  const totals = { total: cents(total), overdue: cents(overdue) } as AgingReport['totals'];
  buckets.forEach((b, i) => (totals[b.key] = cents(sums[i])));
  totals.doubtful = cents(clients.reduce((sum, c) => sum + c.doubtful, 0));
  const ledgerBalance = cents(ledger.ledger_balance);
  const doubtfulBalance = cents(ledger.doubtful_balance);
  return {
    as_of_date: asOf,
    entity_id: p.entity,
    basis: p.basis,
    buckets,
    clients,
    totals,
    reconciliation: { ledger_balance: ledgerBalance, aged_total: totals.total, difference: cents(ledgerBalance - totals.total) },
    doubtful: { ledger_balance: doubtfulBalance, aged_total: totals.doubtful, difference: cents(doubtfulBalance - totals.doubtful) },
    advances: cents(ledger.advances),
  };
}

/** The aged balance by bucket (days past due) at every month-end. */
export async function agingHistory(db: Database, p: { entity: string | null; edges: number[] }): Promise<AgingHistory> {
  await checkEntity(db, p.entity);
  const buckets = agingBuckets(p.edges, 'due');
  const position = new Map(buckets.map((b, i) => [b.bucket, i]));
  const rows = await db.all<{ month_end: string; bucket: number; open_amount: number }>(query('aging_history'), { entity: p.entity, edges: p.edges.join(',') });
  const months: AgingHistory['months'] = [];
  for (const r of rows) {
    let m = months[months.length - 1];
    if (!m || m.month_end !== r.month_end) {
      m = { month_end: r.month_end, amounts: buckets.map(() => 0), total: 0 };
      months.push(m);
    }
    m.amounts[position.get(r.bucket)!] = cents(r.open_amount);
    m.total = cents(m.total + r.open_amount);
  }
  return { entity_id: p.entity, buckets, months };
}
