// The contract of /api/levers: the CFO's levers on the receivables at an as-of date, with their
// working — what late payment costs (over the last 12 months, and per day at the date), the cash
// paying at terms or a shorter DSO would free, the early-payment discount (escompte) as a what-if
// per client, and factoring (affacturage) of the eligible open invoices. The inputs are query
// parameters, each defaulting to the settings (`levers`); the answer gives back the inputs used,
// the formulas and the figures between them, so that a page can show how each figure is made.
// The formulas themselves are in src/lib/shared/levers.ts (pure functions, for a page's live what-if).
import { AsOfQuery, ErrorBody, Input, IsoDate, Money, NullableBoolean, NullableInteger, NullableNumber, NullableString, Obj, route, StringEnum, Type, type Static } from './common.ts';

/** An annual rate or a share, as a fraction (0.05 for 5 %). */
const Fraction = Type.Number();
const NullableMoney = NullableNumber;

/** The inputs of the levers, as used: those the request gave, the settings' (`levers`) for the others. */
export const LeversInputs = Obj({
  /** what a euro of cash costs a year (the rate of the company's financing), as a fraction */
  cost_of_funds: Fraction,
  /** the DSO reduction whose cash is shown (days) */
  dso_reduction_days: Type.Number(),
  /** escompte: the discount d offered for early payment, as a fraction of the amount including VAT */
  discount_rate: Fraction,
  /** escompte: paid within k days of the invoice date */
  discount_days: Type.Integer(),
  /** escompte: instead of n days; null: each client's own terms (its invoices' mean days from invoice to due date) */
  net_days: NullableInteger,
  /** factoring: the commission c, as a fraction of the amount factored (incl. VAT) */
  factoring_commission: Fraction,
  /** factoring: the financing rate r a year on the cash advanced */
  factoring_rate: Fraction,
  /** factoring: the guarantee reserve g (retenue de garantie) held back from the advance */
  factoring_reserve: Fraction,
  /** factoring leaves out disputed invoices (an invoice import's flag, or a dispute open in the app) */
  factoring_exclude_disputed: Type.Boolean(),
  /** factoring leaves out doubtful debts (416) */
  factoring_exclude_doubtful: Type.Boolean(),
  /** factoring leaves out invoices more than factoring_past_due_days past due */
  factoring_exclude_past_due: Type.Boolean(),
  factoring_past_due_days: Type.Integer(),
});
export type LeversInputs = Static<typeof LeversInputs>;

/** A rate as a fraction: 0 to 1 (or to less than 1), e.g. 0.05. */
const rateInput = (opts: { below1?: boolean; example: number }) => Type.Optional(Type.Number({ minimum: 0, ...(opts.below1 ? { exclusiveMaximum: 1 } : { maximum: 1 }), examples: [opts.example] }));
const daysInput = (min: number) => Type.Optional(Type.Integer({ minimum: min, maximum: 365 }));

export const LeversQuery = Input({
  ...AsOfQuery.properties,
  cost_of_funds: rateInput({ example: 0.05 }),
  dso_reduction_days: Type.Optional(Type.Number({ minimum: 0, maximum: 365 })),
  discount_rate: rateInput({ below1: true, example: 0.02 }),
  discount_days: daysInput(0),
  net_days: daysInput(1),
  factoring_commission: rateInput({ below1: true, example: 0.005 }),
  factoring_rate: rateInput({ example: 0.04 }),
  factoring_reserve: rateInput({ below1: true, example: 0.1 }),
  factoring_exclude_disputed: Type.Optional(Type.Boolean()),
  factoring_exclude_doubtful: Type.Optional(Type.Boolean()),
  factoring_exclude_past_due: Type.Optional(Type.Boolean()),
  factoring_past_due_days: daysInput(0),
});
export type LeversQuery = Static<typeof LeversQuery>;

/** A client's figures: what its lateness costs, and the escompte's what-if on its delays. */
export const LeversClient = Obj({
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  /** its sales including VAT (invoices − credit notes) of the 12 months */
  sales_12m: Money,
  /** Σ amount overdue × days late within the 12 months (€·days): settled amounts up to their settlement, open ones up to the date */
  late_amount_days_12m: Type.Number(),
  /** late_amount_days_12m × cost_of_funds / 365 */
  late_payment_cost_12m: Money,
  /** open and past due at the date */
  overdue_amount: Money,
  /** overdue_amount × cost_of_funds / 365 */
  late_payment_cost_per_day: Money,
  /** amount-weighted mean days from invoice to payment of its invoices paid in the 12 months; null without any */
  days_to_pay_12m: NullableNumber,
  /** the n of its escompte: net_days, or its own terms (its invoices' mean days from invoice to due date; null without invoices) */
  net_days: NullableNumber,
  /** d / (1 − d) × 365 / (n − k); null when n ≤ k */
  escompte_annual_cost: NullableNumber,
  /** what the escompte gains (negative: loses) on its sales if it takes it: value of the cash brought forward − the discount; null without days to pay */
  escompte_net_gain: NullableMoney,
  /** its place among the clients to offer it to (1 = the highest gain); null when not offered (no gain) */
  escompte_rank: NullableInteger,
});
export type LeversClient = Static<typeof LeversClient>;

/** A client the escompte is worth offering to, with its working. */
export const EscompteOffer = Obj({
  rank: Type.Integer(),
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  sales_12m: Money,
  days_to_pay_12m: Type.Number(),
  /** sales_12m × (days_to_pay_12m − k) / 365: the receivables it would no longer carry */
  cash_brought_forward: Money,
  /** cash_brought_forward × cost_of_funds: a year's financing of that cash */
  value_of_cash: Money,
  /** d × sales_12m */
  discount_cost: Money,
  /** value_of_cash − discount_cost (> 0) */
  net_gain: Money,
});
export type EscompteOffer = Static<typeof EscompteOffer>;

