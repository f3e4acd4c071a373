// The letters' wording: Handlebars templates kept as files the user can edit. The shipped defaults
// live in src/server/reminders/templates/<lang>/; a user folder (named by the settings) laid out the
// same way (<dir>/fr/…, <dir>/en/…) overrides them file by file — a file present there wins, any
// other falls back to the shipped one.
//
// Per letter template and language:
//   <template>.subject.hbs   the e-mail's subject (and the PDF letter's "Objet"), one line
//   <template>.html.hbs      the e-mail's HTML body: every {{value}} HTML-escaped
//   <template>.txt.hbs       the e-mail's plain-text body, and the PDF letter's body
//   partials/<name>.html.hbs, partials/<name>.txt.hbs   shared pieces, {{> name}}: invoices (the
//                            table and its totals), payment, signature, layout (the HTML frame)
//
// Templates see the Letter (letter.ts) plus: client.label (the name, or the id when there is none),
// overdue.count / overdue.open_amount (the invoices past their due date), payment.days (days from
// the letter's date to the payment deadline). Helpers, in the letter's language: money, date,
// percent (an annual rate in %), days, semester ('2025-H1'), plural (count, singular, plural), and
// eq, ne, gt, gte, lt, lte, and, or, not for conditions.
//
// Rules: the triple-stash {{{…}}} and {{& …}} are refused (every value is escaped in HTML); only the
// helpers above exist (an unknown one is an error at compile time, with its line and column).
import Handlebars from 'handlebars';
import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { basename, join } from 'node:path';
import { formatDate, formatMoney, formatNumber } from '../../lib/shared/format.ts';
import { PROJECT_ROOT } from '../util/paths.ts';
import { LETTER_LANGUAGES, LETTER_TEMPLATES, type Letter, type LetterLanguage, type LetterTemplate } from './letter.ts';
import { daysBetween } from '../util/dates.ts';
import { round2 } from '../util/money.ts';

/** The shipped templates: resolved from the checkout's root, since the bundled server runs from build/server. */
export const SHIPPED_TEMPLATES_DIR: string = join(PROJECT_ROOT, 'src', 'server', 'reminders', 'templates');

/** A template that cannot be used: the file, and where in it (1-based line and column) when known. */
export class TemplateError extends Error {
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;

  constructor(file: string, line: number | null, column: number | null, detail: string) {
    super(`${file}${line === null ? '' : `:${line}${column === null ? '' : `:${column}`}`}: ${detail}`);
    this.name = 'TemplateError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/** A paragraph of the PDF letter's body, or the place of the invoice table (the PDF draws it itself). */
export type LetterBlock = { text: string } | { table: 'invoices' };

/**
 * Text for the PDF's standard fonts (and consistent e-mails): French Intl output separates thousands
 * and puts "€" / "%" after a narrow no-break space (U+202F), which those fonts cannot print; this
 * writes a no-break space (U+00A0) instead. Thin and figure spaces likewise.
 */
export function printable(s: string): string {
  return s.replace(/[\u202f\u2009\u2007]/g, '\u00a0');
}

// ---------------------------------------------------------------------------------------------
// Helpers

type Kind = 'subject' | 'html' | 'txt';

const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

const SEMESTER = /^(\d{4})-(?:H|S)([12])$/i;

/** The helpers, given the letter's language first and the template's arguments (without Handlebars' options) after. */
const HELPERS: Record<string, (lang: LetterLanguage, ...args: unknown[]) => unknown> = {
  money: (lang, v) => {
    const n = num(v);
    return n === null ? '' : printable(formatMoney(n, lang));
  },
  date: (lang, v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? printable(formatDate(v, lang)) : ''),
  /** an annual rate given in percent: 13.15 → '13,15 %' / '13.15%' */
  percent: (lang, v) => {
    const n = num(v);
    if (n === null) return '';
    const s = printable(formatNumber(n, lang, 2));
    return lang === 'fr' ? `${s}\u00a0%` : `${s}%`;
  },
  /** 45 → '45 jours' / '45 days' */
  days: (lang, v) => {
    const n = num(v);
    if (n === null) return '';
    const s = printable(formatNumber(n, lang, Number.isInteger(n) ? 0 : 1));
    if (lang === 'fr') return `${s}\u00a0${Math.abs(n) < 2 ? 'jour' : 'jours'}`;
    return `${s}\u00a0${n === 1 ? 'day' : 'days'}`;
  },
  /** '2025-H1' → '1er semestre 2025' / 'first half of 2025' */
  semester: (lang, v) => {
    const m = typeof v === 'string' ? SEMESTER.exec(v) : null;
    if (!m) return typeof v === 'string' ? v : '';
    if (lang === 'fr') return m[2] === '1' ? `1er\u00a0semestre ${m[1]}` : `2e\u00a0semestre ${m[1]}`;
    return `${m[2] === '1' ? 'first' : 'second'} half of ${m[1]}`;
  },
  /** the singular or the plural word for a count (French: 0 and 1 take the singular) */
  plural: (lang, count, one, many) => {
    const n = num(count) ?? 0;
    return String((lang === 'fr' ? Math.abs(n) < 2 : n === 1) ? (one ?? '') : (many ?? ''));
  },
  eq: (_, a, b) => a === b,
  ne: (_, a, b) => a !== b,
  gt: (_, a, b) => (a as number) > (b as number),
  gte: (_, a, b) => (a as number) >= (b as number),
  lt: (_, a, b) => (a as number) < (b as number),
  lte: (_, a, b) => (a as number) <= (b as number),
  and: (_, ...xs) => xs.every(Boolean),
  or: (_, ...xs) => xs.some(Boolean),
  not: (_, x) => !x,
};

// An isolated Handlebars: nothing registered globally, our helpers only.
const hb = Handlebars.create();
for (const [name, fn] of Object.entries(HELPERS)) {
  hb.registerHelper(name, (...args: unknown[]) => {
    const options = args.pop() as { data?: { root?: { language?: unknown } } } | undefined;
    return fn(options?.data?.root?.language === 'en' ? 'en' : 'fr', ...args);
  });
}
const KNOWN_HELPERS = Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true]));

