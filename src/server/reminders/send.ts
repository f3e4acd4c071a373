// Sending the day's letters. Each letter named is taken from the batch as it stands at the latest
// date of the data (never from what the browser shows), then:
//   1. its message is opened ("sending") and its invoice levels claimed for it, in one transaction
//      (reminder_claims' key: an invoice instalment's level goes out once — two people pressing
//      send together get one message, the second a "skipped: already sent" for what the first took);
//   2. it is rendered and sent (SMTP: its .eml built once, sent as those bytes and kept), or
//      recorded as sent by the user (a printed letter, an .eml sent by hand: its PDF kept);
//   3. a success marks the message sent and records one collections action per invoice, with the
//      message's id, in one transaction; any failure before it went marks it failed with its error
//      and gives the claims back: nothing is marked sent that was not, the next batch offers it
//      again. A stop between 1 and 3 leaves it "sending", in doubt until resolveMessage.
import type { Database, Session } from '../db/database.ts';
import { bumpCollectionsVersion, clientProfile, todayIso } from '../collections/actions.ts';
import { say, UserError } from '../util/messages.ts';
import type { Settings } from '../models/settings.ts';
import { letterPdf } from './pdf.ts';
import { planBatch, type PlannedLetter } from './batch.ts';
import { composeMessage, emlOf, sendMessage, smtpConfig, type SmtpConfig } from './mail.ts';
import { renderLetterBlocks, renderMessage } from './templates.ts';
import { buildLetter, invoiceRef, writtenLevel } from './letters.ts';
import type { Letter } from './letter.ts';
import type { SendOutcome, SendRequest, SendResult } from '../../lib/contract/reminders.ts';

/** The PDF of a letter, as attached to a formal notice and printed in the batch. */
export function pdfOf(letter: Letter, settings: Settings): Promise<Buffer> {
  const { subject, blocks } = renderLetterBlocks(letter, settings.reminders.templates_dir);
  return letterPdf({ letter, subject, blocks });
}

/** The invoice numbers a message's actions are recorded on: an invoice without one by its key (never the whole client). */
const actionRef = (i: { number: string | null; date: string; amount: number }) => invoiceRef({ piece_ref: i.number, doc_date: i.date, amount: i.amount });

/**
 * Opens the message (status sending) and claims the letter's invoice levels for it, in one
 * transaction; answers its id and the invoices it got (others were claimed meanwhile). Should the
 * process stop before the message is finished, it stays "sending": in doubt, shown as such until
 * someone says whether it went (resolveMessage) — never sent again on its own.
 */
async function claim(db: Database, plan: PlannedLetter, delivery: 'email' | 'manual', by: string): Promise<{ id: number; got: Set<string> }> {
  return db.transaction(async (s) => {
    const l = plan.letter!;
    const opened = await s.one<{ message_id: number }>(
      `INSERT INTO reminder_messages (entity_id, client_id, level, template, language, delivery, status, subject, invoice_refs, total_due, interest, indemnity, as_of, recorded_by)
       VALUES ($entity, $client, $level, $template, $language, $delivery, 'sending', $subject, [], 0, 0, 0, $as_of, $by) RETURNING message_id`,
      { entity: plan.wire.entity_id, client: plan.wire.client_id, level: plan.written.level, template: l.template, language: l.language, delivery, subject: plan.wire.subject ?? '', as_of: l.date, by },
    );
    const id = opened!.message_id;
    const got = new Set<string>();
    for (const invoice of plan.invoiceKeys) {
      const row = await s.one<{ invoice_ref: string }>(
        `INSERT INTO reminder_claims (entity_id, client_id, invoice_ref, level, claimed_by, message_id) VALUES ($entity, $client, $invoice, $level, $by, $id)
         ON CONFLICT DO NOTHING RETURNING invoice_ref`,
        { entity: plan.wire.entity_id, client: plan.wire.client_id, invoice, level: plan.written.level, by, id },
      );
      if (row) got.add(row.invoice_ref);
    }
    // nothing left to claim: another sender has it all, and this message never was
    if (!got.size) await s.run(`DELETE FROM reminder_messages WHERE message_id = $id`, { id });
    return { id, got };
  });
}

interface Recorded {
  letter: Letter;
  subject: string;
  delivery: 'email' | 'manual';
  recipients: string[];
  smtpId: string | null;
  error: string | null;
  /** addresses the server refused while it accepted others */
  refused: string[];
  /** what went: the .eml of an e-mail, the PDF of a letter printed */
  content: { data: Buffer; type: 'message/rfc822' | 'application/pdf' } | null;
}

