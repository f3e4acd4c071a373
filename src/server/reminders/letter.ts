// A reminder letter as its renderers see it (the e-mail's templates, the PDF): who writes to whom,
// about which invoices, with which late-payment charges and how to pay. Built from the ledger and
// the collections data by letters.ts; every amount is in euros, every date ISO (YYYY-MM-DD) —
// the renderers format them in the letter's language.

import { LETTER_LANGUAGES, LETTER_TEMPLATES, NO_CHARGES_REASONS } from '../../lib/contract/reminders.ts';

/** The letters Encours writes: a reminder per dunning level, and a statement of the client's account. */
export { LETTER_LANGUAGES, LETTER_TEMPLATES };
export type LetterTemplate = (typeof LETTER_TEMPLATES)[number];
export type LetterLanguage = (typeof LETTER_LANGUAGES)[number];

/** Our company, as the settings describe it (reminders.company). */
export interface Company {
  name: string;
  /** the SIREN (9 digits), printed in the letterhead */
  siren: string;
  /** the postal address, one line a string */
  address: string[];
  /** the town the letter is written from ("Lyon, le 31/10/2026") */
  city: string;
  iban: string;
  bic: string;
  email: string;
  phone: string;
}

/** One invoice of the letter: what was billed, what is still open, and the charges on it. */
export interface LetterInvoice {
  number: string | null;
  date: string;
  due_date: string;
  amount: number;
  open_amount: number;
  /** days after the due date at the letter's date (0: not yet due — a statement lists those too) */
  days_late: number;
  /** late interest to the letter's date (0 when no charges apply) */
  interest: number;
  /** the fixed collection indemnity (40 € a late invoice between businesses; 0 when none applies) */
  indemnity: number;
}

/** Why a letter carries no charges, when it does not. */
export type NoChargesReason = (typeof NO_CHARGES_REASONS)[number];

export interface Letter {
  template: LetterTemplate;
  language: LetterLanguage;
  /** the dunning level the letter carries out (null: a statement of account) */
  level: number | null;
  /** a lower level was done on some of its invoices before (the letter recalls the earlier reminders) */
  reminded_before: boolean;
  /** the letter's date: its charges and days late run to it, its deadline from it */
  date: string;
  /** our reference for the letter, printed and put in the payment instructions */
  reference: string;
  company: Company;
  client: { entity_id: string; id: string; name: string | null };
  /** the person written to (null: the client's accounts department) */
  contact: { name: string; email: string | null; role: string | null } | null;
  /** who signs and whom replies go to: the client's credit controller, or the user */
  sender: { name: string; email: string | null };
  invoices: LetterInvoice[];
  totals: {
    count: number;
    amount: number;
    open_amount: number;
    interest: number;
    indemnity: number;
    /** open_amount + interest + indemnity */
    total_due: number;
  };
  charges: {
    applied: boolean;
    reason: NoChargesReason | null;
    /** the client's own rate (annual %), when its terms set one; else the legal default applies */
    client_rate: number | null;
    /** the annual rates applied, semester by semester, as used for the invoices of the letter */
    rates: { semester: string; rate: number }[];
    indemnity_per_invoice: number;
    /** the client's own rate was raised to the legal minimum (3 × the legal interest rate) in some semester */
    floored: boolean;
  };
  payment: {
    /** pay by this date (a formal notice gives a few days; a reminder asks for payment on receipt) */
    deadline: string;
    iban: string;
    bic: string;
  };
}
