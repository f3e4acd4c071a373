// Clients: how each client pays as of a date (amount-weighted days to pay and late, median, P90,
// on-time share, trend), its segment (new, regular, at risk) and its risk score; and one
// client's items with their status and settlement. SQL: sql/queries/clients*.sql.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import type { ClientBehaviour, ClientItem, ClientItemsReport, ClientsReport, RiskReport } from '../../lib/contract/index.ts';
import { say } from '../util/messages.ts';
import { NotFound, resolveAsOf } from './as-of.ts';
import { riskReport } from './risk.ts';
import { learnHabits } from '../forecast/forecast.ts';
import { cached } from '../models/cache.ts';

/** The risk part of a report made without the risk model (behaviour only: no fit). */
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
export async function clientsReport(db: Database, p: { asOf?: string | null; entity: string | null; client?: string | null; settings: Settings; withRisk?: boolean }): Promise<ClientsReport> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  // kept per model build and settings, as the aged balance is
  return cached(db, p.settings, `clients|${JSON.stringify([asOf, p.entity, p.client ?? null, p.withRisk !== false])}`, () => computeClients(db, { ...p, asOf }));
}

async function computeClients(db: Database, p: { asOf: string; entity: string | null; client?: string | null; settings: Settings; withRisk?: boolean }): Promise<ClientsReport> {
  const asOf = p.asOf;
  const { segments, trend } = p.settings;
  const rows = await db.all<Omit<ClientBehaviour, 'risk_score' | 'risk_band' | 'risk_factors' | 'payment_habit'>>(query('clients'), {
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
  // the days each client pays on, as the forecast finds them
  const habits = await learnHabits(db, p.settings, { asOf, entity: p.entity, client: p.client ?? null });
  const clients = rows.map((c): ClientBehaviour => {
    const key = `${c.entity_id}|${c.client_id}`;
    const r = riskOf.get(key);
    const h = habits.get(key);
    const payment_habit = h
      ? { kind: h.habit.kind, days: h.habit.kind === 'monthly' ? h.habit.days : [], weekday: h.habit.kind === 'weekly' ? h.habit.weekday : null, payments: h.payments, on_run_days: h.on_run_days, p_value: h.p_value }
      : null;
    return { ...c, risk_score: r?.score ?? null, risk_band: r?.status === 'in_default' ? 'in_default' : (r?.band ?? null), risk_factors: r?.factors ?? [], payment_habit };
  });
  return { as_of_date: asOf, entity_id: p.entity, thresholds: segments, trend_thresholds: trend, risk, clients };
}

/** A client's items at a date (the latest by default); NotFound when it has none by then. */
export async function clientItems(db: Database, p: { clientId: string; asOf?: string | null; entity: string | null }): Promise<ClientItemsReport> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  const items = await db.all<ClientItem>(query('clients_items'), { client_id: p.clientId, as_of: asOf, entity: p.entity });
  if (!items.length) throw new NotFound(say.noItemsForClient(p.clientId, p.asOf));
  return { client_id: p.clientId, client_name: items.find((i) => i.client_name)?.client_name ?? null, as_of_date: asOf, items };
}
