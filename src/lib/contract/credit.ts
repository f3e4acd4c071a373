// The contract of /api/credit: credit limits (encours autorisé, issue #17) — per client at an as-of
// date, what it owes (its exposure: the client's total of the aged balance) against the limit in
// force, the use of the limit and its status, with a suggested limit and its arithmetic (never
// applied until a person records it); the limits decided in the app or imported from a credit
// insurer's list are the users' own data, only ever added to, with who decided them and when.
import { AsOfQuery, ErrorBody, Input, IsoDate, Money, NullableDate, NullableInteger, NullableNumber, NullableString, Obj, route, StringEnum, Type, type Static } from './common.ts';

export const CREDIT_STATUSES = ['over', 'near', 'ok', 'none'] as const;
export const CREDIT_SOURCES = ['app', 'import'] as const;

/** A credit limit as recorded: decided in the app or imported; amount null withdrew the limit. */
export const CreditLimit = Obj({
  limit_id: Type.Integer(),
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  /** including VAT, like the receivables; null: the limit withdrawn */
  amount: NullableNumber,
  currency: Type.Literal('EUR'),
  /** the credit insurer guaranteeing it; null: decided in-house */
  insurer: NullableString,
  /** the last day it holds; null: until replaced */
  valid_until: NullableDate,
  source: StringEnum(CREDIT_SOURCES),
  reason: NullableString,
  decided_by: Type.String(),
  /** UTC, ISO 8601 (…Z) */
  decided_at: Type.String(),
});
export type CreditLimit = Static<typeof CreditLimit>;

/** The limit a client's sales and payment habits suggest, with its arithmetic. */
export const CreditSuggestion = Obj({
  /** (sales_12m / 12) × (terms_days + days_late) / 30 × risk_factor, rounded up to the next 1 000 €; null without sales in the 12 months */
  amount: NullableNumber,
  /** invoices − credit notes of the 12 months, including VAT */
  sales_12m: Money,
  /** sales_12m / 12 */
  monthly_sales: Money,
  /** the amount-weighted mean days from invoice to due date of its invoices of the 12 months (the settings' default terms without any) */
  terms_days: Type.Number(),
  /** the amount-weighted mean days late of its invoices paid in the 12 months, not below 0 (0 without any) */
  days_late: Type.Number(),
  /** the share of the arithmetic its risk band lets it keep: low 1, medium 0.75, high 0.5, in default 0; 1 for a client the risk model does not score */
  risk_factor: Type.Number(),
  /** its risk band at the date (low, medium, high, or in_default); null when not scored */
  risk_band: NullableString,
});
export type CreditSuggestion = Static<typeof CreditSuggestion>;

export const CreditClient = Obj({
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  /** open receivables at the date on 411/413 and 416, net of its unapplied payments and credits: its total of the aged balance */
  exposure: Money,
  /** the limit in force at the date (its latest row, not withdrawn, valid_until on or after the date); null: none */
  limit_amount: NullableNumber,
  insurer: NullableString,
  valid_until: NullableDate,
  /** exposure / limit_amount × 100; null without a limit (or a limit of 0 with an exposure) */
  use_pct: NullableNumber,
  /** over: use above 100 %; near: above 80 %; ok; none: no limit in force */
  status: StringEnum(CREDIT_STATUSES),
  /** the latest row recorded for the client by the date (also when it withdrew the limit or has ended) */
  limit_id: NullableInteger,
  source: Type.Union([StringEnum(CREDIT_SOURCES), Type.Null()]),
  reason: NullableString,
  decided_by: NullableString,
  decided_at: NullableString,
  suggested: CreditSuggestion,
});
export type CreditClient = Static<typeof CreditClient>;

export const CreditReport = Obj({
  as_of_date: IsoDate,
  entity_id: NullableString,
  formulas: Obj({ use_pct: Type.String(), suggested: Type.String(), covered: Type.String() }),
  totals: Obj({
    /** Σ exposure (the aged balance's total) */
    exposure: Money,
    /** Σ min(exposure, limit) over the clients whose limit in force is an insurer's (exposure above 0) */
    covered_by_insurer: Money,
    /** covered_by_insurer / exposure; null when nothing is owed */
    covered_share: NullableNumber,
    clients_with_limit: Type.Integer(),
    over: Type.Integer(),
    near: Type.Integer(),
  }),
  /** over first, then by use, then by exposure */
  clients: Type.Array(CreditClient),
});
export type CreditReport = Static<typeof CreditReport>;

export const NewCreditLimit = Input({
  entity: Type.Optional(Type.String()),
  client_id: Type.String({ minLength: 1 }),
  // one type list, not a union (see NewProvisionJudgement): a null withdraws the limit
  amount: Type.Unsafe<number | null>({ type: ['number', 'null'], minimum: 0, maximum: 1e15, description: 'the limit including VAT, in EUR; null: withdrawn' }),
  insurer: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  valid_until: Type.Optional(Type.Union([IsoDate, Type.Null()])),
  reason: Type.String({ minLength: 3, maxLength: 500 }),
});
export type NewCreditLimit = Static<typeof NewCreditLimit>;

export const CreditImportResult = Obj({
  file_name: Type.String(),
  /** limits written (one row per line) */
  limits: Type.Integer(),
  warnings: Type.Array(Type.String()),
});
export type CreditImportResult = Static<typeof CreditImportResult>;

export const creditRoutes = {
  credit: route({
    method: 'GET',
    url: '/api/credit',
    description: 'Credit limits at a date: per client its exposure (its total of the aged balance) against the limit in force, the use and status, who decided the limit and when, and a suggested limit with its arithmetic; the totals covered by credit insurers. With ?client=, that client’s row only (the totals stay those of every client).',
    querystring: Input({ ...AsOfQuery.properties, client: Type.Optional(Type.String()) }),
    response: { 200: CreditReport, 400: ErrorBody },
  }),
  creditLimits: route({
    method: 'GET',
    url: '/api/credit/limits',
    description: 'The credit limits recorded (decided in the app or imported), oldest first, with who decided them and when.',
    querystring: Input({ entity: Type.Optional(Type.String()), client: Type.Optional(Type.String()) }),
    response: { 200: Obj({ limits: Type.Array(CreditLimit) }), 400: ErrorBody },
  }),
  recordCreditLimit: route({
    method: 'POST',
    url: '/api/credit/limits',
    access: 'analyst',
    description: 'Records a client’s credit limit (or withdraws it: amount null), with its reason, insurer and end if any.',
    body: NewCreditLimit,
    response: { 201: CreditLimit, 400: ErrorBody, 404: ErrorBody },
  }),
  importCreditLimits: route({
    method: 'POST',
    url: '/api/credit/limits/import',
    access: 'analyst',
    description: 'Imports credit limits from a CSV file (a credit insurer’s list): client code (or SIREN, once a list gave it with the code), limit, insurer, valid until — French or English headers.',
    response: { 200: CreditImportResult, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody },
  }),
};