export const FactoringExclusion = Obj({
  reason: StringEnum(['doubtful', 'disputed', 'past_due'], 'why the invoices are left out (the first that applies, in this order)'),
  amount: Money,
  invoices: Type.Integer(),
});
export type FactoringExclusion = Static<typeof FactoringExclusion>;

export const LeversReport = Obj({
  as_of_date: IsoDate,
  entity_id: Type.String(),
  /** the 12 months the costs and the sales are measured over: from_date to to_date (the as-of date), both included */
  window: Obj({ from_date: IsoDate, to_date: IsoDate }),
  inputs: LeversInputs,
  /** the financing cost of the days beyond terms */
  late_payment: Obj({
    formula: Type.String(),
    /** Σ amount overdue × days late within the 12 months (€·days) */
    amount_days_12m: Type.Number(),
    cost_12m: Money,
    /** open and past due at the date, and its amount-weighted mean days past due */
    overdue_amount: Money,
    overdue_days: NullableNumber,
    /** what carrying the overdue amount costs each day: overdue_amount × cost_of_funds / 365 */
    per_day_formula: Type.String(),
    cost_per_day: Money,
  }),
  /** the cash the receivables would free */
  cash_freed: Obj({
    /** sales including VAT of the 12 months, and per day (÷ 365) */
    sales_12m: Money,
    daily_sales: Money,
    /** the DSO family at the date (countback, as on the DSO page): DSO, best possible DSO, ADD = DSO − best */
    dso_countback: NullableNumber,
    best_dso_countback: NullableNumber,
    add_countback: NullableNumber,
    /** every client paying at terms: add_countback × daily_sales; null when the countback cannot be made */
    at_terms_formula: Type.String(),
    at_terms: NullableMoney,
    /** a DSO shorter by dso_reduction_days: dso_reduction_days × sales_12m / 365 */
    by_dso_reduction_formula: Type.String(),
    by_dso_reduction: Money,
    /** the financing each saves a year (× cost_of_funds) */
    at_terms_value_per_year: NullableMoney,
    by_dso_reduction_value_per_year: Money,
  }),
  /** the early-payment discount: d for payment within k days instead of n */
  escompte: Obj({
    formula: Type.String(),
    /** the n the headline rate is at: net_days, or the portfolio's terms (sales-weighted mean of the clients') */
    net_days: NullableNumber,
    /** d / (1 − d) × 365 / (n − k): what the discount costs a year, as a rate; null when n ≤ k */
    annual_cost: NullableNumber,
    /** annual_cost < cost_of_funds: cheaper than financing the receivables (for a client paying at terms) */
    cheaper_than_funds: NullableBoolean,
    gain_formula: Type.String(),
    /** the clients with a gain, and their sums */
    clients_offered: Type.Integer(),
    sales_offered: Money,
    cash_brought_forward: Money,
    value_of_cash: Money,
    discount_cost: Money,
    net_gain: Money,
    /** highest net gain first */
    ranking: Type.Array(EscompteOffer),
  }),
  /** factoring the eligible invoices open at the date */
  factoring: Obj({
    /** where each invoice's expected days until paid come from: the forecast's payment delays (each client's, given how late the invoice is already), or its due date when the ledger has no payment history */
    remaining_days_method: StringEnum(['forecast', 'due_date']),
    /** open invoices (after the clients' unapplied payments and credits), those excluded, and those eligible */
    open_amount: Money,
    excluded: Type.Array(FactoringExclusion),
    eligible_amount: Money,
    eligible_invoices: Type.Integer(),
    advanced_formula: Type.String(),
    /** eligible_amount × (1 − factoring_reserve), and the reserve held back */
    advanced: Money,
    reserve_held: Money,
    /** advance-weighted mean of the invoices' expected days until paid */
    mean_remaining_days: NullableNumber,
    /** Σ advanced × expected days until paid (€·days): financing = factoring_rate × this / 365 */
    advanced_amount_days: Type.Number(),
    cost_formula: Type.String(),
    /** factoring_commission × eligible_amount */
    commission: Money,
    /** factoring_rate × Σ advanced × expected remaining days / 365 */
    financing: Money,
    cost: Money,
    /** cost / advanced × 365 / mean_remaining_days */
    effective_annual_rate: NullableNumber,
    /** cost_of_funds × Σ advanced × expected remaining days / 365: the same cash for the same days at the cost of funds */
    cost_of_funds_same_cash: Money,
    /** cost − cost_of_funds_same_cash */
    extra_cost_vs_funds: Money,
    /** the factoring of a book this size all year: effective_annual_rate × advanced; beside the cost of late payment of the 12 months */
    annualised_cost: NullableMoney,
    late_payment_cost_12m: Money,
  }),
  /** every client with sales, lateness or overdue amounts, the costliest lateness first */
  clients: Type.Array(LeversClient),
});
export type LeversReport = Static<typeof LeversReport>;

export const leversRoutes = {
  levers: route({
    method: 'GET',
    url: '/api/levers',
    description: 'The CFO’s levers at a date: the cost of late payment, the cash paying at terms or a shorter DSO would free, the early-payment discount per client, and factoring of the eligible invoices — with the inputs, formulas and figures behind each.',
    querystring: LeversQuery,
    response: { 200: LeversReport, 400: ErrorBody },
  }),
};
