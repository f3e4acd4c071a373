// Recording what the credit controllers do: an action is checked against the ledger and the
// dunning policy before anything is written — an unknown client or invoice, a promise dated
// before the data or above what is owed, a field that does not go with the kind of action: a 400
// that names the field, and nothing changes. Actions are only ever added, with who recorded them
// and when; a dispute is closed by a resolution that names it.
import type { Database, Session } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import { ALL_ACTIONS, keptLedgerSpan, latestItemDate } from '../models/span.ts';
import { say, UserError } from '../util/messages.ts';
import { addDays } from '../util/dates.ts';
import { DUNNING_CHANNELS, type ActionKind, type CollectionAction, type NewAction, type Policy } from '../../lib/contract/collections.ts';

/** Today's date (UTC), the default day an action was done (the UI sends the user's own). */
export const todayIso = () => new Date().toISOString().slice(0, 10);

/** The fields each kind of action takes beyond the common ones (invoice, done_on, note). */
const FIELDS: Record<ActionKind, { required: (keyof NewAction)[]; optional: (keyof NewAction)[] }> = {
  reminder_email: { required: [], optional: ['level', 'outcome'] },
  reminder_letter: { required: [], optional: ['level', 'outcome'] },
  call: { required: [], optional: ['level', 'outcome'] },
  formal_notice: { required: [], optional: ['level', 'outcome'] },
  escalation: { required: [], optional: ['level', 'outcome'] },
  promise: { required: ['promise_date', 'amount'], optional: [] },
  dispute: { required: ['invoice_ref', 'dispute_reason'], optional: ['amount', 'dispute_owner'] },
  dispute_resolved: { required: ['resolves_id'], optional: [] },
  hold: { required: ['hold_until'], optional: [] },
  note: { required: ['note'], optional: [] },
};
const COMMON: (keyof NewAction)[] = ['entity', 'client_id', 'invoice_ref', 'kind', 'done_on', 'note'];

/** A client code the ledger does not know (a 404 where the client is the thing asked for). */
export class UnknownClient extends UserError {}

/** The entity of a client: the one named, or the only one that has it. */
export async function clientEntity(db: Pick<Database, 'all'>, client: string, entity: string | undefined): Promise<{ entity: string; clientName: string | null }> {
  const found = await db.all<{ entity_id: string; client_name: string | null }>(query('collections_client_entities'), { client, entity: entity || null });
  if (!found.length && entity) {
    const entities = (await db.all<{ entity_id: string }>(query('collections_client_entities'), { client: null, entity: null })).map((e) => e.entity_id);
    if (!entities.includes(entity)) throw new UserError(say.unknownEntity(entity, entities));
  }
  if (!found.length) throw new UnknownClient(say.unknownClient(client, entity || null));
  if (found.length > 1) throw new UserError(say.clientInSeveralEntities(client, found.map((f) => f.entity_id)));
  return { entity: found[0].entity_id, clientName: found[0].client_name };
}

/** A client's policy and credit controller (standard and nobody unless set). */
export async function clientProfile(db: Pick<Database, 'one'>, entity: string, client: string): Promise<{ owner: string | null; policy: Policy }> {
  const row = await db.one<{ owner: string | null; policy: Policy }>(`SELECT owner, policy FROM collection_clients WHERE entity_id = $entity AND client_id = $client`, { entity, client });
  return row ?? { owner: null, policy: 'standard' };
}