/** One collections action per invoice of a message sent: the level is done on each. */
async function recordActions(s: Session, m: { id: number; entity: string; client: string; level: number; channel: string; refs: string[]; note: string; by: string; today: string }): Promise<void> {
  for (const ref of new Set(m.refs)) {
    await s.run(
      `INSERT INTO collection_actions (entity_id, client_id, invoice_ref, kind, level, done_on, outcome, note, recorded_by, message_id)
       VALUES ($entity, $client, $invoice, $kind, $level, $done_on, 'sent', $note, $by, $message)`,
      { entity: m.entity, client: m.client, invoice: ref, kind: m.channel, level: m.level, done_on: m.today, note: m.note, by: m.by, message: m.id },
    );
  }
  await bumpCollectionsVersion(s);
}

/** Finishes the message: sent (with its actions) or failed (its claims given back). */
async function finishMessage(s: Session, id: number, plan: PlannedLetter, r: Recorded, by: string, today: string): Promise<void> {
  const l = r.letter;
  const refs = l.invoices.map(actionRef);
  if (r.error) await s.run(`DELETE FROM reminder_claims WHERE message_id = $id`, { id });
  await s.run(
    `UPDATE reminder_messages SET status = $status, recipients = $recipients, subject = $subject, invoice_refs = from_json($refs, '["VARCHAR"]'),
       total_due = $total, interest = $interest, indemnity = $indemnity, smtp_id = $smtp_id, error = $error,
       content = $content, content_type = $content_type
     WHERE message_id = $id`,
    {
      id,
      status: r.error ? 'failed' : 'sent',
      recipients: r.recipients.join(', ') || null,
      subject: r.subject,
      refs: JSON.stringify(refs),
      total: l.totals.total_due,
      interest: l.totals.interest,
      indemnity: l.totals.indemnity,
      smtp_id: r.smtpId,
      // a failure's reason; or, sent, the addresses the server refused
      error: r.error ?? (r.refused.length ? `refused: ${r.refused.join(', ')}` : null),
      content: r.error || !r.content ? null : r.content.data.toString('base64'),
      content_type: r.error || !r.content ? null : r.content.type,
    },
  );
  if (r.error) return;
  const note = r.delivery === 'email' ? `${r.subject} — ${r.recipients.join(', ')}` : r.subject;
  await recordActions(s, { id, entity: plan.wire.entity_id, client: plan.wire.client_id, level: plan.written.level, channel: plan.written.channel, refs, note, by, today });
}

/** Sends (or records as sent) the letters named; answers what became of each. */
export async function sendReminders(
  db: Database,
  settings: Settings,
  req: SendRequest,
  by: string,
  options: { today?: string; smtp?: SmtpConfig | null } = {},
): Promise<SendResult> {
  const today = options.today ?? todayIso();
  const smtp = options.smtp === undefined ? smtpConfig(settings) : options.smtp;
  const batch = await planBatch(db, settings, { entity: req.entity || null, today });
  const plans = new Map(batch.letters.map((l) => [l.wire.key, l]));
  const confirmed = new Set(req.confirmed ?? []);
  const results: SendOutcome[] = [];
  const skip = (key: string, reason: SendOutcome['reason'], plan?: PlannedLetter): SendOutcome => ({
    key,
    status: 'skipped',
    reason,
    message_id: null,
    recipients: plan?.wire.recipients ?? [],
    invoices: plan?.pieceRefs.flatMap((r) => (r ? [r] : [])) ?? [],
    error: null,
  });

  // once the server cannot be reached, the other e-mails are not tried (each would wait its timeout)
  let unreachable: string | null = null;
  for (const key of [...new Set(req.keys)]) {
    const plan = plans.get(key);
    if (!plan) {
      // not in the batch: sent already (its levels claimed), or nothing due for it any more
      const [entity, client, level] = key.split('/');
      const sent = await db.one(`SELECT 1 AS x FROM reminder_claims WHERE entity_id = $entity AND client_id = $client AND level = $level LIMIT 1`, { entity: entity ?? '', client: client ?? '', level: Number(level) || 0 });
      results.push(skip(key, sent ? 'already_sent' : 'not_due'));
      continue;
    }
    if (!plan.letter) results.push(skip(key, 'cannot_write', plan));
    else if (plan.written.manual && !confirmed.has(key)) results.push(skip(key, 'needs_confirmation', plan));
    else if (req.delivery === 'email' && plan.wire.delivery === 'letter') results.push(skip(key, plan.wire.recipients.length ? 'by_post' : 'no_address', plan));
    else if (req.delivery === 'email' && !smtp) results.push(skip(key, 'no_smtp', plan));
    else if (req.delivery === 'email' && unreachable) results.push({ ...skip(key, 'smtp_unreachable', plan), error: unreachable });
    else {
      const outcome = await sendOne(db, settings, plan, req.delivery, smtp, by, today);
      if (outcome.status === 'failed' && UNREACHABLE.test(outcome.error ?? '')) unreachable = outcome.error;
      results.push(outcome);
    }
  }
  const count = (status: SendOutcome['status']) => results.filter((r) => r.status === status).length;
  return { as_of_date: batch.asOf, sent: count('sent'), failed: count('failed'), skipped: count('skipped'), results };
}

