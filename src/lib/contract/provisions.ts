// The contract of /api/provisions: the provision proposed on the doubtful receivables (416) at a
// closing date — per invoice, on its amount excluding VAT, at the rate of its days past due — set
// against the provision booked (491), as the allowance or reversal to book per client — at the rate
// decided for a client where a person decided one (/api/provisions/judgements); the write-offs
// (/api/provisions/write-offs) and the movement of the doubtful receivables and their provisions
// since the previous closing (/api/provisions/movement).
import { AsOfQuery, ErrorBody, File, Input, IsoDate, Money, NullableNumber, NullableString, Obj, route, StringEnum, Type, type Static } from './common.ts';

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
  /** the rate of the settings' rules for its days past due */
  rule_rate: Type.Number(),
  /** the rate applied: the rules', or the one decided for its client (rate_source) */
  rate: Type.Number(),
  rate_source: StringEnum(['rules', 'judgement'] as const),
  provision: Money,
});
export type ProvisionInvoice = Static<typeof ProvisionInvoice>;

/** The judgement in force on a client's rate at the closing: decided by a person, with its reason. */
export const ClientJudgement = Obj({
  judgement_id: Type.Integer(),
  rate: Type.Number(),
  reason: Type.String(),
  /** the closing it was decided for: it applies there and at the later closings */
  from_date: IsoDate,
  decided_by: Type.String(),
  decided_at: Type.String(),
});
export type ClientJudgement = Static<typeof ClientJudgement>;

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
  /** the rate decided for the client, applied to all its doubtful invoices instead of the rules; null: the rules */
  judgement: Type.Union([ClientJudgement, Type.Null()]),
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

/**
 * How the fiscal year of a date is known: from the FEC imports (fiscal_year), from a known closing
 * carried by whole years, 12-month years assumed (anniversary), or, with no FEC, the 12 months
 * up to the date (twelve_months).
 */
export const FiscalYearBasis = StringEnum(['fiscal_year', 'anniversary', 'twelve_months']);
export type FiscalYearBasis = Static<typeof FiscalYearBasis>;

/** The figures of a write-off, and of the write-offs of a year or a client (their sums). */
const writeOffFigures = {
  /** the amount written off, including VAT */
  amount: Money,
  /** the loss excluding VAT (654) */
  bad_debt: Money,
  /** the VAT recovered (4457 debit) */
  vat_recovered: Money,
  /** the provision reversed on the client in that fiscal year (491 debits): for a write-off, on its client's first of the year, 0 on the others */
  provision_reversed: Money,
};

/** A write-off (passage en perte): a credit to 411/416 in an entry debiting 654. */
export const WriteOff = Obj({
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  /** the write-off line's item (its ledger line) */
  item_id: Type.Number(),
  import_id: Type.Integer(),
  line_no: Type.Integer(),
  entry_date: IsoDate,
  /** its fiscal year: from the day after the previous closing to the closing */
  fiscal_year_start: IsoDate,
  fiscal_year_end: IsoDate,
  fiscal_year_basis: FiscalYearBasis,
  account_num: Type.String(),
  /** written off from doubtful receivables (416), or straight from the client account (411) */
  from_doubtful: Type.Boolean(),
  piece_ref: NullableString,
  /** the invoices it closed (their numbers), where its credit was applied (by lettering or FIFO) */
  invoices: Type.Array(Type.String()),
  matched_by: Type.Unsafe<'lettering' | 'fifo' | 'both' | null>({ type: ['string', 'null'], enum: ['lettering', 'fifo', 'both', null] }),
  ...writeOffFigures,
});
export type WriteOff = Static<typeof WriteOff>;

/** The write-offs of a fiscal year (client_id null) or of a client in a fiscal year. */
export const WriteOffTotal = Obj({
  entity_id: Type.String(),
  fiscal_year_start: IsoDate,
  fiscal_year_end: IsoDate,
  fiscal_year_basis: FiscalYearBasis,
  client_id: NullableString,
  client_name: NullableString,
  write_offs: Type.Integer(),
  clients: Type.Integer(),
  ...writeOffFigures,
});
export type WriteOffTotal = Static<typeof WriteOffTotal>;

export const ProvisionWriteOffsReport = Obj({
  as_of_date: IsoDate,
  entity_id: Type.String(),
  /** every write-off booked up to the as-of date, oldest first */
  write_offs: Type.Array(WriteOff),
  /** by fiscal year, oldest first */
  years: Type.Array(WriteOffTotal),
  /** by client within each fiscal year */
  clients: Type.Array(WriteOffTotal),
  totals: Obj({ write_offs: Type.Integer(), ...writeOffFigures }),
});
export type ProvisionWriteOffsReport = Static<typeof ProvisionWriteOffsReport>;

