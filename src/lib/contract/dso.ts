// The contract of /api/dso: the monthly DSO series (simple 3 and 12 months, countback), split into
// best possible DSO and average days delinquent, with the CEI and the receivables behind them.
import { EntityQuery, ErrorBody, IsoDate, Money, NullableNumber, Obj, route, Type, type Static } from './common.ts';

/** The figures of one month, receivables and sales including VAT. */
export const DsoMonth = Obj({
  month_start: IsoDate,
  month_end: IsoDate,
  days: Type.Integer(),
  /** client receivables net of advances received (4191) */
  receivables: Money,
  client_receivables: Money,
  advances: Money,
  /** invoices minus credit notes of the month */
  sales: Money,
  not_due: Money,
  overdue: Money,
  dso_simple_3m: NullableNumber,
  dso_simple_12m: NullableNumber,
  dso_countback: NullableNumber,
  best_dso_simple_3m: NullableNumber,
  best_dso_simple_12m: NullableNumber,
  best_dso_countback: NullableNumber,
  add_simple_3m: NullableNumber,
  add_simple_12m: NullableNumber,
  add_countback: NullableNumber,
  cei: NullableNumber,
});
export type DsoMonth = Static<typeof DsoMonth>;

export const DsoReport = Obj({
  /** the entity, or '*' for all entities consolidated */
  entity_id: Type.String(),
  months: Type.Array(DsoMonth),
});
export type DsoReport = Static<typeof DsoReport>;

export const dsoRoutes = {
  dso: route({ method: 'GET', url: '/api/dso', description: 'The DSO series by month-end.', querystring: EntityQuery, response: { 200: DsoReport, 400: ErrorBody } }),
};
