// The API's wire types: the contract between the fastify server and the UI. snake_case fields,
// dates as 'YYYY-MM-DD' strings, money as numbers rounded to cents.

export type ImportStatus = 'active' | 'replaced' | 'duplicate' | 'failed';
export type ImportStage = 'reading' | 'converting' | 'loading' | 'validating' | 'replacing' | 'rebuilding' | 'done';

export interface ImportProblem {
  line?: number;
  column?: string;
  value?: string;
  message: string;
}

export interface ImportErrorReport {
  file: string;
  summary: string;
  hint: string;
  problems: ImportProblem[];
  total_problems: number;
  report: string;
}

export interface ImportOutcome {
  import_id: number;
  file_name: string;
  status: 'active' | 'duplicate' | 'failed';
  format: 'fec' | 'invoices' | null;
  entity_id: string | null;
  period_start: string | null;
  period_end: string | null;
  line_count: number;
  total_debit: number;
  total_credit: number;
  warnings: string[];
  duration_ms: number;
  replaced_import_ids: number[];
  duplicate_of_import_id: number | null;
  error: ImportErrorReport | null;
}

export interface ImportJob {
  job_id: string;
  file_name: string;
  stage: ImportStage | 'queued';
  fraction: number | null;
  outcome: ImportOutcome | null;
  created_at: string;
}

export interface ImportHistoryRow {
  import_id: number;
  file_name: string;
  source: string;
  format: string | null;
  format_detail: Record<string, unknown> | null;
  entity_id: string | null;
  period_start: string | null;
  period_end: string | null;
  line_count: number | null;
  total_debit: number | null;
  total_credit: number | null;
  warnings: string[];
  error: ImportErrorReport | null;
  status: ImportStatus;
  replaced_by_import_id: number | null;
  duplicate_of_import_id: number | null;
  started_at: string;
  duration_ms: number | null;
}

export interface EntityStatus {
  entity_id: string;
  line_count: number;
  first_date: string | null;
  last_date: string | null;
}

export interface Status {
  has_data: boolean;
  as_of_date: string | null;
  entities: EntityStatus[];
  active_imports: number;
}

/** An ageing bucket: bucket 0 is "not due" (basis due), -1 unapplied credits; to_days null = open-ended. */
export interface AgingBucket {
  key: string;
  bucket: number;
  from_days: number | null;
  to_days: number | null;
}

export interface AgingClientRow {
  entity_id: string;
  client_id: string;
  client_name: string | null;
  /** open amount per bucket, in the order of AgingReport.buckets (the last is `unapplied`, negative) */
  amounts: number[];
  total: number;
  overdue: number;
  share_overdue: number | null;
  oldest_days_past_due: number | null;
  item_count: number;
  has_disputed: boolean;
}

export interface Reconciliation {
  ledger_balance: number;
  aged_total: number;
  difference: number;
}

export interface AgingReport {
  as_of_date: string;
  entity_id: string | null;
  basis: 'due' | 'invoice';
  buckets: AgingBucket[];
  clients: AgingClientRow[];
  /** totals per bucket key, and overall */
  totals: Record<string, number> & { total: number; overdue: number };
  reconciliation: Reconciliation;
  advances: number;
}

export interface DsoMonth {
  month_start: string;
  month_end: string;
  days: number;
  receivables: number;
  client_receivables: number;
  advances: number;
  sales: number;
  not_due: number;
  overdue: number;
  dso_simple_3m: number | null;
  dso_simple_12m: number | null;
  dso_countback: number | null;
  best_dso_simple_3m: number | null;
  best_dso_simple_12m: number | null;
  best_dso_countback: number | null;
  add_simple_3m: number | null;
  add_simple_12m: number | null;
  add_countback: number | null;
  cei: number | null;
}

export interface DsoReport {
  entity_id: string;
  months: DsoMonth[];
}

