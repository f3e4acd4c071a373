// The contract of /api/clients: every client's payment behaviour, segment and risk score at a date,
// and one client's items (invoices, payments, credit notes) with their status and settlement.
import { AsOfQuery, ErrorBody, Input, IsoDate, Money, NullableDate, NullableInteger, NullableNumber, NullableString, Obj, route, StringEnum, Type, type Static } from './common.ts';
import { RISK_BANDS, RiskFactor, RiskModel, type RiskBand } from './risk.ts';

export const Segment = StringEnum(['new', 'regular', 'at_risk']);
export type Segment = Static<typeof Segment>;
export const Trend = StringEnum(['deteriorating', 'improving', 'stable', 'insufficient']);
export type Trend = Static<typeof Trend>;

/** How a client pays, as of a date (sql/queries/clients.sql). Days are amount-weighted means unless named median/p90. */
export const ClientBehaviour = Obj({
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  first_invoice_date: NullableDate,
  last_payment_date: NullableDate,
  invoices_12m: Type.Integer(),
  amount_12m: Money,
  mean_days_to_pay_12m: NullableNumber,
  mean_days_late_12m: NullableNumber,
  median_days_late_12m: NullableNumber,
  p90_days_late_12m: NullableNumber,
  on_time_share_12m: NullableNumber,
  invoices_all: Type.Integer(),
  amount_all: Money,
  mean_days_late_all: NullableNumber,
  median_days_late_all: NullableNumber,
  on_time_share_all: NullableNumber,
  invoices_3m: Type.Integer(),
  mean_days_late_3m: NullableNumber,
  mean_days_late_9m: NullableNumber,
  trend_change_days: NullableNumber,
  /** mean days late of the same 3 months a year before (the seasonality check of the trend) */
  mean_days_late_year_ago_3m: NullableNumber,
  trend: Trend,
  open_amount: Money,
  overdue_amount: Money,
  oldest_days_past_due: NullableInteger,
  open_disputes: Type.Integer(),
  credit_notes_12m: Type.Integer(),
  segment: Segment,
  /** the risk score: 0-100, its band, or in_default; null when not scored (inactive, or no model) */
  risk_score: NullableInteger,
  risk_band: Type.Unsafe<RiskBand | 'in_default' | null>({ type: ['string', 'null'], enum: [...RISK_BANDS, 'in_default', null] }),
  risk_factors: Type.Array(RiskFactor),
  /**
   * the days it pays on, when its payments over the forecast's history show a habit more than
   * chance would (forecast/habits.ts): days of the month (0: the month's last business day), or a
   * weekday (1 Monday … 5 Friday); with the payment days looked at and those on its run days
   */
  payment_habit: Type.Union([
    Obj({ kind: StringEnum(['monthly', 'weekly']), days: Type.Array(Type.Integer()), weekday: NullableInteger, payments: Type.Integer(), on_run_days: Type.Integer(), p_value: Type.Number() }),
    Type.Null(),
  ]),
});
export type ClientBehaviour = Static<typeof ClientBehaviour>;

export const ClientsReport = Obj({
  as_of_date: IsoDate,
  entity_id: NullableString,
  /** the segment thresholds in force (settings), for the UI to explain them */
  thresholds: Obj({ new_client_months: Type.Number(), new_client_min_invoices: Type.Number(), at_risk_mean_days_late: Type.Number(), at_risk_oldest_overdue_days: Type.Number() }),
  /** the trend thresholds in force (settings) */
  trend_thresholds: Obj({ min_invoices: Type.Number(), min_recent_invoices: Type.Number(), min_change_days: Type.Number(), min_sd_days: Type.Number(), min_t: Type.Number() }),
  /** the risk model behind risk_score */
  risk: RiskModel,
  clients: Type.Array(ClientBehaviour),
});
export type ClientsReport = Static<typeof ClientsReport>;

export const ItemStatus = StringEnum(['settled', 'applied', 'unapplied', 'disputed', 'overdue', 'not_due']);
export type ItemStatus = Static<typeof ItemStatus>;

/** A line of a client's account: an invoice, a payment, a credit note…, as of a date. */
export const ClientItem = Obj({
  item_id: Type.Integer(),
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  source: StringEnum(['fec', 'invoices']),
  /** where it comes from: the import and the line of its file */
  import_id: Type.Integer(),
  line_no: Type.Integer(),
  account_num: Type.String(),
  line_type: Type.String(),
  piece_ref: NullableString,
  line_label: NullableString,
  doc_date: IsoDate,
  entry_date: IsoDate,
  due_date: NullableDate,
  amount: Money,
  open_amount: Money,
  days_past_due: NullableInteger,
  allocation_method: Type.Unsafe<'lettering' | 'fifo' | 'lettering+fifo' | null>({ type: ['string', 'null'], enum: ['lettering', 'fifo', 'lettering+fifo', null] }),
  status: ItemStatus,
  settled_date: NullableDate,
  /** what completed the invoice: payment, credit_note, doubtful_transfer, write_off… */
  settled_by: NullableString,
  days_late: NullableInteger,
  is_disputed: Type.Boolean(),
});
export type ClientItem = Static<typeof ClientItem>;

export const ClientItemsReport = Obj({
  client_id: Type.String(),
  client_name: NullableString,
  as_of_date: IsoDate,
  items: Type.Array(ClientItem),
});
export type ClientItemsReport = Static<typeof ClientItemsReport>;

export const clientRoutes = {
  clients: route({
    method: 'GET',
    url: '/api/clients',
    description: "Every client's payment behaviour, segment and risk score at a date (or one client's, with ?client=).",
    querystring: Input({ ...AsOfQuery.properties, client: Type.Optional(Type.String()) }),
    response: { 200: ClientsReport, 400: ErrorBody },
  }),
  clientItems: route({
    method: 'GET',
    url: '/api/clients/:id/items',
    description: "A client's items at a date, with status, settlement and their source line.",
    params: Input({ id: Type.String() }),
    querystring: AsOfQuery,
    response: { 200: ClientItemsReport, 400: ErrorBody, 404: ErrorBody },
  }),
};
