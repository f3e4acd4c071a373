// The contract of /api/forecast…: the 13-week cash-receipt plan, a week's invoices, the past weeks
// against what came in, the backtest, the saved snapshots and the weekly review.
import { AsOfQuery, EntityQuery, ErrorBody, Input, IsoDate, Money, NullableDate, NullableNumber, NullableString, Obj, route, StringEnum, Type, type Static } from './common.ts';

/** A week of the plan: days `start`..`end` (week 1 starts the day after the as-of date, whatever weekday: not an ISO week). */
export const ForecastWeek = Obj({
  week: Type.Integer(),
  start: IsoDate,
  end: IsoDate,
  /** expected receipts from the invoices open at the as-of date (not disputed) */
  open_expected: Money,
  /** from the disputed invoices, forecast apart */
  disputed_expected: Money,
  /** from the promises to pay recorded in the collections: the promised amount in the promised week × the client's promise-keeping rate */
  promised_expected: Money,
  /** from invoices not issued yet: the week's forecast sales times the payment-delay profile */
  new_sales_expected: Money,
  expected: Money,
  /** the 10th and 90th percentiles of the week's total receipts: the simulation's, calibrated on the ledger's backtest where it allows (method.range) */
  p10: Money,
  p90: Money,
  /** the same for the invoices open at the as-of date alone, disputed ones included (what the backtest judges) */
  open_p10: Money,
  open_p90: Money,
  /** forecast sales (invoices to be issued) of the week */
  sales_forecast: Money,
});
export type ForecastWeek = Static<typeof ForecastWeek>;

const forecastItemFields = {
  item_id: Type.Integer(),
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  piece_ref: NullableString,
  doc_date: IsoDate,
  due_date: NullableDate,
  open_amount: Money,
  days_past_due: Type.Integer(),
  is_disputed: Type.Boolean(),
  /** expected cash after the horizon */
  later: Money,
  /** the part not expected in cash at all (credited, written off, never paid) */
  uncollected: Money,
};
/** An open invoice of the plan, with its expected cash per week. */
export const ForecastItem = Obj({ ...forecastItemFields, expected: Type.Array(Type.Number()) });
export type ForecastItem = Static<typeof ForecastItem>;

export const ForecastTotals = Obj({
  open_amount: Money,
  disputed_amount: Money,
  /** open on doubtful-debt accounts (416): not counted on */
  doubtful_amount: Money,
  expected_open: Money,
  expected_disputed: Money,
  /** the part of the open amount under an open promise to pay, and what the plan expects of it on the promised dates */
  promised_amount: Money,
  expected_promised: Money,
  /** open promises counted on */
  promises: Type.Integer(),
  expected_new_sales: Money,
  expected: Money,
  later: Money,
  uncollected: Money,
});
export type ForecastTotals = Static<typeof ForecastTotals>;

/** The calibration of the weeks from_week..to_week ahead: their range is expected + [low, high] × the simulation's half-range (P90 − P10) / 2. */
export const HorizonGroup = Obj({
  from_week: Type.Integer(),
  to_week: Type.Integer(),
  low: Type.Number(),
  high: Type.Number(),
  /** the backtest's scores ((actual − expected) / half-range) the bounds come from */
  scores: Type.Integer(),
  /** too few scores of its own: the bounds of all horizons together */
  pooled: Type.Boolean(),
});
export type HorizonGroup = Static<typeof HorizonGroup>;

export const RANGE_REASONS = ['backtest_pending', 'no_backtest', 'too_few_scores'] as const;

/** How the plan's P10-P90 were set. */
export const ForecastRange = Obj({
  /** calibrated: on the ledger's backtest (conformal, by horizon); simulation: the simulation's own range */
  method: StringEnum(['calibrated', 'simulation']),
  /** why the simulation's range stands: the backtest is not computed yet, there is none (the history is too short: detail), or too few of its weeks are known at the date; null when calibrated */
  reason: Type.Union([StringEnum(RANGE_REASONS), Type.Null()]),
  detail: NullableString,
  /** the backtest origins (their 13 weeks ended by the as-of date) the calibration drew on */
  origins: Type.Integer(),
  /** the bounds by horizon group: of the total receipts, and of the open invoices alone */
  total: Type.Array(HorizonGroup),
  open: Type.Array(HorizonGroup),
});
export type ForecastRange = Static<typeof ForecastRange>;

