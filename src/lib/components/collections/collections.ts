// What the collections components share: the calendar dates a form proposes (today, a week on),
// how an action, a level and its channel read in the UI's language. Pure functions.
import type { DunningChannel, DunningLevel } from '../../contract/index.ts';
import { fill, type Messages } from '../../i18n/messages.ts';

/** The forms that record an action. */
export type FormKind = 'done' | 'promise' | 'dispute' | 'hold' | 'note';

/** The proposed action of a client: the level due (null: the follow-up of a broken promise) and its channel. */
export interface NextAction {
  level: number | null;
  channel: DunningChannel;
}

/** An open invoice a promise or a dispute can name. */
export interface OpenInvoice {
  piece_ref: string | null;
  open_amount: number;
  due_date: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Today's calendar date where the user is, as YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A calendar date moved by whole days (no time zone involved). */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The later of two ISO dates (null ones ignored). */
export const laterOf = (a: string | null, b: string | null): string | null => (!a ? b : !b ? a : a > b ? a : b);

/** "Niveau 2 · Appel" / "Level 2 · Call"; a broken promise's follow-up reads as its channel alone. */
export function nextActionLabel(next: NextAction, m: Messages): string {
  const channel = m.collections.channels[next.channel];
  return next.level === null ? channel : `${fill(m.collections.levelN, { n: next.level })} · ${channel}`;
}

/** The proposed action of a client from its overdue invoices: the highest level due, with its channel in the client's policy. */
export function nextFromInvoices(invoices: { due_level: number | null }[], levels: DunningLevel[]): NextAction | null {
  const due = invoices.map((i) => i.due_level).filter((l): l is number => l !== null);
  if (!due.length) return null;
  const level = Math.max(...due);
  const found = levels.find((l) => l.level === level);
  return found ? { level, channel: found.channel } : null;
}

/** Written reminders are sent; a call reaches someone (or not). */
export const isWritten = (channel: DunningChannel) => channel !== 'call';

/** The outcomes offered after an action of a channel, the likeliest first. */
export function outcomesFor(channel: DunningChannel): ('reached' | 'no_answer' | 'promise' | 'dispute' | 'wrong_contact' | 'sent')[] {
  return isWritten(channel) ? ['sent', 'reached', 'promise', 'dispute', 'wrong_contact'] : ['reached', 'no_answer', 'promise', 'dispute', 'wrong_contact'];
}
