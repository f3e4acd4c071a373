// Number, money and date formatting for the UI, French by default (1 234 567,89 €, 31/12/2026)
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

/** '2026-10-31' → '31/10/2026' (fr) or '31 Oct 2026' (en); a calendar date, no time zone shift. */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return new Intl.DateTimeFormat(tag(locale), locale === 'fr' ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** An ISO timestamp as local date and time. */
export function formatDateTime(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
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
