// Out-of-time validation of the risk score: at each month-end origin of the ledger's past, fit the
// model on what was known then (risk/model.ts), score the clients, and compare with what happened
// in the following months. The same for a naive baseline: the client's current days past due
// alone (also through a logistic fit, so that its probabilities are calibrated the same way).
// The collections' candidate features are backtested the same way, with the others: kept only if
// they add to the AUC out of time without a worse Brier score.
import type { Database } from '../db/database.ts';
import type { Settings } from '../models/settings.ts';
import { fitLogistic, predict, type LogisticModel } from './logistic.ts';
import { auc, brier, calibrationByDecile } from './metrics.ts';
import type { RiskBacktest, ScoreQuality } from '../../lib/contract/index.ts';
import { ledgerSpan } from '../models/span.ts';
import { checkBuild, modelBuild } from '../models/cache.ts';
import { addMonths } from '../util/dates.ts';
import { CANDIDATE_RISK_FEATURES, fitRisk, hadEvent, loadPanel, monthEnds, probabilityOf, RISK_FEATURES, trainingDates, WITH_COLLECTIONS, type Feature, type PanelRow } from './model.ts';

const BASELINE_FEATURE = 'oldest_days_past_due';

export async function backtestRisk(db: Database, settings: Settings, options: { entity: string | null }): Promise<RiskBacktest | { reason: string }> {
  const build = await modelBuild(db);
  const span = await ledgerSpan(db, options.entity);
  if (!span) return { reason: 'there is no data yet' };
  const panel = await loadPanel(db, settings, monthEnds(addMonths(span.first, 3), addMonths(span.last, -settings.risk.horizon_months)), options.entity);
  // the panel is the long read: a newer import meanwhile makes the fits below useless
  await checkBuild(db, build);
  const base = backtestOn(panel, span, settings, RISK_FEATURES);
  if (!base) return { reason: `the ledger (${span.first} to ${span.last}) is too short or has too few defaults to test the risk model` };
  // the collections' candidates, where a promise or a dispute recorded in the months the backtest
  // learns from gives them something to say (the last origin learns up to two horizons before the end)
  const learnt = addMonths(span.last, -2 * settings.risk.horizon_months);
  const recorded = panel.some((r) => r.as_of <= learnt && (r.broken_promise_share > 0 || r.open_dispute_share > 0));
  const withCollections = recorded ? backtestOn(panel, span, settings, WITH_COLLECTIONS) : null;
  const gain = (a: ScoreQuality, b: ScoreQuality) => (a.auc ?? 0) - (b.auc ?? 0);
  const kept = !!withCollections && gain(withCollections.model, base.model) >= MIN_AUC_GAIN && withCollections.model.brier <= base.model.brier;
  const chosen = kept ? withCollections! : base;
  return {
    entity_id: options.entity,
    first_date: span.first,
    last_date: span.last,
    horizon_months: settings.risk.horizon_months,
    late_days: settings.risk.late_days,
    ...chosen,
    collections_factors: {
      features: [...CANDIDATE_RISK_FEATURES],
      kept,
      without: { auc: base.model.auc, brier: base.model.brier },
      with: withCollections && { auc: withCollections.model.auc, brier: withCollections.model.brier },
    },
  };
}

/** The AUC a candidate feature must add, out of time, to be kept. */
export const MIN_AUC_GAIN = 0.005;

/** The backtest of the model on `features`, at every origin of the panel; null when no origin could be fitted. */
function backtestOn(panel: PanelRow[], span: { first: string; last: string }, settings: Settings, features: readonly Feature[]): Pick<RiskBacktest, 'origins' | 'rows' | 'events' | 'model' | 'baseline'> | null {
  const horizon = settings.risk.horizon_months;
  // origins: from a year of history to the last month-end whose horizon the ledger covers
  const origins = monthEnds(addMonths(span.first, 12), addMonths(span.last, -horizon));
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
    const fit = fitRisk(panel, dates, settings, previous.model, features);
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
  if (scored.length === 0) return null;
  const outcomes = scored.map((s) => s.event);
  const quality = (ps: number[]): ScoreQuality => ({ auc: auc(ps, outcomes), brier: brier(ps, outcomes), calibration: calibrationByDecile(ps, outcomes) });
  return {
    origins: perOrigin,
    rows: scored.length,
    events: outcomes.filter(Boolean).length,
    model: quality(scored.map((s) => s.p)),
    baseline: quality(scored.map((s) => s.base)),
  };
}
