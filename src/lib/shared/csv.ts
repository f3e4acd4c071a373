// CSV text from rows (RFC 4180: only fields holding the separator, a quote or a line break are
// quoted — a quoted "1234,56" would reach Excel as text).
export function toCsv(columns: string[], rows: unknown[][], separator = ','): string {
  const field = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /["\r\n]/.test(s) || s.includes(separator) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns, ...rows].map((r) => r.map(field).join(separator)).join('\r\n') + '\r\n';
}

/**
 * Text that a spreadsheet would run as a formula — starting with = + - @, a tab or a carriage
 * return — gets a leading quote, so a client named "=HYPERLINK(…)" stays text in the analyst's sheet.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** CSV of typed rows (the CLI's reports): text cells neutralised, numbers — negative ones too — left numbers. */
export function toSafeCsv(columns: string[], rows: unknown[][], separator = ','): string {
  const cell = (v: unknown) => (typeof v === 'string' ? neutralise(v) : v);
  return toCsv(columns.map(neutralise), rows.map((r) => r.map(cell)), separator);
}
