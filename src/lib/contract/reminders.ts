// The contract of /api/reminders…: the day's batch of letters (who, to whom, which level, which
// invoices, the late-payment charges), sending it (by e-mail, or marked as sent by hand), the
// letters as PDF and the messages as .eml, a client's charges, and the messages sent.
import { AsOfQuery, ErrorBody, Input, IsoDate, Money, NullableInteger, NullableNumber, NullableString, Obj, route, StringEnum, Type, File, type Static } from './common.ts';
import { DUNNING_CHANNELS } from './collections.ts';

export const LETTER_TEMPLATES = ['friendly', 'firm', 'formal_notice', 'statement'] as const;
export const LETTER_LANGUAGES = ['fr', 'en'] as const;
/** Why a client's letters carry no charges: a consumer (the law does not apply), waived for the client, or off in the settings. */
export const NO_CHARGES_REASONS = ['consumer', 'no_charges', 'disabled'] as const;
/** b2b: interest and the fixed indemnity; consumer: none (the law does not apply); none: waived for this client. */
export const CHARGE_TERMS = ['b2b', 'consumer', 'none'] as const;

/** The channels whose dunning levels write a letter (a call or an escalation does not). */
export const WRITTEN_CHANNELS: readonly (typeof DUNNING_CHANNELS)[number][] = ['reminder_email', 'reminder_letter', 'formal_notice'];

/** A sentence in both languages (the UI shows the user's). */
export const Sentence = Obj({ en: Type.String(), fr: Type.String() });

/** An invoice of a letter, with the charges on it at the letter's date. */
export const ChargedInvoice = Obj({
  number: NullableString,
  date: IsoDate,
  due_date: IsoDate,
  amount: Money,
  open_amount: Money,
  days_late: Type.Integer(),
  interest: Money,
  indemnity: Money,
});
export type ChargedInvoice = Static<typeof ChargedInvoice>;

/** A letter of the day's batch: one per client and level due, with a written channel. */
export const BatchLetter = Obj({
  /** entity/client/level: what the send request names */
  key: Type.String(),
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  owner: NullableString,
  level: Type.Integer(),
  channel: StringEnum(DUNNING_CHANNELS),
  template: StringEnum(LETTER_TEMPLATES),
  /** it needs a confirmation of its own before it goes (a formal notice by default) */
  manual: Type.Boolean(),
  language: StringEnum(LETTER_LANGUAGES),
  /** email: to its contacts' addresses; letter: printed and posted (a reminder_letter level, or no address) */
  delivery: StringEnum(['email', 'letter']),
  recipients: Type.Array(Type.String()),
  contact: NullableString,
  subject: NullableString,
  invoices: Type.Array(ChargedInvoice),
  open_amount: Money,
  interest: Money,
  indemnity: Money,
  total_due: Money,
  /** why no charges, when none */
  no_charges: Type.Unsafe<(typeof NO_CHARGES_REASONS)[number] | null>({ type: ['string', 'null'], enum: [...NO_CHARGES_REASONS, null] }),
  /** the letter cannot be written (a semester's rate missing, a template broken): it does not go */
  error: Type.Union([Sentence, Type.Null()]),
});
export type BatchLetter = Static<typeof BatchLetter>;

export const SmtpState = Obj({ configured: Type.Boolean(), host: NullableString, port: NullableInteger, from: NullableString });

export const ReminderBatch = Obj({
  as_of_date: IsoDate,
  /** the letters' date — today's at the latest date of the data (their charges run to it, their deadline from it) */
  letter_date: IsoDate,
  entity_id: NullableString,
  /** whether the as-of date is the latest of the data (letters are written at it only) */
  is_latest: Type.Boolean(),
  smtp: SmtpState,
  letters: Type.Array(BatchLetter),
  totals: Obj({ letters: Type.Integer(), emails: Type.Integer(), to_print: Type.Integer(), manual: Type.Integer(), errors: Type.Integer(), total_due: Money }),
});
export type ReminderBatch = Static<typeof ReminderBatch>;

export const BatchQuery = Input({ ...AsOfQuery.properties, level: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })), owner: Type.Optional(Type.String()) });

export const SendRequest = Input({
  entity: Type.Optional(Type.String()),
  /** the letters to send, by key */
  keys: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 5000 }),
  /** the manual letters confirmed one by one (their keys) */
  confirmed: Type.Optional(Type.Array(Type.String())),
  /** email: through the SMTP server; manual: the user sent or printed them (recorded as sent by them) */
  delivery: StringEnum(['email', 'manual']),
});
export type SendRequest = Static<typeof SendRequest>;

