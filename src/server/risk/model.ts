// The risk score: the probability that a client defaults — is transferred to doubtful debts,
// written off, or lets an invoice go more than 90 days past due — within the next 6 months.
// A logistic regression on behaviour features (sql/queries/risk_panel.sql), fitted at each as-of
// date on what was known then: the month-ends whose 6 following months had passed by the as-of
// date, with what happened in those months as the outcome. Nothing after the as-of date is read.
import { addMonths } from '../util/dates.ts';
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import { modelBuild } from '../models/cache.ts';
import type { Settings } from '../models/settings.ts';
import { CANDIDATE_RISK_FEATURES, RISK_FEATURES, type RiskBand, type RiskFactor } from '../../lib/contract/risk.ts';
import { contributions, fitLogistic, predict, type LogisticModel } from './logistic.ts';

/** The features, in the order of the model's coefficients (columns of risk_panel): the contract's RISK_FEATURES, and the candidates from the collections where they help. */
export { CANDIDATE_RISK_FEATURES, RISK_FEATURES };
export type Feature = (typeof RISK_FEATURES)[number] | (typeof CANDIDATE_RISK_FEATURES)[number];
export const WITH_COLLECTIONS: readonly Feature[] = [...RISK_FEATURES, ...CANDIDATE_RISK_FEATURES];

export interface PanelRow {
  as_of: string;
  entity_id: string;
  client_id: string;
  is_new: boolean;
  invoices_12m: number;
  raw_mean_days_late: number | null;
  mean_days_late: number;
  recent_days_late: number;
  trend_days: number;
  oldest_days_past_due: number;
  months_outstanding: number;
  disputed_share: number;
  broken_promise_share: number;
  open_dispute_share: number;
  open_amount: number;
  overdue_amount: number;
  in_default: boolean;
  event_date: string | null;
  event_kind: 'late' | 'doubtful_transfer' | 'write_off' | null;
}

export const featureVector = (r: PanelRow, features: readonly Feature[] = RISK_FEATURES): number[] => features.map((f) => Number(r[f]));
export const hadEvent = (r: PanelRow): boolean => r.event_date !== null;

/**
 * The panel of features (and outcomes) at the given dates, in date order. A row at a date depends
 * on that date alone, so the dates loaded lately are kept (recentPanel) and only the others are
 * asked for: the risk report (its training month-ends and its date) and the risk backtest (every
 * month-end of the ledger), run one after the other after each import, share all but a few — at
 * 10M lines the panel costs about a second of DuckDB a date, 25 dates for each.
 */
export async function loadPanel(db: Database, settings: Settings, dates: string[], entity: string | null): Promise<PanelRow[]> {
  if (dates.length === 0) return [];
  const params = {
    entity,
    horizon_months: settings.risk.horizon_months,
    late_days: settings.risk.late_days,
    new_months: settings.segments.new_client_months,
    new_min_invoices: settings.segments.new_client_min_invoices,
    prior_invoices: settings.risk.prior_invoices,
    grace: settings.dunning.promise_grace_days,
  };
  const key = `${db.path}|${await modelBuild(db)}|${JSON.stringify(params)}`;
  if (recentPanel?.key !== key) recentPanel = { key, byDate: new Map() };
  const kept = recentPanel;
  const wanted = [...new Set(dates)].sort();
  const missing = wanted.filter((d) => !kept.byDate.has(d));
  if (missing.length) {
    const rows = await db.all<PanelRow>(query('risk_panel'), { ...params, dates: missing.join(',') });
    for (const d of missing) kept.byDate.set(d, []);
    for (const r of rows) {
      const at = kept.byDate.get(r.as_of);
      if (!at) throw new Error(`risk_panel answered for ${r.as_of}, not one of the ISO dates asked for (${missing.join(', ')})`);
      at.push(r);
    }
  }
  keepForAWhile(kept);
  return wanted.flatMap((d) => kept.byDate.get(d)!);
}

