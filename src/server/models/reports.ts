// The receivable reports the API and the CLI serve: aged balance (with its reconciliation to the
// ledger), DSO series, a client's items. Each runs one file of sql/queries with bound parameters.
import type { Database } from '../db/database.ts';
import type { Settings } from './settings.ts';
import type { AgingBucket, AgingClientRow, AgingHistory, ClientBehaviour, ClientsReport, AgingReport, ClientItem, ClientItemsReport, DsoMonth, DsoReport, RiskReport } from '../../lib/shared/wire.ts';
import { query } from './runner.ts';
import { ledgerSpan } from './span.ts';
import { riskReport } from '../risk/report.ts';

export class ReportError extends Error {
  readonly statusCode = 400;
}

/** The last entry date of the receivable items (of one entity, or all), or null without data. */
export async function latestDate(db: Database, entity: string | null): Promise<string | null> {
  return (await ledgerSpan(db, entity))?.last ?? null;
}

export function agingBuckets(edges: number[], basis: 'due' | 'invoice'): AgingBucket[] {
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

export async function agingReport(db: Database, p: { asOf?: string; entity: string | null; basis: 'due' | 'invoice'; edges: number[] }): Promise<AgingReport> {
  const asOf = p.asOf ?? (await latestDate(db, p.entity));
  if (!asOf) throw new ReportError('There is no data yet: import a FEC or an invoice list first.');
  const buckets = agingBuckets(p.edges, p.basis);
  const position = new Map(buckets.map((b, i) => [b.bucket, i]));
  const params = { as_of: asOf, entity: p.entity, edges: p.edges.join(','), basis: p.basis };
  const [rows, ledger] = await db.read(async (s) => [
    await s.all<{ entity_id: string; client_id: string; client_name: string | null; buckets: number[]; bucket_amounts: number[]; overdue_amount: number; item_count: number; oldest_days_past_due: number | null; has_disputed: boolean }>(query('aging'), params),
    (await s.one<{ ledger_balance: number; advances: number }>(query('ledger_balance'), { as_of: asOf, entity: p.entity }))!,
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
    };
  });
  clients.sort((a, b) => b.total - a.total || a.client_id.localeCompare(b.client_id));
  const totals = { total: cents(total), overdue: cents(overdue) } as AgingReport['totals'];
  buckets.forEach((b, i) => (totals[b.key] = cents(sums[i])));
  const ledgerBalance = cents(ledger.ledger_balance);
  return {
    as_of_date: asOf,
    entity_id: p.entity,
    basis: p.basis,
    buckets,
    clients,
    totals,
    reconciliation: { ledger_balance: ledgerBalance, aged_total: totals.total, difference: cents(ledgerBalance - totals.total) },
    advances: cents(ledger.advances),
  };
}

export async function dsoReport(db: Database, entity: string | null): Promise<DsoReport> {
  const id = entity ?? '*';
  const months = await db.all<DsoMonth>(
    `SELECT strftime(month_start, '%Y-%m-%d') AS month_start, strftime(month_end, '%Y-%m-%d') AS month_end, days::INTEGER AS days,
            round(receivables, 2) AS receivables, round(client_receivables, 2) AS client_receivables, round(advances, 2) AS advances,
            round(sales, 2) AS sales, round(not_due, 2) AS not_due, round(overdue, 2) AS overdue,
            round(dso_simple_3m, 2) AS dso_simple_3m, round(dso_simple_12m, 2) AS dso_simple_12m, round(dso_countback, 2) AS dso_countback,
            round(best_dso_simple_3m, 2) AS best_dso_simple_3m, round(best_dso_simple_12m, 2) AS best_dso_simple_12m, round(best_dso_countback, 2) AS best_dso_countback,
            round(add_simple_3m, 2) AS add_simple_3m, round(add_simple_12m, 2) AS add_simple_12m, round(add_countback, 2) AS add_countback, round(cei, 2) AS cei
       FROM dso_monthly WHERE entity_id = $entity ORDER BY month_end`,
    { entity: id },
  );
  return { entity_id: id, months };
}

export async function clientItems(db: Database, p: { clientId: string; asOf?: string; entity: string | null }): Promise<ClientItemsReport | undefined> {
  const asOf = p.asOf ?? (await latestDate(db, p.entity));
  if (!asOf) return undefined;
  const items = await db.all<ClientItem>(query('client_items'), { client_id: p.clientId, as_of: asOf, entity: p.entity });
  if (!items.length) return undefined;
  return { client_id: p.clientId, client_name: items.find((i) => i.client_name)?.client_name ?? null, as_of_date: asOf, items };
}

/** The aged balance by bucket (days past due) at every month-end. */
export async function agingHistory(db: Database, p: { entity: string | null; edges: number[] }): Promise<AgingHistory> {
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

/** Every client's payment behaviour and segment as of a date (thresholds from the settings). */
const noRisk = (asOf: string, entity: string | null, settings: Settings): RiskReport => ({
  as_of_date: asOf,
  entity_id: entity,
  horizon_months: settings.risk.horizon_months,
  late_days: settings.risk.late_days,
  bands: settings.risk.bands,
  model: null,
  unavailable_reason: 'not asked for',
  clients: [],
});

/** Every client's behaviour and segment at a date, with its risk score unless `withRisk` is false (behaviour only: no model fit). */
export async function clientsReport(db: Database, p: { asOf?: string; entity: string | null; client?: string | null; settings: Settings; withRisk?: boolean }): Promise<ClientsReport> {
  const asOf = p.asOf ?? (await latestDate(db, p.entity));
  if (!asOf) throw new ReportError('There is no data yet: import a FEC or an invoice list first.');
  const { segments, trend } = p.settings;
  const rows = await db.all<Omit<ClientBehaviour, 'risk_score' | 'risk_band' | 'risk_factors'>>(query('client_behaviour'), {
    as_of: asOf,
    entity: p.entity,
    client: p.client ?? null,
    trend_min_invoices: trend.min_invoices,
    trend_min_recent: trend.min_recent_invoices,
    trend_min_sd: trend.min_sd_days,
    trend_min_days: trend.min_change_days,
    trend_min_t: trend.min_t,
    new_months: segments.new_client_months,
    new_min_invoices: segments.new_client_min_invoices,
    risk_mean_late: segments.at_risk_mean_days_late,
    risk_oldest_overdue: segments.at_risk_oldest_overdue_days,
  });
  const { clients: risks, ...risk } = p.withRisk === false ? noRisk(asOf, p.entity, p.settings) : await riskReport(db, p.settings, { asOf, entity: p.entity });
  const riskOf = new Map(risks.map((r) => [`${r.entity_id}|${r.client_id}`, r]));
  const clients = rows.map((c): ClientBehaviour => {
    const r = riskOf.get(`${c.entity_id}|${c.client_id}`);
    return { ...c, risk_score: r?.score ?? null, risk_band: r?.status === 'in_default' ? 'in_default' : (r?.band ?? null), risk_factors: r?.factors ?? [] };
  });
  return { as_of_date: asOf, entity_id: p.entity, thresholds: segments, trend_thresholds: trend, risk, clients };
}
