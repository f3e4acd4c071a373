// Out-of-time validation of the risk score: at each month-end origin of the ledger's past, fit the
// model on what was known then (risk/model.ts), score the clients, and compare with what happened
// in the following months. The same for a naive baseline: the client's current days past due
// alone (also through a logistic fit, so that its probabilities are calibrated the same way).
import type { Database } from '../db/database.ts';
import type { Settings } from '../models/settings.ts';
import { fitLogistic, predict, type LogisticModel } from './logistic.ts';
import { auc, brier, calibrationByDecile } from './metrics.ts';
import type { RiskBacktest, ScoreQuality } from '../../lib/contract/index.ts';
import { ledgerSpan } from '../models/span.ts';
import { addMonths, fitRisk, hadEvent, loadPanel, monthEnds, probabilityOf, trainingDates, type PanelRow } from './model.ts';

const BASELINE_FEATURE = 'oldest_days_past_due';

export async function backtestRisk(db: Database, settings: Settings, options: { entity: string | null }): Promise<RiskBacktest | { reason: string }> {
  const span = await ledgerSpan(db, options.entity);
  if (!span) return { reason: 'there is no data yet' };
  const horizon = settings.risk.horizon_months;
  // origins: from a year of history to the last month-end whose horizon the ledger covers
  const origins = monthEnds(addMonths(span.first, 12), addMonths(span.last, -horizon));
  const panel = await loadPanel(db, settings, monthEnds(addMonths(span.first, 3), addMonths(span.last, -horizon)), options.entity);
  const byDate = new Map<string, PanelRow[]>();
  for (const r of panel) {
    const rows = byDate.get(r.as_of);
    if (rows) rows.push(r);
    else byDate.set(r.as_of, [r]);
  }

  const scored: { p: number; base: number; event: boolean }[] = [];
  const perOrigin: RiskBacktest['origins'] = [];
  // consecutive origins learn from nearly the same month-ends: each fit starts from the previous one
  let previous: { model?: LogisticModel; baseline?: LogisticModel } = {};
  for (const origin of origins) {
    const dates = trainingDates(origin, span.first, settings);
    const fit = fitRisk(panel, dates, settings, previous.model);
    if ('reason' in fit) continue;
    const train = dates.flatMap((d) => byDate.get(d) ?? []).filter((r) => !r.in_default);
    const baseline = fitLogistic([BASELINE_FEATURE], train.map((r) => [r[BASELINE_FEATURE]]), train.map((r) => (hadEvent(r) ? 1 : 0)), { l2: settings.risk.l2, start: previous.baseline });
    previous = { model: fit.model, baseline };
    const test = (byDate.get(origin) ?? []).filter((r) => !r.in_default);
    const here = test.map((r) => ({ p: probabilityOf(fit, r), base: predict(baseline, [r[BASELINE_FEATURE]]), event: hadEvent(r) }));
    scored.push(...here);
    perOrigin.push({
      as_of: origin,
      rows: here.length,
      events: here.filter((h) => h.event).length,
      auc: auc(here.map((h) => h.p), here.map((h) => h.event)),
      baseline_auc: auc(here.map((h) => h.base), here.map((h) => h.event)),
    });
  }
  if (scored.length === 0) return { reason: `the ledger (${span.first} to ${span.last}) is too short or has too few defaults to test the risk model` };
  const outcomes = scored.map((s) => s.event);
  const quality = (ps: number[]): ScoreQuality => ({ auc: auc(ps, outcomes), brier: brier(ps, outcomes), calibration: calibrationByDecile(ps, outcomes) });
  return {
    entity_id: options.entity,
    first_date: span.first,
    last_date: span.last,
    horizon_months: horizon,
    late_days: settings.risk.late_days,
    origins: perOrigin,
    rows: scored.length,
    events: outcomes.filter(Boolean).length,
    model: quality(scored.map((s) => s.p)),
    baseline: quality(scored.map((s) => s.base)),
  };
}
