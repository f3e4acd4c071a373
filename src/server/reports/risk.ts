// The risk score (probability of a default within the horizon) of every client at an as-of date,
// fitted on what was known then (risk/model.ts), and the model's out-of-time backtest, as the API
// and the CLI give them. Both read every client's history, so their answers are kept per
// model build (a new import or new settings start afresh): the Clients page, a client's page and
// the model-quality section then cost one fit, not one per request (models/cache.ts). Where
// promises or disputes were recorded, the score waits for the backtest to say whether the
// collections' candidate features help.
import type { Database } from '../db/database.ts';
import type { Settings } from '../models/settings.ts';
import { type ClientRisk, type RiskQuality, type RiskReport } from '../../lib/contract/risk.ts';
import { backtestRisk } from '../risk/backtest.ts';
import { ledgerSpan } from '../models/span.ts';
import { cached } from '../models/cache.ts';
import { bandOf, fitRisk, loadPanel, probabilityOf, RISK_FEATURES, topFactors, trainingDates, WITH_COLLECTIONS, type Feature } from '../risk/model.ts';
import { checkEntity } from './as-of.ts';

export async function riskReport(db: Database, settings: Settings, p: { asOf: string; entity: string | null }): Promise<RiskReport> {
  // the scores of the ledger's latest date — the Clients page's, the command line's by default: a
  // fit of 18 s at 10M lines — are kept in the database file too, for a restart or a CLI process
  let latest: string | null = null;
  const compute = async (): Promise<RiskReport> => {
    const base = { as_of_date: p.asOf, entity_id: p.entity, horizon_months: settings.risk.horizon_months, late_days: settings.risk.late_days, bands: settings.risk.bands };
    const span = await ledgerSpan(db, p.entity);
    latest = span?.last ?? null;
    if (!span) return { ...base, model: null, unavailable_reason: 'there is no data yet', clients: [] };
    const dates = trainingDates(p.asOf, span.first, settings);
    const panel = await loadPanel(db, settings, [...dates, p.asOf], p.entity);
    const fit = fitRisk(panel, dates, settings, undefined, await riskFeatures(db, settings, p.entity));
    if ('reason' in fit) return { ...base, model: null, unavailable_reason: fit.reason, clients: [] };
    const clients: ClientRisk[] = panel
      .filter((r) => r.as_of === p.asOf)
      .map((r) => {
        if (r.in_default) return { entity_id: r.entity_id, client_id: r.client_id, status: 'in_default', probability: null, score: null, band: null, factors: [] };
        const probability = probabilityOf(fit, r);
        const score = Math.round(probability * 100);
        return {
          entity_id: r.entity_id,
          client_id: r.client_id,
          status: 'scored',
          probability,
          score,
          band: bandOf(score, settings),
          factors: topFactors(fit.model, r),
        };
      });
    return {
      ...base,
      model: {
        training_from: fit.training_dates[0],
        training_to: fit.training_dates[fit.training_dates.length - 1],
        training_rows: fit.training_rows,
        training_events: fit.training_events,
        coefficients: (fit.model.features as Feature[]).map((feature, j) => ({ feature, coefficient: fit.model.coefficients[j] })),
      },
      unavailable_reason: null,
      clients,
    };
  };
  return cached(db, settings, `risk|${p.asOf}|${p.entity}`, compute, { kept: (r) => r.as_of_date === latest });
}

/**
 * The model's features: the collections' candidates too where the backtest kept them — asked only
 * once a promise or a dispute was recorded before the model build in force (the scores are kept
 * per model build: they move with the next import, not with every action).
 */
async function riskFeatures(db: Database, settings: Settings, entity: string | null): Promise<readonly Feature[]> {
  const recorded = await db.one<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM collection_actions WHERE (promise_date IS NOT NULL OR dispute_reason IS NOT NULL) AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
       AND recorded_at <= (SELECT max(built_at) FROM model_state)`,
    { entity },
  );
  if (!recorded?.n) return RISK_FEATURES;
  const quality = await riskQuality(db, settings, { entity });
  return quality.available && quality.collections_factors.kept ? WITH_COLLECTIONS : RISK_FEATURES;
}

export async function riskQuality(db: Database, settings: Settings, p: { entity: string | null }): Promise<RiskQuality> {
  await checkEntity(db, p.entity);
  return cached(
    db,
    settings,
    `quality|${p.entity}`,
    async () => {
      const result = await backtestRisk(db, settings, p);
      return 'reason' in result ? { available: false, reason: result.reason } : { available: true, ...result };
    },
    { lasting: true },
  );
}
