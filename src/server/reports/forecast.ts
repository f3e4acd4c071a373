// The cash-receipt forecast as the pages read it: the plan by week at a date, the invoices and
// clients expected in one of its weeks, the past weeks (what the forecast a week before expected
// against what came in), its backtest, the saved snapshots and the weekly review. The maths are in
// forecast/ (engine, forecast, backtest, snapshots, review); SQL: sql/queries/forecast*.sql.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import type { ForecastHistoryWeek, ForecastQuality, ForecastReport, ForecastSnapshot, ForecastWeekDetail } from '../../lib/contract/index.ts';
import { backtestAt } from '../forecast/backtest.ts';
import { forecastAt, listSnapshots, saveSnapshot } from '../forecast/snapshots.ts';
import { say } from '../util/messages.ts';
import { round2 } from '../util/money.ts';
import { checkEntity, ReportError, resolveAsOf } from './as-of.ts';

export { forecastReview } from '../forecast/review.ts';

/** The plan at a date (the latest by default), of the settings' weeks or of `weeks` (?weeks=, --weeks), kept per model build. */
export async function forecastPlan(db: Database, settings: Settings, p: { asOf?: string | null; entity: string | null; weeks?: number | null }): Promise<ForecastReport> {
  return (await forecastAt(db, settings, { asOf: await resolveAsOf(db, p.asOf, p.entity), entity: p.entity, weeks: p.weeks })).report;
}

/** The invoices and clients expected in week `week` of the plan, largest first. */
export async function forecastWeek(db: Database, settings: Settings, p: { asOf?: string | null; entity: string | null; week: number }): Promise<ForecastWeekDetail> {
  const run = await forecastAt(db, settings, { asOf: await resolveAsOf(db, p.asOf, p.entity), entity: p.entity });
  const w = p.week - 1;
  const wk = run.report.weeks[w];
  if (!wk) throw new ReportError(say.noSuchWeek(run.report.weeks.length, p.week));
  const items = run.items
    .filter((i) => i.expected[w] > 0.005)
    .map(({ expected, ...i }) => ({ ...i, expected_in_week: expected[w], probability_in_week: Math.round((expected[w] / i.open_amount) * 1000) / 1000 }))
    .sort((a, b) => b.expected_in_week - a.expected_in_week);
  const clients = new Map<string, ForecastWeekDetail['clients'][number]>();
  for (const i of items) {
    const key = `${i.entity_id}|${i.client_id}`;
    const c = clients.get(key) ?? { entity_id: i.entity_id, client_id: i.client_id, client_name: i.client_name, expected_in_week: 0, items: 0 };
    c.expected_in_week = round2(c.expected_in_week + i.expected_in_week);
    c.items++;
    clients.set(key, c);
  }
  return { as_of_date: run.report.as_of_date, week: wk, items, clients: [...clients.values()].sort((a, b) => b.expected_in_week - a.expected_in_week) };
}

/** The last `weeks` weeks of the data: what the snapshot made at each week's start expected, and what came in. */
export async function forecastHistory(db: Database, p: { entity: string | null; weeks: number }): Promise<ForecastHistoryWeek[]> {
  const span = await checkEntity(db, p.entity);
  if (!span) return [];
  const weeks = await db.all<ForecastHistoryWeek>(query('forecast_history'), { entity: p.entity, last: span.latest, weeks: p.weeks });
  return weeks.reverse();
}

/** The backtest of the forecast on the loaded ledger, kept per model build. */
export async function forecastQuality(db: Database, settings: Settings, entity: string | null): Promise<ForecastQuality> {
  await checkEntity(db, entity);
  return backtestAt(db, settings, entity);
}

/** Saves the forecast at a date (the latest by default) on demand. */
export async function saveForecast(db: Database, settings: Settings, p: { asOf?: string | null; entity: string | null; by: string }): Promise<ForecastSnapshot> {
  return saveSnapshot(db, settings, { asOf: await resolveAsOf(db, p.asOf, p.entity), entity: p.entity, reason: 'manual', by: p.by });
}

/** The saved forecasts of an entity (or of all entities together), the latest first. */
export async function forecastSnapshots(db: Database, entity: string | null): Promise<ForecastSnapshot[]> {
  await checkEntity(db, entity);
  return listSnapshots(db, entity);
}
