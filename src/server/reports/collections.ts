// Collections: the day's worklist — the clients with a dunning level due or a broken promise to
// follow up, ranked by the cash an action can move — what was done (actions, promises, disputes),
// the disputes to resolve, and a client's place in all of it. The dunning levels are SQL
// (sql/queries/collections_invoices.sql); the ranking draws on the forecast's payment delays: an
// invoice's chance of being still unpaid in `horizon_days` without action, given how late it is
// already (forecast/engine.ts), weighted by the client's risk of default.
import type { Database } from '../db/database.ts';
import { cached } from '../models/cache.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import { actionsUntil } from '../models/span.ts';
import { DUE_GRID } from '../forecast/forecast.ts';
import { cashWithin } from '../forecast/engine.ts';
import { delayModelAt } from '../forecast/snapshots.ts';
import { clientEntity, clientProfile, readActions, UnknownClient } from '../collections/actions.ts';
import { invoiceLevels, type InvoiceLevel } from '../collections/levels.ts';
import { listContacts } from '../collections/contacts.ts';
import { round2 } from '../util/money.ts';
import { say } from '../util/messages.ts';
import type { ClientCollections, CollectionAction, CollectionsEffectiveness, Dispute, DunningLevel, Segment, Worklist, WorklistClient, WorklistInvoice } from '../../lib/contract/index.ts';
import { NotFound, resolveAsOf } from './as-of.ts';
import { clientsReport } from './clients.ts';
import { riskReport } from './risk.ts';

type InvoiceRow = InvoiceLevel;

interface FactsRow {
  entity_id: string;
  client_id: string;
  last_action_id: number;
  last_kind: CollectionAction['kind'];
  last_outcome: CollectionAction['outcome'];
  last_done_on: string;
  last_recorded_by: string;
  open_promise_id: number | null;
  open_promise_date: string | null;
  open_promise_amount: number | null;
  open_promise_received: number | null;
  broken_promise_id: number | null;
  broken_promise_date: string | null;
  broken_promise_amount: number | null;
  broken_promise_received: number | null;
  app_disputes: number;
  app_disputed_amount: number;
}

/** The dunning levels of the settings, numbered. */
export function dunningLevels(settings: Settings): { standard: DunningLevel[]; key_account: DunningLevel[] } {
  const number = (levels: Settings['dunning']['standard']) => levels.map((l, i) => ({ level: i + 1, days: l.days, channel: l.channel }));
  return { standard: number(settings.dunning.standard), key_account: number(settings.dunning.key_account) };
}

/** Every overdue invoice with its level and its cash at stake, and every client's collections facts, at a date: kept until the next import or action. */
async function collectionsState(db: Database, settings: Settings, asOf: string, entity: string | null) {
  return cached(
    db,
    settings,
    `collections|${asOf}|${entity}`,
    async () => {
      const until = await actionsUntil(db, asOf, entity);
      const { promise_grace_days: grace, promise_prior: prior, horizon_days: horizon } = settings.dunning;
      const [rows, facts] = await db.read((s) =>
        Promise.all([
          invoiceLevels(s, { asOf, entity, until, grace }),
          s.all<FactsRow>(query('collections_client_facts'), { as_of: asOf, entity, until, grace, prior }),
        ]),
      );
      const delays = await delayModelAt(db, settings, { asOf, entity });
      const byClient = new Map<string, (InvoiceRow & Pick<WorklistInvoice, 'unpaid_probability' | 'cash_at_stake'>)[]>();
      let key = '';
      let hazards = null as ReturnType<typeof delays.client> | null;
      for (const r of rows) {
        const k = `${r.entity_id}|${r.client_id}`;
        if (k !== key) {
          hazards = delays.client(r.entity_id, r.client_id);
          key = k;
        }
        const unpaid = 1 - cashWithin(hazards!, DUE_GRID, r.days_past_due, horizon);
        // what a reminder cannot move (a dispute, a hold, a promise running) is not at stake
        const atStake = r.held_by ? 0 : r.open_amount * unpaid;
        const row = { ...r, unpaid_probability: Math.round(unpaid * 1000) / 1000, cash_at_stake: round2(atStake) };
        const list = byClient.get(k);
        if (list) list.push(row);
        else byClient.set(k, [row]);
      }
      return { until, byClient, facts: new Map(facts.map((f) => [`${f.entity_id}|${f.client_id}`, f])) };
    },
    { userData: true },
  );
}

