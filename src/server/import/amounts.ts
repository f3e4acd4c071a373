// Amounts of invoice CSVs, parsed in SQL with one decimal mark per file — a decimal comma
// (1 234,56 · 1.234,56) or a decimal point (1,234.56) — decided from all the file's amounts, as
// its date format is. A file that mixes both, or whose amounts never say (only 1,234 and whole
// numbers), is refused with example lines rather than guessed: 1,234 is a thousand times more
// with one reading than with the other. Also read, because exports write them: a sign before or
// after the number (SAP writes 1.234,56-), accounting brackets for negatives ((1 234,56), Excel's
// accounting format), and a currency sign or code glued on (1 234,56 €, €1,234.56, EUR 12).
// Refused: exponents (1e5) and underscores (1_000), which programs write but no ledger means.
import type { Params, Session } from '../db/database.ts';
import { ImportError, type Problem } from './errors.ts';

export type DecimalMark = ',' | '.';

export interface AmountStyle {
  /** the decimal mark; null when no amount has one (whole numbers only) */
  mark: DecimalMark | null;
  /** the other mark may separate thousands (1.234,56 in a decimal-comma file): seen in the file, or the mark was given */
  otherMarkGroups: boolean;
  from: 'detected' | 'mapping';
}

/** Spaces that separate thousands: the plain one, the no-break space and the narrow no-break space (French typography). */
const SPACES = `\\s\\x{00A0}\\x{202F}`;
const CURRENCIES = `€|\\$|£|EUR|USD|GBP|CHF`;

const other = (mark: DecimalMark): DecimalMark => (mark === ',' ? '.' : ',');
const regexMark = (mark: DecimalMark) => (mark === '.' ? '\\.' : ',');
const markName = (mark: DecimalMark) => (mark === ',' ? 'comma' : 'point');

/** SQL: the digits and marks of a value, nothing else ('-1 234,56 €' → '1234,56'). */
const digitsAndMarks = (raw: string) => `regexp_replace(${raw}, '[^0-9.,]', '', 'g')`;

/** SQL: the value without a currency glued before it (after a sign or a bracket) or after it (before a trailing sign or bracket). */
const withoutCurrency = (raw: string) =>
  `regexp_replace(regexp_replace(${raw}, '^([-+(]?)[${SPACES}]*(?:${CURRENCIES})[${SPACES}]*', '\\1'), '[${SPACES}]*(?:${CURRENCIES})[${SPACES}]*([-)]?)$', '\\1')`;

/** SQL: the amount of a value written in the file's style, NULL when it is not one. */
export function amountSql(raw: string, style: AmountStyle): string {
  const mark = style.mark ?? ',';
  const groups = `[${SPACES}''${style.otherMarkGroups ? regexMark(other(mark)) : ''}]`;
  const number = `(?:[0-9]{1,3}(?:${groups}[0-9]{3})+|[0-9]+)(?:${regexMark(mark)}[0-9]+)?|${regexMark(mark)}[0-9]+`;
  const bare = withoutCurrency(raw);
  const shapes = `^(?:\\([${SPACES}]*(?:${number})[${SPACES}]*\\)|[-+]?[${SPACES}]*(?:${number})|(?:${number})[${SPACES}]*-)$`;
  const digits = `regexp_extract(${bare}, '((?:${number}))', 1)`;
  const negative = `regexp_matches(${bare}, '^[(-]|-$')`;
  return `CASE WHEN regexp_matches(${bare}, '${shapes}') THEN CASE WHEN ${negative} THEN -1 ELSE 1 END * TRY_CAST(replace(regexp_replace(${digits}, '${groups}', '', 'g'), '${mark}', '.') AS DECIMAL(18,2)) END`;
}

/** SQL: why a value is no amount when it is a form programs write (1e5, 1_000); NULL otherwise. */
export function amountTypoReason(raw: string): string {
  return `CASE WHEN regexp_matches(${raw}, '[0-9][eE][-+]?[0-9]') THEN 'scientific notation is not an amount here: format the column as a number with 2 decimals before saving the CSV'
    WHEN contains(${raw}, '_') THEN 'an underscore does not separate thousands here: write 1000 or 1 000' END`;
}