// The compiler's pieces, as Handlebars.compile uses them (compiled now, not lazily at first render,
// so that compile errors surface when the file is loaded).
interface Internals {
  Compiler: new () => { compile(ast: unknown, options: object): unknown };
  JavaScriptCompiler: new () => { compile(environment: unknown, options: object, context: undefined, asObject: true): unknown };
  template(spec: unknown): Handlebars.TemplateDelegate;
  Parser: ParserLike;
}
interface ParserLike {
  yy: Record<string, unknown>;
  lexer: { yylloc?: { first_line: number; first_column: number } };
  parse(source: string): unknown;
}
const internals = hb as unknown as Internals;

// ---------------------------------------------------------------------------------------------
// Loading and compiling a file

interface AstNode {
  type: string;
  loc?: { start: { line: number; column: number } } | null;
  [key: string]: unknown;
}
interface PartialRef {
  name: string;
  line: number | null;
  column: number | null;
}
interface Compiled {
  file: string;
  mtimeMs: number;
  size: number;
  render: Handlebars.TemplateDelegate;
  /** the partials the file calls, where */
  partials: PartialRef[];
}

/** compiled files by path, kept while the file's mtime and size stay the same */
const cache = new Map<string, Compiled>();

const kindOf = (file: string): Kind => (file.endsWith('.html.hbs') ? 'html' : file.endsWith('.subject.hbs') ? 'subject' : 'txt');

function walk(node: unknown, visit: (n: AstNode) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
  } else if (node && typeof node === 'object') {
    const n = node as AstNode;
    if (typeof n.type === 'string') visit(n);
    for (const [key, value] of Object.entries(n)) if (key !== 'loc' && value && typeof value === 'object') walk(value, visit);
  }
}

const lineOf = (n: AstNode) => n.loc?.start.line ?? null;
const columnOf = (n: AstNode) => (n.loc ? n.loc.start.column + 1 : null);

/** Where the parser stopped: Handlebars' parser reports it only in its message's text, so parse again with a hook. */
function locateSyntaxError(source: string): { line: number; column: number } | null {
  try {
    const shared = internals.Parser;
    const parser = Object.create(shared) as ParserLike;
    parser.yy = Object.create(shared.yy) as Record<string, unknown>;
    let at: { line: number; column: number } | null = null;
    parser.yy.parseError = (message: string) => {
      const loc = shared.lexer.yylloc;
      if (loc) at = { line: loc.first_line, column: loc.first_column + 1 };
      throw new Error(message);
    };
    try {
      parser.parse(source);
    } catch {
      /* the error is the one already reported */
    }
    return at;
  } catch {
    return null;
  }
}