export interface ClientItem {
  item_id: number;
  entity_id: string;
  client_id: string;
  client_name: string | null;
  source: 'fec' | 'invoices';
  import_id: number;
  line_no: number;
  account_num: string;
  line_type: string;
  piece_ref: string | null;
  line_label: string | null;
  doc_date: string;
  entry_date: string;
  due_date: string | null;
  amount: number;
  open_amount: number;
  days_past_due: number | null;
  allocation_method: 'lettering' | 'fifo' | 'lettering+fifo' | null;
  status: 'settled' | 'applied' | 'unapplied' | 'disputed' | 'overdue' | 'not_due';
  settled_date: string | null;
  /** what completed the invoice: payment, credit_note, doubtful_transfer, write_off… */
  settled_by: string | null;
  days_late: number | null;
  is_disputed: boolean;
}

export interface ClientItemsReport {
  client_id: string;
  client_name: string | null;
  as_of_date: string;
  items: ClientItem[];
}

export interface AgingHistory {
  entity_id: string | null;
  buckets: AgingBucket[];
  /** per month-end, the open amounts in the order of `buckets` */
  months: { month_end: string; amounts: number[]; total: number }[];
}

export type Segment = 'new' | 'regular' | 'at_risk';
export type Trend = 'deteriorating' | 'improving' | 'stable' | 'insufficient';

/** How a client pays, as of a date (queries/client_behaviour.sql). Days are amount-weighted means unless named median/p90. */
export interface ClientBehaviour {
  entity_id: string;
  client_id: string;
  client_name: string | null;
  first_invoice_date: string | null;
  last_payment_date: string | null;
  invoices_12m: number;
  amount_12m: number;
  mean_days_to_pay_12m: number | null;
  mean_days_late_12m: number | null;
  median_days_late_12m: number | null;
  p90_days_late_12m: number | null;
  on_time_share_12m: number | null;
  invoices_all: number;
  amount_all: number;
  mean_days_late_all: number | null;
  median_days_late_all: number | null;
  on_time_share_all: number | null;
  invoices_3m: number;
  mean_days_late_3m: number | null;
  mean_days_late_9m: number | null;
  trend_change_days: number | null;
  /** mean days late of the same 3 months a year before (the seasonality check of the trend) */
  mean_days_late_year_ago_3m: number | null;
  trend: Trend;
  open_amount: number;
  overdue_amount: number;
  oldest_days_past_due: number | null;
  open_disputes: number;
  credit_notes_12m: number;
  segment: Segment;
  /** the risk score (riskReport): 0-100, its band, or in_default; null when not scored (inactive, or no model) */
  risk_score: number | null;
  risk_band: RiskBand | 'in_default' | null;
  risk_factors: RiskFactor[];
}

export interface ClientsReport {
  as_of_date: string;
  entity_id: string | null;
  /** the segment thresholds in force (settings), for the UI to explain them */
  thresholds: { new_client_months: number; new_client_min_invoices: number; at_risk_mean_days_late: number; at_risk_oldest_overdue_days: number };
  /** the trend thresholds in force (settings) */
  trend_thresholds: { min_invoices: number; min_recent_invoices: number; min_change_days: number; min_sd_days: number; min_t: number };
  /** the risk model behind risk_score (without its per-client rows) */
  risk: Omit<RiskReport, 'clients'>;
  clients: ClientBehaviour[];
}

// ---- risk score (/api/risk, /api/risk/quality) ----

export type RiskBand = 'low' | 'medium' | 'high';
/** the risk model's features (see sql/queries/risk_panel.sql) */
export type RiskFeature = 'mean_days_late' | 'recent_days_late' | 'trend_days' | 'oldest_days_past_due' | 'months_outstanding' | 'disputed_share' | 'is_new';

export interface RiskFactor {
  feature: RiskFeature;
  /** the client's value of the feature (days, months, a share, or 1/0) */
  value: number;
  /** its weight in the client's log-odds of default, against an average client */
  contribution: number;
}

