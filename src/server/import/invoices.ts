// Invoice / open-item CSV reading (one row per invoice, from an ERP or a billing tool). Columns
// are found by known English and French synonyms — whatever their case, accents, separators
// (invoice_date, InvoiceDate, INVOICEDATE) and currency (Amount EUR) — or by an explicit mapping the
// analyst gives, which wins; the date format is detected per file and an ambiguous file is
// refused. See DOMAIN.md §2.2.
import { ImportError, optional, required, type Problem, type ValueCheck } from './errors.ts';
import { normaliseName } from './header.ts';
import { amountExample, amountReason, amountSql, type AmountStyle, type DecimalMark } from './amounts.ts';
import type { DatedColumn } from './periods.ts';

export const INVOICE_FIELDS = {
  client_id: ['client id', 'client', 'client code', 'code client', 'customer id', 'customer', 'customer code', 'customer no', 'customer number', 'customer #', 'numero client', 'n client', 'no client', 'num client', 'compte client', 'compte', 'account', 'account number', 'debtor', 'debtor id', 'tiers', 'code tiers', 'id client'],
  client_name: ['client name', 'customer name', 'name', 'nom', 'nom client', 'raison sociale', 'debtor name', 'libelle client', 'nom du client', 'societe', 'company'],
  invoice_num: ['invoice', 'invoice id', 'invoice number', 'invoice no', 'invoice #', 'invoice num', 'facture', 'numero facture', 'numero de facture', 'n facture', 'no facture', 'num facture', 'document', 'document number', 'doc no', 'piece', 'piece ref', 'reference', 'ref'],
  invoice_date: ['invoice date', 'date facture', 'date de facture', 'date', 'document date', 'issue date', 'date emission', 'date d emission', 'date piece', 'posting date'],
  due_date: ['due date', 'date echeance', 'date d echeance', 'echeance', 'date limite de paiement', 'payment due date', 'due'],
  amount: ['amount', 'amount ttc', 'amount incl vat', 'amount including vat', 'gross amount', 'invoice amount', 'total', 'total ttc', 'montant', 'montant ttc', 'montant facture', 'amount due original', 'original amount'],
  currency: ['currency', 'currency code', 'devise', 'ccy', 'cur'],
  settled_date: ['settled date', 'settlement date', 'paid date', 'date paid', 'payment date', 'cleared date', 'clearing date', 'date paiement', 'date de paiement', 'date reglement', 'date de reglement', 'date encaissement', 'date d encaissement', 'date solde'],
  open_amount: ['open amount', 'open', 'balance', 'balance due', 'outstanding', 'outstanding amount', 'remaining', 'remaining amount', 'amount due', 'solde', 'solde du', 'reste a payer', 'restant du', 'montant restant', 'montant restant du', 'encours'],
  is_disputed: ['disputed', 'dispute', 'is disputed', 'in dispute', 'contested', 'litige', 'en litige', 'litigieux', 'conteste'],
} as const;

export type InvoiceField = keyof typeof INVOICE_FIELDS;
const REQUIRED: InvoiceField[] = ['client_id', 'invoice_num', 'invoice_date', 'amount'];
const DATE_FIELDS: InvoiceField[] = ['invoice_date', 'due_date', 'settled_date'];

export const DATE_FORMATS = {
  'YYYY-MM-DD': ['%Y-%m-%d', '%Y/%m/%d'],
  'DD/MM/YYYY': ['%d/%m/%Y', '%d.%m.%Y', '%d-%m-%Y'],
  'MM/DD/YYYY': ['%m/%d/%Y', '%m-%d-%Y'],
  YYYYMMDD: ['%Y%m%d'],
} as const;
export type DateFormat = keyof typeof DATE_FORMATS;

export interface InvoiceMapping {
  /** field → the file's header text */
  columns?: Partial<Record<InvoiceField, string>>;
  date_format?: DateFormat;
  /** the amounts' decimal mark, when the file does not show it (only 1,234 and whole numbers) */
  decimal_separator?: DecimalMark;
  entity?: string;
}