const invoiceOut = (r: InvoiceRow & Pick<WorklistInvoice, 'unpaid_probability' | 'cash_at_stake'>): WorklistInvoice => ({
  item_id: r.item_id,
  piece_ref: r.piece_ref,
  doc_date: r.doc_date,
  due_date: r.due_date,
  open_amount: r.open_amount,
  days_past_due: r.days_past_due,
  level: r.level,
  channel: r.channel,
  due_level: r.due_level,
  held_by: r.held_by,
  unpaid_probability: r.unpaid_probability,
  cash_at_stake: r.cash_at_stake,
});

/** The clients to contact at a date (the latest by default), ranked; filtered by owner, level (the next one), segment. */
export async function worklist(
  db: Database,
  settings: Settings,
  p: { asOf?: string | null; entity: string | null; owner?: string | null; level?: number | null; segment?: Segment | null },
): Promise<Worklist> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  // the whole list is kept until the next import or action (and serialised once: api/json.ts); a filter picks from it
  const all = await cached(db, settings, `worklist|${asOf}|${p.entity}`, () => rankedWorklist(db, settings, asOf, p.entity), { userData: true });
  if (!p.owner && !p.level && !p.segment) return all;
  const picked = all.clients.filter((c) => (!p.owner || c.owner === p.owner) && (!p.level || c.next_level === p.level) && (!p.segment || c.segment === p.segment));
  return { ...all, totals: totalsOf(picked), clients: picked };
}

const totalsOf = (clients: WorklistClient[]): Worklist['totals'] => ({
  clients: clients.length,
  overdue_amount: round2(clients.reduce((s, c) => s + c.overdue_amount, 0)),
  amount_due: round2(clients.reduce((s, c) => s + c.amount_due, 0)),
  cash_at_stake: round2(clients.reduce((s, c) => s + c.cash_at_stake, 0)),
});