export const HABIT_REASONS = ['setting', 'backtest_helps', 'backtest_does_not_help', 'backtest_pending', 'no_backtest'] as const;

/** Whether the plan places the receipts of clients paying in runs (the 10th, month-end, Fridays…) on their run days. */
export const ForecastHabits = Obj({
  /** the settings' forecast.payment_habits: auto (as the backtest says), on, off */
  setting: StringEnum(['auto', 'on', 'off']),
  used: Type.Boolean(),
  /** setting: on or off in the settings; auto: the backtest's WAPE with the habits below or not below without them, not computed yet, or none (history too short) */
  reason: StringEnum(HABIT_REASONS),
  /** clients with open invoices whose payments show a habit */
  clients: Type.Integer(),
  /** the backtest's WAPE of the open invoices with and without the habits (null: not known) */
  wape_with: NullableNumber,
  wape_without: NullableNumber,
});
export type ForecastHabits = Static<typeof ForecastHabits>;

export const ForecastReport = Obj({
  as_of_date: IsoDate,
  entity_id: NullableString,
  weeks: Type.Array(ForecastWeek),
  totals: ForecastTotals,
  method: Obj({
    history_months: Type.Integer(),
    simulations: Type.Integer(),
    client_correlation: Type.Number(),
    portfolio_correlation: Type.Number(),
    /** how the sales of the coming weeks were forecast */
    sales_method: StringEnum(['seasonal', 'trailing']),
    /** seasonal: last 13 weeks' sales over the same weeks a year before */
    sales_growth: NullableNumber,
    /** settled invoices of the history the delays were learnt from (none: invoices expected on their due date, overdue ones in week 1) */
    history_invoices: Type.Integer(),
    items: Type.Integer(),
    clients: Type.Integer(),
    range: ForecastRange,
    habits: ForecastHabits,
  }),
});
export type ForecastReport = Static<typeof ForecastReport>;

export const ForecastWeekDetail = Obj({
  as_of_date: IsoDate,
  week: ForecastWeek,
  /** the invoices expected that week, largest first, with the probability of their cash that week */
  items: Type.Array(Obj({ ...forecastItemFields, expected_in_week: Money, probability_in_week: Type.Number() })),
  clients: Type.Array(Obj({ entity_id: Type.String(), client_id: Type.String(), client_name: NullableString, expected_in_week: Money, items: Type.Integer() })),
});
export type ForecastWeekDetail = Static<typeof ForecastWeekDetail>;

const Weekly = Type.Array(Type.Number());
export const ForecastBacktestOrigin = Obj({
  as_of: IsoDate,
  /** cash received each week on the invoices open at the origin */
  actual: Weekly,
  model: Weekly,
  p10: Weekly,
  p90: Weekly,
  due_date: Weekly,
  shifted: Weekly,
  /** the model's forecast without the payment habits (the same as model when none was used) */
  model_without_habits: Weekly,
  /** the whole plan (with disputed invoices and invoices not issued yet) against all cash received */
  actual_total: Weekly,
  model_total: Weekly,
  p10_total: Weekly,
  p90_total: Weekly,
});
export type ForecastBacktestOrigin = Static<typeof ForecastBacktestOrigin>;

const errorFields = {
  /** sum of |forecast − actual| over sum of actual, weeks 1 to 13 of every origin */
  wape: Type.Number(),
  /** the same for each week ahead */
  wape_by_week: Type.Array(Type.Number()),
  /** sum over origins of |13-week forecast − 13-week actual| over sum of 13-week actuals */
  total_error: Type.Number(),
};
export const ForecastErrors = Obj(errorFields);
export type ForecastErrors = Static<typeof ForecastErrors>;
const ErrorsWithCoverage = Obj({ ...errorFields, coverage: Type.Number(), coverage_by_week: Type.Array(Type.Number()) });

/** A range calibrated on the backtest, and judged out of sample. */
export const RangeCalibration = Obj({
  /** the calibration from every origin's weeks (what the plan at the latest date uses); null: too few scores */
  groups: Type.Union([Type.Array(HorizonGroup), Type.Null()]),
  scores: Type.Integer(),
  /** the calibrated range's coverage, each origin calibrated on the others without the residuals of the calendar weeks it forecasts */
  coverage: Type.Number(),
  coverage_by_week: Type.Array(Type.Number()),
  /** the origins that had enough scores to be calibrated (the others keep the simulation's range) */
  calibrated_origins: Type.Integer(),
});
export type RangeCalibration = Static<typeof RangeCalibration>;
const Range = Type.Tuple([Type.Number(), Type.Number()]);