/** Validates a mapping given by the analyst (JSON file or form fields). */
export function checkMapping(fileName: string, mapping: unknown): InvoiceMapping {
  const fail = (summary: string, hint: string) => {
    throw new ImportError(fileName, `the column mapping cannot be used: ${summary}`, hint);
  };
  if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) fail('it is not a JSON object.', 'Give a mapping such as {"columns": {"invoice_num": "Doc No"}, "date_format": "DD/MM/YYYY"}.');
  const m = mapping as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!['columns', 'date_format', 'decimal_separator', 'entity'].includes(key)) fail(`unknown setting "${key}".`, 'A mapping has the settings columns, date_format, decimal_separator and entity.');
  }
  if (m.columns !== undefined) {
    if (typeof m.columns !== 'object' || m.columns === null || Array.isArray(m.columns)) fail('"columns" must be an object of field → header name.', 'Write "columns": {"invoice_num": "Doc No", …}.');
    for (const [field, header] of Object.entries(m.columns as object)) {
      if (!(field in INVOICE_FIELDS)) fail(`unknown field "${field}".`, `Map only these fields: ${Object.keys(INVOICE_FIELDS).join(', ')}.`);
      if (typeof header !== 'string' || !header.trim()) fail(`the column for "${field}" must be a header name (text).`, 'Write the header exactly as it appears in the first line of the file.');
    }
  }
  if (m.date_format !== undefined && !(typeof m.date_format === 'string' && m.date_format in DATE_FORMATS)) {
    fail(`unsupported date format "${String(m.date_format)}".`, `Use one of ${Object.keys(DATE_FORMATS).join(', ')}.`);
  }
  if (m.decimal_separator !== undefined && m.decimal_separator !== ',' && m.decimal_separator !== '.') {
    fail(`unsupported decimal separator ${JSON.stringify(m.decimal_separator)}.`, 'Write "decimal_separator": "," (1 234,56) or "decimal_separator": "." (1,234.56).');
  }
  if (m.entity !== undefined && (typeof m.entity !== 'string' || !m.entity.trim())) fail('"entity" must be a non-empty text (a SIREN or a name).', 'Write "entity": "512345678".');
  return m as InvoiceMapping;
}

/** Words that qualify a column without changing what it holds: its currency, and TTC (receivables are TTC). */
const QUALIFIERS = new Set(['eur', 'euro', 'euros', 'usd', 'gbp', 'chf', 'ttc']);

/** A name without its spaces: 'invoice date', 'invoicedate' (INVOICEDATE) and 'invoice date' (InvoiceDate) are one. */
const compact = (name: string) => name.replace(/ /g, '');

/** What a normalised header is matched by: its words together, and without its qualifiers (InvoiceAmountEUR, TTCAmount). */
function headerKeys(name: string): string[] {
  const unqualified = compact(name.split(' ').filter((word) => !QUALIFIERS.has(word)).join(' '));
  return unqualified ? [compact(name), unqualified] : [compact(name)];
}

/** Each field's names (its own and its synonyms), without their spaces. */
const FIELD_KEYS = Object.fromEntries(Object.entries(INVOICE_FIELDS).map(([field, synonyms]) => [field, new Set([compact(field.replace(/_/g, ' ')), ...synonyms.map(compact)])])) as Record<InvoiceField, Set<string>>;

export interface InvoiceLayout {
  index: Partial<Record<InvoiceField, number>>;
  /** how each column was found, for the import report */
  found: Partial<Record<InvoiceField, string>>;
  warnings: string[];
}