/** Every client to contact at a date, ranked. */
async function rankedWorklist(db: Database, settings: Settings, asOf: string, entity: string | null): Promise<Worklist> {
  const [state, clients, risk] = await Promise.all([
    collectionsState(db, settings, asOf, entity),
    clientsReport(db, { asOf, entity: entity, settings }),
    riskReport(db, settings, { asOf, entity: entity }),
  ]);
  const behaviour = new Map(clients.clients.map((c) => [`${c.entity_id}|${c.client_id}`, c]));
  const probability = new Map(risk.clients.map((c) => [`${c.entity_id}|${c.client_id}`, c.probability]));
  const levels = dunningLevels(settings);
  const all: WorklistClient[] = [];
  for (const [key, invoices] of state.byClient) {
    const f = state.facts.get(key);
    const due = invoices.filter((i) => i.due_level !== null);
    const broken = f?.broken_promise_id ? { action_id: f.broken_promise_id, promise_date: f.broken_promise_date!, amount: f.broken_promise_amount!, received: f.broken_promise_received ?? 0 } : null;
    if (!due.length && !broken) continue;
    const first = invoices[0];
    const policyLevels = levels[first.policy === 'key_account' ? 'key_account' : 'standard'];
    const nextLevel = due.length ? Math.max(...due.map((i) => i.due_level!)) : null;
    const b = behaviour.get(key);
    const pd = probability.get(key) ?? null;
    const cashAtStake = invoices.reduce((s, i) => s + i.cash_at_stake, 0);
    const disputed = invoices.filter((i) => i.held_by === 'disputed');
    all.push({
      rank: 0,
      entity_id: first.entity_id,
      client_id: first.client_id,
      client_name: first.client_name,
      owner: first.owner,
      policy: first.policy,
      segment: b?.segment ?? null,
      risk_score: b?.risk_score ?? null,
      risk_band: b?.risk_band ?? null,
      default_probability: pd === null ? null : Math.round(pd * 10000) / 10000,
      overdue_amount: round2(invoices.reduce((s, i) => s + i.open_amount, 0)),
      oldest_days_past_due: Math.max(...invoices.map((i) => i.days_past_due)),
      reason: nextLevel !== null ? 'level' : 'broken_promise',
      next_level: nextLevel,
      // a broken promise is followed up by a call
      next_channel: nextLevel !== null ? policyLevels[nextLevel - 1].channel : 'call',
      invoices_due: due.length,
      amount_due: round2(due.reduce((s, i) => s + i.open_amount, 0)),
      last_action: f ? { action_id: f.last_action_id, kind: f.last_kind, outcome: f.last_outcome, done_on: f.last_done_on, recorded_by: f.last_recorded_by } : null,
      open_promise: f?.open_promise_id ? { action_id: f.open_promise_id, promise_date: f.open_promise_date!, amount: f.open_promise_amount!, received: f.open_promise_received ?? 0 } : null,
      broken_promise: broken,
      open_disputes: disputed.length,
      disputed_amount: round2(disputed.reduce((s, i) => s + i.open_amount, 0)),
      cash_at_stake: round2(cashAtStake),
      // a client scored at 30 % of default weighs 1.3 times its cash at stake; in default: twice
      priority: round2(cashAtStake * (1 + (b?.risk_band === 'in_default' ? 1 : (pd ?? 0)))),
      invoices: invoices.map(invoiceOut),
    });
  }
  all.sort((a, b) => b.priority - a.priority || b.overdue_amount - a.overdue_amount || a.client_id.localeCompare(b.client_id));
  all.forEach((c, i) => (c.rank = i + 1));
  return {
    as_of_date: asOf,
    entity_id: entity,
    is_latest: state.until > asOf,
    horizon_days: settings.dunning.horizon_days,
    levels,
    owners: [...new Set(all.map((c) => c.owner).filter((o): o is string => !!o))].sort(),
    totals: totalsOf(all),
    clients: all,
  };
}

/** The actions recorded for a client or an invoice (or all), newest first, with their status at a date. */
export async function collectionActions(
  db: Database,
  settings: Settings,
  p: { asOf?: string | null; entity: string | null; client?: string | null; invoice?: string | null; limit?: number },
): Promise<{ as_of_date: string; actions: CollectionAction[] }> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  const until = await actionsUntil(db, asOf, p.entity);
  return { as_of_date: asOf, actions: await readActions(db, settings, { ...p, asOf, until }) };
}

/** The open disputes at a date, oldest first. */
export async function openDisputes(db: Database, p: { asOf?: string | null; entity: string | null }): Promise<{ as_of_date: string; disputes: Dispute[] }> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  const until = await actionsUntil(db, asOf, p.entity);
  return { as_of_date: asOf, disputes: await db.all<Dispute>(query('collections_disputes'), { as_of: asOf, entity: p.entity, until }) };
}

/** A client's owner, policy, contacts, actions and overdue invoices with their levels. */
export async function clientCollections(db: Database, settings: Settings, p: { client: string; asOf?: string | null; entity: string | null }): Promise<ClientCollections> {
  // an unknown client is a 404 (the page asked for it); a client in several entities without one named, a 400 that says so
  const found = await clientEntity(db, p.client, p.entity ?? undefined).catch((err: unknown) => {
    throw err instanceof UnknownClient ? new NotFound(say.noItemsForClient(p.client, p.asOf)) : err;
  });
  const entity = found.entity;
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  const until = await actionsUntil(db, asOf, p.entity);
  const [state, profile, contacts, actions] = await Promise.all([
    collectionsState(db, settings, asOf, p.entity),
    clientProfile(db, entity, p.client),
    listContacts(db, { entity, client: p.client }),
    readActions(db, settings, { entity, client: p.client, asOf, until, limit: 100000 }),
  ]);
  const rate = await db.one<{ keeping_rate: number; matured: number }>(query('collections_keeping_rate'), {
    as_of: asOf,
    entity,
    client: p.client,
    until,
    grace: settings.dunning.promise_grace_days,
    prior: settings.dunning.promise_prior,
  });
  return {
    as_of_date: asOf,
    entity_id: entity,
    client_id: p.client,
    client_name: found.clientName,
    owner: profile.owner,
    policy: profile.policy,
    levels: dunningLevels(settings)[profile.policy === 'key_account' ? 'key_account' : 'standard'],
    promise_keeping_rate: rate!.keeping_rate,
    promises_matured: rate!.matured,
    contacts,
    actions,
    invoices: (state.byClient.get(`${entity}|${p.client}`) ?? []).map(invoiceOut),
  };
}

