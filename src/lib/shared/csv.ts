// CSV text from rows (RFC 4180: only fields holding the separator, a quote or a line break are
// quoted — a quoted "1234,56" would reach Excel as text).
export function toCsv(columns: string[], rows: unknown[][], separator = ','): string {
  const field = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /["\r\n]/.test(s) || s.includes(separator) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns, ...rows].map((r) => r.map(field).join(separator)).join('\r\n') + '\r\n';
}