export function invoiceLayout(fileName: string, columns: string[], mapping: InvoiceMapping = {}): InvoiceLayout {
  const index: Partial<Record<InvoiceField, number>> = {};
  const found: Partial<Record<InvoiceField, string>> = {};
  const normalised = columns.map(normaliseName);
  const problems: Problem[] = [];
  for (const [field, header] of Object.entries(mapping.columns ?? {}) as [InvoiceField, string][]) {
    // the header as written first; then as the synonyms are matched (case, accents, separators)
    const exact = columns.indexOf(header.trim());
    const i = exact !== -1 ? exact : normalised.indexOf(normaliseName(header));
    if (i === -1) problems.push({ line: 1, column: header, message: `the mapping names this column for ${field}, but the header has no such column` });
    else {
      index[field] = i;
      found[field] = columns[i];
    }
  }
  if (problems.length) {
    throw new ImportError(fileName, 'the column mapping names columns the file does not have.', `Correct the mapping. The file's columns are: ${columns.join(', ')}.`, problems);
  }
  const taken = new Set(Object.values(index));
  const keys = normalised.map(headerKeys);
  for (const field of Object.keys(INVOICE_FIELDS) as InvoiceField[]) {
    if (index[field] !== undefined) continue;
    const i = keys.findIndex((k, column) => !taken.has(column) && k.some((key) => FIELD_KEYS[field].has(key)));
    if (i !== -1) {
      index[field] = i;
      found[field] = columns[i];
      taken.add(i);
    }
  }
  const missing = REQUIRED.filter((f) => index[f] === undefined);
  if (index.settled_date === undefined && index.open_amount === undefined) missing.push('settled_date or open_amount' as InvoiceField);
  if (missing.length) {
    throw new ImportError(
      fileName,
      `required ${missing.length === 1 ? 'column' : 'columns'} not found: ${missing.join(', ')}.`,
      `Rename the columns in the export, or give a mapping such as {"columns": {"${missing[0].split(' ')[0]}": "<your header>"}}. Columns found: ${columns.join(', ')}.`,
      missing.map((f) => ({ line: 1, column: f, message: `no header matches ${f} (known names: ${(INVOICE_FIELDS[f.split(' ')[0] as InvoiceField] ?? []).slice(0, 6).join(', ')}…)` })),
    );
  }
  const warnings: string[] = [];
  if (index.due_date === undefined) warnings.push('No due date column: due dates will be derived from payment terms.');
  return { index, found, warnings };
}

/** SQL: a field's trimmed text, NULL when empty or when the file has no such column. */
const rawField = (layout: InvoiceLayout, f: InvoiceField) => (layout.index[f] === undefined ? 'NULL::VARCHAR' : `nullif(trim(c${layout.index[f]}), '')`);

export function dateColumnsRaw(layout: InvoiceLayout): string[] {
  return DATE_FIELDS.filter((f) => layout.index[f] !== undefined).map((f) => rawField(layout, f));
}

/** The amount columns the file has, for the choice of its decimal mark (amounts.ts). */
export function amountColumns(layout: InvoiceLayout): { name: string; raw: string }[] {
  return (['amount', 'open_amount'] as const).filter((f) => layout.index[f] !== undefined).map((f) => ({ name: layout.found[f]!, raw: rawField(layout, f) }));
}

export function dateExpr(expr: string, format: DateFormat): string {
  const parsed = `try_strptime(${expr}, [${DATE_FORMATS[format].map((f) => `'${f}'`).join(', ')}])::DATE`;
  // strptime reads '2024011' as 2024-01-01: a compact date has its 8 digits
  return format === 'YYYYMMDD' ? `CASE WHEN length(${expr}) = 8 THEN ${parsed} END` : parsed;
}

/** The invoice's dates, for the check of their windows (periods.ts): the invoice date is the file's own. */
export function invoiceDatedColumns(layout: InvoiceLayout, format: DateFormat): DatedColumn[] {
  return DATE_FIELDS.filter((f) => layout.index[f] !== undefined).map((f) => ({
    loaded: f,
    column: layout.found[f]!,
    parsed: dateExpr(rawField(layout, f), format),
    rawExpr: rawField(layout, f),
    kind: f === 'invoice_date' ? 'own' : 'around',
  }));
}