function compileFile(file: string, stats: Stats): Compiled {
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached;

  const source = readFileSync(file, 'utf8');
  let ast: unknown;
  try {
    ast = hb.parse(source);
  } catch (e) {
    const error = e as Error & { lineNumber?: number; column?: number };
    const message = error.message.replace(/ - \d+:\d+$/, '');
    if (typeof error.lineNumber === 'number') throw new TemplateError(file, error.lineNumber, (error.column ?? 0) + 1, message);
    const at = locateSyntaxError(source);
    const line = at?.line ?? Number(/line (\d+)/.exec(message)?.[1] ?? NaN);
    throw new TemplateError(file, Number.isFinite(line) ? line : null, at?.column ?? null, `Handlebars syntax error: ${message}`);
  }

  const partials: PartialRef[] = [];
  const inline = new Set<string>();
  walk(ast, (n) => {
    if ((n.type === 'MustacheStatement' || n.type === 'SubExpression') && n.escaped === false) {
      const path = (n.path as { original?: unknown } | undefined)?.original;
      const name = typeof path === 'string' ? path : '…';
      throw new TemplateError(file, lineOf(n), columnOf(n), `{{{${name}}}} and {{& ${name}}} print a value without HTML escaping, which Encours templates do not allow: write {{${name}}} instead.`);
    }
    if (n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') {
      const name = n.name as AstNode & { original?: unknown };
      if (name.type === 'PathExpression' && typeof name.original === 'string' && !name.original.startsWith('@')) partials.push({ name: name.original, line: lineOf(n), column: columnOf(n) });
    }
    if (n.type === 'DecoratorBlock' && (n.path as { original?: unknown }).original === 'inline') {
      const first = (n.params as { value?: unknown }[])[0];
      if (typeof first?.value === 'string') inline.add(first.value);
    }
  });

  let render: Handlebars.TemplateDelegate;
  try {
    const options = { data: true, knownHelpers: { ...KNOWN_HELPERS }, knownHelpersOnly: true, noEscape: kindOf(file) !== 'html' };
    const environment = new internals.Compiler().compile(ast, options);
    const spec = new internals.JavaScriptCompiler().compile(environment, options, undefined, true);
    render = internals.template(spec);
  } catch (e) {
    const error = e as Error & { lineNumber?: number; column?: number };
    let message = error.message.replace(/ - \d+:\d+$/, '');
    const unknown = /knownHelpersOnly, but used the unknown helper (.+)$/.exec(message);
    if (unknown) message = `unknown helper "${unknown[1]}" (the helpers are ${Object.keys(HELPERS).join(', ')}, and Handlebars' if, unless, each, with, lookup)`;
    throw new TemplateError(file, error.lineNumber ?? null, typeof error.column === 'number' ? error.column + 1 : null, message);
  }

  const compiled: Compiled = { file, mtimeMs: stats.mtimeMs, size: stats.size, render, partials: partials.filter((p) => !inline.has(p.name)) };
  cache.set(file, compiled);
  return compiled;
}