interface LevelRow {
  level: number;
  channel: DunningLevel['channel'];
  reminded: boolean;
  acted_by: string | null;
  invoices: number;
  paid_7d_share: number;
  paid_14d_share: number;
  median_days_to_payment: number | null;
}
type PromiseRow = CollectionsEffectiveness['promises_and_disputes'] & { recorded_by: string | null };

/** What the collections achieved at a date (the latest by default). Without any action, says so. */
export async function effectiveness(db: Database, settings: Settings, p: { asOf?: string | null; entity: string | null }): Promise<CollectionsEffectiveness> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  const until = await actionsUntil(db, asOf, p.entity);
  const params = { as_of: asOf, entity: p.entity, until };
  const [levels, promises, history] = await db.read((s) =>
    Promise.all([
      s.all<LevelRow>(query('collections_effectiveness'), { ...params, grace: settings.dunning.promise_grace_days }),
      s.all<PromiseRow>(query('collections_effectiveness_promises'), { ...params, grace: settings.dunning.promise_grace_days, prior: settings.dunning.promise_prior }),
      s.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM collection_actions WHERE done_on <= $until AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)`, { until, entity: p.entity }),
    ]),
  );
  const outcome = (r: LevelRow | undefined) => (r ? { invoices: r.invoices, paid_7d_share: r.paid_7d_share, paid_14d_share: r.paid_14d_share, median_days_to_payment: r.median_days_to_payment } : null);
  const totals = levels.filter((r) => r.acted_by === null);
  const keys = [...new Map(totals.map((r) => [`${r.level}|${r.channel}`, { level: r.level, channel: r.channel }])).values()];
  const none: CollectionsEffectiveness['promises_and_disputes'] = { promises: 0, kept: 0, broken: 0, open_promises: 0, promised_amount: 0, received_amount: 0, disputes: 0, resolved: 0, median_days_to_resolve: null, open_disputes: 0, median_open_age_days: null };
  const { recorded_by: _, ...all } = promises.find((r) => r.recorded_by === null) ?? { ...none, recorded_by: null };
  const people = new Set([...levels.map((r) => r.acted_by), ...promises.map((r) => r.recorded_by)].filter((x): x is string => !!x));
  const hasHistory = (history?.n ?? 0) > 0;
  return {
    as_of_date: asOf,
    entity_id: p.entity,
    has_history: hasHistory,
    levels: hasHistory
      ? keys.map((k) => ({
          ...k,
          reminded: outcome(totals.find((r) => r.level === k.level && r.channel === k.channel && r.reminded)),
          not_reminded: outcome(totals.find((r) => r.level === k.level && r.channel === k.channel && !r.reminded)),
        }))
      : [],
    promises_and_disputes: all,
    by_person: [...people].sort().map((who) => {
      const mine = levels.filter((r) => r.acted_by === who);
      const n = mine.reduce((s, r) => s + r.invoices, 0);
      const pr = promises.find((r) => r.recorded_by === who) ?? { ...none, recorded_by: who };
      return {
        recorded_by: who,
        reminded_invoices: n,
        paid_14d_share: n ? Math.round((mine.reduce((s, r) => s + r.paid_14d_share * r.invoices, 0) / n) * 10000) / 10000 : null,
        promises: pr.promises,
        kept: pr.kept,
        broken: pr.broken,
        disputes: pr.disputes,
        resolved: pr.resolved,
      };
    }),
  };
}
