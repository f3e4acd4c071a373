// The contract of /api/provisions/expected-loss: the expected-loss view beside the provision
// proposal (IFRS 9 simplified approach) — a provision matrix of loss rates by bucket of days past
// due, measured on the ledger's own history (the share of each bucket's amount at past month-ends
// written off or moved to doubtful debts within the months after), applied to the aged balance at
// the closing date; the history it rests on; and whether that history is enough to use it.
import { AgingBucket } from './aging.ts';
import { AsOfQuery, ErrorBody, IsoDate, Money, NullableDate, NullableNumber, Obj, route, StringEnum, Type, type Static } from './common.ts';

const NullableMoney = NullableNumber;

/** A bucket of the matrix: what is open in it at the closing date, its history, its rate and expected loss. */
export const ExpectedLossBucket = Obj({
  /** the aged balance's bucket (0 not due, 1 … the open-ended last) */
  bucket: Type.Integer(),
  key: Type.String(),
  /** open on client accounts (411, 413) at the closing date, including VAT */
  open_amount: Money,
  /** Σ over the month-ends of the history of the amount open in the bucket */
  history_open: Money,
  /** of it, what was written off (654) or moved to doubtful debts (416) within the outcome months */
  history_lost: Money,
  /** the clients those losses come from */
  lost_clients: Type.Integer(),
  /** history_lost / history_open (shown even when the history is not enough); null when the history holds nothing in the bucket and no younger bucket is rated */
  rate: NullableNumber,
  /** the history holds nothing in the bucket: its rate is the highest of the younger buckets' */
  rate_carried: Type.Boolean(),
  /** open_amount × rate, to the cent; null when the history is not enough */
  expected_loss: NullableMoney,
});
export type ExpectedLossBucket = Static<typeof ExpectedLossBucket>;

/** A month-end of the history: open and lost per bucket, in the order of ExpectedLossReport.buckets. */
export const ExpectedLossMonth = Obj({
  month_end: IsoDate,
  /** the end of its outcome window (the month-end `outcome_months` later) */
  outcome_end: IsoDate,
  open: Type.Array(Money),
  lost: Type.Array(Money),
  lost_clients: Type.Integer(),
});
export type ExpectedLossMonth = Static<typeof ExpectedLossMonth>;

export const ExpectedLossStatus = StringEnum(['available', 'not_enough_history'], 'whether the history is enough to use the matrix (threshold)');
export type ExpectedLossStatus = Static<typeof ExpectedLossStatus>;

export const ExpectedLossReport = Obj({
  as_of_date: IsoDate,
  entity_id: Type.String(),
  /** months of outcome observed after each month-end of the history */
  outcome_months: Type.Integer(),
  /** the buckets of the matrix (the aged balance's, by days past due) */
  buckets: Type.Array(AgingBucket),
  status: ExpectedLossStatus,
  /** below either, not enough history: too few month-ends with their outcome, or losses of too few clients */
  threshold: Obj({ min_month_ends: Type.Integer(), min_lost_clients: Type.Integer() }),
  /** the month-ends used, how many, and the clients whose losses the rates rest on */
  month_ends: Type.Integer(),
  first_month_end: NullableDate,
  last_month_end: NullableDate,
  lost_clients: Type.Integer(),
  matrix: Type.Array(ExpectedLossBucket),
  /** the doubtful debts (416): not in the matrix, provisioned one by one by the proposal (on their amount excluding VAT) */
  doubtful: Obj({ open_amount: Money, provision: Money }),
  /** unapplied payments and credits (negative): nothing to lose */
  unapplied: Money,
  totals: Obj({
    /** client accounts, the matrix's rows */
    open_amount: Money,
    /** Σ of the matrix's expected losses; null when the history is not enough */
    expected_loss: NullableMoney,
    /** matrix + doubtful + unapplied: the aged total at the closing date */
    aged_total: Money,
    /** expected loss + the doubtful debts' specific provision; null when the history is not enough */
    allowance: NullableMoney,
  }),
  /** the month-ends used, oldest first */
  history: Type.Array(ExpectedLossMonth),
});
export type ExpectedLossReport = Static<typeof ExpectedLossReport>;

export const expectedLossRoutes = {
  expectedLoss: route({
    method: 'GET',
    url: '/api/provisions/expected-loss',
    description: 'The expected-loss view (IFRS 9 simplified approach): loss rates by bucket of days past due measured on the ledger’s history, applied to the aged balance at a closing date, with the history used.',
    querystring: AsOfQuery,
    response: { 200: ExpectedLossReport, 400: ErrorBody },
  }),
};