/**
 * The doubtful receivables (416) from the previous closing to the as-of date: closing = opening +
 * transfers_in − receipts − credit_notes − write_offs + other; closing is the 416 balance of the
 * ledger, difference what the movement leaves unexplained (0 when it reconciles).
 */
export const DoubtfulMovement = Obj({
  opening: Money,
  transfers_in: Money,
  receipts: Money,
  credit_notes: Money,
  write_offs: Money,
  other: Money,
  closing: Money,
  difference: Money,
});
export type DoubtfulMovement = Static<typeof DoubtfulMovement>;

/** The provisions (491) from the previous closing to the as-of date: closing = opening + allowances − reversals. */
export const ProvisionMovement = Obj({ opening: Money, allowances: Money, reversals: Money, closing: Money, difference: Money });
export type ProvisionMovement = Static<typeof ProvisionMovement>;

/** An entity's movement since its previous closing (the end of the fiscal year before the as-of date's). */
export const EntityMovement = Obj({
  entity_id: Type.String(),
  previous_closing: IsoDate,
  /** how the previous closing is known (see FiscalYearBasis) */
  closing_basis: FiscalYearBasis,
  doubtful: DoubtfulMovement,
  provision: ProvisionMovement,
});
export type EntityMovement = Static<typeof EntityMovement>;

export const ProvisionMovementReport = Obj({
  as_of_date: IsoDate,
  entity_id: Type.String(),
  entities: Type.Array(EntityMovement),
  /** the entities' sums (each since its own previous closing) */
  totals: Obj({ doubtful: DoubtfulMovement, provision: ProvisionMovement }),
});
export type ProvisionMovementReport = Static<typeof ProvisionMovementReport>;

/** A provision judgement as recorded: a client's rate decided for a closing, or (rate null) withdrawn. */
export const ProvisionJudgement = Obj({
  judgement_id: Type.Integer(),
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  from_date: IsoDate,
  /** share of the base excluding VAT, 0 to 1; null: the override withdrawn, the rules apply again */
  rate: NullableNumber,
  reason: Type.String(),
  decided_by: Type.String(),
  decided_at: Type.String(),
});
export type ProvisionJudgement = Static<typeof ProvisionJudgement>;

/** A judgement to record: the client's rate (0 to 1, or null to go back to the rules) and why, from a closing date on. */
export const NewProvisionJudgement = Input({
  entity: Type.Optional(Type.String()),
  client_id: Type.String({ minLength: 1 }),
  // one type list, not a union: the validator coerces types, and in a union would read a null as the
  // number 0 (number first) or a 0 as null (null first) — a 0 % rate recorded as "back to the rules"
  rate: Type.Unsafe<number | null>({ type: ['number', 'null'], minimum: 0, maximum: 1, description: 'share of the base excluding VAT, 0 to 1; null: back to the rules' }),
  reason: Type.String({ minLength: 3, maxLength: 500 }),
  /** the closing it is decided for (default: the date of the data) */
  from_date: Type.Optional(IsoDate),
});
export type NewProvisionJudgement = Static<typeof NewProvisionJudgement>;

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
  provisionWriteOffs: route({
    method: 'GET',
    url: '/api/provisions/write-offs',
    description: 'The write-offs (654, with the VAT recovered) booked up to the as-of date, with the invoices they closed and the provision reversed, totalled by fiscal year and by client.',
    querystring: AsOfQuery,
    response: { 200: ProvisionWriteOffsReport, 400: ErrorBody },
  }),
  provisionMovement: route({
    method: 'GET',
    url: '/api/provisions/movement',
    description: 'The movement of the doubtful receivables (416) and of their provisions (491) from the previous closing to the as-of date, per entity, as the notes to the accounts present it.',
    querystring: AsOfQuery,
    response: { 200: ProvisionMovementReport, 400: ErrorBody },
  }),
  provisionJudgements: route({
    method: 'GET',
    url: '/api/provisions/judgements',
    description: 'The provision judgements decided, newest first: the rates decided for clients with their reasons, who decided and when.',
    querystring: Input({ entity: Type.Optional(Type.String()), client: Type.Optional(Type.String()) }),
    response: { 200: Obj({ judgements: Type.Array(ProvisionJudgement) }), 400: ErrorBody },
  }),
  recordProvisionJudgement: route({
    method: 'POST',
    url: '/api/provisions/judgements',
    access: 'analyst',
    description: "Records a rate decided for a client's doubtful receivables, with its reason, from a closing on — or, with no rate, goes back to the rules.",
    body: NewProvisionJudgement,
    response: { 201: ProvisionJudgement, 400: ErrorBody },
  }),
};
