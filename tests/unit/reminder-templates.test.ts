// The reminder letters' templates: every letter in both languages, French formats, HTML escaping,
// the formal notice's legal mentions, a user's folder overriding the shipped files one by one,
// the errors a user's template can make, the PDF's paragraphs, and edits seen without a restart.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LETTER_LANGUAGES, LETTER_TEMPLATES, type Letter, type LetterLanguage, type LetterTemplate } from '../../src/server/reminders/letter.ts';
import { letterOf } from '../letters.ts';
import { checkTemplates, printable, renderLetterBlocks, renderMessage, SHIPPED_TEMPLATES_DIR, TemplateError } from '../../src/server/reminders/templates.ts';

const NBSP = '\u00a0';

const LETTER: Letter = letterOf(
  [
    { number: 'F-2025-0101', date: '2025-12-01', due_date: '2025-12-31', amount: 1234.56, open_amount: 1234.56, days_late: 90, interest: 39.51, indemnity: 40 },
    { number: 'F-2026-0007', date: '2026-01-15', due_date: '2026-02-14', amount: 3000, open_amount: 2500, days_late: 45, interest: 37.45, indemnity: 40 },
  ],
  {
    template: 'friendly',
    level: 1,
    date: '2026-03-31',
    reference: 'REL-2026-0042',
    company: {
      name: 'Atelier Dubois SAS',
      siren: '812345678',
      address: ['12 rue des Tanneurs', '69002 Lyon'],
      city: 'Lyon',
      iban: 'FR76 3000 4000 0312 3456 7890 143',
      bic: 'BNPAFRPPXXX',
      email: 'compta@atelier-dubois.fr',
      phone: '04 72 00 00 00',
    },
    client: { entity_id: 'E1', id: 'C042', name: '<script>alert(1)</script> & Fils' },
    contact: { name: 'Jeanne Moreau', email: 'j.moreau@example.com', role: 'Comptable fournisseurs' },
    sender: { name: 'Claire Martin', email: 'claire.martin@atelier-dubois.fr' },
    charges: {
      applied: true,
      reason: null,
      client_rate: null,
      rates: [
        { semester: '2025-H1', rate: 13.15 },
        { semester: '2025-H2', rate: 12.15 },
      ],
      indemnity_per_invoice: 40,
      floored: false,
    },
    payment: { deadline: '2026-04-08', iban: 'FR76 3000 4000 0312 3456 7890 143', bic: 'BNPAFRPPXXX' },
  },
);
// the totals add up by hand: 4 234,56 billed, 3 734,56 open, 76,96 interest, 80 indemnity, 3 891,52 due

const letter = (template: LetterTemplate, language: LetterLanguage = 'fr', change: Partial<Letter> = {}): Letter => ({ ...LETTER, template, language, ...change });

/** The same letter with no late-payment charges (a consumer). */
const withoutCharges = (template: LetterTemplate, language: LetterLanguage): Letter =>
  letter(template, language, {
    invoices: LETTER.invoices.map((i) => ({ ...i, interest: 0, indemnity: 0 })),
    totals: { ...LETTER.totals, interest: 0, indemnity: 0, total_due: LETTER.totals.open_amount },
    charges: { applied: false, reason: 'consumer', client_rate: null, rates: [], indemnity_per_invoice: 0, floored: false },
  });

const temporary: string[] = [];
function userFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'encours-templates-'));
  temporary.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function templateError(run: () => unknown): TemplateError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error('expected a TemplateError');
}

