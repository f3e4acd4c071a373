// The contract of /api/collections…: the day's worklist (who to chase, ranked by the cash an action
// can move), what the credit controllers did (actions, promises, disputes, holds), the disputes for
// the sales side, each client's contacts, owner and dunning policy.
import { AsOfQuery, ErrorBody, Input, IsoDate, Money, NullableDate, NullableInteger, NullableNumber, NullableString, Obj, route, StringEnum, Type, type Static } from './common.ts';
import { RISK_BANDS, type RiskBand } from './risk.ts';
import { Segment } from './clients.ts';

/** The channels of the dunning levels, in the order of firmness. */
export const DUNNING_CHANNELS = ['reminder_email', 'reminder_letter', 'call', 'formal_notice', 'escalation'] as const;
export type DunningChannel = (typeof DUNNING_CHANNELS)[number];
/** What can be recorded: a reminder (by one of the channels), a promise, a dispute opened or resolved, a hold, a note. */
export const ACTION_KINDS = [...DUNNING_CHANNELS, 'promise', 'dispute', 'dispute_resolved', 'hold', 'note'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const OUTCOMES = ['reached', 'no_answer', 'promise', 'dispute', 'wrong_contact', 'sent'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const DISPUTE_REASONS = ['price', 'quantity', 'quality', 'delivery', 'invoicing_error', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
/** standard: the levels of the settings; key_account: the key accounts' levels (a call first); do_not_remind: out of the reminders. */
export const POLICIES = ['standard', 'key_account', 'do_not_remind'] as const;
export type Policy = (typeof POLICIES)[number];

const Nullable = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number] | null>({ type: ['string', 'null'], enum: [...values, null] });

export const DunningLevel = Obj({ level: Type.Integer(), days: Type.Integer(), channel: StringEnum(DUNNING_CHANNELS) });
export type DunningLevel = Static<typeof DunningLevel>;

/** Something a credit controller did, as recorded (never changed afterwards). */
export const CollectionAction = Obj({
  action_id: Type.Integer(),
  entity_id: Type.String(),
  client_id: Type.String(),
  /** the invoice (its number); null: the whole client */
  invoice_ref: NullableString,
  kind: StringEnum(ACTION_KINDS),
  /** the dunning level it carried out */
  level: NullableInteger,
  done_on: IsoDate,
  outcome: Nullable(OUTCOMES),
  promise_date: NullableDate,
  /** promised (a promise) or contested (a dispute) */
  amount: NullableNumber,
  dispute_reason: Nullable(DISPUTE_REASONS),
  dispute_owner: NullableString,
  /** a resolution: the dispute it closes */
  resolves_id: NullableInteger,
  hold_until: NullableDate,
  note: NullableString,
  recorded_by: Type.String(),
  /** when it was recorded (UTC, ISO 8601) */
  recorded_at: Type.String(),
  /** its invoice is no longer in the ledger (a re-import without it): kept and shown, never dropped */
  orphaned: Type.Boolean(),
  /** a promise: open, kept, broken, or replaced by a newer one; a dispute: open or resolved */
  status: Type.Unsafe<'open' | 'kept' | 'broken' | 'replaced' | 'resolved' | null>({ type: ['string', 'null'], enum: ['open', 'kept', 'broken', 'replaced', 'resolved', null] }),
});
export type CollectionAction = Static<typeof CollectionAction>;

/** A new action. The entity may be left out when the client is in one entity only; done_on defaults to today. */
export const NewAction = Input({
  entity: Type.Optional(Type.String()),
  client_id: Type.String({ minLength: 1 }),
  invoice_ref: Type.Optional(Type.String({ minLength: 1 })),
  kind: StringEnum(ACTION_KINDS),
  level: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  done_on: Type.Optional(IsoDate),
  outcome: Type.Optional(StringEnum(OUTCOMES)),
  promise_date: Type.Optional(IsoDate),
  amount: Type.Optional(Type.Number({ minimum: 0.01, maximum: 1e12 })),
  dispute_reason: Type.Optional(StringEnum(DISPUTE_REASONS)),
  dispute_owner: Type.Optional(Type.String({ maxLength: 200 })),
  resolves_id: Type.Optional(Type.Integer({ minimum: 1 })),
  hold_until: Type.Optional(IsoDate),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type NewAction = Static<typeof NewAction>;

/** An overdue invoice of the worklist, with its level and what the ranking expects of it. */
export const WorklistInvoice = Obj({
  item_id: Type.Integer(),
  piece_ref: NullableString,
  doc_date: IsoDate,
  due_date: IsoDate,
  open_amount: Money,
  days_past_due: Type.Integer(),
  /** the highest level reached (its offset after the due date has passed), and its channel */
  level: NullableInteger,
  channel: Type.Unsafe<DunningChannel | null>({ type: ['string', 'null'], enum: [...DUNNING_CHANNELS, null] }),
  /** the level due today: reached, not done, nothing holding the invoice back */
  due_level: NullableInteger,
  /** what keeps it out of the reminders */
  held_by: Nullable(['do_not_remind', 'disputed', 'on_hold', 'promise'] as const),
  /** the probability that it is still unpaid in `horizon_days` without action (the forecast's delays, given how late it is) */
  unpaid_probability: Type.Number(),
  /** open amount × unpaid_probability */
  cash_at_stake: Money,
});
export type WorklistInvoice = Static<typeof WorklistInvoice>;

export const LastAction = Obj({ action_id: Type.Integer(), kind: StringEnum(ACTION_KINDS), outcome: Nullable(OUTCOMES), done_on: IsoDate, recorded_by: Type.String() });
export const PromiseBrief = Obj({ action_id: Type.Integer(), promise_date: IsoDate, amount: Money, received: Money });

/** A client of the worklist: something is due today (a level, or a broken promise to follow up). */
export const WorklistClient = Obj({
  rank: Type.Integer(),
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  owner: NullableString,
  policy: StringEnum(POLICIES),
  segment: Type.Unsafe<Segment | null>({ type: ['string', 'null'], enum: ['new', 'regular', 'at_risk', null] }),
  risk_score: NullableInteger,
  risk_band: Type.Unsafe<RiskBand | 'in_default' | null>({ type: ['string', 'null'], enum: [...RISK_BANDS, 'in_default', null] }),
  /** the probability of default in the risk horizon (null: not scored) */
  default_probability: NullableNumber,
  overdue_amount: Money,
  oldest_days_past_due: Type.Integer(),
  /** the next action: the highest level due on its invoices, or the follow-up of a broken promise */
  reason: StringEnum(['level', 'broken_promise']),
  next_level: NullableInteger,
  next_channel: StringEnum(DUNNING_CHANNELS),
  /** the invoices with a level due, and their amount */
  invoices_due: Type.Integer(),
  amount_due: Money,
  last_action: Type.Union([LastAction, Type.Null()]),
  open_promise: Type.Union([PromiseBrief, Type.Null()]),
  broken_promise: Type.Union([PromiseBrief, Type.Null()]),
  /** its overdue invoices in dispute, and their open amount (not the contested amount: see /api/collections/disputes) */
  open_disputes: Type.Integer(),
  disputed_amount: Money,
  /** Σ over its overdue invoices not held back: open amount × probability still unpaid in horizon_days */
  cash_at_stake: Money,
  /** cash_at_stake × (1 + default_probability): the ranking */
  priority: Money,
  invoices: Type.Array(WorklistInvoice),
});
export type WorklistClient = Static<typeof WorklistClient>;

export const Worklist = Obj({
  as_of_date: IsoDate,
  entity_id: NullableString,
  /** whether the as-of date is the latest of the data (then every action recorded counts, even one of today) */
  is_latest: Type.Boolean(),
  horizon_days: Type.Integer(),
  levels: Obj({ standard: Type.Array(DunningLevel), key_account: Type.Array(DunningLevel) }),
  /** the credit controllers with clients, for the owner filter */
  owners: Type.Array(Type.String()),
  totals: Obj({ clients: Type.Integer(), overdue_amount: Money, amount_due: Money, cash_at_stake: Money }),
  clients: Type.Array(WorklistClient),
});
export type Worklist = Static<typeof Worklist>;

export const WorklistQuery = Input({
  ...AsOfQuery.properties,
  owner: Type.Optional(Type.String()),
  level: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  segment: Type.Optional(Segment),
});

/** An open dispute, for the sales side: opened in the app, or flagged by an invoice import. */
export const Dispute = Obj({
  source: StringEnum(['app', 'ledger']),
  action_id: NullableInteger,
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  invoice_ref: NullableString,
  /** contested (app), or the invoice's open amount (ledger) */
  amount: Money,
  /** the invoice's open amount at the as-of date (null: no longer in the ledger) */
  open_amount: NullableNumber,
  reason: Nullable(DISPUTE_REASONS),
  dispute_owner: NullableString,
  opened_on: NullableDate,
  /** days since opened (app) or since due (ledger) */
  age_days: NullableInteger,
  recorded_by: NullableString,
  note: NullableString,
  orphaned: Type.Boolean(),
});
export type Dispute = Static<typeof Dispute>;

export const Contact = Obj({
  contact_id: Type.Integer(),
  entity_id: Type.String(),
  client_id: Type.String(),
  name: Type.String(),
  role: NullableString,
  email: NullableString,
  phone: NullableString,
  updated_by: Type.String(),
  updated_at: Type.String(),
});
export type Contact = Static<typeof Contact>;

export const NewContact = Input({
  entity: Type.Optional(Type.String()),
  client_id: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.Optional(Type.String({ maxLength: 200 })),
  email: Type.Optional(Type.String({ maxLength: 320 })),
  phone: Type.Optional(Type.String({ maxLength: 50 })),
});
export type NewContact = Static<typeof NewContact>;

/** A client's place in the collections: owner, policy, contacts, actions (with the promises' and disputes' status), its overdue invoices' levels. */
export const ClientCollections = Obj({
  as_of_date: IsoDate,
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  owner: NullableString,
  policy: StringEnum(POLICIES),
  levels: Type.Array(DunningLevel),
  /** the share of its promises kept (shrunk towards the portfolio's when it has few), and how many matured */
  promise_keeping_rate: Type.Number(),
  promises_matured: Type.Integer(),
  contacts: Type.Array(Contact),
  actions: Type.Array(CollectionAction),
  invoices: Type.Array(WorklistInvoice),
});
export type ClientCollections = Static<typeof ClientCollections>;

export const ClientProfile = Input({
  entity: Type.Optional(Type.String()),
  owner: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  policy: Type.Optional(StringEnum(POLICIES)),
});

/** How a group of invoices that reached a level went: paid in cash within 7 and 14 days of the action (or of reaching the level, without one). */
export const LevelOutcome = Obj({
  invoices: Type.Integer(),
  paid_7d_share: Type.Number(),
  paid_14d_share: Type.Number(),
  /** of those paid in cash, the median days from the action (or the level) to the payment */
  median_days_to_payment: NullableNumber,
});

export const PromisesAndDisputes = Obj({
  promises: Type.Integer(),
  kept: Type.Integer(),
  broken: Type.Integer(),
  open_promises: Type.Integer(),
  promised_amount: Money,
  received_amount: Money,
  disputes: Type.Integer(),
  resolved: Type.Integer(),
  median_days_to_resolve: NullableNumber,
  open_disputes: Type.Integer(),
  median_open_age_days: NullableNumber,
});

/** What the collections achieved: per level, reminded invoices against those of the same lateness left without action; promises; disputes; by who acted. */
export const CollectionsEffectiveness = Obj({
  as_of_date: IsoDate,
  entity_id: NullableString,
  /** false: no action recorded yet — nothing to measure, the figures below are empty */
  has_history: Type.Boolean(),
  levels: Type.Array(
    Obj({
      level: Type.Integer(),
      channel: StringEnum(DUNNING_CHANNELS),
      reminded: Type.Union([LevelOutcome, Type.Null()]),
      /** invoices that reached the level and got no action at it (null: none to compare with) */
      not_reminded: Type.Union([LevelOutcome, Type.Null()]),
    }),
  ),
  promises_and_disputes: PromisesAndDisputes,
  by_person: Type.Array(
    Obj({
      recorded_by: Type.String(),
      reminded_invoices: Type.Integer(),
      paid_14d_share: NullableNumber,
      promises: Type.Integer(),
      kept: Type.Integer(),
      broken: Type.Integer(),
      disputes: Type.Integer(),
      resolved: Type.Integer(),
    }),
  ),
});
export type CollectionsEffectiveness = Static<typeof CollectionsEffectiveness>;

const clientParams = Input({ client: Type.String({ minLength: 1 }) });

export const collectionRoutes = {
  worklist: route({
    method: 'GET',
    url: '/api/collections/worklist',
    description: 'The clients to contact at a date (the latest by default), ranked by the cash an action can move.',
    querystring: WorklistQuery,
    response: { 200: Worklist, 400: ErrorBody },
  }),
  effectiveness: route({
    method: 'GET',
    url: '/api/collections/effectiveness',
    description: 'What the reminders, promises and disputes achieved: per level against invoices of the same lateness left without action, by who acted.',
    querystring: AsOfQuery,
    response: { 200: CollectionsEffectiveness, 400: ErrorBody },
  }),
  actions: route({
    method: 'GET',
    url: '/api/collections/actions',
    description: 'The actions recorded, for a client or one of its invoices, newest first.',
    querystring: Input({ ...AsOfQuery.properties, client: Type.Optional(Type.String()), invoice: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1000 })) }),
    response: { 200: Obj({ as_of_date: IsoDate, actions: Type.Array(CollectionAction) }), 400: ErrorBody },
  }),
  recordAction: route({
    method: 'POST',
    url: '/api/collections/actions',
    access: 'analyst',
    description: 'Records what was done: a reminder, a call and its outcome, a promise, a dispute opened or resolved, a hold, a note.',
    body: NewAction,
    response: { 201: CollectionAction, 400: ErrorBody },
  }),
  disputes: route({
    method: 'GET',
    url: '/api/collections/disputes',
    description: 'The open disputes to resolve, oldest and largest first: opened in the app or flagged by an invoice import.',
    querystring: AsOfQuery,
    response: { 200: Obj({ as_of_date: IsoDate, disputes: Type.Array(Dispute) }), 400: ErrorBody },
  }),
  clientCollections: route({
    method: 'GET',
    url: '/api/collections/clients/:client',
    description: "A client's owner, dunning policy, contacts, actions and overdue invoices with their levels.",
    params: clientParams,
    querystring: AsOfQuery,
    response: { 200: ClientCollections, 400: ErrorBody, 404: ErrorBody },
  }),
  setClientProfile: route({
    method: 'PUT',
    url: '/api/collections/clients/:client',
    access: 'analyst',
    description: "Sets a client's credit controller and dunning policy.",
    params: clientParams,
    body: ClientProfile,
    response: { 200: Obj({ entity_id: Type.String(), client_id: Type.String(), owner: NullableString, policy: StringEnum(POLICIES) }), 400: ErrorBody },
  }),
  contacts: route({
    method: 'GET',
    url: '/api/collections/contacts',
    description: 'The contacts of a client, or of every client.',
    querystring: Input({ entity: Type.Optional(Type.String()), client: Type.Optional(Type.String()) }),
    response: { 200: Obj({ contacts: Type.Array(Contact) }), 400: ErrorBody },
  }),
  addContact: route({
    method: 'POST',
    url: '/api/collections/contacts',
    access: 'analyst',
    description: 'Adds a contact to a client.',
    body: NewContact,
    response: { 201: Contact, 400: ErrorBody },
  }),
  removeContact: route({
    method: 'DELETE',
    url: '/api/collections/contacts/:id',
    access: 'analyst',
    description: 'Removes a contact.',
    params: Input({ id: Type.Integer({ minimum: 1 }) }),
    response: { 200: Obj({ removed: Type.Integer() }), 404: ErrorBody },
  }),
  importContacts: route({
    method: 'POST',
    url: '/api/collections/contacts/import',
    access: 'analyst',
    description: 'Imports contacts (and optionally owners and policies) from a CSV file: client, name, role, email, phone, owner, policy — French or English headers.',
    response: { 200: Obj({ file_name: Type.String(), contacts: Type.Integer(), profiles: Type.Integer(), warnings: Type.Array(Type.String()) }), 400: ErrorBody, 413: ErrorBody, 415: ErrorBody },
  }),
};