function statFile(file: string): Stats | null {
  try {
    const stats = statSync(file);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/** The file to use: the user's if present, else the shipped one; null when neither exists. */
function locate(dir: string | null, lang: LetterLanguage, relative: string): { file: string; stats: Stats } | null {
  for (const root of dir ? [dir, SHIPPED_TEMPLATES_DIR] : [SHIPPED_TEMPLATES_DIR]) {
    const file = join(root, lang, relative);
    const stats = statFile(file);
    if (stats) return { file, stats };
  }
  return null;
}

function load(dir: string | null, lang: LetterLanguage, relative: string): Compiled {
  const found = locate(dir, lang, relative);
  if (!found) throw new TemplateError(join(SHIPPED_TEMPLATES_DIR, lang, relative), null, null, 'this template file is missing');
  return compileFile(found.file, found.stats);
}

type PartialFn = Handlebars.TemplateDelegate;

/** The partials a template calls, and those they call, compiled; `overrides` stand in for some by name. */
function partialsOf(main: Compiled, dir: string | null, lang: LetterLanguage, kind: Kind, overrides: Record<string, PartialFn>): Record<string, PartialFn> {
  const ext = kind === 'html' ? 'html' : 'txt';
  const out: Record<string, PartialFn> = {};
  const queue: { from: Compiled; ref: PartialRef }[] = main.partials.map((ref) => ({ from: main, ref }));
  while (queue.length > 0) {
    const { from, ref } = queue.shift()!;
    if (ref.name in out) continue;
    if (ref.name in overrides) {
      out[ref.name] = overrides[ref.name];
      continue;
    }
    const relative = join('partials', `${ref.name}.${ext}.hbs`);
    const found = locate(dir, lang, relative);
    if (!found) throw new TemplateError(from.file, ref.line, ref.column, `{{> ${ref.name}}} calls a partial that does not exist: there is no ${lang}/${relative}`);
    const partial = compileFile(found.file, found.stats);
    out[ref.name] = partial.render;
    for (const next of partial.partials) queue.push({ from: partial, ref: next });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rendering


/** What the templates see: the letter, and a few figures derived from it. */
function viewOf(letter: Letter) {
  const overdue = letter.invoices.filter((i) => i.days_late > 0);
  const days = daysBetween(letter.date, letter.payment.deadline);
  return {
    ...letter,
    client: { ...letter.client, label: letter.client.name ?? letter.client.id },
    overdue: { count: overdue.length, open_amount: round2(overdue.reduce((sum, i) => sum + i.open_amount, 0)) },
    payment: { ...letter.payment, days: Number.isFinite(days) ? Math.max(0, days) : 0 },
  };
}

/** `printed`: the PDF's body, whose letterhead already prints the registered-letter mention and the addressee (the templates leave them out then). */
function render(letter: Letter, dir: string | null, template: LetterTemplate, kind: Kind, overrides: Record<string, PartialFn> = {}, printed = false): string {
  const main = load(dir, letter.language, `${template}.${kind}.hbs`);
  const partials = partialsOf(main, dir, letter.language, kind, overrides);
  try {
    return main.render({ ...viewOf(letter), printed }, { partials });
  } catch (e) {
    if (e instanceof TemplateError) throw e;
    const error = e as Error & { lineNumber?: number; column?: number };
    throw new TemplateError(main.file, error.lineNumber ?? null, typeof error.column === 'number' ? error.column + 1 : null, error.message.replace(/ - \d+:\d+$/, ''));
  }
}

const oneLine = (s: string) => printable(s).replace(/\s*[\r\n]+\s*/g, ' ').replace(/[ \t]{2,}/g, ' ').trim();

/** Plain text tidied: no trailing spaces, at most one blank line in a row, none at the ends. */
const tidyText = (s: string) =>
  printable(s)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd();

/** The e-mail: subject, HTML and text, from the user's folder or the shipped templates. */
export function renderMessage(letter: Letter, dir: string | null): RenderedMessage {
  return {
    subject: oneLine(render(letter, dir, letter.template, 'subject')),
    html: printable(render(letter, dir, letter.template, 'html')).trim() + '\n',
    text: tidyText(render(letter, dir, letter.template, 'txt')),
  };
}

const TABLE_MARKER = `\u2063ENCOURS-INVOICES-TABLE-${Math.random().toString(36).slice(2)}\u2063`;
const markerPartial: PartialFn = () => `\n\n${TABLE_MARKER}\n\n`;

/** The PDF letter's body: the text template split into paragraphs, where the invoice table's partial stands as { table: 'invoices' } (the PDF draws the table itself). */
export function renderLetterBlocks(letter: Letter, dir: string | null): { subject: string; blocks: LetterBlock[] } {
  const subject = oneLine(render(letter, dir, letter.template, 'subject'));
  const text = tidyText(render(letter, dir, letter.template, 'txt', { invoices: markerPartial }, true));
  const blocks: LetterBlock[] = [];
  for (const paragraph of text.split(/\n{2,}/)) {
    const pieces = paragraph.split(TABLE_MARKER);
    pieces.forEach((piece, i) => {
      if (i > 0) blocks.push({ table: 'invoices' });
      const trimmed = piece.replace(/^\n+/, '').trimEnd();
      if (trimmed !== '') blocks.push({ text: trimmed });
    });
  }
  return { subject, blocks };
}

// ---------------------------------------------------------------------------------------------
// Checking a user's folder

const TEMPLATE_FILE = new RegExp(`^(${LETTER_TEMPLATES.join('|')})\\.(subject|html|txt)\\.hbs$`);
const PARTIAL_FILE = /^[A-Za-z0-9_-]+\.(html|txt)\.hbs$/;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A letter with every part filled, to try the templates on. */
function sampleLetter(template: LetterTemplate, language: LetterLanguage, applied: boolean): Letter {
  const invoice = (n: number, days_late: number) => ({
    number: `F-${n}`,
    date: '2026-01-15',
    due_date: '2026-02-14',
    amount: 1200,
    open_amount: 1200,
    days_late,
    interest: applied && days_late > 0 ? 12.5 : 0,
    indemnity: applied && days_late > 0 ? 40 : 0,
  });
  const invoices = [invoice(1, 30), invoice(2, template === 'statement' ? 0 : 10)];
  const interest = invoices.reduce((s, i) => s + i.interest, 0);
  const indemnity = invoices.reduce((s, i) => s + i.indemnity, 0);
  return {
    template,
    language,
    level: template === 'statement' ? null : LETTER_TEMPLATES.indexOf(template) + 1,
    date: '2026-03-16',
    reference: 'SAMPLE-1',
    company: { name: 'Sample', siren: '123456789', address: ['1 rue de la Paix', '75002 Paris'], city: 'Paris', iban: 'FR76 0000', bic: 'BANKFRPP', email: 'ar@example.com', phone: '01 23 45 67 89' },
    client: { entity_id: 'E', id: 'C1', name: 'Client' },
    contact: { name: 'Jeanne Martin', email: 'jm@example.com', role: 'Comptable' },
    sender: { name: 'Paul Durand', email: 'pd@example.com' },
    invoices,
    totals: { count: 2, amount: 2400, open_amount: 2400, interest, indemnity, total_due: 2400 + interest + indemnity },
    charges: { applied, reason: applied ? null : 'consumer', client_rate: null, rates: applied ? [{ semester: '2025-H2', rate: 12.15 }] : [], indemnity_per_invoice: applied ? 40 : 0, floored: false },
    reminded_before: true,
    payment: { deadline: '2026-03-24', iban: 'FR76 0000', bic: 'BANKFRPP' },
  };
}

/** Every template of a folder compiled, for checking a user's folder when the settings are read: throws TemplateError on the first bad file. */
export function checkTemplates(dir: string): void {
  if (!isDirectory(dir)) throw new TemplateError(dir, null, null, 'the templates folder does not exist (it holds a fr/ and an en/ folder, laid out like the shipped templates)');
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.hbs')) throw new TemplateError(join(dir, name), null, null, `templates go in the language's folder: move it to ${join(dir, 'fr')} or ${join(dir, 'en')}`);
  }
  for (const lang of LETTER_LANGUAGES) {
    for (const [folder, pattern, expected] of [
      [join(dir, lang), TEMPLATE_FILE, `<template>.<subject|html|txt>.hbs, <template> one of ${LETTER_TEMPLATES.join(', ')}`],
      [join(dir, lang, 'partials'), PARTIAL_FILE, '<name>.<html|txt>.hbs'],
    ] as const) {
      if (!isDirectory(folder)) continue;
      for (const name of readdirSync(folder).sort()) {
        const file = join(folder, name);
        const stats = statFile(file);
        if (!stats || !name.endsWith('.hbs')) continue;
        if (!pattern.test(name)) throw new TemplateError(file, null, null, `unknown template file "${basename(file)}": the files are named ${expected}`);
        compileFile(file, stats);
      }
    }
    // partials that do not exist, and errors only a render shows, on a letter with every part filled
    for (const template of LETTER_TEMPLATES) {
      for (const applied of [true, false]) {
        const letter = sampleLetter(template, lang, applied);
        renderMessage(letter, dir);
        renderLetterBlocks(letter, dir);
      }
    }
  }
}