export interface ClientRisk {
  entity_id: string;
  client_id: string;
  /** in_default: transferred to doubtful debts or written off, or an invoice past the threshold already */
  status: 'scored' | 'in_default';
  probability: number | null;
  /** 0-100: the probability of a default event in the horizon, in % */
  score: number | null;
  band: RiskBand | null;
  /** up to 3 features that raise this client's risk the most */
  factors: RiskFactor[];
}

export interface RiskModelSummary {
  /** the month-ends the model learnt from (their next months known at the as-of date) */
  training_from: string;
  training_to: string;
  training_rows: number;
  training_events: number;
  coefficients: { feature: RiskFeature; coefficient: number }[];
}

export interface RiskReport {
  as_of_date: string;
  entity_id: string | null;
  horizon_months: number;
  late_days: number;
  /** band edges in %: low below the first, high from the second */
  bands: [number, number];
  model: RiskModelSummary | null;
  /** why there is no model (too little history or too few defaults to learn from) */
  unavailable_reason: string | null;
  clients: ClientRisk[];
}

export interface CalibrationRow {
  /** 1 = the tenth of scored clients with the lowest predicted probabilities */
  decile: number;
  rows: number;
  mean_predicted: number;
  observed_rate: number;
}

export interface ScoreQuality {
  auc: number | null;
  brier: number;
  calibration: CalibrationRow[];
}

export interface RiskBacktest {
  entity_id: string | null;
  first_date: string;
  last_date: string;
  horizon_months: number;
  late_days: number;
  /** each origin: clients scored, of which had a default event in the horizon, and both AUCs */
  origins: { as_of: string; rows: number; events: number; auc: number | null; baseline_auc: number | null }[];
  rows: number;
  events: number;
  model: ScoreQuality;
  /** the naive baseline: the client's current days past due alone */
  baseline: ScoreQuality;
}

export type RiskBacktestWire = { available: false; reason: string } | ({ available: true } & RiskBacktest);

// ---- cash forecast (/api/forecast…) ----

/** A week of the plan: days `start`..`end` (week 1 starts the day after the as-of date). */
export interface ForecastWeek {
  week: number;
  start: string;
  end: string;
  /** the ISO week holding most of its days, e.g. "2026-W45" */
  iso_week: string;
  /** expected receipts from the invoices open at the as-of date (not disputed) */
  open_expected: number;
  /** from the disputed invoices, forecast apart */
  disputed_expected: number;
  /** from invoices not issued yet: the week's forecast sales times the payment-delay profile */
  new_sales_expected: number;
  expected: number;
  /** the 10th and 90th percentiles of the week's total receipts (simulation) */
  p10: number;
  p90: number;
  /** the same for the invoices open at the as-of date alone, disputed ones included (what the backtest judges) */
  open_p10: number;
  open_p90: number;
  /** forecast sales (invoices to be issued) of the week */
  sales_forecast: number;
}

export interface ForecastItem {
  item_id: number;
  entity_id: string;
  client_id: string;
  client_name: string | null;
  piece_ref: string | null;
  doc_date: string;
  due_date: string | null;
  open_amount: number;
  days_past_due: number;
  is_disputed: boolean;
  /** expected cash per week of the plan */
  expected: number[];
  /** expected cash after the horizon */
  later: number;
  /** the part not expected in cash at all (credited, written off, never paid) */
  uncollected: number;
}

export interface ForecastTotals {
  open_amount: number;
  disputed_amount: number;
  /** open on doubtful-debt accounts (416): not counted on */
  doubtful_amount: number;
  expected_open: number;
  expected_disputed: number;
  expected_new_sales: number;
  expected: number;
  later: number;
  uncollected: number;
}

export interface ForecastReport {
  as_of_date: string;
  entity_id: string | null;
  weeks: ForecastWeek[];
  totals: ForecastTotals;
  method: {
    history_months: number;
    simulations: number;
    client_correlation: number;
    portfolio_correlation: number;
    /** how the sales of the coming weeks were forecast */
    sales_method: 'seasonal' | 'trailing';
    /** seasonal: last 13 weeks' sales over the same weeks a year before */
    sales_growth: number | null;
    /** settled invoices of the history the delays were learnt from (none: invoices expected on their due date, overdue ones in week 1) */
    history_invoices: number;
    items: number;
    clients: number;
  };
}

