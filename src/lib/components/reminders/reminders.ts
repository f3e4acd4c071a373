// What the reminders components share: the links to a letter (PDF, .eml), a statement and the
// batch's PDF, built from the contract's routes; which ticked letters a send takes; a semester and
// a rate in words; the outcome of a send in one line. Pure functions, unit-tested.
import { routeUrl } from '../../contract/client.ts';
import { routes, type BatchLetter, type DunningChannel, type DunningLevel, type SendResult } from '../../contract/index.ts';
import { formatPercent, type Locale } from '../../format.ts';
import { fill, type Messages } from '../../i18n/messages.ts';

/** The filters of the batch, as the collections page has them. */
export interface BatchFilters {
  asOf: string | null;
  entity: string | null;
  owner?: string | null;
  level?: number | null;
}

/** A letter of a level as PDF, or its e-mail as an .eml file. */
export function letterUrl(l: Pick<BatchLetter, 'entity_id' | 'client_id' | 'level'>, asOf: string | null, format: 'pdf' | 'eml' = 'pdf'): string {
  return routeUrl(routes.clientLetter, { params: { client: l.client_id }, query: { level: l.level, as_of: asOf, entity: l.entity_id, format: format === 'eml' ? 'eml' : null } });
}

/** A client's statement of account as PDF. */
export function statementUrl(client: string, entity: string | null, asOf: string | null): string {
  return routeUrl(routes.clientLetter, { params: { client }, query: { template: 'statement', as_of: asOf, entity } });
}

/** The letters named, in one PDF to print. */
/** What a message sent carried, kept as it went (its .eml, or the PDF of a letter printed). */
export const messageContentUrl = (id: number): string => routeUrl(routes.messageContent, { params: { id } });

export function lettersPdfUrl(keys: string[] | null, f: BatchFilters): string {
  return routeUrl(routes.reminderLetters, { query: { keys: keys ? keys.join(',') : null, as_of: f.asOf, entity: f.entity, owner: f.owner || null, level: f.level ?? null } });
}

/** The letters a user can tick: those that can be written. */
export const tickable = (l: Pick<BatchLetter, 'error'>) => !l.error;

/** The ticked letters (ticked by default: `unticked` names those the user unticked). */
export function tickedLetters<L extends Pick<BatchLetter, 'key' | 'error'>>(letters: L[], unticked: Record<string, boolean>): L[] {
  return letters.filter((l) => tickable(l) && !unticked[l.key]);
}

/**
 * What a send takes from the ticked letters: by e-mail, those with an address; by hand (printed or
 * sent outside), all. A letter that needs a confirmation of its own (a formal notice) goes only
 * once confirmed; `waiting` counts those ticked but not confirmed.
 */
export function sendPlan(
  letters: Pick<BatchLetter, 'key' | 'error' | 'delivery' | 'manual'>[],
  unticked: Record<string, boolean>,
  confirmed: Record<string, boolean>,
  delivery: 'email' | 'manual',
): { keys: string[]; confirmed: string[]; waiting: number } {
  const chosen = tickedLetters(letters, unticked).filter((l) => delivery === 'manual' || l.delivery === 'email');
  const going = chosen.filter((l) => !l.manual || confirmed[l.key]);
  return { keys: going.map((l) => l.key), confirmed: going.filter((l) => l.manual).map((l) => l.key), waiting: chosen.length - going.length };
}

/** '2025-H1' → '1er semestre 2025' (fr), 'first half of 2025' (en). */
export function semesterLabel(semester: string, locale: Locale): string {
  const m = /^(\d{4})-H([12])$/.exec(semester);
  if (!m) return semester;
  const first = m[2] === '1';
  return locale === 'fr' ? `${first ? '1er' : '2e'} semestre ${m[1]}` : `${first ? 'first' : 'second'} half of ${m[1]}`;
}

/** A rate in % a year: 13.15 → '13,15 %' (fr), '13.15%' (en). */
export const ratePercent = (rate: number, locale: Locale) => formatPercent(rate / 100, locale, 2);

/** The rates applied, semester by semester: '1er semestre 2025 : 13,15 %'. */
export function semesterRates(rates: { semester: string; rate: number }[], locale: Locale, m: Messages): string[] {
  return rates.map((r) => fill(m.reminders.charges.rateOf, { semester: semesterLabel(r.semester, locale), rate: ratePercent(r.rate, locale) }));
}

/** The outcome of a send in one line: '2 envoyées, 0 en échec, 1 ignorée' (French singular up to 1, English at 1). */
export function sendSummary(r: Pick<SendResult, 'sent' | 'failed' | 'skipped'>, m: Messages, locale: Locale): string {
  const one = (n: number) => (locale === 'fr' ? n <= 1 : n === 1);
  const part = (n: number, k: 'sent' | 'failed' | 'skipped') => fill(one(n) ? m.reminders.summary[`${k}One`] : m.reminders.summary[k], { n });
  return `${part(r.sent, 'sent')}, ${part(r.failed, 'failed')}, ${part(r.skipped, 'skipped')}`;
}

const WRITTEN: DunningChannel[] = ['reminder_email', 'reminder_letter', 'formal_notice'];

/** The highest level due on a client's invoices whose channel writes a letter (null: none). */
export function writtenLevelDue(invoices: { due_level: number | null }[], levels: DunningLevel[]): DunningLevel | null {
  const due = new Set(invoices.map((i) => i.due_level).filter((l): l is number => l !== null));
  const written = levels.filter((l) => due.has(l.level) && WRITTEN.includes(l.channel));
  return written.length ? written.reduce((a, b) => (b.level > a.level ? b : a)) : null;
}
