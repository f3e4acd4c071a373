// The contract of /api/provisions: the provision proposed on the doubtful receivables (416) at a
// closing date — per invoice, on its amount excluding VAT, at the rate of its days past due — set
// against the provision booked (491), as the allowance or reversal to book per client.
import { AsOfQuery, ErrorBody, File, IsoDate, Money, NullableString, Obj, route, Type, type Static } from './common.ts';

/** A rate rule of the settings: over that many days past due, that share of the base. */
export const ProvisionRule = Obj({ over_days: Type.Integer(), rate: Type.Number() });
export type ProvisionRule = Static<typeof ProvisionRule>;

/** An open doubtful invoice and its provision. */
export const ProvisionInvoice = Obj({
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  item_id: Type.Number(),
  piece_ref: NullableString,
  doc_date: IsoDate,
  due_date: IsoDate,
  days_past_due: Type.Integer(),
  /** open amount including VAT */
  open_amount: Money,
  /** whether the share excluding VAT is the sale's own (its 4457 line), or the settings' VAT rate was assumed */
  vat_from_ledger: Type.Boolean(),
  /** the open amount excluding VAT */
  base: Money,
  rate: Type.Number(),
  provision: Money,
});
export type ProvisionInvoice = Static<typeof ProvisionInvoice>;

/** A client: the provision required, the one booked (491 by its auxiliary account), the entry to book. */
export const ProvisionClient = Obj({
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  invoices: Type.Integer(),
  open_amount: Money,
  base: Money,
  required: Money,
  booked: Money,
  /** dotation (6817): required − booked when more is required */
  allowance: Money,
  /** reprise (7817): booked − required when less is required */
  reversal: Money,
});
export type ProvisionClient = Static<typeof ProvisionClient>;

/** A provision booked on 491 without a client (no auxiliary account on its lines). */
export const UnassignedProvision = Obj({ entity_id: Type.String(), account_num: Type.String(), booked: Money });
export type UnassignedProvision = Static<typeof UnassignedProvision>;

export const ProvisionsReport = Obj({
  as_of_date: IsoDate,
  entity_id: Type.String(),
  rules: Type.Array(ProvisionRule),
  /** the VAT rate assumed where an invoice's sale is not in the ledger */
  vat_rate: Type.Number(),
  invoices: Type.Array(ProvisionInvoice),
  clients: Type.Array(ProvisionClient),
  unassigned: Type.Array(UnassignedProvision),
  totals: Obj({
    open_amount: Money,
    base: Money,
    required: Money,
    /** booked for the clients and, without a client, on the account */
    booked: Money,
    /**
     * the entries to book: the sums of the clients' allowances and reversals — or, for an entity
     * with provisions booked without a client (unassigned), its net alone; allowance − reversal = net
     */
    allowance: Money,
    reversal: Money,
    /** required − booked: the net charge (positive) or release (negative) of the closing */
    net: Money,
    /** invoices whose base assumed the settings' VAT rate */
    vat_assumed: Type.Integer(),
  }),
});
export type ProvisionsReport = Static<typeof ProvisionsReport>;

export const provisionRoutes = {
  provisions: route({
    method: 'GET',
    url: '/api/provisions',
    description: 'The provision proposed on the doubtful receivables at a closing date, per invoice and per client, against the provision booked.',
    querystring: AsOfQuery,
    response: { 200: ProvisionsReport, 400: ErrorBody },
  }),
  provisionEntries: route({
    method: 'GET',
    url: '/api/provisions/entries.fec',
    description: "The entries that book the proposal (an allowance or a reversal per client, OD journal at the closing date), as a FEC of the entity to import into the accounting software.",
    querystring: AsOfQuery,
    response: { 200: File('text/plain (FEC)'), 400: ErrorBody },
  }),
};