const backtestFields = {
  entity_id: NullableString,
  weeks: Type.Integer(),
  origins: Type.Array(ForecastBacktestOrigin),
  model: ErrorsWithCoverage,
  due_date: ForecastErrors,
  shifted: ForecastErrors,
  /** 1 − model WAPE / the better baseline's WAPE */
  /** 1 − the model's WAPE / the better baseline's; null when that baseline is exact (WAPE 0) */
  improvement: Type.Union([Type.Number(), Type.Null()]),
  total_plan: ErrorsWithCoverage,
  /** the origins the backtest could afford on this ledger: every one available, or some spread over them */
  sampling: Obj({ origins_available: Type.Integer(), origins_used: Type.Integer(), open_invoices: Type.Integer() }),
  /** 90 % intervals from resampling the origins (a bootstrap): how much the figures depend on the weeks tested */
  intervals: Obj({ level: Type.Number(), model_wape: Range, model_coverage: Range, improvement: Range }),
  /** the P10-P90 calibrated on the backtest's errors (conformal, by horizon): for the open invoices (model) and the whole plan */
  calibration: Obj({ method: Type.Literal('conformal'), levels: Range, open: RangeCalibration, total: RangeCalibration }),
  /**
   * the payment habits weighed: the WAPE of the open invoices with them and without, the most
   * clients with a habit at an origin; helps: WAPE lower with them. The model judged above is the
   * forecast as the plan runs it: without them when, left to the backtest (auto), they do not help
   */
  habits: Obj({ used: Type.Boolean(), clients: Type.Integer(), wape_with: Type.Number(), wape_without: Type.Number(), helps: Type.Boolean() }),
};
export const ForecastBacktest = Obj(backtestFields);
export type ForecastBacktest = Static<typeof ForecastBacktest>;

/** The backtest of the loaded ledger, or why there is none. */
export const ForecastQuality = Type.Union([
  Obj({ available: Type.Literal(false), reason: Type.String() }),
  Obj({ available: Type.Literal(true), ...backtestFields }),
]);
export type ForecastQuality = Static<typeof ForecastQuality>;

export const SNAPSHOT_REASONS = ['import', 'start', 'manual', 'demo'] as const;
export const ForecastSnapshot = Obj({
  snapshot_id: Type.Integer(),
  as_of: IsoDate,
  entity_id: NullableString,
  created_at: Type.String(),
  /** import: after an import with newer data; start: the latest data had none; manual: on demand; demo: the demo's past weeks */
  reason: StringEnum(SNAPSHOT_REASONS),
  /** who saved it on demand (null: saved by Encours itself, after an import or at start) */
  created_by: NullableString,
  /** the plan's total over its weeks, and its first week */
  expected: Money,
  expected_week1: Money,
  items: Type.Integer(),
});
export type ForecastSnapshot = Static<typeof ForecastSnapshot>;

export const ReviewItem = Obj({
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  piece_ref: NullableString,
  doc_date: NullableDate,
  due_date: NullableDate,
  open_amount: Money,
  /** what the earlier forecast expected of it between the two dates */
  expected_in_period: Money,
  /** its expected cash over the plan, in the earlier and the later forecast */
  expected_before: Money,
  expected_after: Money,
});
export type ReviewItem = Static<typeof ReviewItem>;

/** Last week's forecast against what came in, and against this week's forecast. */
/** A collections event of the review's period: a promise broken, a dispute opened or resolved. */
export const ReviewCollectionEvent = Obj({
  event: StringEnum(['broken_promise', 'dispute_opened', 'dispute_resolved']),
  action_id: Type.Integer(),
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  invoice_ref: NullableString,
  /** the promised date, or the day the dispute was opened or resolved */
  event_date: IsoDate,
  /** promised, or contested */
  amount: NullableNumber,
  /** a broken promise: what came in of it */
  received: NullableNumber,
  reason: NullableString,
  recorded_by: Type.String(),
});
export type ReviewCollectionEvent = Static<typeof ReviewCollectionEvent>;