/** Every check of a new action; the row to insert. */
async function checkAction(db: Database, settings: Settings, a: NewAction, today: string) {
  // a call says what came of it; one ending in a promise or a dispute may carry its fields (or the
  // promise, the dispute, be recorded as their own actions beside the call: on an invoice, while
  // the call covers the whole client)
  const outcomeFields: Partial<Record<string, (keyof NewAction)[]>> = { promise: ['promise_date', 'amount'], dispute: ['dispute_reason', 'amount', 'dispute_owner'] };
  const extra = (a.kind === 'call' && a.outcome && outcomeFields[a.outcome]) || [];
  const required = [...FIELDS[a.kind].required];
  if (a.kind === 'call' && a.outcome === 'promise' && (a.promise_date !== undefined || a.amount !== undefined)) required.push('promise_date', 'amount');
  if (a.kind === 'call' && a.outcome === 'dispute' && a.dispute_reason !== undefined) required.push('invoice_ref');
  const allowed = new Set<keyof NewAction>([...COMMON, ...required, ...FIELDS[a.kind].optional, ...extra]);
  const what = a.kind === 'call' && a.outcome ? `a call ending in ${a.outcome}` : a.kind;
  for (const f of required) if (a[f] === undefined) throw new UserError(say.fieldRequired(f, what));
  if (a.invoice_ref !== undefined && !a.invoice_ref.trim()) throw new UserError(say.fieldBlank('invoice_ref'));
  if (a.kind === 'note' && !a.note?.trim()) throw new UserError(say.fieldBlank('note'));
  for (const [f, v] of Object.entries(a) as [keyof NewAction, unknown][]) if (v !== undefined && !allowed.has(f)) throw new UserError(say.fieldNotFor(f, what));

  const { entity } = await clientEntity(db, a.client_id, a.entity);
  // the date of the data (the default as-of date): what is promised or put on hold is for a day after it
  const asOf = (await latestItemDate(db, entity))!;
  const doneOn = a.done_on ?? today;
  // a user east of UTC may already be a day ahead of the server's date
  if (doneOn > addDays(today, 1)) throw new UserError(say.doneInFuture(doneOn, today));
  const first = (await keptLedgerSpan(db, entity))?.first;
  if (first && doneOn < first) throw new UserError(say.doneBeforeData(doneOn, first));
  // no promise or hold more than a year ahead of the data or of the day it was made: a typo, not a plan
  const horizon = addDays(doneOn > asOf ? doneOn : asOf, 366);
  for (const f of ['promise_date', 'hold_until'] as const) if (a[f] !== undefined && a[f]! > horizon) throw new UserError(say.tooFarAhead(f, a[f]!, horizon));
  if (a.hold_until !== undefined && a.hold_until < doneOn) throw new UserError(say.holdBeforeDone(a.hold_until, doneOn));

  const open = await db.all<{ item_id: number; piece_ref: string | null; open_amount: number; account_class: string }>(query('collections_client_open'), { as_of: asOf, entity, client: a.client_id });
  // an invoice still open is known; another one is looked for among the client's items
  if (a.invoice_ref !== undefined && !open.some((o) => o.piece_ref === a.invoice_ref)) {
    const known = await db.one(`SELECT 1 AS known FROM items WHERE entity_id = $entity AND client_id = $client AND piece_ref = $invoice AND amount > 0 LIMIT 1`, { entity, client: a.client_id, invoice: a.invoice_ref });
    if (!known) throw new UserError(say.unknownInvoice(a.invoice_ref, a.client_id));
  }
  const invoiceOpen = a.invoice_ref === undefined ? null : open.filter((o) => o.piece_ref === a.invoice_ref).reduce((s, o) => s + o.open_amount, 0);
  const clientOpen = open.filter((o) => o.account_class !== 'doubtful').reduce((s, o) => s + o.open_amount, 0);

  const isPromise = a.promise_date !== undefined;
  const isDispute = a.dispute_reason !== undefined;
  if (isPromise) {
    if (a.promise_date! < asOf) throw new UserError(say.promiseBeforeAsOf(a.promise_date!, asOf));
    if (a.promise_date! < doneOn) throw new UserError(say.promiseBeforeDone(a.promise_date!, doneOn));
    if (invoiceOpen !== null && invoiceOpen <= 0.005) throw new UserError(say.invoiceNotOpen(a.invoice_ref!, asOf));
    const limit = invoiceOpen ?? clientOpen;
    if (a.amount! > limit + 0.005) throw new UserError(say.amountAboveOpen(a.amount!, limit, invoiceOpen === null ? 'client' : 'invoice'));
  }
  let amount = a.amount ?? null;
  if (isDispute) {
    const running = await db.one<{ action_id: number }>(`SELECT action_id FROM app_disputes_at($until) WHERE entity_id = $entity AND client_id = $client AND invoice_ref = $invoice`, {
      until: ALL_ACTIONS,
      entity,
      client: a.client_id,
      invoice: a.invoice_ref!,
    });
    if (running) throw new UserError(say.disputeAlreadyOpen(a.invoice_ref!, running.action_id));
    if (!invoiceOpen || invoiceOpen <= 0.005) throw new UserError(say.invoiceNotOpen(a.invoice_ref!, asOf));
    if (amount !== null && amount > invoiceOpen + 0.005) throw new UserError(say.amountAboveOpen(amount, invoiceOpen, 'invoice'));
    amount ??= Math.round(invoiceOpen * 100) / 100;
  }
  if (a.hold_until !== undefined && a.hold_until <= asOf) throw new UserError(say.holdBeforeAsOf(a.hold_until, asOf));
  if (a.level !== undefined) {
    const { policy } = await clientProfile(db, entity, a.client_id);
    const levels = settings.dunning[policy === 'key_account' ? 'key_account' : 'standard'];
    if (a.level > levels.length) throw new UserError(say.noSuchLevel(a.level, levels.length, policy === 'key_account' ? 'key_account' : 'standard'));
  }
  if (a.kind === 'dispute_resolved') {
    const open = await db.one<{ opened_on: string }>(
      `SELECT strftime(opened_on, '%Y-%m-%d') AS opened_on FROM app_disputes_at($until) WHERE action_id = $id AND entity_id = $entity AND client_id = $client`,
      { until: ALL_ACTIONS, id: a.resolves_id!, entity, client: a.client_id },
    );
    if (!open) throw new UserError(say.noOpenDispute(a.resolves_id!, a.client_id));
    if (doneOn < open.opened_on) throw new UserError(say.resolvedBeforeOpened(doneOn, open.opened_on));
  }
  // a reminder's channel is its kind: a level done from the worklist records the level's channel
  const level = a.level ?? null;
  return {
    entity_id: entity,
    client_id: a.client_id,
    invoice_ref: a.invoice_ref ?? null,
    kind: a.kind,
    level: (DUNNING_CHANNELS as readonly string[]).includes(a.kind) ? level : null,
    done_on: doneOn,
    outcome: a.outcome ?? null,
    promise_date: a.promise_date ?? null,
    amount: isPromise || isDispute ? amount : null,
    dispute_reason: a.dispute_reason ?? null,
    dispute_owner: a.dispute_owner?.trim() || null,
    resolves_id: a.resolves_id ?? null,
    hold_until: a.hold_until ?? null,
    note: a.note?.trim() || null,
  };
}