export interface ForecastWeekDetail {
  as_of_date: string;
  week: ForecastWeek;
  /** the invoices expected that week, largest first, with the probability of their cash that week */
  items: (Omit<ForecastItem, 'expected'> & { expected_in_week: number; probability_in_week: number })[];
  clients: { entity_id: string; client_id: string; client_name: string | null; expected_in_week: number; items: number }[];
}

export interface ForecastBacktestOrigin {
  as_of: string;
  /** cash received each week on the invoices open at the origin */
  actual: number[];
  model: number[];
  p10: number[];
  p90: number[];
  due_date: number[];
  shifted: number[];
  /** the whole plan (with disputed invoices and invoices not issued yet) against all cash received */
  actual_total: number[];
  model_total: number[];
  p10_total: number[];
  p90_total: number[];
}

export interface ForecastErrors {
  /** sum of |forecast − actual| over sum of actual, weeks 1 to 13 of every origin */
  wape: number;
  /** the same for each week ahead */
  wape_by_week: number[];
  /** sum over origins of |13-week forecast − 13-week actual| over sum of 13-week actuals */
  total_error: number;
}

export interface ForecastBacktest {
  entity_id: string | null;
  weeks: number;
  origins: ForecastBacktestOrigin[];
  model: ForecastErrors & { coverage: number };
  due_date: ForecastErrors;
  shifted: ForecastErrors;
  /** 1 − model WAPE / the better baseline's WAPE */
  improvement: number;
  total_plan: ForecastErrors & { coverage: number };
}

export type ForecastBacktestWire = { available: false; reason: string } | ({ available: true } & ForecastBacktest);

export interface ForecastSnapshot {
  snapshot_id: number;
  as_of: string;
  entity_id: string | null;
  created_at: string;
  /** import: after an import with newer data; start: the latest data had none; manual: on demand; demo: the demo's past weeks */
  reason: 'import' | 'start' | 'manual' | 'demo';
  /** the plan's total over its weeks, and its first week */
  expected: number;
  expected_week1: number;
  items: number;
}

export interface ReviewItem {
  entity_id: string;
  client_id: string;
  client_name: string | null;
  piece_ref: string | null;
  doc_date: string | null;
  due_date: string | null;
  open_amount: number;
  /** what the earlier forecast expected of it between the two dates */
  expected_in_period: number;
  /** its expected cash over the plan, in the earlier and the later forecast */
  expected_before: number;
  expected_after: number;
}

/** Last week's forecast against what came in, and against this week's forecast. */
export interface ForecastReview {
  previous: ForecastSnapshot;
  current: ForecastSnapshot;
  /** the days between the two as-of dates: (from, to] */
  period: { from: string; to: string; days: number };
  /** all cash received in the period, and what the previous forecast expected in it (its invoices, then its future sales) */
  totals: { expected: number; expected_from_invoices: number; expected_from_new_sales: number; received: number; difference: number };
  /** by client: expected from its invoices against received, the largest differences (surprises) first */
  clients: { entity_id: string; client_id: string; client_name: string | null; expected: number; received: number; difference: number }[];
  /** how the plan's total moved from the previous forecast to the current one */
  change: { previous: number; current: number; new_invoices: number; settled_invoices: number; reforecast: number; new_sales: number };
  new_invoices: ReviewItem[];
  settled_invoices: ReviewItem[];
  /** expected (half or more) in the period, still open */
  slipped: ReviewItem[];
}

/** A past week of the plan: what the snapshot made at its start expected, and what came in. */
export interface ForecastHistoryWeek {
  snapshot_id: number;
  as_of: string;
  start: string;
  end: string;
  iso_week: string;
  forecast: number;
  p10: number;
  p90: number;
  received: number;
}