describe('the shipped templates', () => {
  for (const template of LETTER_TEMPLATES) {
    for (const language of LETTER_LANGUAGES) {
      it(`render ${template} in ${language}`, () => {
        const m = renderMessage(letter(template, language), null);
        expect(m.subject.length).toBeGreaterThan(10);
        expect(m.subject).not.toMatch(/[\r\n]/);
        expect(m.html).toMatch(/^<!DOCTYPE html>/);
        expect(m.html).toContain('F-2025-0101');
        expect(m.html).toContain('SIREN 812345678');
        expect(m.html).toContain('12 rue des Tanneurs');
        expect(m.text).toContain('F-2026-0007');
        expect(m.text).toContain('Claire Martin');
        expect(m.text).toContain('Jeanne Moreau');
        expect(m.text).not.toMatch(/\n{3,}/);
        for (const part of [m.subject, m.html, m.text]) {
          expect(part).not.toContain('\u202f');
          expect(part).not.toMatch(/\{\{|\}\}/);
          expect(part).not.toMatch(/NaN|undefined|\[object/);
        }
        const without = renderMessage(withoutCharges(template, language), null);
        expect(without.text).toContain('F-2026-0007');
      });
    }
  }

  it('write the subject lines', () => {
    expect(renderMessage(letter('friendly'), null).subject).toBe(`Rappel de paiement : 2 factures échues, 3${NBSP}734,56${NBSP}€ – réf. REL-2026-0042`);
    expect(renderMessage(letter('firm'), null).subject).toBe(`Deuxième rappel : factures impayées, 3${NBSP}734,56${NBSP}€ à régler avant le 08/04/2026 – réf. REL-2026-0042`);
    expect(renderMessage(letter('formal_notice'), null).subject).toBe(`Mise en demeure de payer – 3${NBSP}891,52${NBSP}€ – réf. REL-2026-0042`);
    expect(renderMessage(letter('statement'), null).subject).toBe('Relevé de compte au 31/03/2026 – <script>alert(1)</script> & Fils');
    expect(renderMessage(letter('friendly', 'en'), null).subject).toBe('Payment reminder: 2 overdue invoices, €3,734.56 – ref. REL-2026-0042');
    expect(renderMessage(letter('formal_notice', 'en'), null).subject).toBe('Formal notice to pay – €3,891.52 – ref. REL-2026-0042');
    expect(renderMessage(letter('statement', 'en'), null).subject).toBe('Statement of account as at 31 Mar 2026 – <script>alert(1)</script> & Fils');
  });

  it('write money and dates the French way, with no-break spaces the PDF fonts can print', () => {
    const m = renderMessage(letter('friendly'), null);
    expect(m.text).toContain(`1${NBSP}234,56${NBSP}€`);
    expect(m.html).toContain(`1${NBSP}234,56${NBSP}€`);
    expect(m.text).toContain('31/12/2025');
    expect(m.text).toContain('90 jours de retard'.replace(' ', NBSP));
    expect(renderMessage(letter('friendly', 'en'), null).text).toContain('€1,234.56');
    expect(printable(`1\u202f234,56\u202f€`)).toBe(`1${NBSP}234,56${NBSP}€`);
  });

  it('greet the contact by name, or "Madame, Monsieur," when there is none', () => {
    expect(renderMessage(letter('friendly'), null).text).toMatch(/^Bonjour Jeanne Moreau,/);
    expect(renderMessage(letter('friendly', 'fr', { contact: null }), null).text).toMatch(/^Madame, Monsieur,/);
    expect(renderMessage(letter('friendly', 'en', { contact: null }), null).text).toMatch(/^Dear Sir or Madam,/);
    expect(renderMessage(letter('friendly', 'fr', { client: { ...LETTER.client, name: null } }), null).text).not.toContain('<script>');
    expect(renderMessage(letter('statement', 'fr', { client: { ...LETTER.client, name: null } }), null).subject).toBe('Relevé de compte au 31/03/2026 – C042');
  });

  it('escape every value in the HTML, and leave the text as it is', () => {
    for (const template of LETTER_TEMPLATES) {
      const m = renderMessage(letter(template, 'fr', { contact: { name: 'Léa <b>Roux</b>', email: null, role: null } }), null);
      expect(m.html).not.toContain('<b>Roux');
      expect(m.html).toContain('Léa &lt;b&gt;Roux&lt;/b&gt;');
      expect(m.text).toContain('Léa <b>Roux</b>');
    }
    for (const template of ['formal_notice', 'statement'] as const) {
      const m = renderMessage(letter(template), null);
      expect(m.html).not.toContain('<script>');
      expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Fils');
      expect(m.text).toContain('<script>alert(1)</script> & Fils');
    }
  });

  it('recall earlier reminders only when there were some, and say when a contractual rate was raised to the legal minimum', () => {
    // a formal notice as the first letter (an invoice that went straight to it): no "despite our reminders"
    const first = renderMessage(letter('formal_notice', 'fr', { reminded_before: false }), null).text;
    expect(first).not.toContain('Malgré nos précédentes relances');
    expect(first).toContain('Madame, Monsieur,\n\nNous constatons que');
    expect(renderMessage(letter('formal_notice', 'en', { reminded_before: false }), null).text).toContain('We note that');
    // a contractual rate of 5 % raised to 3 × the legal rate: the letter says so and lists the rates applied
    const floored = letter('formal_notice', 'fr', { charges: { ...LETTER.charges, client_rate: 5, floored: true, rates: [{ semester: '2024-H1', rate: 15.21 }] } });
    const { text, html } = renderMessage(floored, null);
    for (const part of [text, html]) {
      expect(part).toContain(`au taux contractuel de 5,00${NBSP}%`);
      expect(part).toContain('porté au minimum légal de trois fois le taux de l\'intérêt légal');
      expect(part).toContain(`15,21${NBSP}%`);
      expect(part).not.toContain('Banque centrale européenne');
    }
    // a contractual rate above the minimum: that rate alone, no list; 0 % is a rate too
    const own = renderMessage(letter('formal_notice', 'fr', { charges: { ...LETTER.charges, client_rate: 0, floored: false, rates: [] } }), null).text;
    expect(own).toContain(`au taux contractuel de 0,00${NBSP}% l'an prévu par nos conditions générales de vente.`);
    expect(own).not.toContain('porté au minimum');
  });

  it('give the formal notice its legal mentions: rates, 40 € indemnity, total due, deadline', () => {
    const { text, html } = renderMessage(letter('formal_notice'), null);
    // an e-mail is not a registered letter: only the printed letter's heading says so (pdf.ts)
    expect(text.split('\n')[0]).toBe('À l’attention de Jeanne Moreau, Comptable fournisseurs'.replace('’', "'"));
    for (const part of [text, html]) expect(part).not.toMatch(/recommandée/i);
    expect(text).toContain('Malgré nos précédentes relances');
    for (const part of [text, html]) {
      expect(part).toContain(`13,15${NBSP}%`);
      expect(part).toContain(`12,15${NBSP}%`);
      expect(part).toContain(`1er${NBSP}semestre 2025`);
      expect(part).toContain(`40,00${NBSP}€ par facture`);
      expect(part).toContain('D.441-5');
      expect(part).toContain('L.441-10');
      expect(part).toContain(`3${NBSP}891,52${NBSP}€`);
      expect(part).toContain('08/04/2026');
      expect(part).toContain('injonction de payer');
    }
    const en = renderMessage(letter('formal_notice', 'en'), null).text;
    expect(en).not.toMatch(/registered letter/i);
    expect(en).toContain('13.15%');
    expect(en).toContain('first half of 2025');
    expect(en).toContain('€40.00 is due for each invoice');
    expect(en).toContain('€3,891.52');
    expect(en).toContain('8 Apr 2026');

    const contractual = renderMessage(letter('formal_notice', 'fr', { charges: { ...LETTER.charges, client_rate: 15 } }), null).text;
    expect(contractual).toContain(`taux contractuel de 15,00${NBSP}%`);
    expect(contractual).not.toContain('13,15');
  });

  it('leave interest and indemnity out of the formal notice when no charges apply', () => {
    for (const language of LETTER_LANGUAGES) {
      const { text, html } = renderMessage(withoutCharges('formal_notice', language), null);
      for (const part of [text, html]) {
        expect(part).not.toMatch(/13[,.]15|12[,.]15|D\.441-5|L\.441-10|indemnit|intérêt|interest/i);
        expect(part).toContain(language === 'fr' ? `3${NBSP}734,56${NBSP}€` : '€3,734.56');
        expect(part).toContain(language === 'fr' ? '08/04/2026' : '8 Apr 2026');
      }
    }
    expect(renderMessage(withoutCharges('firm', 'fr'), null).text).not.toContain('L.441-10');
    expect(renderMessage(letter('firm'), null).text).toContain('L.441-10');
    expect(renderMessage(letter('firm'), null).text).toContain(`dans un délai de 8${NBSP}jours, soit au plus tard le 08/04/2026`);
  });

  it('list on the statement the invoices not yet due, and the overdue part', () => {
    const invoices = [LETTER.invoices[0], { ...LETTER.invoices[1], due_date: '2026-04-15', days_late: 0, interest: 0, indemnity: 0 }];
    const { text } = renderMessage(letter('statement', 'fr', { invoices }), null);
    expect(text).toContain('(non échue)');
    expect(text).toContain(`dont 1${NBSP}234,56${NBSP}€ arrivés à échéance (1 facture)`);
    expect(renderMessage(letter('statement', 'en', { invoices }), null).text).toContain('(not yet due)');
  });

  it('pass their own check', () => {
    expect(() => checkTemplates(SHIPPED_TEMPLATES_DIR)).not.toThrow();
  });
});

describe('the PDF letter', () => {
  it('is the text template in paragraphs, with the invoice table in its place', () => {
    for (const template of LETTER_TEMPLATES) {
      for (const language of LETTER_LANGUAGES) {
        const { subject, blocks } = renderLetterBlocks(letter(template, language), null);
        expect(subject).toBe(renderMessage(letter(template, language), null).subject);
        expect(blocks.filter((b) => 'table' in b)).toEqual([{ table: 'invoices' }]);
        const texts = blocks.flatMap((b) => ('text' in b ? [b.text] : []));
        expect(texts.length).toBeGreaterThan(4);
        for (const text of texts) {
          expect(text.trim()).toBe(text);
          expect(text).not.toContain('\n\n');
          expect(text).not.toContain('F-2025-0101'); // the table's rows are the PDF's to draw
          expect(text).not.toContain('\u202f');
        }
      }
    }
    // the PDF's heading prints the registered-letter mention and the addressee: the body does not again
    const { blocks } = renderLetterBlocks(letter('formal_notice'), null);
    expect(blocks[0]).toEqual({ text: 'Madame, Monsieur,' });
    expect(JSON.stringify(blocks)).not.toMatch(/recommandée|attention/i);
    expect(renderMessage(letter('formal_notice'), null).text).toMatch(/^À l'attention de Jeanne Moreau/);
    expect(blocks.findIndex((b) => 'table' in b)).toBe(2); // after the salutation and the opening paragraph
  });
});

describe("a user's folder", () => {
  it('overrides the shipped templates file by file', () => {
    const dir = userFolder({ 'fr/friendly.subject.hbs': 'Petit rappel de {{company.name}} ({{money totals.open_amount}})\n' });
    const mine = renderMessage(letter('friendly'), dir);
    const shipped = renderMessage(letter('friendly'), null);
    expect(mine.subject).toBe(`Petit rappel de Atelier Dubois SAS (3${NBSP}734,56${NBSP}€)`);
    expect(mine.html).toBe(shipped.html);
    expect(mine.text).toBe(shipped.text);
    expect(renderMessage(letter('friendly', 'en'), dir).subject).toBe(renderMessage(letter('friendly', 'en'), null).subject);
    expect(() => checkTemplates(dir)).not.toThrow();
  });

  it('can replace a partial for every letter', () => {
    const dir = userFolder({ 'fr/partials/signature.txt.hbs': 'Le service comptable de {{company.name}}\n' });
    for (const template of LETTER_TEMPLATES) expect(renderMessage(letter(template), dir).text).toMatch(/Le service comptable de Atelier Dubois SAS$/);
  });

  it('joins the lines of a subject, and does not HTML-escape it', () => {
    const dir = userFolder({ 'fr/firm.subject.hbs': 'Relance\n  {{client.name}}\n' });
    expect(renderMessage(letter('firm'), dir).subject).toBe('Relance <script>alert(1)</script> & Fils');
  });

  it('refuses the triple-stash and {{& …}}, naming the file, line and column', () => {
    const dir = userFolder({ 'fr/friendly.html.hbs': '<p>Bonjour,</p>\n<p>{{{client.name}}}</p>\n' });
    const error = templateError(() => renderMessage(letter('friendly'), dir));
    expect(error.file).toBe(join(dir, 'fr', 'friendly.html.hbs'));
    expect(error.line).toBe(2);
    expect(error.column).toBe(4);
    expect(error.message).toContain('friendly.html.hbs:2:4');
    expect(error.message).toContain('{{client.name}}');
    expect(templateError(() => checkTemplates(dir)).file).toBe(error.file);

    const ampersand = userFolder({ 'en/partials/payment.html.hbs': '<p>IBAN {{& payment.iban}}</p>' });
    const e2 = templateError(() => renderMessage(letter('friendly', 'en'), ampersand));
    expect([e2.file, e2.line, e2.column]).toEqual([join(ampersand, 'en', 'partials', 'payment.html.hbs'), 1, 9]);
  });

  it('reports a syntax error with the file, line, column and the parser message', () => {
    const dir = userFolder({ 'fr/firm.txt.hbs': 'Madame, Monsieur,\n\nVeuillez régler {{money totals.open_amount}.\n' });
    const error = templateError(() => renderMessage(letter('firm'), dir));
    expect(error.file).toBe(join(dir, 'fr', 'firm.txt.hbs'));
    expect(error.line).toBe(3);
    expect(error.column).toBe(43); // the lone }
    expect(error.message).toMatch(/firm\.txt\.hbs:3:43: Handlebars syntax error: Parse error on line 3/);

    const unclosed = userFolder({ 'fr/statement.txt.hbs': 'a\n{{#if contact}}\nb\n{{/each}}\n' });
    const e2 = templateError(() => renderLetterBlocks(letter('statement'), unclosed));
    expect([e2.line, e2.column]).toEqual([2, 4]); // at the "if" of {{#if
    expect(e2.message).toContain("if doesn't match each");
  });

  it('reports unknown helpers and partials where they are used', () => {
    const helper = userFolder({ 'fr/friendly.txt.hbs': 'Total : {{monnaie totals.open_amount}}\n' });
    const e1 = templateError(() => renderMessage(letter('friendly'), helper));
    expect([e1.line, e1.column]).toEqual([1, 9]);
    expect(e1.message).toContain('unknown helper "monnaie"');

    const partial = userFolder({ 'fr/friendly.txt.hbs': 'Bonjour,\n\n{{> factures}}\n' });
    const e2 = templateError(() => renderMessage(letter('friendly'), partial));
    expect([e2.file, e2.line, e2.column]).toEqual([join(partial, 'fr', 'friendly.txt.hbs'), 3, 1]);
    expect(e2.message).toContain('partials/factures.txt.hbs');
    expect(templateError(() => checkTemplates(partial)).file).toBe(e2.file);
  });

  it('is checked as a whole: misplaced and misnamed files, a missing folder', () => {
    expect(templateError(() => checkTemplates(join(tmpdir(), 'encours-no-such-folder'))).line).toBeNull();
    expect(templateError(() => checkTemplates(userFolder({ 'friendly.subject.hbs': 'x' }))).message).toContain('fr');
    expect(templateError(() => checkTemplates(userFolder({ 'fr/friendly.sujet.hbs': 'x' }))).message).toContain('unknown template file');
    expect(() => checkTemplates(userFolder({ 'fr/notes.md': 'ignored', 'en/partials/extra.txt.hbs': '{{company.name}}' }))).not.toThrow();
  });

  it('is read again when a file changes, without a restart', () => {
    const dir = userFolder({ 'fr/statement.subject.hbs': 'Version 1' });
    const file = join(dir, 'fr', 'statement.subject.hbs');
    expect(renderMessage(letter('statement'), dir).subject).toBe('Version 1');
    writeFileSync(file, 'Version 2');
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    expect(renderMessage(letter('statement'), dir).subject).toBe('Version 2');
    writeFileSync(file, '{{#if}}');
    utimesSync(file, new Date(Date.now() + 10_000), new Date(Date.now() + 10_000));
    expect(templateError(() => renderMessage(letter('statement'), dir)).file).toBe(file);
  });
});