/** Bumps the version of the users' collections data: answers that read it are made afresh (models/cache.ts). */
export async function bumpCollectionsVersion(s: Session): Promise<void> {
  await s.run(`UPDATE app_meta SET value = (value::BIGINT + 1)::VARCHAR WHERE name = 'collections_version'`);
}

/**
 * Records an action after checking it, and answers it: as collections_actions.sql would read it
 * back — just checked, its invoice is in the ledger, a promise or a dispute is open — without
 * the query (an action is recorded in a few milliseconds, however large the ledger).
 */
export async function recordAction(db: Database, settings: Settings, a: NewAction, by: string, today = todayIso()): Promise<CollectionAction> {
  const row = await checkAction(db, settings, a, today);
  const inserted = await db.transaction(async (s) => {
    const r = await s.one<{ action_id: number; recorded_at: string }>(
      `INSERT INTO collection_actions (entity_id, client_id, invoice_ref, kind, level, done_on, outcome, promise_date, amount, dispute_reason, dispute_owner, resolves_id, hold_until, note, recorded_by)
       VALUES ($entity_id, $client_id, $invoice_ref, $kind, $level, $done_on, $outcome, $promise_date, $amount, $dispute_reason, $dispute_owner, $resolves_id, $hold_until, $note, $by)
       RETURNING action_id, strftime(recorded_at, '%Y-%m-%dT%H:%M:%SZ') AS recorded_at`,
      { ...row, by },
    );
    await bumpCollectionsVersion(s);
    return r!;
  });
  const status = row.promise_date !== null || row.dispute_reason !== null ? 'open' : null;
  return { ...row, ...inserted, recorded_by: by, orphaned: false, status };
}

/** Actions as the API answers them (collections_actions.sql), at the latest date of the data. */
export async function readActions(
  db: Database,
  settings: Settings,
  p: { id?: number; entity: string | null; client?: string | null; invoice?: string | null; asOf?: string; until?: string; limit?: number },
): Promise<CollectionAction[]> {
  const asOf = p.asOf ?? (await latestItemDate(db, p.entity)) ?? todayIso();
  return db.all<CollectionAction>(query('collections_actions'), {
    as_of: asOf,
    entity: p.entity,
    client: p.client ?? null,
    invoice: p.invoice ?? null,
    id: p.id ?? null,
    until: p.until ?? ALL_ACTIONS,
    grace: settings.dunning.promise_grace_days,
    prior: settings.dunning.promise_prior,
    limit: p.limit ?? 1000,
  });
}