/** An SMTP error that says the server cannot be reached at all (not an address refused): the rest need not be tried. */
const UNREACHABLE = /^(ECONNREFUSED|ECONNECTION|ETIMEDOUT|ESOCKET|EDNS|ENOTFOUND|EHOSTUNREACH)\b/;

async function sendOne(db: Database, settings: Settings, plan: PlannedLetter, delivery: 'email' | 'manual', smtp: SmtpConfig | null, by: string, today: string): Promise<SendOutcome> {
  const key = plan.wire.key;
  const { id, got } = await claim(db, plan, delivery, by);
  const base = { key, recipients: delivery === 'email' ? plan.wire.recipients : [], message_id: null, error: null };
  if (!got.size) return { ...base, status: 'skipped', reason: 'already_sent', invoices: [] };
  let recorded: Recorded = { letter: plan.letter!, subject: plan.wire.subject ?? '', delivery, recipients: base.recipients, smtpId: null, error: null, refused: [], content: null };
  try {
    // what another sender took meanwhile is left out of this letter
    let letter = plan.letter!;
    if (got.size < plan.invoiceKeys.length) {
      const invoices = letter.invoices.filter((_, i) => got.has(plan.invoiceKeys[i]));
      letter = buildLetter({
        settings,
        terms: plan.terms,
        template: letter.template,
        level: letter.level,
        date: letter.date,
        remindedBefore: letter.reminded_before,
        invoices: invoices.map((i) => ({ piece_ref: i.number, doc_date: i.date, due_date: i.due_date, amount: i.amount, open_amount: i.open_amount, days_past_due: i.days_late })),
      });
    }
    const rendered = renderMessage(letter, settings.reminders.templates_dir);
    recorded = { ...recorded, letter, subject: rendered.subject };
    if (delivery === 'email') {
      const pdf = letter.template === 'formal_notice' ? await pdfOf(letter, settings) : null;
      const message = composeMessage({ letter, rendered, recipients: plan.wire.recipients, from: smtp!.from, pdf });
      const eml = await emlOf(message);
      const sent = await sendMessage(smtp!, message, eml);
      recorded = { ...recorded, recipients: sent.accepted, smtpId: sent.smtpId, refused: sent.rejected, content: { data: eml, type: 'message/rfc822' } };
    } else {
      // printed (or sent by hand): the letter as printed is what is kept
      recorded = { ...recorded, content: { data: await pdfOf(letter, settings), type: 'application/pdf' } };
    }
  } catch (err) {
    // whatever failed before the message went (a template, the PDF, the server): nothing was sent
    recorded = { ...recorded, error: (err as Error).message };
  }
  await db.transaction((s) => finishMessage(s, id, plan, recorded, by, today));
  const invoices = recorded.letter.invoices.map(actionRef);
  return recorded.error
    ? { ...base, status: 'failed', reason: null, message_id: id, invoices, error: recorded.error }
    : { ...base, recipients: recorded.recipients, status: 'sent', reason: null, message_id: id, invoices, error: recorded.refused.length ? `refused: ${recorded.refused.join(', ')}` : null };
}

/**
 * Says what became of a message left "sending" (the process stopped while it went): sent — its
 * actions are recorded as for any message sent — or not — its claims are given back and the next
 * batch offers the letter again.
 */
export async function resolveMessage(db: Database, settings: Settings, id: number, sent: boolean, by: string, today = todayIso()): Promise<void> {
  const m = await db.one<{ entity_id: string; client_id: string; level: number; status: string; subject: string }>(
    `SELECT entity_id, client_id, level, status, subject FROM reminder_messages WHERE message_id = $id`,
    { id },
  );
  if (!m) throw new UserError(say.noSuchMessage(id), 404);
  if (m.status !== 'sending') throw new UserError(say.messageNotInDoubt(id, m.status));
  const { policy } = await clientProfile(db, m.entity_id, m.client_id);
  const written = writtenLevel(settings, policy, m.level);
  const claimed = await db.all<{ invoice_ref: string }>(`SELECT invoice_ref FROM reminder_claims WHERE message_id = $id`, { id });
  await db.transaction(async (s) => {
    if (!sent) {
      await s.run(`DELETE FROM reminder_claims WHERE message_id = $id`, { id });
      await s.run(`UPDATE reminder_messages SET status = 'failed', error = $error WHERE message_id = $id`, { id, error: `not sent (said by ${by})` });
      return;
    }
    await s.run(`UPDATE reminder_messages SET status = 'sent', error = $error WHERE message_id = $id`, { id, error: `sent (said by ${by})` });
    // the claims' keys less their due date: the invoices' refs (invoiceRef), as a message sent records them
    const refs = claimed.map((c) => c.invoice_ref.replace(/@\d{4}-\d{2}-\d{2}$/, ''));
    await recordActions(s, { id, entity: m.entity_id, client: m.client_id, level: m.level, channel: written?.channel ?? 'reminder_email', refs, note: m.subject, by, today });
  });
}
