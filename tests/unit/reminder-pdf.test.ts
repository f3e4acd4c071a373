// The reminder letters as PDF, read back the way a person checks them (tests/pdf.ts: pdf.js): the
// pages, the letterhead, the registered-letter mention, the subject, the invoices with their French
// amounts and dates, the totals, the page numbers — for one letter and for the day's batch.
import { describe, expect, it } from 'vitest';
import { batchPdf, letterPdf, winAnsiText, type PdfLetter } from '../../src/server/reminders/pdf.ts';
import type { LetterBlock } from '../../src/server/reminders/templates.ts';
import type { LetterInvoice } from '../../src/server/reminders/letter.ts';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readPdf } from '../pdf.ts';
import { letterOf } from '../letters.ts';

/** All the space characters (U+00A0, U+202F, …) as a plain space, runs of them as one. */
const norm = (s: string) => s.replace(/[\s\u00a0\u202f\u2007\u2009]+/g, ' ');

function invoice(n: number, over: Partial<LetterInvoice> = {}): LetterInvoice {
  return {
    number: `F-2026-${String(n).padStart(4, '0')}`,
    date: '2026-07-15',
    due_date: '2026-08-14',
    amount: 1000 + n,
    open_amount: 500 + n,
    days_late: 78,
    interest: 12.5,
    indemnity: 40,
    ...over,
  };
}

const short = letterOf([
  invoice(1, { amount: 1234.56, open_amount: 1234.56, interest: 31.2, days_late: 78 }),
  invoice(2, { amount: 25000, open_amount: 12500.5, interest: 160.75, days_late: 45, date: '2026-08-01', due_date: '2026-09-15' }),
  invoice(3, { number: 'AV-77', amount: 980.4, open_amount: 980.4, interest: 4.1, days_late: 12, date: '2026-09-01', due_date: '2026-10-19' }),
]);

const blocks: LetterBlock[] = [
  { text: 'Madame, Monsieur,' },
  { text: 'Malgré nos relances, les factures ci-dessous restent impayées à ce jour\u202f: nous vous mettons en demeure de les régler.' },
  { table: 'invoices' },
  { text: 'À défaut de paiement sous huit jours, nous saisirons le tribunal de commerce sans autre avis.' },
  { text: 'Veuillez agréer, Madame, Monsieur, nos salutations distinguées.\nJean Martin' },
];

const shortInput: PdfLetter = { letter: short, subject: 'Mise en demeure de payer', blocks };
const long = letterOf(Array.from({ length: 80 }, (_, k) => invoice(k + 1)), { reference: 'MED-2026-0043', client: { entity_id: 'E1', id: 'C077', name: null }, contact: null });
const longInput: PdfLetter = { letter: long, subject: 'Mise en demeure de payer', blocks };

describe('winAnsiText', () => {
  it('keeps WinAnsi and maps the typographic characters it lacks', () => {
    expect(winAnsiText('1\u202f234,56\u00a0€')).toBe('1\u00a0234,56\u00a0€');
    expect(winAnsiText('non\u2011payé – « dû » … œuvre ’')).toBe('non-payé – « dû » … œuvre ’');
    expect(winAnsiText('a\u2009b\u200bc\u2212d')).toBe('a bc-d');
    expect(winAnsiText('Łódź Dvořák Ångström 😀')).toBe('?ódz Dvorák Ångström ?');
    expect(winAnsiText('ligne 1\nligne 2')).toBe('ligne 1\nligne 2');
  });
});

