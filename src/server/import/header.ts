// Header line handling shared by both formats: delimiter detection and column names.

export function detectDelimiter(headerLine: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const d of candidates) {
    const count = splitHeader(headerLine, d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Splits a header line, honouring double quotes (CSV exports quote their headers). */
export function splitHeader(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (ch === delimiter && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((c) => c.trim());
}

/**
 * 'Date d’échéance ' → 'date d echeance', 'customerID' → 'customer id', 'TTCAmount' → 'ttc amount':
 * lower case, no accents, words split by one space — also where the case changes (camelCase,
 * PascalCase), an acronym staying one word.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/(\p{Ll}|\d)(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim();
}

/** SQL literal for a generated identifier list: names are ours (c0, c1…), never the file's. */
export function varcharColumns(count: number): string {
  return '{' + Array.from({ length: count }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ') + '}';
}

/**
 * Maps the "CSV Error on Line: N" DuckDB raises on a malformed row to a line and what is wrong:
 * its number of columns, or its length over the reader's limit.
 */
export function parseDuckCsvError(message: string): { line?: number; expected?: number; found?: number; lineBytes?: number } | undefined {
  const m = /CSV Error on Line:\s*(\d+)/.exec(message);
  if (!m) return undefined;
  const expected = /Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)/.exec(message);
  const tooLong = /Maximum line size of \d+ bytes exceeded\. Actual Size:\s*(\d+) bytes/.exec(message);
  return { line: Number(m[1]), expected: expected ? Number(expected[1]) : undefined, found: expected ? Number(expected[2]) : undefined, lineBytes: tooLong ? Number(tooLong[1]) : undefined };
}