const TRUE_WORDS = ['true', 'yes', 'y', 'oui', 'o', 'vrai', '1', 'x', 'disputed', 'litige'];
const FALSE_WORDS = ['false', 'no', 'n', 'non', 'faux', '0', ''];

export function invoiceSelectList(layout: InvoiceLayout, format: DateFormat, amounts: AmountStyle): Record<string, string> {
  const r = (f: InvoiceField) => rawField(layout, f);
  const disputed = `lower(coalesce(${r('is_disputed')}, ''))`;
  return {
    client_id: required(r('client_id')),
    client_name: r('client_name'),
    invoice_num: required(r('invoice_num')),
    invoice_date: required(dateExpr(r('invoice_date'), format)),
    due_date: optional(dateExpr(r('due_date'), format), r('due_date')),
    amount: required(amountSql(r('amount'), amounts)),
    currency: `coalesce(upper(${r('currency')}), 'EUR')`,
    settled_date: optional(dateExpr(r('settled_date'), format), r('settled_date')),
    open_amount: optional(amountSql(r('open_amount'), amounts), r('open_amount')),
    is_disputed: required(`CASE WHEN ${disputed} IN (${TRUE_WORDS.map((w) => `'${w}'`).join(', ')}) THEN true WHEN ${disputed} IN (${FALSE_WORDS.map((w) => `'${w}'`).join(', ')}) THEN false END`),
  };
}

export function invoiceValueChecks(layout: InvoiceLayout, format: DateFormat, amounts: AmountStyle): ValueCheck[] {
  const r = (f: InvoiceField) => rawField(layout, f);
  const sel = {
    amount: amountSql(r('amount'), amounts),
    invoice_date: dateExpr(r('invoice_date'), format),
    due_date: dateExpr(r('due_date'), format),
    settled_date: dateExpr(r('settled_date'), format),
    open_amount: amountSql(r('open_amount'), amounts),
    is_disputed: `CASE WHEN lower(coalesce(${r('is_disputed')}, '')) IN (${[...TRUE_WORDS, ...FALSE_WORDS].map((w) => `'${w}'`).join(', ')}) THEN true END`,
  };
  const checks: ValueCheck[] = [
    { column: layout.found.client_id!, bad: `${r('client_id')} IS NULL`, rawExpr: r('client_id'), expected: 'a client identifier (it is empty)' },
    { column: layout.found.invoice_num!, bad: `${r('invoice_num')} IS NULL`, rawExpr: r('invoice_num'), expected: 'an invoice number (it is empty)' },
    { column: layout.found.amount!, bad: `${sel.amount} IS NULL`, rawExpr: r('amount'), expected: amountExample(amounts), reason: amountReason(r('amount'), amounts) },
    { column: layout.found.invoice_date!, bad: `${sel.invoice_date} IS NULL`, rawExpr: r('invoice_date'), expected: `a date written ${format}` },
  ];
  for (const f of ['due_date', 'settled_date'] as const) {
    if (layout.index[f] !== undefined) checks.push({ column: layout.found[f]!, bad: `${r(f)} IS NOT NULL AND ${sel[f]} IS NULL`, rawExpr: r(f), expected: `a date written ${format}` });
  }
  if (layout.index.open_amount !== undefined) {
    checks.push({ column: layout.found.open_amount!, bad: `${r('open_amount')} IS NOT NULL AND ${sel.open_amount} IS NULL`, rawExpr: r('open_amount'), expected: amountExample(amounts), reason: amountReason(r('open_amount'), amounts) });
  }
  if (layout.index.is_disputed !== undefined) checks.push({ column: layout.found.is_disputed!, bad: `${sel.is_disputed} IS NULL`, rawExpr: r('is_disputed'), expected: 'yes/no, oui/non, true/false or 1/0' });
  return checks;
}