export const ForecastReview = Obj({
  previous: ForecastSnapshot,
  current: ForecastSnapshot,
  /** the days between the two as-of dates: (from, to] */
  period: Obj({ from: IsoDate, to: IsoDate, days: Type.Integer() }),
  /** all cash received in the period, and what the previous forecast expected in it (its invoices, then its future sales) */
  totals: Obj({ expected: Money, expected_from_invoices: Money, expected_from_new_sales: Money, received: Money, difference: Money }),
  /** by client: expected from its invoices against received, the largest differences (surprises) first */
  clients: Type.Array(Obj({ entity_id: Type.String(), client_id: Type.String(), client_name: NullableString, expected: Money, received: Money, difference: Money })),
  /** how the plan's total moved from the previous forecast to the current one */
  change: Obj({ previous: Money, current: Money, new_invoices: Money, settled_invoices: Money, reforecast: Money, new_sales: Money }),
  new_invoices: Type.Array(ReviewItem),
  settled_invoices: Type.Array(ReviewItem),
  /** expected (half or more) in the period, still open */
  slipped: Type.Array(ReviewItem),
  /** from the collections: promises broken in the period, disputes opened and resolved */
  collections: Type.Array(ReviewCollectionEvent),
});
export type ForecastReview = Static<typeof ForecastReview>;

/** A past week of the plan: what the snapshot made at its start expected, and what came in. */
export const ForecastHistoryWeek = Obj({
  snapshot_id: Type.Integer(),
  as_of: IsoDate,
  start: IsoDate,
  end: IsoDate,
  forecast: Money,
  p10: Money,
  p90: Money,
  received: Money,
});
export type ForecastHistoryWeek = Static<typeof ForecastHistoryWeek>;

export const forecastRoutes = {
  forecast: route({
    method: 'GET',
    url: '/api/forecast',
    description: 'The cash-receipt plan by week from a date (the latest by default), by component with its P10-P90 range.',
    querystring: Input({ ...AsOfQuery.properties, weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 52 })) }),
    response: { 200: ForecastReport, 400: ErrorBody },
  }),
  forecastWeek: route({
    method: 'GET',
    url: '/api/forecast/weeks/:week',
    description: 'The invoices and clients expected in one week of the plan.',
    params: Input({ week: Type.Integer({ minimum: 1, maximum: 52 }) }),
    querystring: AsOfQuery,
    response: { 200: ForecastWeekDetail, 400: ErrorBody },
  }),
  forecastHistory: route({
    method: 'GET',
    url: '/api/forecast/history',
    description: 'The past weeks: what the forecast made at their start expected, and what came in.',
    querystring: Input({ ...EntityQuery.properties, weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 104, default: 12 })) }),
    response: { 200: Obj({ weeks: Type.Array(ForecastHistoryWeek) }), 400: ErrorBody },
  }),
  forecastBacktest: route({
    method: 'GET',
    url: '/api/forecast/backtest',
    description: 'The forecast backtested on the loaded ledger, against the due-date baselines.',
    querystring: EntityQuery,
    response: { 200: ForecastQuality, 400: ErrorBody },
  }),
  forecastSnapshots: route({
    method: 'GET',
    url: '/api/forecast/snapshots',
    description: 'The saved forecasts, newest first.',
    querystring: EntityQuery,
    response: { 200: Obj({ snapshots: Type.Array(ForecastSnapshot) }), 400: ErrorBody },
  }),
  saveForecastSnapshot: route({
    method: 'POST',
    url: '/api/forecast/snapshots',
    access: 'analyst',
    description: 'Saves the forecast at a date (the latest by default).',
    body: Type.Union([Input({ as_of: Type.Optional(IsoDate), entity: Type.Optional(NullableString) }), Type.Null()]),
    response: { 201: ForecastSnapshot, 400: ErrorBody },
  }),
  forecastReview: route({
    method: 'GET',
    url: '/api/forecast/review',
    description: 'The weekly review of two saved forecasts: expected against received, and what moved the plan.',
    querystring: Input({ previous: Type.Integer({ minimum: 1, maximum: 2147483647 }), current: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
    response: { 200: ForecastReview, 400: ErrorBody, 404: ErrorBody },
  }),
};