describe('letterPdf', () => {
  it('prints a short formal notice on one page, with everything a recipient checks', async () => {
    const pdf = await readPdf(await letterPdf(shortInput));
    expect(pdf.pages).toBe(1);
    const text = norm(pdf.text[0]);
    expect(text).toContain('LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION');
    expect(text).toContain('Ateliers Dumoulin SAS');
    expect(text).toContain('SIREN 552 081 317');
    expect(text).toContain('12 rue de la République');
    expect(text).toContain('compta@dumoulin.fr');
    expect(text).toContain('Boulangerie Élodie & Fils');
    expect(text).toContain("À l'attention de Mme Françoise Lefèvre");
    expect(text).toContain('Lyon, le 31/10/2026');
    expect(text).toContain('Objet : Mise en demeure de payer');
    expect(text).toContain('Réf. : MED-2026-0042');
    expect(text).toContain('Madame, Monsieur,');
    expect(text).toContain('restent impayées à ce jour : nous vous');
    for (const header of ['Facture', 'Date', 'Échéance', 'Montant', 'Reste dû', 'Jours de', 'retard', 'Intérêts', 'Indemnité']) expect(text).toContain(header);
    for (const n of ['F-2026-0001', 'F-2026-0002', 'AV-77']) expect(text).toContain(n);
    for (const amount of ['1 234,56 €', '25 000,00 €', '12 500,50 €', '980,40 €', '31,20 €', '160,75 €', '40,00 €']) expect(text).toContain(amount);
    for (const date of ['15/07/2026', '14/08/2026', '19/10/2026']) expect(text).toContain(date);
    // the totals: amount, open, interest, indemnity, and what is due
    expect(text).toContain('Total (3 factures)');
    expect(text).toContain('27 214,96 €');
    expect(text).toContain('14 715,46 €');
    expect(text).toContain('196,05 €');
    expect(text).toContain('120,00 €');
    expect(text).toContain('Total dû : 15 031,51 €');
    expect(text).toContain('tribunal de commerce');
    expect(text).toContain('Ateliers Dumoulin SAS · SIREN 552 081 317 · IBAN FR76 3000 6000 0112 3456 7890 189');
    expect(text).toContain('Page 1 / 1');
    // the body in its order: greeting, table, closing
    expect(text.indexOf('Madame, Monsieur,')).toBeLessThan(text.indexOf('F-2026-0001'));
    expect(text.indexOf('AV-77')).toBeLessThan(text.indexOf('tribunal de commerce'));
  });

  it('is deterministic, and carries the subject and company as document info', async () => {
    const a = await letterPdf(shortInput);
    const b = await letterPdf(shortInput);
    expect(a.equals(b)).toBe(true);
    const doc = await getDocument({ data: new Uint8Array(a), isEvalSupported: false, verbosity: 0 }).promise;
    const info = (await doc.getMetadata()).info as Record<string, unknown>;
    await doc.destroy();
    expect(info.Title).toBe('Mise en demeure de payer');
    expect(info.Author).toBe('Ateliers Dumoulin SAS');
    expect(info.CreationDate).toBe('D:20261031000000Z');
  });

  it('continues a long table on the next pages, the header repeated, every page numbered', async () => {
    const pdf = await readPdf(await letterPdf(longInput));
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    const pages = pdf.text.map(norm);
    const all = pages.join(' ');
    for (let k = 1; k <= 80; k++) expect(all).toContain(`F-2026-${String(k).padStart(4, '0')}`);
    // each invoice once: no row printed twice over a page break
    expect(all.match(/F-2026-\d{4}/g)).toHaveLength(80);
    pages.forEach((page, k) => expect(page).toContain(`Page ${k + 1} / ${pdf.pages}`));
    expect(pages[1]).toContain('Page 2 / ');
    // the table's pages start with its header
    const tablePages = pages.filter((p) => /F-2026-\d{4}/.test(p));
    expect(tablePages.length).toBeGreaterThanOrEqual(2);
    for (const page of tablePages) expect(page.indexOf('Reste dû')).toBeLessThan(page.search(/F-2026-\d{4}/));
    // no client name: its id; no contact: the accounts department
    expect(pages[0]).toContain('C077');
    expect(pages[0]).toContain("À l'attention du service comptabilité");
    expect(all).toContain('Total (80 factures)');
    expect(all).toContain('Total dû :');
    expect(pages.at(-1)).toContain('tribunal de commerce');
  });

  it('writes in English, without the charges columns when none apply', async () => {
    const letter = letterOf([invoice(1, { interest: 0, indemnity: 0 }), invoice(2, { interest: 0, indemnity: 0 })], {
      template: 'firm',
      language: 'en',
      level: 2,
      charges: { applied: false, reason: 'consumer', client_rate: null, rates: [], indemnity_per_invoice: 0, floored: false },
    });
    const pdf = await readPdf(await letterPdf({ letter, subject: 'Overdue invoices', blocks: [{ text: 'Dear Sir or Madam,' }, { table: 'invoices' }] }));
    expect(pdf.pages).toBe(1);
    const text = norm(pdf.text[0]);
    expect(text).not.toContain('REGISTERED LETTER');
    expect(text).toContain('Lyon, 31 October 2026');
    expect(text).toContain('Subject: Overdue invoices');
    expect(text).toContain('For the attention of Mme Françoise Lefèvre');
    for (const header of ['Invoice', 'Due', 'Amount', 'Open', 'Days late']) expect(text).toContain(header);
    expect(text).not.toContain('Interest');
    expect(text).not.toContain('Indemnity');
    expect(text).toContain('€1,001.00');
    expect(text).toContain('15 Jul 2026');
    expect(text).toContain('Total (2 invoices)');
    expect(text).not.toContain('Total due');
    expect(text).toContain('Page 1 / 1');
  });
});

describe('batchPdf', () => {
  it('puts the letters one after the other, each numbered from its own first page', async () => {
    const one = await readPdf(await letterPdf(shortInput));
    const two = await readPdf(await letterPdf(longInput));
    const batch = await readPdf(await batchPdf([shortInput, longInput]));
    expect(batch.pages).toBe(one.pages + two.pages);
    const pages = batch.text.map(norm);
    expect(pages[0]).toContain('Page 1 / 1');
    expect(pages[0]).toContain('MED-2026-0042');
    expect(pages[1]).toContain('MED-2026-0043');
    for (let k = 0; k < two.pages; k++) expect(pages[1 + k]).toContain(`Page ${k + 1} / ${two.pages}`);
    // the batch's pages are the letters' pages
    expect(pages).toEqual([...one.text, ...two.text].map(norm));
  });

  it('refuses an empty batch', async () => {
    await expect(batchPdf([])).rejects.toThrow(RangeError);
  });
});
