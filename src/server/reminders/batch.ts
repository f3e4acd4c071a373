// The day's batch of letters: every invoice with a dunning level due whose channel writes (an
// e-mail, a letter, a formal notice), grouped into one letter per client and level, with its
// recipients, its charges and its subject — what the preview shows and what sending sends. A
// level of an invoice already claimed by a message (sent, or being sent) is left out.
import type { Database } from '../db/database.ts';
import { invoiceLevels, type InvoiceLevel } from '../collections/levels.ts';
import type { Settings } from '../models/settings.ts';
import { actionsUntil, latestItemDate } from '../models/span.ts';
import { say, UserError, type Text } from '../util/messages.ts';
import { MissingRateError } from './charges.ts';
import { buildLetter, clientTerms, invoiceKey, letterDate, writtenLevel, type ClientTerms, type WrittenLevel } from './letters.ts';
import { todayIso } from '../collections/actions.ts';
import { renderMessage, TemplateError } from './templates.ts';
import type { Letter } from './letter.ts';
import type { BatchLetter } from '../../lib/contract/reminders.ts';

/** A letter of the batch, with what sending it needs beyond what the preview shows. */
export interface PlannedLetter {
  wire: BatchLetter;
  /** null when it cannot be written (wire.error says why) */
  letter: Letter | null;
  written: WrittenLevel;
  terms: ClientTerms;
  /** the invoices it carries out, as the claims key them */
  invoiceKeys: string[];
  /** their numbers (null: an invoice without one) */
  pieceRefs: (string | null)[];
}

export interface Batch {
  asOf: string;
  isLatest: boolean;
  /** the letters' date: today's at the latest date of the data, else the as-of date */
  date: string;
  letters: PlannedLetter[];
}

/** Why a letter cannot be written, in both languages. */
export function cannotWrite(err: unknown): Text {
  if (err instanceof MissingRateError) return { en: err.message, fr: err.messageFr };
  if (err instanceof TemplateError) return say.templateBroken(err.message);
  if (err instanceof UserError) return err.text;
  throw err;
}

/** What a letter must say of us and the settings leave empty (the company's name, SIREN, IBAN), if anything. */
export function companyMissing(settings: Settings): Text | null {
  const c = settings.reminders.company;
  const missing = (['name', 'siren', 'iban'] as const).filter((k) => !c[k].trim());
  return missing.length ? say.companyMissing(missing) : null;
}

export const letterKey = (entity: string, client: string, level: number) => `${entity}/${client}/${level}`;

/** The keys of the invoice levels claimed by a message, sent or being sent. */
async function claimed(db: Pick<Database, 'all'>, entity: string | null): Promise<Set<string>> {
  const rows = await db.all<{ k: string }>(
    `SELECT entity_id || '/' || client_id || '/' || level || '/' || invoice_ref AS k FROM reminder_claims WHERE $entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR`,
    { entity },
  );
  return new Set(rows.map((r) => r.k));
}

/** The batch at `asOf` (the latest date of the data by default), optionally for one level or one credit controller. */
export async function planBatch(
  db: Database,
  settings: Settings,
  p: { asOf?: string | null; entity: string | null; level?: number | null; owner?: string | null; today?: string },
): Promise<Batch> {
  const latest = await latestItemDate(db, p.entity);
  if (!latest) throw new UserError(say.noData);
  const asOf = p.asOf ?? latest;
  const isLatest = asOf === latest;
  const date = letterDate(asOf, isLatest, p.today ?? todayIso());
  const until = await actionsUntil(db, asOf, p.entity);
  const rows = await invoiceLevels(db, { asOf, entity: p.entity, until, grace: settings.dunning.promise_grace_days });
  const taken = await claimed(db, p.entity);

  const groups = new Map<string, { rows: InvoiceLevel[]; written: WrittenLevel }>();
  for (const r of rows) {
    if (r.due_level === null || (p.level && r.due_level !== p.level) || (p.owner && r.owner !== p.owner)) continue;
    const written = writtenLevel(settings, r.policy, r.due_level);
    if (!written) continue;
    if (taken.has(`${r.entity_id}/${r.client_id}/${r.due_level}/${invoiceKey(r)}`)) continue;
    const key = letterKey(r.entity_id, r.client_id, r.due_level);
    const g = groups.get(key) ?? { rows: [], written };
    g.rows.push(r);
    groups.set(key, g);
  }
  const terms = new Map((await clientTerms(db, { entity: p.entity })).map((t) => [`${t.entity_id}/${t.client_id}`, t]));

  const missing = companyMissing(settings);
  const letters: PlannedLetter[] = [];
  for (const [key, { rows: invoices, written }] of groups) {
    const first = invoices[0];
    const t = terms.get(`${first.entity_id}/${first.client_id}`)!;
    let letter: Letter | null = null;
    let error: Text | null = null;
    let subject: string | null = null;
    try {
      if (missing) throw new UserError(missing);
      letter = buildLetter({ settings, terms: t, template: written.template, level: written.level, date, invoices, remindedBefore: invoices.some((i) => i.last_level_done !== null) });
      subject = renderMessage(letter, settings.reminders.templates_dir).subject;
    } catch (err) {
      error = cannotWrite(err);
      letter = null;
    }
    const recipients = t.contacts.flatMap((c) => (c.email ? [c.email] : []));
    letters.push({
      letter,
      written,
      terms: t,
      invoiceKeys: invoices.map(invoiceKey),
      pieceRefs: invoices.map((i) => i.piece_ref),
      wire: {
        key,
        entity_id: first.entity_id,
        client_id: first.client_id,
        client_name: first.client_name,
        owner: first.owner,
        level: written.level,
        channel: written.channel,
        template: written.template,
        manual: written.manual,
        language: t.language,
        // a level whose channel is a letter is posted, whatever the addresses
        delivery: recipients.length && written.channel !== 'reminder_letter' ? 'email' : 'letter',
        recipients,
        contact: t.contacts[0]?.name ?? null,
        subject,
        invoices: letter
          ? letter.invoices
          : invoices.map((i) => ({ number: i.piece_ref, date: i.doc_date, due_date: i.due_date, amount: i.amount, open_amount: i.open_amount, days_late: i.days_past_due, interest: 0, indemnity: 0 })),
        open_amount: letter?.totals.open_amount ?? invoices.reduce((s, i) => s + i.open_amount, 0),
        interest: letter?.totals.interest ?? 0,
        indemnity: letter?.totals.indemnity ?? 0,
        total_due: letter?.totals.total_due ?? invoices.reduce((s, i) => s + i.open_amount, 0),
        no_charges: letter?.charges.reason ?? null,
        error,
      },
    });
  }
  // the formal notices first, then by amount: the letters that matter most on top
  letters.sort((a, b) => b.written.level - a.written.level || b.wire.total_due - a.wire.total_due || a.wire.key.localeCompare(b.wire.key));
  return { asOf, isLatest, date, letters };
}