/** SQL: why a value is no amount in the file's style, when it can be said better than "expected an amount". */
export function amountReason(raw: string, style: AmountStyle): string {
  const mark = style.mark ?? ',';
  const o = other(mark);
  const c = digitsAndMarks(raw);
  const ambiguous = `regexp_matches(${c}, '^[1-9][0-9]{0,2}${regexMark(o)}[0-9]{3}$')`;
  const decimalOther = `regexp_matches(${c}, '^[0-9]*${regexMark(o)}[0-9]+$')`;
  return `coalesce(${amountTypoReason(raw)}, CASE
    WHEN ${ambiguous} THEN 'ambiguous: ' || replace(${c}, '${o}', '.') || ' or ' || replace(${c}, '${o}', '') || '? The file''s amounts have a decimal ${markName(mark)} and none groups thousands with a ${markName(o)}: write ' || replace(${c}, '${o}', '') || ' or ' || ${c} || '${mark}00'
    WHEN ${decimalOther} THEN 'a decimal ${markName(o)}, where the file''s amounts have a decimal ${markName(mark)}: write ' || replace(${c}, '${o}', '${mark}')
  END)`;
}

/** What a well-formed amount looks like in the file's style. */
export const amountExample = (style: AmountStyle) => `an amount such as 1234${style.mark ?? ','}56`;

/** The first value of a kind, where it is. */
interface Example {
  line: number;
  column: string;
  value: string;
  /** its digits and marks */
  core: string;
}

const KINDS = {
  // one comma with dots (or nothing) before it, not 1,234's shape; or dots between thousands (1.234.567)
  comma: (c: string) => `(regexp_matches(${c}, '^[0-9.]*,[0-9]*$') AND NOT regexp_matches(${c}, '^[1-9][0-9]{0,2},[0-9]{3}$')) OR regexp_matches(${c}, '^[1-9][0-9]{0,2}(\\.[0-9]{3}){2,}$')`,
  point: (c: string) => `(regexp_matches(${c}, '^[0-9,]*\\.[0-9]*$') AND NOT regexp_matches(${c}, '^[1-9][0-9]{0,2}\\.[0-9]{3}$')) OR regexp_matches(${c}, '^[1-9][0-9]{0,2}(,[0-9]{3}){2,}$')`,
  // a mark between up to three digits (not a lone 0) and exactly three: a decimal or a thousands separator
  ambiguousComma: (c: string) => `regexp_matches(${c}, '^[1-9][0-9]{0,2},[0-9]{3}$')`,
  ambiguousPoint: (c: string) => `regexp_matches(${c}, '^[1-9][0-9]{0,2}\\.[0-9]{3}$')`,
  // thousands written with the mark that is not the decimal one: 1.234,56 or 1.234.567; 1,234.56 or 1,234,567
  pointGroups: (c: string) => `regexp_matches(${c}, '^[0-9]{1,3}(\\.[0-9]{3})+,[0-9]*$|^[0-9]{1,3}(\\.[0-9]{3}){2,}$')`,
  commaGroups: (c: string) => `regexp_matches(${c}, '^[0-9]{1,3}(,[0-9]{3})+\\.[0-9]*$|^[0-9]{1,3}(,[0-9]{3}){2,}$')`,
} as const;
type Kind = keyof typeof KINDS;
type Evidence = Record<Kind, { n: number; first: Example | null }>;

/**
 * One pass over the file's amount columns: how many values of each kind, and the first of each.
 * `from` is the file as rows of c0…cN; `columns` the amount columns' names and raw SQL values;
 * `line` the SQL of a row's line in the file (by default its rank after the header).
 */
async function amountEvidence(db: Pick<Session, 'one'>, from: string, params: Params, columns: { name: string; raw: string }[], line: string): Promise<Evidence> {
  const values = columns.map((c) => `{'column': '${c.name.replace(/'/g, "''")}', 'value': ${c.raw}}`).join(', ');
  const kinds = Object.keys(KINDS) as Kind[];
  const row = await db.one<Record<string, unknown>>(
    `WITH src AS (SELECT ${line} AS line, * FROM ${from}),
          vals AS (SELECT line, unnest([${values}], recursive := true) FROM src),
          typed AS (SELECT line, "column", value, ${digitsAndMarks('value')} AS core FROM vals WHERE value IS NOT NULL)
     SELECT ${kinds.map((k) => `count(*) FILTER (WHERE ${KINDS[k]('core')})::INTEGER AS n_${k}, min({'line': line, 'column': "column", 'value': value, 'core': core}) FILTER (WHERE ${KINDS[k]('core')}) AS first_${k}`).join(',\n            ')}
     FROM typed`,
    params,
  );
  return Object.fromEntries(kinds.map((k) => [k, { n: row?.[`n_${k}`] ?? 0, first: (row?.[`first_${k}`] as Example | null) ?? null }])) as Evidence;
}