export const SEND_STATUSES = ['sent', 'failed', 'skipped'] as const;
/** Why a letter was not sent: already sent (by someone else, or before), no longer due, a manual one not confirmed, no e-mail address, a level that writes by post, cannot be written, no SMTP server, the SMTP server unreachable for an earlier letter of the send. */
export const SKIP_REASONS = ['already_sent', 'not_due', 'needs_confirmation', 'no_address', 'by_post', 'cannot_write', 'no_smtp', 'smtp_unreachable'] as const;

export const SendOutcome = Obj({
  key: Type.String(),
  status: StringEnum(SEND_STATUSES),
  reason: Type.Unsafe<(typeof SKIP_REASONS)[number] | null>({ type: ['string', 'null'], enum: [...SKIP_REASONS, null] }),
  /** the message recorded (sent or failed) */
  message_id: NullableInteger,
  recipients: Type.Array(Type.String()),
  /** the invoices it carried out */
  invoices: Type.Array(Type.String()),
  error: NullableString,
});
export type SendOutcome = Static<typeof SendOutcome>;

export const SendResult = Obj({ as_of_date: IsoDate, sent: Type.Integer(), failed: Type.Integer(), skipped: Type.Integer(), results: Type.Array(SendOutcome) });
export type SendResult = Static<typeof SendResult>;

/** A message sent (or tried) by Encours, or marked as sent by a user. */
export const ReminderMessage = Obj({
  message_id: Type.Integer(),
  entity_id: Type.String(),
  client_id: Type.String(),
  client_name: NullableString,
  level: NullableInteger,
  template: StringEnum(LETTER_TEMPLATES),
  language: StringEnum(LETTER_LANGUAGES),
  delivery: StringEnum(['email', 'manual']),
  /** sending: claimed and not finished — the server stopped while it went; someone says whether it went (resolveMessage) */
  status: StringEnum(['sending', 'sent', 'failed']),
  recipients: NullableString,
  subject: Type.String(),
  invoice_refs: Type.Array(Type.String()),
  total_due: Money,
  interest: Money,
  indemnity: Money,
  as_of: IsoDate,
  smtp_id: NullableString,
  error: NullableString,
  /** what it carried is kept (GET /api/reminders/messages/:id/content): message/rfc822 or application/pdf */
  content_type: NullableString,
  recorded_by: Type.String(),
  recorded_at: Type.String(),
});
export type ReminderMessage = Static<typeof ReminderMessage>;

/** An invoice paid late, with the charges on it: interest from its due date to its payment, the indemnity. */
export const SettledLateInvoice = Obj({
  number: NullableString,
  date: IsoDate,
  due_date: IsoDate,
  settled_date: IsoDate,
  amount: Money,
  days_late: Type.Integer(),
  interest: Money,
  indemnity: Money,
});
export type SettledLateInvoice = Static<typeof SettledLateInvoice>;

/** A client's late-payment charges at a date: per open overdue invoice and in total; and those on the invoices it paid late in the last twelve months. */
export const ClientCharges = Obj({
  as_of_date: IsoDate,
  /** the day the charges run to: today's at the latest date of the data, as a letter written today */
  charges_date: IsoDate,
  entity_id: Type.String(),
  client_id: Type.String(),
  terms: StringEnum(CHARGE_TERMS),
  /** the rate of its terms (% a year), null: the legal default (ECB + 10 points) */
  late_rate: NullableNumber,
  language: StringEnum(LETTER_LANGUAGES),
  applied: Type.Boolean(),
  no_charges: Type.Unsafe<(typeof NO_CHARGES_REASONS)[number] | null>({ type: ['string', 'null'], enum: [...NO_CHARGES_REASONS, null] }),
  rates: Type.Array(Obj({ semester: Type.String(), rate: Type.Number() })),
  invoices: Type.Array(ChargedInvoice),
  totals: Obj({ open_amount: Money, interest: Money, indemnity: Money, total_due: Money }),
  /** the charges cannot be computed (a semester's rate missing) */
  error: Type.Union([Sentence, Type.Null()]),
  /** the invoices paid late in the twelve months to the as-of date (completed by a payment): charges the company may still claim */
  settled_late: Obj({
    since: IsoDate,
    invoices: Type.Array(SettledLateInvoice),
    interest: Money,
    indemnity: Money,
    error: Type.Union([Sentence, Type.Null()]),
  }),
});
export type ClientCharges = Static<typeof ClientCharges>;

