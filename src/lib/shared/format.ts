// Number, money and date formatting for the UI and the letters, French by default (1 234 567,89 €, 31/12/2026)
// and English. Pure functions: unit-tested without a browser.
export type Locale = 'fr' | 'en';

const tag = (locale: Locale) => (locale === 'fr' ? 'fr-FR' : 'en-GB');
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(tag(locale), options);
    cache.set(key, f);
  }
  return f;
}

/** 1234567.891 → '1 234 567,89 €' (fr) or '€1,234,567.89' (en). Empty for null. */
export function formatMoney(value: number | null | undefined, locale: Locale, currency = 'EUR'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return numberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

export function formatNumber(value: number | null | undefined, locale: Locale, fractionDigits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  return numberFormat(locale, { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
}

/** A share as a percentage: 0.2 → '20 %' in French (a narrow no-break space before %), '20%' in English. */
export function formatPercent(share: number | null | undefined, locale: Locale, fractionDigits = 0): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '';
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(share);
}

/** A money axis label, short: 5 000 000 → '5 M€', 800 000 → '800 k€', 950 → '950 €' (fr); '€5M', '€800k' (en). */
export function formatMoneyShort(value: number, locale: Locale): string {
  const abs = Math.abs(value);
  const [scaled, unit] = abs >= 1e6 ? [value / 1e6, 'M'] : abs >= 1e3 ? [value / 1e3, 'k'] : [value, ''];
  const digits = Math.abs(scaled) >= 10 || Number.isInteger(scaled) ? 0 : 1;
  const n = formatNumber(scaled, locale, digits);
  return locale === 'fr' ? `${n}\u00a0${unit}€` : `${value < 0 ? '−' : ''}€${formatNumber(Math.abs(scaled), locale, digits)}${unit}`;
}

/** A number of days with its unit: 21.8 → '21,8 j' / '21.8 d'; signed changes with `sign`: '+1,2 j'. */
export function formatDays(value: number | null | undefined, locale: Locale, options: { digits?: number; sign?: boolean } = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const n = formatNumber(value, locale, options.digits ?? 1);
  return `${options.sign && value > 0 ? '+' : ''}${n}\u00a0${locale === 'fr' ? 'j' : 'd'}`;
}

/**
 * One formatter per kind and locale, made once: making an Intl.DateTimeFormat costs far more than
 * formatting with it (a day's batch of 10,000 reminder letters spent 20 s making them).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(kind: 'date' | 'date-time', locale: Locale): Intl.DateTimeFormat {
  const key = `${kind}|${locale}`;
  let f = dateFormats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'date-time'
        ? { dateStyle: 'short', timeStyle: 'short' }
        : locale === 'fr'
          ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }
          : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
    f = new Intl.DateTimeFormat(tag(locale), options);
    dateFormats.set(key, f);
  }
  return f;
}

/** '2026-10-31' → '31/10/2026' (fr) or '31 Oct 2026' (en); a calendar date, no time zone shift. */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return dateFormat('date', locale).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An ISO timestamp as local date and time. */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  return dateFormat('date-time', locale).format(new Date(iso));
}

export function formatBytes(n: number, locale: Locale): string {
  const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${formatNumber(v, locale, i === 0 ? 0 : 1)} ${units[i]}`;
}

export function formatDuration(ms: number | null | undefined, locale: Locale): string {
  if (ms === null || ms === undefined) return '';
  return ms < 1000 ? `${formatNumber(ms, locale)} ms` : `${formatNumber(ms / 1000, locale, 1)} s`;
}

/**
 * An amount in euros as a person types it — 15000, 15 000, 15 000,50, 15000.50, an optional € —
 * or null: no sign, no thousands mark but spaces, at most two decimals (the credit limit's form
 * and `encours credit set`).
 */
export function parseTypedAmount(text: string): number | null {
  const written = text.replace(/[\s\u00a0\u202f€]/g, '');
  return /^\d+([.,]\d{1,2})?$/.test(written) ? Number(written.replace(',', '.')) : null;
}