/**
 * The panel rows loaded last, by date, for one database, model build, entity and settings: what
 * the next loadPanel reuses. Let go a minute after their last use — at 10M lines a panel of 25
 * dates is 750,000 rows — and as soon as another build, entity or setting is asked for.
 */
let recentPanel: { key: string; byDate: Map<string, PanelRow[]> } | undefined;
let letGo: ReturnType<typeof setTimeout> | undefined;
function keepForAWhile(panel: NonNullable<typeof recentPanel>): void {
  clearTimeout(letGo);
  letGo = setTimeout(() => {
    if (recentPanel === panel) recentPanel = undefined;
  }, 60_000);
  letGo.unref();
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const monthEnd = (y: number, m: number) => iso(new Date(Date.UTC(y, m + 1, 0)));

/** Month-ends from the first on or after `from` to the last on or before `to`. */
export function monthEnds(from: string, to: string): string[] {
  const out: string[] = [];
  const start = new Date(from + 'T00:00:00Z');
  for (let y = start.getUTCFullYear(), m = start.getUTCMonth(); ; m++) {
    const end = monthEnd(y, m);
    if (end > to) break;
    if (end >= from) out.push(end);
  }
  return out;
}

/**
 * The month-ends a model for `asOf` learns from: those whose outcome window (horizon) had closed
 * by `asOf`, at least 3 months after the first data (some history to describe), the last
 * `training_months` of them.
 */
export function trainingDates(asOf: string, firstDate: string, settings: Settings): string[] {
  const lastStart = addMonths(asOf, -settings.risk.horizon_months);
  const dates = monthEnds(addMonths(firstDate, 3), lastStart);
  return dates.slice(-settings.risk.training_months);
}

/** Fewer training outcomes than this and the fit says nothing reliable: no score is given. */
export const MIN_TRAINING_EVENTS = 10;

export interface FittedRisk {
  model: LogisticModel;
  training_dates: string[];
  training_rows: number;
  training_events: number;
}

/** Fits on the rows of the training dates that were not already in default. */
export function fitRisk(rows: PanelRow[], trainingDates: string[], settings: Settings, start?: LogisticModel, features: readonly Feature[] = RISK_FEATURES): FittedRisk | { reason: string } {
  const dates = new Set(trainingDates);
  const train = rows.filter((r) => dates.has(r.as_of) && !r.in_default);
  const events = train.filter(hadEvent).length;
  if (trainingDates.length === 0 || events < MIN_TRAINING_EVENTS) {
    return {
      reason: `the ledger holds ${trainingDates.length} month-end(s) whose next ${settings.risk.horizon_months} months are known, with ${events} default event(s); the risk model needs at least ${MIN_TRAINING_EVENTS} events to learn from`,
    };
  }
  const model = fitLogistic([...features], train.map((r) => featureVector(r, features)), train.map((r) => (hadEvent(r) ? 1 : 0)), { l2: settings.risk.l2, start: start?.features.length === features.length ? start : undefined });
  return { model, training_dates: trainingDates, training_rows: train.length, training_events: events };
}

/** The band of a score (the probability in whole %, as shown): low below bands[0], high from bands[1]. */
export const bandOf = (score: number, settings: Settings): RiskBand => (score < settings.risk.bands[0] ? 'low' : score < settings.risk.bands[1] ? 'medium' : 'high');

/** The features that raise this client's risk the most (up to 3; none when all lower it). */
export function topFactors(model: LogisticModel, row: PanelRow, count = 3): RiskFactor[] {
  const features = model.features as Feature[];
  const x = featureVector(row, features);
  return contributions(model, x)
    .map((contribution, j) => ({ feature: features[j], value: x[j], contribution }))
    .filter((f) => f.contribution > 0.05)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, count);
}

export const probabilityOf = (fit: FittedRisk, row: PanelRow): number => predict(fit.model, featureVector(row, fit.model.features as Feature[]));
