// Table exports. CSV that Excel opens right: UTF-8 with BOM, and in French a ';' separator, a
// decimal comma and DD/MM/YYYY dates; XLSX with typed cells (numbers stay numbers). Text cells
// that start with = + - @ (or a tab / carriage return) are neutralised with a leading quote, so a
// client named "=HYPERLINK(…)" can never become a formula in the analyst's spreadsheet.
import { toCsv } from './shared/csv.ts';
import type { Locale } from './format.ts';

export interface ExportColumn<T> {
  label: string;
  type: 'text' | 'money' | 'number' | 'date';
  value: (row: T) => string | number | null | undefined;
}

export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(type: ExportColumn<unknown>['type'], v: string | number | null | undefined, locale: Locale): string {
  if (v === null || v === undefined || v === '') return '';
  if (type === 'text') return neutralise(String(v));
  if (type === 'date') {
    const iso = String(v).slice(0, 10);
    return locale === 'fr' ? iso.split('-').reverse().join('/') : iso;
  }
  const n = Number(v);
  const text = type === 'money' ? n.toFixed(2) : String(n);
  return locale === 'fr' ? text.replace('.', ',') : text;
}

/** CSV text with BOM: ';' and decimal comma in French, ',' and decimal point in English. */
export function tableCsv<T>(columns: ExportColumn<T>[], rows: T[], locale: Locale): string {
  const separator = locale === 'fr' ? ';' : ',';
  return '\uFEFF' + toCsv(columns.map((c) => neutralise(c.label)), rows.map((r) => columns.map((c) => csvCell(c.type, c.value(r), locale))), separator);
}

/** An XLSX workbook of one sheet: a bold header row, money with 2 decimals, real dates. */
export async function tableXlsx<T>(columns: ExportColumn<T>[], rows: T[], sheet: string): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const header = columns.map((c) => ({ value: c.label, fontWeight: 'bold' as const }));
  const body = rows.map((r) =>
    columns.map((c) => {
      const v = c.value(r);
      if (v === null || v === undefined || v === '') return null;
      if (c.type === 'money') return { value: Number(v), type: Number, format: '#,##0.00' };
      if (c.type === 'number') return { value: Number(v), type: Number };
      if (c.type === 'date') return { value: new Date(`${String(v).slice(0, 10)}T00:00:00Z`), type: Date, format: 'dd/mm/yyyy' };
      return { value: String(v), type: String };
    }),
  );
  return writeXlsxFile([header, ...body], { sheet: sheet.slice(0, 31), stickyRowsCount: 1, columns: columns.map((c) => ({ width: c.type === 'text' ? 28 : 14 })) }).toBlob();
}
