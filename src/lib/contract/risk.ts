// The contract of the risk score: the probability that a client defaults (transfer to doubtful
// debts, write-off, or an invoice more than 90 days past due) within 6 months, its factors, and
// its out-of-time validation (/api/risk/quality).
import { EntityQuery, ErrorBody, IsoDate, NullableInteger, NullableNumber, NullableString, Obj, route, StringEnum, Type, type Static } from './common.ts';

export const RISK_BANDS = ['low', 'medium', 'high'] as const;
export const RiskBand = StringEnum(RISK_BANDS);
export type RiskBand = Static<typeof RiskBand>;

/** the risk model's features (see sql/queries/risk_panel.sql) */
export const RISK_FEATURES = ['mean_days_late', 'recent_days_late', 'trend_days', 'oldest_days_past_due', 'months_outstanding', 'disputed_share', 'is_new'] as const;
/**
 * candidate features from the collections recorded in the app: the share of the client's matured
 * promises it broke, the share of its open amount under a dispute opened in the app. The model
 * uses them only where its backtest says they help (RiskQuality.collections_factors).
 */
export const CANDIDATE_RISK_FEATURES = ['broken_promise_share', 'open_dispute_share'] as const;
export const RiskFeature = StringEnum([...RISK_FEATURES, ...CANDIDATE_RISK_FEATURES]);
export type RiskFeature = Static<typeof RiskFeature>;

export const RiskFactor = Obj({
  feature: RiskFeature,
  /** the client's value of the feature (days, months, a share, or 1/0) */
  value: Type.Number(),
  /** its weight in the client's log-odds of default, against an average client */
  contribution: Type.Number(),
});
export type RiskFactor = Static<typeof RiskFactor>;

export const ClientRisk = Obj({
  entity_id: Type.String(),
  client_id: Type.String(),
  /** in_default: transferred to doubtful debts or written off, or an invoice past the threshold already */
  status: StringEnum(['scored', 'in_default']),
  probability: NullableNumber,
  /** 0-100: the probability of a default event in the horizon, in % */
  score: NullableInteger,
  band: Type.Unsafe<RiskBand | null>({ type: ['string', 'null'], enum: [...RISK_BANDS, null] }),
  /** up to 3 features that raise this client's risk the most */
  factors: Type.Array(RiskFactor),
});
export type ClientRisk = Static<typeof ClientRisk>;

export const RiskModelSummary = Obj({
  /** the month-ends the model learnt from (their next months known at the as-of date) */
  training_from: IsoDate,
  training_to: IsoDate,
  training_rows: Type.Integer(),
  training_events: Type.Integer(),
  coefficients: Type.Array(Obj({ feature: RiskFeature, coefficient: Type.Number() })),
});
export type RiskModelSummary = Static<typeof RiskModelSummary>;

const riskReportFields = {
  as_of_date: IsoDate,
  entity_id: NullableString,
  horizon_months: Type.Integer(),
  late_days: Type.Integer(),
  /** band edges in %: low below the first, high from the second */
  bands: Type.Unsafe<[number, number]>({ type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 }),
  model: Type.Union([RiskModelSummary, Type.Null()]),
  /** why there is no model (too little history or too few defaults to learn from) */
  unavailable_reason: NullableString,
};
/** The risk model behind the scores, without its per-client rows. */
export const RiskModel = Obj(riskReportFields);
export type RiskModel = Static<typeof RiskModel>;
export const RiskReport = Obj({ ...riskReportFields, clients: Type.Array(ClientRisk) });
export type RiskReport = Static<typeof RiskReport>;

export const CalibrationRow = Obj({
  /** 1 = the tenth of scored clients with the lowest predicted probabilities */
  decile: Type.Integer(),
  rows: Type.Integer(),
  mean_predicted: Type.Number(),
  observed_rate: Type.Number(),
});
export type CalibrationRow = Static<typeof CalibrationRow>;

export const ScoreQuality = Obj({ auc: NullableNumber, brier: Type.Number(), calibration: Type.Array(CalibrationRow) });
export type ScoreQuality = Static<typeof ScoreQuality>;

const riskBacktestFields = {
  entity_id: NullableString,
  first_date: IsoDate,
  last_date: IsoDate,
  horizon_months: Type.Integer(),
  late_days: Type.Integer(),
  /** each origin: clients scored, of which had a default event in the horizon, and both AUCs */
  origins: Type.Array(Obj({ as_of: IsoDate, rows: Type.Integer(), events: Type.Integer(), auc: NullableNumber, baseline_auc: NullableNumber })),
  rows: Type.Integer(),
  events: Type.Integer(),
  model: ScoreQuality,
  /** the naive baseline: the client's current days past due alone */
  baseline: ScoreQuality,
  /**
   * the collections' candidate features, backtested with the others and without them: kept (in
   * `model` above and in the scores) only if they raise the AUC by 0.005 or more without a worse
   * Brier score; `with` is null when no promise or dispute was recorded to learn from
   */
  collections_factors: Obj({
    features: Type.Array(RiskFeature),
    kept: Type.Boolean(),
    without: Obj({ auc: NullableNumber, brier: Type.Number() }),
    with: Type.Union([Obj({ auc: NullableNumber, brier: Type.Number() }), Type.Null()]),
  }),
};
export const RiskBacktest = Obj(riskBacktestFields);
export type RiskBacktest = Static<typeof RiskBacktest>;

/** The backtest of the loaded ledger, or why there is none. */
export const RiskQuality = Type.Union([
  Obj({ available: Type.Literal(false), reason: Type.String() }),
  Obj({ available: Type.Literal(true), ...riskBacktestFields }),
]);
export type RiskQuality = Static<typeof RiskQuality>;

export const riskRoutes = {
  riskQuality: route({
    method: 'GET',
    url: '/api/risk/quality',
    description: "The risk score's out-of-time backtest on the loaded ledger, against the days-past-due baseline.",
    querystring: EntityQuery,
    response: { 200: RiskQuality, 400: ErrorBody },
  }),
};
