// The UI language, French by default, remembered in localStorage.
import { en, fr, type Messages } from './messages.ts';
import type { Locale } from '../format.ts';

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('encours.locale') : null;

export const i18n = $state<{ locale: Locale }>({ locale: stored === 'en' ? 'en' : 'fr' });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  if (typeof localStorage !== 'undefined') localStorage.setItem('encours.locale', locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** The messages of the current language (reactive where read inside components). */
export function t(): Messages {
  return i18n.locale === 'en' ? en : fr;
}