export const ChargeTerms = Input({
  entity: Type.Optional(Type.String()),
  terms: Type.Optional(StringEnum(CHARGE_TERMS)),
  // null first: a null (back to the legal default) must not be coerced into the number 0
  late_rate: Type.Optional(Type.Union([Type.Null(), Type.Number({ minimum: 0, maximum: 50 })])),
  language: Type.Optional(StringEnum(LETTER_LANGUAGES)),
});

const clientParams = Input({ client: Type.String({ minLength: 1 }) });
/** A binary answer (a PDF, an .eml file): not JSON — the typed client does not read it, the pages link to it. */
export { isFileAnswer } from './common.ts';

export const reminderRoutes = {
  reminderBatch: route({
    method: 'GET',
    url: '/api/reminders/batch',
    description: "The day's letters: one per client and dunning level due with a written channel (e-mail, letter, formal notice), its recipients, invoices and charges.",
    querystring: BatchQuery,
    response: { 200: ReminderBatch, 400: ErrorBody },
  }),
  sendReminders: route({
    method: 'POST',
    url: '/api/reminders/send',
    access: 'analyst',
    description: 'Sends the letters named (by e-mail through the SMTP server, or marked as sent by hand), each recorded as a collections action; a level of an invoice goes out once.',
    body: SendRequest,
    response: { 200: SendResult, 400: ErrorBody },
  }),
  reminderLetters: route({
    method: 'GET',
    url: '/api/reminders/letters.pdf',
    description: "The day's letters in one PDF, to print (those named by key, else every one that can be written).",
    querystring: Input({ ...BatchQuery.properties, keys: Type.Optional(Type.String()) }),
    response: { 200: File('application/pdf'), 400: ErrorBody },
  }),
  clientLetter: route({
    method: 'GET',
    url: '/api/reminders/clients/:client/letter',
    description: "A client's letter at a date as PDF, or its e-mail as an .eml file: the reminder of a level, or its statement of account.",
    params: clientParams,
    querystring: Input({ ...AsOfQuery.properties, template: Type.Optional(StringEnum(LETTER_TEMPLATES)), level: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })), format: Type.Optional(StringEnum(['pdf', 'eml'])) }),
    response: { 200: File('application/pdf or message/rfc822'), 400: ErrorBody, 404: ErrorBody },
  }),
  clientCharges: route({
    method: 'GET',
    url: '/api/reminders/clients/:client/charges',
    description: "A client's late-payment charges at a date: late interest (semester by semester) and the fixed indemnity on each open overdue invoice.",
    params: clientParams,
    querystring: AsOfQuery,
    response: { 200: ClientCharges, 400: ErrorBody, 404: ErrorBody },
  }),
  setChargeTerms: route({
    method: 'PUT',
    url: '/api/reminders/clients/:client/terms',
    access: 'analyst',
    description: "Sets a client's terms for late-payment charges (b2b, consumer, none), the rate of its terms and its letters' language.",
    params: clientParams,
    body: ChargeTerms,
    response: { 200: Obj({ entity_id: Type.String(), client_id: Type.String(), terms: StringEnum(CHARGE_TERMS), late_rate: NullableNumber, language: StringEnum(LETTER_LANGUAGES) }), 400: ErrorBody, 404: ErrorBody },
  }),
  resolveMessage: route({
    method: 'POST',
    url: '/api/reminders/messages/:id/resolve',
    access: 'analyst',
    description: 'Says whether a message left sending (the server stopped while it went) went out: sent records its actions, not sent gives its letter back to the batch.',
    params: Input({ id: Type.Integer({ minimum: 1 }) }),
    body: Input({ sent: Type.Boolean() }),
    response: { 200: Obj({ message_id: Type.Integer(), status: StringEnum(['sent', 'failed']) }), 400: ErrorBody, 404: ErrorBody },
  }),
  messageContent: route({
    method: 'GET',
    url: '/api/reminders/messages/:id/content',
    description: 'What a message sent carried, as it went: the e-mail as an .eml file (with its attachment), or the PDF of a letter printed.',
    params: Input({ id: Type.Integer({ minimum: 1 }) }),
    response: { 200: File('message/rfc822 or application/pdf'), 404: ErrorBody },
  }),
  reminderMessages: route({
    method: 'GET',
    url: '/api/reminders/messages',
    description: 'The messages sent or tried, newest first, for a client or everyone: recipients, status, the error of a failure.',
    querystring: Input({ entity: Type.Optional(Type.String()), client: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 200 })) }),
    response: { 200: Obj({ messages: Type.Array(ReminderMessage) }), 400: ErrorBody },
  }),
};
