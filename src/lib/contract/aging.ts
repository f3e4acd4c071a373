// The contract of /api/aging: the aged balance (balance âgée) at a date with its reconciliation to
// the ledger, and its month-end history.
import { AsOfQuery, EntityQuery, ErrorBody, Input, IsoDate, Money, NullableInteger, NullableNumber, NullableString, Obj, route, StringEnum, Type, type Static } from './common.ts';

/** An ageing bucket: bucket 0 is "not due" (basis due), -1 unapplied credits; to_days null = open-ended. */
export const AgingBucket = Obj({
  key: Type.String(),
  bucket: Type.Integer(),
  from_days: NullableInteger,
  to_days: NullableInteger,
});
export type AgingBucket = Static<typeof AgingBucket>;

export const AgingClientRow = Obj({
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  /** open amount per bucket, in the order of AgingReport.buckets (the last is `unapplied`, negative) */
  amounts: Type.Array(Money),
  total: Money,
  overdue: Money,
  share_overdue: NullableNumber,
  oldest_days_past_due: NullableInteger,
  item_count: Type.Integer(),
  has_disputed: Type.Boolean(),
  /** of the total, what is on doubtful-debt accounts (416), aged by the invoices moved there */
  doubtful: Money,
});
export type AgingClientRow = Static<typeof AgingClientRow>;

/** The aged total against the ledger balance of the receivable accounts at the same date. */
export const Reconciliation = Obj({ ledger_balance: Money, aged_total: Money, difference: Money });
export type Reconciliation = Static<typeof Reconciliation>;

export const AgingBasis = StringEnum(['due', 'invoice'], 'days past the due date, or days since the invoice date');
export type AgingBasis = Static<typeof AgingBasis>;

export const AgingReport = Obj({
  as_of_date: IsoDate,
  entity_id: NullableString,
  basis: AgingBasis,
  buckets: Type.Array(AgingBucket),
  clients: Type.Array(AgingClientRow),
  /** totals per bucket key, and `total`, `overdue` and `doubtful` */
  totals: Type.Unsafe<Record<string, number> & { total: number; overdue: number; doubtful: number }>({ type: 'object', required: ['total', 'overdue', 'doubtful'], additionalProperties: { type: 'number' } }),
  reconciliation: Reconciliation,
  /** the doubtful debts aged (the clients' `doubtful`) against the balance of the doubtful-debt accounts (416) */
  doubtful: Reconciliation,
  /** advances received from clients (4191), deducted from receivables in the DSO */
  advances: Money,
});
export type AgingReport = Static<typeof AgingReport>;

export const AgingHistory = Obj({
  entity_id: NullableString,
  buckets: Type.Array(AgingBucket),
  /** per month-end, the open amounts in the order of `buckets` */
  months: Type.Array(Obj({ month_end: IsoDate, amounts: Type.Array(Money), total: Money })),
});
export type AgingHistory = Static<typeof AgingHistory>;

const Buckets = Type.String({ pattern: '^\\d{1,5}(,\\d{1,5})*$', description: 'upper edges in days, e.g. 30,60,90' });

export const agingRoutes = {
  aging: route({
    method: 'GET',
    url: '/api/aging',
    description: 'The aged balance at a date (the latest by default), by client and bucket, with its reconciliation to the ledger.',
    querystring: Input({ ...AsOfQuery.properties, basis: Type.Optional(AgingBasis), buckets: Type.Optional(Buckets) }),
    response: { 200: AgingReport, 400: ErrorBody },
  }),
  agingHistory: route({
    method: 'GET',
    url: '/api/aging/history',
    description: 'The aged balance by bucket (days past due) at every month-end.',
    querystring: Input({ ...EntityQuery.properties, buckets: Type.Optional(Buckets) }),
    response: { 200: AgingHistory, 400: ErrorBody },
  }),
};