const where = (e: Example) => `line ${e.line}: ${e.value}`;

/**
 * The file's amount style — from the mapping when it gives the mark, else from its amounts — and
 * what the import report says about the values that read two ways. Refuses a file that mixes the
 * two marks, or that never shows which it uses while some value depends on it.
 */
export async function detectAmountStyle(
  db: Pick<Session, 'one'>,
  fileName: string,
  from: string,
  params: Params,
  columns: { name: string; raw: string }[],
  given?: DecimalMark,
  opts: { line?: string; hints?: { mixed: string; ambiguous: string } } = {},
): Promise<{ style: AmountStyle; warnings: string[] }> {
  // the mark given says what the other one is: a thousands separator, whatever the rest of the file shows
  if (given) return { style: { mark: given, otherMarkGroups: true, from: 'mapping' }, warnings: [] };
  const e = await amountEvidence(db, from, params, columns, opts.line ?? '(row_number() OVER () + 1)::INTEGER');
  // what to do, for a file of invoices (a mapping can say the mark) unless the caller's file says otherwise
  const hints = opts.hints ?? {
    mixed: 'Export the file again with one number format for every amount column (the same regional settings), or say which mark the file uses with a mapping, {"decimal_separator": ","} or {"decimal_separator": "."}: the amounts written otherwise are then listed with their lines. Nothing was imported.',
    ambiguous: 'Say which it is with a mapping: {"decimal_separator": ","} (French exports: 1,234 is 1.234) or {"decimal_separator": "."} (1,234 is 1234). Nothing was imported.',
  };
  if (e.comma.first && e.point.first) {
    throw new ImportError(
      fileName,
      'the amounts mix decimal commas and decimal points, so neither can be trusted.',
      hints.mixed,
      [
        { line: e.comma.first.line, column: e.comma.first.column, value: e.comma.first.value, message: 'a decimal comma' },
        { line: e.point.first.line, column: e.point.first.column, value: e.point.first.value, message: 'a decimal point' },
      ],
    );
  }
  const mark: DecimalMark | null = e.comma.first ? ',' : e.point.first ? '.' : null;
  if (!mark) {
    const ambiguous = [e.ambiguousComma.first, e.ambiguousPoint.first].filter((x): x is Example => !!x);
    if (ambiguous.length) {
      throw new ImportError(
        fileName,
        'the decimal mark of the amounts cannot be told: the amounts that have one read two ways (1,234 is 1.234 with a decimal comma, 1234 with a comma between thousands), and none shows which.',
        hints.ambiguous,
        ambiguous.map((x): Problem => {
          const m = x.core.includes(',') ? ',' : '.';
          return { line: x.line, column: x.column, value: x.value, message: `reads as ${x.core.replace(m, '.')} with a decimal ${markName(m)}, as ${x.core.replace(m, '')} with a ${markName(m)} between thousands` };
        }),
      );
    }
    return { style: { mark: null, otherMarkGroups: false, from: 'detected' }, warnings: [] };
  }
  const o = other(mark);
  const groups = mark === ',' ? e.pointGroups : e.commaGroups;
  const sameMark = mark === ',' ? e.ambiguousComma : e.ambiguousPoint;
  const otherMark = mark === ',' ? e.ambiguousPoint : e.ambiguousComma;
  const evidence = mark === ',' ? e.comma : e.point;
  const warnings: string[] = [];
  const count = (n: number) => `${n} such value${n === 1 ? '' : 's'}`;
  if (sameMark.first) {
    const x = sameMark.first;
    warnings.push(`Amounts are read with a decimal ${markName(mark)} (${where(evidence.first!)}): ${x.value} on line ${x.line} is read as ${x.core.replace(mark, '.')}, not ${x.core.replace(mark, '')} (${count(sameMark.n)}).`);
  }
  if (otherMark.first && groups.first) {
    const x = otherMark.first;
    warnings.push(`Amounts write thousands with a ${markName(o)} (${where(groups.first)}): ${x.value} on line ${x.line} is read as ${x.core.replace(o, '')} (${count(otherMark.n)}).`);
  }
  return { style: { mark, otherMarkGroups: !!groups.first, from: 'detected' }, warnings };
}
