// Reminder letters as PDF, for the post: one letter (letterPdf), or the day's letters in one file to
// print (batchPdf). Drawn with pdfkit and the standard Helvetica fonts — no font files; they print
// French accents and € (WinAnsi encoding), so every string goes through `winAnsiText` first.
// The wording of the letter (subject and body) comes from the templates, as blocks; this file lays
// them out as a French business letter (A4, window envelope) with the invoices as a table.
// The output is deterministic: the document's dates are the letter's.
// pdfkit (and its fonts and compression) is loaded at the first letter, not when the CLI or the
// server starts: most runs draw none.
import { formatDate, formatMoney, formatNumber } from '../../lib/shared/format.ts';
import type { Letter, LetterLanguage } from './letter.ts';
import type { LetterBlock } from './templates.ts';

export interface PdfLetter {
  letter: Letter;
  subject: string;
  blocks: LetterBlock[];
}

/** One letter, A4. */
export function letterPdf(input: PdfLetter): Promise<Buffer> {
  return render([input], {
    Title: winAnsiText(input.subject),
    Author: winAnsiText(input.letter.company.name),
    Subject: winAnsiText(input.letter.reference),
    CreationDate: letterDate(input.letter.date),
  });
}

/** The day's letters in one PDF (each letter starts on a new page; page numbers restart per letter: "Page 1 / 2" of that letter). */
export function batchPdf(inputs: PdfLetter[]): Promise<Buffer> {
  if (inputs.length === 0) return Promise.reject(new RangeError('batchPdf: no letters'));
  const first = inputs[0].letter;
  const title = first.language === 'fr' ? `Relances du ${formatDate(first.date, 'fr')}` : `Reminders of ${longDate(first.date)}`;
  return render(inputs, {
    Title: winAnsiText(title),
    Author: winAnsiText(first.company.name),
    CreationDate: letterDate(first.date),
  });
}

// ---------------------------------------------------------------------------------------------
// Characters

