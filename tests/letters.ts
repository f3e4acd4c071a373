// A reminder letter built by hand for the renderers' tests (templates, PDF): a company, a client
// and its contact, a sender, the invoices given, and totals that add up to them.
import type { Letter, LetterInvoice } from '../src/server/reminders/letter.ts';

const cents = (x: number) => Math.round(x * 100) / 100;

/** A formal notice in French of the invoices given, dated 31/10/2026, with charges; `over` changes any part. */
export function letterOf(invoices: LetterInvoice[], over: Partial<Letter> = {}): Letter {
  const sum = (f: (i: LetterInvoice) => number) => cents(invoices.reduce((a, i) => a + f(i), 0));
  const [open, interest, indemnity] = [sum((i) => i.open_amount), sum((i) => i.interest), sum((i) => i.indemnity)];
  return {
    template: 'formal_notice',
    language: 'fr',
    level: 3,
    date: '2026-10-31',
    reference: 'MED-2026-0042',
    company: {
      name: 'Ateliers Dumoulin SAS',
      siren: '552081317',
      address: ['12 rue de la République', '69002 Lyon'],
      city: 'Lyon',
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      email: 'compta@dumoulin.fr',
      phone: '04 72 00 00 00',
    },
    client: { entity_id: 'E1', id: 'C042', name: 'Boulangerie Élodie & Fils' },
    contact: { name: 'Mme Françoise Lefèvre', email: 'f.lefevre@example.fr', role: 'Comptable' },
    sender: { name: 'Jean Martin', email: 'j.martin@dumoulin.fr' },
    invoices,
    totals: { count: invoices.length, amount: sum((i) => i.amount), open_amount: open, interest, indemnity, total_due: cents(open + interest + indemnity) },
    charges: { applied: true, reason: null, client_rate: null, rates: [{ semester: '2026-H2', rate: 12.15 }], indemnity_per_invoice: 40, floored: false },
    reminded_before: true,
    payment: { deadline: '2026-11-08', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
    ...over,
  };
}