/** The characters of WinAnsi (Windows-1252) above Latin-1's, as Unicode: the standard fonts print them. */
const WIN_ANSI_EXTRA = new Set([
  0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c,
  0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

/** Typographic characters WinAnsi lacks, and what prints in their place. */
const SUBSTITUTES: Record<string, string> = {
  '\u202f': '\u00a0', // narrow no-break space (French thousands, before ; : ! ? %)
  '\u2007': '\u00a0', // figure space
  '\u2060': '', // word joiner
  '\u200b': '', // zero-width space
  '\u200c': '',
  '\u200d': '',
  '\ufeff': '',
  '\u00ad': '', // soft hyphen: invisible unless the line breaks there
  '\u2000': ' ',
  '\u2001': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2008': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u205f': ' ',
  '\u3000': ' ',
  '\t': ' ',
  '\r': '',
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '\u2013', // figure dash → en dash
  '\u2015': '\u2014', // horizontal bar → em dash
  '\u2212': '-', // minus sign
  '\u2043': '-',
  '\u2024': '.',
  '\u2044': '/',
  '\u2215': '/',
  '\u201b': "'",
  '\u201f': '"',
  '\u2032': "'",
  '\u2033': '"',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u2190': '<-',
  '\u2192': '->',
  '\u2194': '<->',
  '\u21d2': '=>',
  '\u2116': 'No',
};

function winAnsi(code: number): boolean {
  return code === 0x0a || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(code);
}

/**
 * A string the standard PDF fonts can print: U+202F (narrow no-break space) becomes U+00A0, other
 * typographic characters WinAnsi lacks become their nearest equivalent (U+2011 → '-', U+2009 → ' '),
 * letters with other accents lose them (ő → o), and what remains unprintable becomes '?'.
 */
export function winAnsiText(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (winAnsi(code)) out += ch;
    else if (ch in SUBSTITUTES) out += SUBSTITUTES[ch];
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue; // control characters
    else {
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += base && [...base].every((c) => winAnsi(c.codePointAt(0)!)) ? base : '?';
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Layout

const MM = 72 / 25.4;
const MARGIN = 20 * MM;
const BOTTOM = 25 * MM; // the footer sits in the bottom margin
const RECIPIENT_X = 110 * MM;
const RECIPIENT_Y = 45 * MM;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const BODY_SIZE = 10;
const TABLE_SIZE = 8.5;
const PAD = { top: 3, bottom: 3, left: 4, right: 4 };

type Doc = PDFKit.PDFDocument;

const LABELS = {
  fr: {
    registered: 'LETTRE RECOMMANDÉE\nAVEC ACCUSÉ DE RÉCEPTION',
    attention: (name: string) => `À l'attention de ${name}`,
    accounts: "À l'attention du service comptabilité",
    placeDate: (city: string, date: string) => `${city}, le ${formatDate(date, 'fr')}`,
    subject: 'Objet\u00a0: ',
    reference: 'Réf.\u00a0: ',
    phone: 'Tél.\u00a0: ',
    email: 'E-mail\u00a0: ',
    page: (k: number, n: number) => `Page ${k} / ${n}`,
    columns: ['Facture', 'Date', 'Échéance', 'Montant', 'Reste dû', 'Jours de retard', 'Intérêts', 'Indemnité'],
    total: (n: number) => `Total (${n} facture${n > 1 ? 's' : ''})`,
    totalDue: 'Total dû\u00a0: ',
  },
  en: {
    registered: 'REGISTERED LETTER\nWITH ACKNOWLEDGEMENT OF RECEIPT',
    attention: (name: string) => `For the attention of ${name}`,
    accounts: 'For the attention of the accounts payable department',
    placeDate: (city: string, date: string) => `${city}, ${longDate(date)}`,
    subject: 'Subject: ',
    reference: 'Ref.: ',
    phone: 'Tel.: ',
    email: 'E-mail: ',
    page: (k: number, n: number) => `Page ${k} / ${n}`,
    columns: ['Invoice', 'Date', 'Due', 'Amount', 'Open', 'Days late', 'Interest', 'Indemnity'],
    total: (n: number) => `Total (${n} invoice${n > 1 ? 's' : ''})`,
    totalDue: 'Total due: ',
  },
} satisfies Record<LetterLanguage, unknown>;

/** '2026-10-31' as midnight UTC: the document's creation date, so the same letter gives the same bytes. */
function letterDate(iso: string): Date {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** '2026-10-31' → '31 October 2026'. */
function longDate(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(letterDate(iso));
}

/** '552081317' → '552 081 317' (kept on one line); anything else as given. */
function formatSiren(siren: string): string {
  const digits = siren.replace(/\s/g, '');
  return /^\d{9}$/.test(digits) ? `${digits.slice(0, 3)}\u00a0${digits.slice(3, 6)}\u00a0${digits.slice(6)}` : siren;
}

/** An IBAN in groups of four. */
function formatIban(iban: string): string {
  const compact = iban.replace(/\s/g, '').toUpperCase();
  return compact.match(/.{1,4}/g)?.join(' ') ?? '';
}

async function render(inputs: PdfLetter[], info: PDFKit.DocumentInfo): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, right: MARGIN, bottom: BOTTOM, left: MARGIN },
    autoFirstPage: false,
    bufferPages: true,
    displayTitle: true,
    lang: inputs[0].letter.language === 'fr' ? 'fr-FR' : 'en-GB',
    info: { ...info, Creator: 'Encours' },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    const letters: { input: PdfLetter; first: number; count: number }[] = [];
    for (const input of inputs) {
      const first = doc.bufferedPageRange().count;
      doc.addPage();
      drawLetter(doc, input);
      letters.push({ input, first, count: doc.bufferedPageRange().count - first });
    }
    for (const { input, first, count } of letters) {
      for (let k = 0; k < count; k++) {
        doc.switchToPage(first + k);
        drawFooter(doc, input.letter, k + 1, count);
      }
    }
    doc.end();
  } catch (e) {
    done.catch(() => undefined);
    throw e;
  }
  return done;
}

function drawLetter(doc: Doc, { letter, subject, blocks }: PdfLetter): void {
  const L = LABELS[letter.language];
  const { company } = letter;
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  doc.fillColor('black');

  // Letterhead, top left.
  const headWidth = RECIPIENT_X - left - 8 * MM;
  doc.font(BOLD).fontSize(12).text(winAnsiText(company.name), left, MARGIN, { width: headWidth });
  doc.font(FONT).fontSize(9);
  const head = [
    ...company.address,
    `SIREN ${formatSiren(company.siren)}`,
    company.phone ? L.phone + company.phone : '',
    company.email ? L.email + company.email : '',
  ].filter((line) => line.trim() !== '');
  for (const line of head) doc.text(winAnsiText(line), left, doc.y, { width: headWidth });
  const headBottom = doc.y;

  // The recipient, where the envelope's window is.
  const rightWidth = doc.page.width - MARGIN - RECIPIENT_X;
  if (letter.template === 'formal_notice') {
    doc.font(BOLD).fontSize(9);
    const mention = winAnsiText(L.registered);
    const h = doc.heightOfString(mention, { width: rightWidth });
    doc.text(mention, RECIPIENT_X, Math.max(MARGIN, RECIPIENT_Y - h - 3 * MM), { width: rightWidth });
  }
  doc.font(BOLD).fontSize(11).text(winAnsiText(letter.client.name ?? letter.client.id), RECIPIENT_X, RECIPIENT_Y, { width: rightWidth });
  doc.font(FONT).fontSize(BODY_SIZE);
  doc.text(winAnsiText(letter.contact ? L.attention(letter.contact.name) : L.accounts), RECIPIENT_X, doc.y + 2, { width: rightWidth });
  const recipientBottom = doc.y;

  // Place and date, then the subject and our reference.
  doc.text(winAnsiText(L.placeDate(company.city, letter.date)), RECIPIENT_X, Math.max(recipientBottom + 10 * MM, 80 * MM), { width: rightWidth });
  doc.x = left;
  doc.y = Math.max(doc.y, headBottom) + 10 * MM;
  doc.font(BOLD).text(winAnsiText(L.subject), left, doc.y, { width, continued: true });
  doc.font(FONT).text(winAnsiText(subject));
  if (letter.reference) {
    doc.font(BOLD).text(winAnsiText(L.reference), left, doc.y + 2, { width, continued: true });
    doc.font(FONT).text(winAnsiText(letter.reference));
  }
  doc.y += 8 * MM;

  // The body.
  for (const block of blocks) {
    doc.x = left;
    if ('table' in block) {
      drawInvoiceTable(doc, letter);
      doc.x = left;
      doc.y += 5 * MM;
    } else {
      doc.font(FONT).fontSize(BODY_SIZE).fillColor('black');
      const text = winAnsiText(block.text);
      if (text.trim() === '') doc.moveDown(1);
      else doc.text(text, left, doc.y, { width, lineGap: 1.5 });
      doc.moveDown(0.7);
    }
  }
}

interface Column {
  label: string;
  align: 'left' | 'right';
  cells: string[];
  total: string;
}

type Cell = { text: string; colSpan?: number };

/** The narrowest width that sets a column's header on at most two lines ('Jours de / retard'). */
function labelWidth(doc: Doc, label: string): number {
  const words = label.split(/\s+/);
  let best = doc.widthOfString(label);
  for (let k = 1; k < words.length; k++) {
    best = Math.min(best, Math.max(doc.widthOfString(words.slice(0, k).join(' ')), doc.widthOfString(words.slice(k).join(' '))));
  }
  return best;
}

function drawInvoiceTable(doc: Doc, letter: Letter): void {
  const lang = letter.language;
  const L = LABELS[lang];
  const money = (v: number) => winAnsiText(formatMoney(v, lang));
  const date = (d: string) => winAnsiText(formatDate(d, lang));
  const { invoices, totals } = letter;
  const charges = letter.charges.applied;
  const columns: Column[] = [
    { label: L.columns[0], align: 'left', cells: invoices.map((i) => winAnsiText(i.number ?? '–')), total: winAnsiText(L.total(totals.count)) },
    { label: L.columns[1], align: 'left', cells: invoices.map((i) => date(i.date)), total: '' },
    { label: L.columns[2], align: 'left', cells: invoices.map((i) => date(i.due_date)), total: '' },
    { label: L.columns[3], align: 'right', cells: invoices.map((i) => money(i.amount)), total: money(totals.amount) },
    { label: L.columns[4], align: 'right', cells: invoices.map((i) => money(i.open_amount)), total: money(totals.open_amount) },
    { label: L.columns[5], align: 'right', cells: invoices.map((i) => (i.days_late > 0 ? winAnsiText(formatNumber(i.days_late, lang)) : '–')), total: '' },
  ];
  if (charges) {
    columns.push(
      { label: L.columns[6], align: 'right', cells: invoices.map((i) => money(i.interest)), total: money(totals.interest) },
      { label: L.columns[7], align: 'right', cells: invoices.map((i) => money(i.indemnity)), total: money(totals.indemnity) },
    );
  }
  for (const c of columns) c.label = winAnsiText(c.label);

  // Column widths: each column but the first as wide as its widest value (and its header's longest
  // word); the invoice numbers take the rest.
  const width = doc.page.width - 2 * MARGIN;
  doc.fontSize(TABLE_SIZE);
  const widths = columns.map((c, i) => {
    if (i === 0) return 0;
    doc.font(FONT);
    let w = Math.max(0, ...c.cells.map((t) => doc.widthOfString(t)));
    doc.font(BOLD);
    w = Math.max(w, doc.widthOfString(c.total), labelWidth(doc, c.label));
    return Math.ceil(w + PAD.left + PAD.right + 2);
  });
  const others = widths.reduce((a, b) => a + b, 0);
  const minFirst = 60;
  if (others > width - minFirst) {
    const scale = (width - minFirst) / others;
    for (let i = 1; i < widths.length; i++) widths[i] = Math.floor(widths[i] * scale);
  }
  widths[0] = width - widths.slice(1).reduce((a, b) => a + b, 0);
  const align = columns.map((c) => c.align);

  const span = (from: number, n: number) => widths.slice(from, from + n).reduce((a, b) => a + b, 0);
  /** The height the table will give a row (its tallest cell), to break pages before pdfkit does. */
  const rowHeight = (cells: Cell[], font: string): number => {
    doc.font(font).fontSize(TABLE_SIZE);
    let col = 0;
    let h = 0;
    for (const cell of cells) {
      const n = cell.colSpan ?? 1;
      const textWidth = span(col, n) - PAD.left - PAD.right;
      if (cell.text) h = Math.max(h, doc.heightOfString(cell.text, { width: textWidth }));
      col += n;
    }
    return h + PAD.top + PAD.bottom;
  };

  type Row = { cells: Cell[]; font: string; kind: 'body' | 'total' };
  const header: Row = { cells: columns.map((c) => ({ text: c.label })), font: BOLD, kind: 'body' };
  const rows: Row[] = invoices.map((_, r) => ({ cells: columns.map((c) => ({ text: c.cells[r] })), font: FONT, kind: 'body' }));
  rows.push({
    cells: [{ text: columns[0].total, colSpan: 3 }, ...columns.slice(3).map((c) => ({ text: c.total }))],
    font: BOLD,
    kind: 'total',
  });
  if (charges) rows.push({ cells: [{ text: winAnsiText(L.totalDue) + money(totals.total_due), colSpan: columns.length }], font: BOLD, kind: 'total' });

  const headerHeight = rowHeight(header.cells, BOLD);
  const fits = (h: number) => doc.y + h + 1 < doc.page.maxY();
  const start = (next: Row) => {
    if (!fits(headerHeight + rowHeight(next.cells, next.font))) doc.continueOnNewPage();
    const table = doc.table({
      position: { x: MARGIN, y: doc.y },
      maxWidth: width,
      columnStyles: widths,
      defaultStyle: { padding: PAD, border: false, borderColor: '#999999' },
    });
    table.row(
      header.cells.map((cell, i) => ({
        text: cell.text,
        type: 'TH' as const,
        font: { src: BOLD, size: TABLE_SIZE },
        align: { x: align[i], y: 'bottom' as const },
        backgroundColor: '#eeeeee',
        border: { bottom: 0.75 },
        borderColor: { bottom: '#555555' },
      })),
    );
    return table;
  };

  let table = start(rows[0]);
  let first = true;
  for (const row of rows) {
    const h = rowHeight(row.cells, row.font);
    if (!first && !fits(h)) {
      table.end();
      doc.continueOnNewPage();
      table = start(row);
    }
    first = false;
    let col = 0;
    table.row(
      row.cells.map((cell) => {
        const i = col;
        col += cell.colSpan ?? 1;
        return {
          text: cell.text,
          colSpan: cell.colSpan,
          font: { src: row.font, size: TABLE_SIZE },
          align: { x: row.kind === 'total' && i === 0 && (cell.colSpan ?? 1) === columns.length ? ('right' as const) : align[i], y: 'top' as const },
          border: row.kind === 'total' ? { top: 0.75 } : { bottom: 0.25 },
          borderColor: row.kind === 'total' ? { top: '#555555' } : { bottom: '#bbbbbb' },
        };
      }),
    );
  }
  table.end();
  doc.font(FONT).fontSize(BODY_SIZE).fillColor('black');
}

/** The footer of a page, in the bottom margin: who we are, and the page's number within its letter. */
function drawFooter(doc: Doc, letter: Letter, page: number, pages: number): void {
  const L = LABELS[letter.language];
  const { company } = letter;
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0; // text below the margin would otherwise open a new page
  const left = MARGIN;
  const width = doc.page.width - 2 * MARGIN;
  const y = doc.page.height - 17 * MM;
  doc.save().moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).strokeColor('#999999').stroke().restore();
  const line = [company.name, `SIREN ${formatSiren(company.siren)}`, company.iban ? `IBAN ${formatIban(company.iban)}` : '']
    .filter(Boolean)
    .join(' · ');
  doc.font(FONT).fontSize(7.5).fillColor('#555555');
  doc.text(winAnsiText(line), left, y + 2 * MM, { width, align: 'center', lineBreak: false });
  doc.text(winAnsiText(L.page(page, pages)), left, y + 6 * MM, { width, align: 'right', lineBreak: false });
  doc.fillColor('black');
  doc.page.margins.bottom = bottom;
}
