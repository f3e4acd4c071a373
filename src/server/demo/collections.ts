// The demo's collections history: what three credit controllers did about the demo ledger's late
// invoices over its last months, written once after the demo's import and model build (serve.ts on
// a first start, tests/demo.ts) so that the worklist, the promises, the disputes, the weekly
// review and the forecast's promised and disputed components have something true to show.
//
// Everything follows from the ledger, set-based (SQL over invoice_settlements, allocations and
// items; a seeded hash instead of a random stream, so one seed gives one history):
// - owners and policies: each client has a controller; the largest clients are key accounts; one
//   or two defaulting clients were handed to litigation (do_not_remind); each client has contacts;
//   the key accounts' terms set their own late-payment rate, and the largest waived the charges;
// - dunning: each level an invoice reached before it was settled (and before the export date) is
//   done at the client's next working session (the day it was reached or up to 2 working days
//   later; a client is worked every third working day), by its owner, with the level's channel.
//   One session, one action: several invoices at once make one client-level action (the highest
//   level). About 20 % of the sessions were never done (the team did not reach everything): the
//   comparison group of invoices as late without action;
// - calls end reached, no answer, wrong contact, in a promise or in a dispute. A promise is kept
//   when the ledger shows the cash coming: its date is the payment's, less 0-2 days, and its amount
//   what was paid. The slow payers (chronically late, deteriorating after their change, defaulting)
//   also promise what they pay much later or never: their promise's date comes long before the
//   cash (broken). Calls of the last days before the export date leave promises open. While a
//   promise runs, its client is not reminded;
// - disputes: invoices the generator made disputed — cancelled by a credit note (price, quantity,
//   quality: resolved on the credit note's date), paid long after their due date (quality,
//   delivery: resolved 10-40 days after the call that opened them, before the payment) and a
//   handful still open at the export date. Reminders wait while a dispute runs;
// - at the export date: a few invoices on hold and a few promises just made, on clients still in
//   the day's worklist.
// Returns (and writes as collections-truth.json beside ground-truth.json) what was seeded.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Session } from '../db/database.ts';
import { bumpCollectionsVersion } from '../collections/actions.ts';
import { invoiceLevels } from '../collections/levels.ts';
import type { Settings } from '../models/settings.ts';
import { ALL_ACTIONS } from '../models/span.ts';
import { prng } from '../util/random.ts';
import { addDays } from '../util/dates.ts';
import type { DemoTruth } from './generate.ts';

/** The credit controllers of the demo; the first one has the key accounts. */
export const DEMO_OWNERS = ['claire', 'marc', 'sophie'] as const;
/** How far back the collections history goes: the team has used Encours for that long. */
export const DEMO_HISTORY_MONTHS = 12;
/** The share of the dunning sessions the team never got to, in percent. */
export const DEMO_SKIPPED_PERCENT = 20;
const KEY_ACCOUNTS = 6;
const DO_NOT_REMIND = 2;
const OPEN_DISPUTES = 6;
const HOLDS = 3;
const PROMISES_TODAY = 3;

export interface DemoCollectionsTruth {
  seed: number;
  export_date: string;
  /** the first day of the history (nothing was recorded before) */
  history_from: string;
  owners: Record<string, { clients: number; key_accounts: number }>;
  key_accounts: string[];
  do_not_remind: { client_id: string; handed_over_on: string | null }[];
  contacts: number;
  actions: {
    total: number;
    /** on one invoice, and on the whole client (invoice_ref NULL) */
    invoice_level: number;
    client_level: number;
    by_kind: Record<string, number>;
    by_level: Record<string, number>;
    by_kind_level: { kind: string; level: number | null; count: number }[];
  };
  calls_by_outcome: Record<string, number>;
  /**
   * The dunning levels the invoices reached in the history (one event per invoice and level) and
   * what became of them: done at a session, never done (skipped), paid before the session came,
   * not due yet at the export date (pending: today's worklist), waiting for a promise's date,
   * after the client's handover to litigation; not_covered_share: the share of the events (all but
   * the pending ones) with no action of that level or a higher one on the invoice or its client
   * while the invoice was open — the collections' view of what was not done.
   */
  dunning: {
    events: number;
    done: number;
    skipped: number;
    paid_before_session: number;
    pending_at_export: number;
    held_by_promise: number;
    handed_over: number;
    skipped_share: number;
    not_covered_share: number;
  };
  promises: {
    total: number;
    kept: number;
    broken: number;
    open: number;
    /** each promise and the status it was made to have at the export date */
    items: { action_id: number; client_id: string; invoice_ref: string | null; done_on: string; promise_date: string; amount: number; status: 'kept' | 'broken' | 'open' }[];
  };
  disputes: {
    opened: number;
    resolved: number;
    open: number;
    by_reason: Record<string, number>;
    /** resolved by a credit note (on its date), resolved before the payment, open at the export date */
    by_fate: Record<string, number>;
    open_items: { action_id: number; client_id: string; invoice_ref: string; opened_on: string }[];
  };
  holds: { action_id: number; client_id: string; invoice_ref: string | null; done_on: string; hold_until: string }[];
}

/** FNV-1a: a small deterministic hash for the choices made in TypeScript (owners, contacts). */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}


/** The first day of the month `months` before the export date's month, plus one: a year back from 2026-10-31 is 2025-11-01. */
function historyStart(exportDate: string, months: number): string {
  const d = new Date(exportDate + 'T00:00:00Z');
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - months + 1, 1)).toISOString().slice(0, 10);
}

// ——— contacts ———

const FIRST_F = ['Hélène', 'Agnès', 'Cécile', 'Gaëlle', 'Anaïs', 'Clémence', 'Aurélie', 'Séverine', 'Noémie', 'Zoé', 'Maëlle', 'Françoise', 'Thérèse', 'Léa', 'Chloé', 'Mélanie', 'Élodie', 'Sandrine', 'Bérénice', 'Josiane'];
const FIRST_M = ['Jérôme', 'François', 'Loïc', 'Benoît', 'Frédéric', 'Stéphane', 'Joël', 'Mathéo', 'Rémi', 'Hervé', 'Grégory', 'Sébastien', 'Noël', 'Cédric', 'Raphaël', 'Jean-Loup', 'Aurélien', 'Théo', 'Gaël', 'André'];
const LAST = ['Lefèvre', 'Ménard', 'Gauthier', 'Bérard', 'Fournier', 'Lemoine', 'Besnard', 'Géraud', 'Morel', 'Poirier', 'Hénaff', 'Le Gall', 'Rivière', 'Vérité', 'Bourgeois', 'Marchand', 'Prévost', 'Charpentier', 'Lécuyer', 'Desmarais', 'Thibault', 'Delaunay', 'Pélissier', 'Barbier', 'Legrand', 'Rolland', 'Évrard', 'Dupré', 'Moreau', 'Caron'];
const FORM_WORDS = new Set(['sarl', 'sas', 'sa', 'eurl', 'snc', '&', 'fils', 'et', 'cie']);

/** Lower case ASCII: accents dropped, ligatures spelt out, anything else a hyphen. */
function slug(text: string): string {
  return text
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'Oe')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'Ae')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A plausible domain for a client: its name without its legal form or town, e.g. boulangerie-lefevre.fr. */
export function clientDomain(name: string, h: number): string {
  const words = name
    .replace(/\(.*?\)/g, ' ')
    .split(/\s+/)
    .filter((w) => w && !FORM_WORDS.has(w.toLowerCase()) && !/^\d+$/.test(w));
  const base = slug(words.join(' ')) || 'client';
  return `${base}.${h % 5 === 0 ? 'com' : 'fr'}`;
}

function phone(rng: ReturnType<typeof prng>, mobile: boolean): string {
  const first = mobile ? rng.pick(['6', '7']) : String(rng.int(1, 5));
  const pairs = Array.from({ length: 4 }, () => String(rng.int(0, 99)).padStart(2, '0'));
  return `+33 ${first} ${pairs.join(' ')}`;
}

interface ContactRow {
  entity_id: string;
  client_id: string;
  name: string;
  role: string;
  email: string;
  phone: string;
  updated_by: string;
}

/** One to three people per client: who pays the invoices (accountant), who decides (CFO or manager), sometimes a buyer. */
function contactsOf(seed: number, c: { entity_id: string; client_id: string; client_name: string | null; owner: string; large: boolean; key: boolean }): ContactRow[] {
  const rng = prng(fnv(`${seed}:contacts:${c.entity_id}:${c.client_id}`));
  const domain = clientDomain(c.client_name ?? c.client_id, fnv(`${seed}:domain:${c.client_id}`));
  const person = () => {
    const female = rng.next() < 0.5;
    const first = rng.pick(female ? FIRST_F : FIRST_M);
    const last = rng.pick(LAST);
    return { female, name: `${first} ${last}`, email: `${slug(first)}.${slug(last).replace(/-/g, '')}@${domain}` };
  };
  const out: ContactRow[] = [];
  const add = (role: string, p: { name: string; email: string }, mobile: boolean) =>
    out.push({ entity_id: c.entity_id, client_id: c.client_id, name: p.name, role, email: p.email, phone: phone(rng, mobile), updated_by: c.owner });
  const accountant = person();
  if (c.large && rng.next() < 0.4) out.push({ entity_id: c.entity_id, client_id: c.client_id, name: 'Service comptabilité fournisseurs', role: 'Comptabilité fournisseurs', email: `compta.fournisseurs@${domain}`, phone: phone(rng, false), updated_by: c.owner });
  else add('Comptable', accountant, false);
  if (c.large || rng.next() < 0.7) {
    const boss = person();
    add(c.large ? 'DAF' : boss.female ? 'Gérante' : 'Gérant', boss, !c.large);
  }
  if (c.key || rng.next() < 0.12) add(rng.pick(['Responsable achats', 'Assistante de direction', 'Contrôleur de gestion']), person(), rng.next() < 0.5);
  return out;
}

// ——— the seeding ———

/**
 * Seeds the demo's collections history on a database that has just imported the demo ledger and
 * built its models (and has no collections data yet), in one transaction; bumps the collections
 * version once. Writes collections-truth.json into `outDir` when given.
 */
export async function seedDemoCollections(db: Database, settings: Settings, truth: DemoTruth, options: { outDir?: string } = {}): Promise<DemoCollectionsTruth> {
  const seeded = await db.transaction((s) => seed(s, settings, truth));
  if (options.outDir) writeFileSync(join(options.outDir, 'collections-truth.json'), JSON.stringify(seeded, null, 1));
  return seeded;
}

async function seed(s: Session, settings: Settings, truth: DemoTruth): Promise<DemoCollectionsTruth> {
  const already = await s.one<{ n: number }>(`SELECT (SELECT count(*) FROM collection_actions) + (SELECT count(*) FROM collection_clients) + (SELECT count(*) FROM collection_contacts) AS n`);
  if (Number(already?.n ?? 0) > 0) throw new Error('The demo collections history is seeded on a database without collections data only; this one has some.');

  const seedNo = truth.seed;
  const exportDate = truth.export_date;
  const from = historyStart(exportDate, DEMO_HISTORY_MONTHS);
  const grace = settings.dunning.promise_grace_days;
  const setUpAt = `${from} 09:00:00`;
  const p = { seed: String(seedNo), export: exportDate, from, grace, skip: DEMO_SKIPPED_PERCENT };

  // ——— 1. owners, policies, contacts ———
  const segments = new Map(truth.clients.map((c) => [c.client_id, c]));
  const clients = await s.all<{ entity_id: string; client_id: string; client_name: string | null; invoiced: number; overdue: number }>(
    `WITH invoiced AS (
       SELECT entity_id, client_id, sum(amount)::DOUBLE AS invoiced FROM items WHERE line_type = 'invoice' AND account_class = 'client' GROUP BY ALL
     ),
     -- what is past due at the export date, on the client account or already doubtful (416)
     overdue AS (
       SELECT o.entity_id, o.client_id, sum(o.open_amount)::DOUBLE AS overdue
       FROM open_items_at($export::DATE, NULL) AS o
       WHERE o.open_amount > 0 AND o.due_date < $export::DATE
       GROUP BY ALL
     )
     SELECT c.entity_id, c.client_id, c.client_name, coalesce(v.invoiced, 0) AS invoiced, coalesce(o.overdue, 0) AS overdue
     FROM clients AS c LEFT JOIN invoiced AS v USING (entity_id, client_id) LEFT JOIN overdue AS o USING (entity_id, client_id)
     ORDER BY c.entity_id, c.client_id`,
    { export: exportDate },
  );
  const key = (c: { entity_id: string; client_id: string }) => `${c.entity_id}|${c.client_id}`;
  const segmentOf = (c: { client_id: string }) => segments.get(c.client_id)?.segment;
  const byInvoiced = [...clients].sort((a, b) => b.invoiced - a.invoiced || a.client_id.localeCompare(b.client_id));
  // litigation: the defaulting clients that still owe the most (most are in doubtful debts already)
  const doNotRemind = new Set(
    clients
      .filter((c) => segmentOf(c) === 'defaulting' && segments.get(c.client_id)?.default_start && c.overdue > 0)
      .sort((a, b) => b.overdue - a.overdue || a.client_id.localeCompare(b.client_id))
      .slice(0, DO_NOT_REMIND)
      .map(key),
  );
  const keyAccounts = new Set(byInvoiced.filter((c) => segmentOf(c) !== 'defaulting' && !doNotRemind.has(key(c))).slice(0, KEY_ACCOUNTS).map(key));
  const largeCut = byInvoiced[Math.floor(byInvoiced.length * 0.3)]?.invoiced ?? 0;
  const profiles = clients.map((c) => {
    const policy = doNotRemind.has(key(c)) ? 'do_not_remind' : keyAccounts.has(key(c)) ? 'key_account' : 'standard';
    const owner = policy === 'key_account' ? DEMO_OWNERS[0] : DEMO_OWNERS[fnv(`${seedNo}:owner:${c.client_id}`) % DEMO_OWNERS.length];
    return { entity_id: c.entity_id, client_id: c.client_id, client_name: c.client_name, owner, policy, large: c.invoiced >= largeCut, key: policy === 'key_account' };
  });
  // late-payment charges: the key accounts' contracts set a rate of their own (12 % a year), and
  // the largest of them negotiated them away; every other client owes the legal ones
  const largestKey = byInvoiced.find((c) => keyAccounts.has(key(c)));
  const terms = (c: { entity_id: string; client_id: string; key: boolean }) =>
    largestKey && key(c) === key(largestKey) ? { charges: 'none', late_rate: null } : { charges: 'b2b', late_rate: c.key ? 12 : null };
  await s.run(
    `INSERT INTO collection_clients (entity_id, client_id, owner, policy, charges, late_rate, updated_by, updated_at)
     SELECT entity_id, client_id, owner, policy, charges, late_rate, owner, $at::TIMESTAMP
     FROM (SELECT unnest(from_json($rows, '[{"entity_id":"VARCHAR","client_id":"VARCHAR","owner":"VARCHAR","policy":"VARCHAR","charges":"VARCHAR","late_rate":"DOUBLE"}]'), recursive := true))`,
    { rows: JSON.stringify(profiles.map((p) => ({ entity_id: p.entity_id, client_id: p.client_id, owner: p.owner, policy: p.policy, ...terms(p) }))), at: setUpAt },
  );
  const contacts = profiles.flatMap((c) => contactsOf(seedNo, c));
  await s.run(
    `INSERT INTO collection_contacts (entity_id, client_id, name, role, email, phone, updated_by, updated_at)
     SELECT entity_id, client_id, name, role, email, phone, updated_by, $at::TIMESTAMP
     FROM (SELECT unnest(from_json($rows, '[{"entity_id":"VARCHAR","client_id":"VARCHAR","name":"VARCHAR","role":"VARCHAR","email":"VARCHAR","phone":"VARCHAR","updated_by":"VARCHAR"}]'), recursive := true))`,
    { rows: JSON.stringify(contacts), at: setUpAt },
  );

  // ——— 2. the plan, in temporary tables (this connection's only: gone when it closes) ———
  // working days: Monday to Friday numbered on from Monday 1970-01-05; a weekend day counts as the Monday after
  await s.run(`CREATE OR REPLACE TEMP MACRO demo_bi(d) AS (d::DATE - DATE '1970-01-05') // 7 * 5 + least((d::DATE - DATE '1970-01-05') % 7, 5)`);
  await s.run(`CREATE OR REPLACE TEMP MACRO demo_bdate(b) AS DATE '1970-01-05' + ((b) // 5 * 7 + (b) % 5)::INTEGER`);
  // a client is worked every third working day (its cadence: which of the three)
  await s.run(`CREATE OR REPLACE TEMP MACRO demo_session(d, cadence) AS demo_bdate(demo_bi(d) + (3 - (demo_bi(d) + cadence) % 3) % 3)`);
  // the working day on or before d
  await s.run(`CREATE OR REPLACE TEMP MACRO demo_bbefore(d) AS d::DATE - CASE dayofweek(d::DATE) WHEN 6 THEN 1 WHEN 0 THEN 2 ELSE 0 END`);
  // the seeded hash: 0-99
  await s.run(`CREATE OR REPLACE TEMP MACRO demo_h(seed, k) AS (hash(seed || ':' || k) % 100)::INTEGER`);

  await run(s,
    `CREATE OR REPLACE TEMP TABLE demo_seg AS
     SELECT * FROM (SELECT unnest(from_json($rows, '[{"client_id":"VARCHAR","segment":"VARCHAR","change_date":"DATE","default_start":"DATE"}]'), recursive := true))`,
    { rows: JSON.stringify(truth.clients.map((c) => ({ client_id: c.client_id, segment: c.segment, change_date: c.change_date, default_start: c.default_start }))) },
  );
  // the invoices on client accounts, with their client's owner, policy, behaviour and cadence
  await run(s,
    `CREATE OR REPLACE TEMP TABLE demo_inv AS
     SELECT s.item_id, s.entity_id, s.client_id, s.piece_ref, s.invoice_date, s.due_date, s.amount, s.settled_date, s.settled_by,
            cc.policy, cc.owner, CASE WHEN cc.policy = 'key_account' THEN 'key_account' ELSE 'standard' END AS levels,
            g.segment, g.change_date, g.default_start,
            (hash($seed || ':cadence:' || s.client_id) % 3)::INTEGER AS cadence,
            cn.piece_ref AS credit_ref
     FROM invoice_settlements AS s
     JOIN collection_clients AS cc USING (entity_id, client_id)
     LEFT JOIN demo_seg AS g USING (client_id)
     LEFT JOIN item_spans AS sp USING (item_id)
     LEFT JOIN items AS cn ON cn.item_id = sp.closed_by_item_id
     WHERE s.account_class = 'client' AND s.line_type = 'invoice' AND s.piece_ref IS NOT NULL`,
    { seed: p.seed },
  );

  // disputes: invoices the generator made disputed (else those cancelled by a credit note)
  const flagged = truth.invoices ? truth.invoices.filter((i) => i.is_disputed).map((i) => i.invoice_num) : null;
  await run(s,
    `CREATE OR REPLACE TEMP TABLE demo_disputes AS
     WITH flagged AS (
       SELECT unnest(from_json($flagged, '["VARCHAR"]')) AS piece_ref
     ),
     call_level AS (
       SELECT policy AS levels, min(level) AS level, arg_min(days, level) AS days FROM settings_dunning_levels WHERE channel = 'call' GROUP BY policy
     ),
     candidates AS (
       SELECT i.*, demo_h($seed, 'dispute:' || i.piece_ref) AS h, l.level AS call_level, l.days AS call_days
       FROM demo_inv AS i
       LEFT JOIN call_level AS l USING (levels)
       WHERE i.policy <> 'do_not_remind'
         AND ($flagged::VARCHAR IS NULL AND i.settled_by = 'credit_note' OR i.piece_ref IN (SELECT piece_ref FROM flagged))
     ),
     fated AS (
       SELECT *,
         CASE
           WHEN settled_by = 'credit_note' AND h < 25 THEN 'credit_note'
           WHEN settled_by = 'payment' AND settled_date > due_date + 20 AND h < 40 THEN 'resolved'
           WHEN settled_date IS NULL AND coalesce(segment, '') <> 'defaulting' THEN 'open'
         END AS fate
       FROM candidates
     ),
     dated AS (
       SELECT *,
         -- cancelled: the client wrote a few days after the invoice; else: it said so at the call
         CASE WHEN fate = 'credit_note' THEN demo_bdate(demo_bi(invoice_date + 1 + h % 4))
              ELSE demo_session(due_date + coalesce(call_days, 2), cadence) END AS opened_on
       FROM fated
       WHERE fate IS NOT NULL
     ),
     resolved AS (
       SELECT *,
         CASE fate
           WHEN 'credit_note' THEN settled_date
           WHEN 'resolved' THEN demo_bbefore(least(opened_on + 10 + (h * 7) % 31, settled_date - 1 - h % 3))
         END AS resolved_on
       FROM dated
       WHERE opened_on >= $from::DATE AND opened_on <= $export::DATE AND opened_on < coalesce(settled_date, $export::DATE + 1)
     ),
     kept AS (
       SELECT *, row_number() OVER (PARTITION BY fate ORDER BY h, piece_ref) AS nth
       FROM resolved
       WHERE fate <> 'resolved' OR resolved_on >= opened_on + 7
     )
     SELECT k.item_id, k.entity_id, k.client_id, k.piece_ref, k.owner, k.fate, k.h, k.opened_on, k.resolved_on, k.credit_ref,
            CASE WHEN k.fate <> 'credit_note' AND k.call_level IS NOT NULL THEN 'call' ELSE 'dispute' END AS kind,
            CASE WHEN k.fate <> 'credit_note' THEN k.call_level END AS level,
            round(k.amount - coalesce(applied.amount, 0), 2) AS open_amount,
            CASE k.fate
              WHEN 'credit_note' THEN ['price', 'quantity', 'quality'][k.h % 3 + 1]
              WHEN 'resolved' THEN ['quality', 'delivery'][k.h % 2 + 1]
              ELSE ['quality', 'delivery', 'price', 'quantity'][k.h % 4 + 1]
            END AS reason,
            ['Hélène Garnier', 'Julien Roussel', 'Anaïs Caron'][k.h % 3 + 1] AS dispute_owner
     FROM kept AS k
     -- what was applied to the invoice by the day the dispute was opened
     LEFT JOIN (
       SELECT k.item_id, sum(a.amount) AS amount FROM kept AS k JOIN allocations AS a ON a.debit_item_id = k.item_id AND a.alloc_date <= k.opened_on GROUP BY k.item_id
     ) AS applied USING (item_id)
     WHERE k.fate <> 'open' OR k.nth <= $open_disputes`,
    { ...p, flagged: flagged ? JSON.stringify(flagged) : null, open_disputes: OPEN_DISPUTES },
  );

  // every dunning level reached by an invoice in the history, and what became of it
  await run(s,
    `CREATE OR REPLACE TEMP TABLE demo_events AS
     WITH raw AS (
       SELECT i.item_id, i.entity_id, i.client_id, i.owner, i.policy, i.levels, i.piece_ref, i.amount, i.settled_date, i.settled_by,
              i.segment, i.change_date, i.default_start, i.cadence, l.level, i.due_date + l.days AS reached_on
       FROM demo_inv AS i
       JOIN settings_dunning_levels AS l ON l.policy = i.levels
       WHERE i.due_date + l.days < coalesce(i.settled_date, $export::DATE + 1)
     ),
     -- held by a dispute: the levels reached while it runs, and the one its call carried out
     in_dispute AS (
       SELECT r.*, d.resolved_on, d.fate
       FROM raw AS r JOIN demo_disputes AS d USING (item_id)
       WHERE r.reached_on >= d.opened_on AND (d.resolved_on IS NULL OR r.reached_on < d.resolved_on)
     ),
     by_dispute_call AS (
       SELECT r.item_id, r.level FROM raw AS r JOIN demo_disputes AS d USING (item_id) WHERE d.kind = 'call' AND r.level = d.level
     ),
     -- once a dispute is resolved, the highest level reached meanwhile is done at the next session
     resumed AS (
       SELECT item_id, entity_id, client_id, owner, policy, levels, piece_ref, amount, settled_date, settled_by, segment, change_date, default_start, cadence,
              max(level) AS level, resolved_on AS reached_on
       FROM in_dispute
       WHERE fate = 'resolved' AND resolved_on < coalesce(settled_date, $export::DATE + 1)
       GROUP BY ALL
     ),
     events AS (
       SELECT * FROM raw
       ANTI JOIN (SELECT item_id, level FROM in_dispute UNION ALL SELECT item_id, level FROM by_dispute_call) AS held USING (item_id, level)
       UNION ALL BY NAME
       SELECT * FROM resumed
     ),
     sessions AS (
       SELECT *, demo_session(reached_on, cadence) AS session_on
       FROM events
       WHERE reached_on >= $from::DATE AND reached_on <= $export::DATE
     )
     SELECT *,
       CASE
         WHEN session_on > $export::DATE THEN 'pending'
         WHEN settled_date IS NOT NULL AND session_on >= settled_date THEN 'paid'
         WHEN demo_h($seed, 'skip:' || client_id || ':' || session_on) < $skip THEN 'skipped'
         ELSE 'done'
       END AS state
     FROM sessions`,
    p,
  );
  // litigation: a client not to remind was handed over at its first escalation once in default;
  // nothing is done about it after that day
  await run(s,
    `CREATE OR REPLACE TEMP TABLE demo_handover AS
     WITH top AS (SELECT policy AS levels, max(level) AS level FROM settings_dunning_levels GROUP BY policy),
     escalations AS (
       SELECT e.entity_id, e.client_id, e.session_on
       FROM demo_events AS e JOIN top AS t ON t.levels = e.levels AND t.level = e.level
       WHERE e.state = 'done' AND e.reached_on >= e.default_start
     )
     SELECT c.entity_id, c.client_id, c.owner,
            coalesce(min(e.session_on), greatest(g.default_start, $from::DATE)) AS handed_over_on
     FROM collection_clients AS c
     JOIN demo_seg AS g USING (client_id)
     LEFT JOIN escalations AS e ON e.entity_id = c.entity_id AND e.client_id = c.client_id
     WHERE c.policy = 'do_not_remind' AND g.default_start IS NOT NULL
     GROUP BY c.entity_id, c.client_id, c.owner, g.default_start`,
    p,
  );
  await run(s,
    `UPDATE demo_events AS e SET state = 'handed_over'
     FROM demo_handover AS h
     WHERE e.entity_id = h.entity_id AND e.client_id = h.client_id AND e.session_on > h.handed_over_on AND e.state IN ('done', 'skipped')`,
  );

  // one action per session: the highest level, on the invoice when there is one, else on the client
  await run(s,
    `CREATE OR REPLACE TEMP TABLE demo_sessions AS
     WITH g AS (
       SELECT entity_id, client_id, session_on AS done_on,
              any_value(owner) AS owner, any_value(levels) AS levels, any_value(segment) AS segment, any_value(change_date) AS change_date,
              max(level) AS level, count(DISTINCT item_id) AS invoices,
              CASE WHEN count(DISTINCT item_id) = 1 THEN any_value(piece_ref) END AS invoice_ref
       FROM demo_events
       WHERE state = 'done'
       GROUP BY entity_id, client_id, session_on
     ),
     money AS (
       -- what the session's invoices still owed that day, and what payments then settled
       SELECT m.entity_id, m.client_id, m.done_on,
              sum(m.amount - m.applied_before) AS open_at,
              sum(m.paid_after) AS paid_after,
              CASE WHEN bool_and(m.settled_by = 'payment') THEN max(m.settled_date) END AS pay_by,
              bool_or(m.settled_date IS NULL) AS open_at_export
       FROM (
         SELECT e.entity_id, e.client_id, e.done_on, e.item_id, any_value(e.amount) AS amount, any_value(e.settled_date) AS settled_date, any_value(e.settled_by) AS settled_by,
                coalesce(sum(a.amount) FILTER (WHERE a.alloc_date <= e.done_on), 0) AS applied_before,
                coalesce(sum(a.amount) FILTER (WHERE a.alloc_date > e.done_on AND c.line_type = 'payment'), 0) AS paid_after
         FROM (SELECT DISTINCT entity_id, client_id, session_on AS done_on, item_id, amount, settled_date, settled_by FROM demo_events WHERE state = 'done') AS e
         LEFT JOIN allocations AS a ON a.debit_item_id = e.item_id
         LEFT JOIN items AS c ON c.item_id = a.credit_item_id
         GROUP BY e.entity_id, e.client_id, e.done_on, e.item_id
       ) AS m
       GROUP BY ALL
     )
     SELECT g.*, l.channel AS kind, m.open_at, m.paid_after, m.pay_by, m.open_at_export
     FROM g
     JOIN settings_dunning_levels AS l ON l.policy = g.levels AND l.level = g.level
     JOIN money AS m USING (entity_id, client_id, done_on)`,
  );

  // calls: who promised what, and whether the ledger says they kept it
  await run(s,
    `CREATE OR REPLACE TEMP TABLE demo_calls AS
     WITH c AS (
       SELECT s.*,
              demo_h($seed, 'promise:' || s.client_id || ':' || s.done_on) AS h,
              coalesce(s.segment IN ('chronically_late', 'defaulting') OR (s.segment = 'deteriorating' AND s.done_on >= s.change_date), false) AS slow
       FROM demo_sessions AS s
       WHERE s.kind = 'call'
     ),
     intent AS (
       SELECT *,
         CASE
           WHEN pay_by IS NOT NULL AND pay_by <= done_on + 21 AND paid_after > 0 AND h < CASE WHEN slow THEN 25 ELSE 40 END THEN 'kept'
           WHEN open_at_export AND done_on >= $export::DATE - 10 AND h < 50 THEN 'open'
           WHEN (pay_by IS NULL OR pay_by > done_on + 21) AND h < CASE WHEN slow THEN 45 ELSE 10 END THEN 'broken'
         END AS intent
       FROM c
     ),
     dated AS (
       SELECT *,
         CASE intent
           WHEN 'kept' THEN greatest(done_on, pay_by - h % 3)
           WHEN 'open' THEN greatest($export::DATE + 1 + h % 7, done_on + 3)
           WHEN 'broken' THEN done_on + 3 + h % 5
         END AS promise_date,
         round(CASE WHEN intent = 'kept' THEN paid_after ELSE open_at END, 2) AS promised
       FROM intent
     ),
     -- the client's receipts from the call to the promised day and its grace days, as the app counts them
     received AS (
       SELECT d.entity_id, d.client_id, d.done_on, coalesce(-sum(i.amount), 0) AS received
       FROM dated AS d
       LEFT JOIN items AS i
         ON i.entity_id = d.entity_id AND i.client_id = d.client_id AND i.line_type = 'payment'
        AND i.entry_date >= d.done_on AND i.entry_date <= least(d.promise_date + $grace::INTEGER, $export::DATE)
       WHERE d.intent IS NOT NULL
       GROUP BY ALL
     )
     SELECT d.*, r.received,
       CASE
         WHEN d.promised <= 0 THEN NULL
         WHEN d.intent = 'kept' AND r.received >= d.promised - 0.005 THEN 'kept'
         WHEN d.intent = 'broken' AND d.promise_date + $grace::INTEGER < $export::DATE AND r.received < d.promised - 0.005 THEN 'broken'
         WHEN d.intent = 'open' AND r.received < d.promised - 0.005 THEN 'open'
       END AS status,
       demo_h($seed, 'outcome:' || d.client_id || ':' || d.done_on) AS h2
     FROM dated AS d
     LEFT JOIN received AS r USING (entity_id, client_id, done_on)`,
    p,
  );
  // a promise holds its client's reminders back until its date and grace days
  await run(s,
    `CREATE OR REPLACE TEMP TABLE demo_held AS
     SELECT s.entity_id, s.client_id, s.done_on, s.level
     FROM demo_sessions AS s
     WHERE EXISTS (
       SELECT 1 FROM demo_calls AS c
       WHERE c.status IS NOT NULL AND c.entity_id = s.entity_id AND c.client_id = s.client_id
         AND c.done_on < s.done_on AND s.done_on <= c.promise_date + $grace::INTEGER
     )`,
    p,
  );
  await run(s,
    `UPDATE demo_events AS e SET state = 'held_by_promise'
     FROM demo_held AS h
     WHERE e.entity_id = h.entity_id AND e.client_id = h.client_id AND e.session_on = h.done_on AND e.state = 'done'`,
  );

  // ——— 3. the actions, numbered in the order they were done ———
  await run(s,
    `CREATE OR REPLACE TEMP TABLE demo_plan AS
     WITH reminders AS (
       SELECT s.entity_id, s.client_id, s.invoice_ref, s.kind, s.level, s.done_on,
              CASE
                WHEN s.kind <> 'call' THEN 'sent'
                WHEN c.status IS NOT NULL THEN 'promise'
                WHEN c.h2 < 55 THEN 'reached'
                WHEN c.h2 < 88 THEN 'no_answer'
                ELSE 'wrong_contact'
              END AS outcome,
              CASE WHEN c.status IS NOT NULL THEN c.promise_date END AS promise_date,
              CASE WHEN c.status IS NOT NULL THEN c.promised END AS amount,
              NULL::VARCHAR AS dispute_reason, NULL::VARCHAR AS dispute_owner, NULL::DATE AS hold_until,
              CASE WHEN s.invoices > 1 THEN 'Relance groupée : ' || s.invoices || ' factures' END AS note,
              s.owner AS recorded_by, 1 AS source
       FROM demo_sessions AS s
       LEFT JOIN demo_calls AS c USING (entity_id, client_id, done_on)
       WHERE NOT EXISTS (SELECT 1 FROM demo_held AS h WHERE h.entity_id = s.entity_id AND h.client_id = s.client_id AND h.done_on = s.done_on)
     ),
     disputes AS (
       SELECT entity_id, client_id, piece_ref AS invoice_ref, kind, level, opened_on AS done_on,
              CASE WHEN kind = 'call' THEN 'dispute' END AS outcome,
              NULL::DATE AS promise_date, open_amount AS amount, reason AS dispute_reason, dispute_owner, NULL::DATE AS hold_until,
              CASE reason
                WHEN 'price' THEN 'Prix facturé différent du devis accepté'
                WHEN 'quantity' THEN 'Quantités facturées supérieures au bon de livraison'
                WHEN 'quality' THEN 'Marchandise non conforme signalée à la réception'
                WHEN 'delivery' THEN 'Livraison incomplète : le client attend le reliquat'
              END AS note,
              owner AS recorded_by, 2 AS source
       FROM demo_disputes
     ),
     handovers AS (
       SELECT entity_id, client_id, NULL AS invoice_ref, 'note' AS kind, NULL::INTEGER AS level, handed_over_on AS done_on, NULL AS outcome,
              NULL::DATE, NULL::DECIMAL(18,2), NULL, NULL, NULL::DATE,
              'Dossier transmis au contentieux (recouvrement judiciaire) : plus de relances', owner, 3
       FROM demo_handover
       WHERE handed_over_on <= $export::DATE
     )
     SELECT * FROM reminders UNION ALL SELECT * FROM disputes UNION ALL SELECT * FROM handovers`,
    p,
  );
  await insertNumbered(s, 'demo_plan', p.seed);
  // the resolutions, naming the disputes they close
  await run(s,
    `CREATE OR REPLACE TEMP TABLE demo_resolutions AS
     SELECT d.entity_id, d.client_id, d.piece_ref AS invoice_ref, 'dispute_resolved' AS kind, NULL::INTEGER AS level, d.resolved_on AS done_on,
            NULL AS outcome, NULL::DATE AS promise_date, NULL::DECIMAL(18,2) AS amount, NULL AS dispute_reason, NULL AS dispute_owner,
            a.action_id AS resolves_id, NULL::DATE AS hold_until,
            CASE WHEN d.fate = 'credit_note' THEN 'Avoir ' || coalesce(d.credit_ref, '') || ' émis : facture annulée'
                 WHEN d.reason = 'delivery' THEN 'Reliquat livré : la facture est due'
                 ELSE 'Geste accepté sur la prochaine commande : la facture est due' END AS note,
            d.owner AS recorded_by, 4 AS source
     FROM demo_disputes AS d
     JOIN collection_actions AS a ON a.entity_id = d.entity_id AND a.client_id = d.client_id AND a.invoice_ref = d.piece_ref AND a.dispute_reason IS NOT NULL
     WHERE d.resolved_on IS NOT NULL AND d.resolved_on <= $export::DATE`,
    p,
  );
  await insertNumbered(s, 'demo_resolutions', p.seed);

  // ——— 4. today: holds and promises just made, on clients the worklist still shows ———
  const worklistRows = await invoiceLevels(s, { asOf: exportDate, entity: null, until: ALL_ACTIONS, grace });
  const dueByClient = new Map<string, typeof worklistRows>();
  const heldClients = new Set<string>();
  for (const r of worklistRows) {
    if (r.held_by) heldClients.add(key(r));
    if (r.due_level !== null && r.piece_ref) dueByClient.set(key(r), [...(dueByClient.get(key(r)) ?? []), r]);
  }
  // first the clients with two invoices due or more (one held back, they stay on the list), then the others
  const candidates = [...dueByClient.entries()]
    .filter(([k]) => !heldClients.has(k))
    .sort(([a, ra], [b, rb]) => Number(ra.length < 2) - Number(rb.length < 2) || fnv(`${seedNo}:today:${a}`) - fnv(`${seedNo}:today:${b}`) || a.localeCompare(b))
    .map(([, rows]) => [...rows].sort((a, b) => b.open_amount - a.open_amount || a.piece_ref!.localeCompare(b.piece_ref!))[0]);
  const ownerOf = new Map(profiles.map((c) => [key(c), c.owner]));
  const holdNotes = ['Attente du bon de commande rectifié', 'Règlement en validation chez le client : rappeler après son comité', 'Interlocuteur absent : rappeler à son retour'];
  // recorded on the last working day of the data
  const weekday = new Date(exportDate + 'T00:00:00Z').getUTCDay();
  const lastWorkingDay = addDays(exportDate, weekday === 0 ? -2 : weekday === 6 ? -1 : 0);
  const today: Record<string, unknown>[] = [];
  // a hold and a promise in turn, so that a small demo has both
  candidates.slice(0, HOLDS + PROMISES_TODAY).forEach((r, i) => {
    const hold = i % 2 === 0 ? i / 2 < HOLDS : (i - 1) / 2 >= PROMISES_TODAY;
    const h = fnv(`${seedNo}:${hold ? 'hold' : 'promise-today'}:${r.client_id}`);
    const common = { entity_id: r.entity_id, client_id: r.client_id, invoice_ref: r.piece_ref, recorded_by: ownerOf.get(key(r)) };
    if (hold) today.push({ ...common, kind: 'hold', done_on: addDays(lastWorkingDay, -(h % 3)), amount: null, promise_date: null, hold_until: addDays(exportDate, 7 + (h % 15)), note: holdNotes[h % holdNotes.length] });
    else today.push({ ...common, kind: 'promise', done_on: lastWorkingDay, amount: r.open_amount, promise_date: addDays(exportDate, 4 + (h % 8)), hold_until: null, note: 'Virement annoncé par le client' });
  });
  if (today.length) {
    await run(s,
      `CREATE OR REPLACE TEMP TABLE demo_today AS
       WITH t AS (
         SELECT * FROM (SELECT unnest(from_json($rows, '[{"entity_id":"VARCHAR","client_id":"VARCHAR","invoice_ref":"VARCHAR","kind":"VARCHAR","done_on":"DATE","amount":"DOUBLE","promise_date":"DATE","hold_until":"DATE","note":"VARCHAR","recorded_by":"VARCHAR"}]'), recursive := true))
       )
       SELECT t.entity_id, t.client_id, t.invoice_ref, t.kind, NULL::INTEGER AS level, t.done_on, NULL AS outcome, t.promise_date,
              round(t.amount, 2)::DECIMAL(18,2) AS amount, NULL AS dispute_reason, NULL AS dispute_owner, NULL::BIGINT AS resolves_id, t.hold_until, t.note, t.recorded_by, 5 AS source
       FROM t
       -- a promise only when nothing paid it already today
       WHERE t.kind <> 'promise' OR coalesce((SELECT -sum(i.amount) FROM items AS i WHERE i.entity_id = t.entity_id AND i.client_id = t.client_id AND i.line_type = 'payment' AND i.entry_date >= t.done_on AND i.entry_date <= $export::DATE), 0) < t.amount - 0.005`,
      { rows: JSON.stringify(today), export: exportDate },
    );
    await insertNumbered(s, 'demo_today', p.seed);
  }

  await bumpCollectionsVersion(s);
  return describe(s, truth, from, profiles, contacts.length);
}

/** Runs a statement with the parameters it names (DuckDB refuses the others). */
function run(s: Session, sql: string, params: Record<string, string | number | null> = {}): Promise<void> {
  const used = Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
  return s.run(sql, used);
}

/** Inserts a plan's rows as actions numbered from the sequence in the order they were done (deterministic whatever the threads). */
async function insertNumbered(s: Session, table: string, seed: string): Promise<void> {
  const n = Number((await s.one<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n);
  if (!n) return;
  const last = Number((await s.one<{ last: number }>(`SELECT max(nextval('collection_action_seq')) AS last FROM range($n)`, { n }))!.last);
  await s.run(
    `INSERT INTO collection_actions (action_id, entity_id, client_id, invoice_ref, kind, level, done_on, outcome, promise_date, amount, dispute_reason, dispute_owner, resolves_id, hold_until, note, recorded_by, recorded_at)
     SELECT $first + row_number() OVER (ORDER BY done_on, source, entity_id, client_id, invoice_ref NULLS FIRST, kind, level) - 1,
            entity_id, client_id, invoice_ref, kind, level, done_on, outcome, promise_date, amount::DECIMAL(18,2), dispute_reason, dispute_owner,
            ${table === 'demo_plan' ? 'NULL::BIGINT' : 'resolves_id'}, hold_until, note, recorded_by,
            -- recorded that working day, between 8:00 and 18:00
            done_on::TIMESTAMP + to_minutes(480 + (hash($seed || ':at:' || client_id || ':' || done_on || ':' || kind || ':' || coalesce(invoice_ref, '')) % 600)::BIGINT)
     FROM ${table}`,
    { first: last - n + 1, seed },
  );
}

/** What was seeded, read back from the tables. */
async function describe(
  s: Session,
  truth: DemoTruth,
  from: string,
  profiles: { client_id: string; owner: string; policy: string }[],
  contacts: number,
): Promise<DemoCollectionsTruth> {
  const owners: DemoCollectionsTruth['owners'] = {};
  for (const o of DEMO_OWNERS) owners[o] = { clients: 0, key_accounts: 0 };
  for (const c of profiles) {
    owners[c.owner].clients++;
    if (c.policy === 'key_account') owners[c.owner].key_accounts++;
  }
  const byKindLevel = await s.all<{ kind: string; level: number | null; count: number }>(`SELECT kind, level, count(*)::INTEGER AS count FROM collection_actions GROUP BY ALL ORDER BY kind, level NULLS FIRST`);
  const sides = (await s.one<{ total: number; invoice_level: number; client_level: number }>(
    `SELECT count(*)::INTEGER AS total, count(invoice_ref)::INTEGER AS invoice_level, (count(*) - count(invoice_ref))::INTEGER AS client_level FROM collection_actions`,
  ))!;
  const by = <T extends string | number | null>(rows: { k: T; count: number }[]) => Object.fromEntries(rows.map((r) => [String(r.k), r.count]));
  const byKind: Record<string, number> = {};
  const byLevel: Record<string, number> = {};
  for (const r of byKindLevel) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + r.count;
    if (r.level !== null) byLevel[String(r.level)] = (byLevel[String(r.level)] ?? 0) + r.count;
  }
  const outcomes = by(await s.all<{ k: string; count: number }>(`SELECT coalesce(outcome, 'none') AS k, count(*)::INTEGER AS count FROM collection_actions WHERE kind = 'call' GROUP BY ALL ORDER BY k`));

  const states = by(await s.all<{ k: string; count: number }>(`SELECT state AS k, count(*)::INTEGER AS count FROM demo_events GROUP BY ALL ORDER BY k`));
  const events = Object.values(states).reduce((a, b) => a + b, 0);
  const covered = (await s.one<{ judged: number; uncovered: number }>(
    `SELECT count(*)::INTEGER AS judged,
            count(*) FILTER (WHERE NOT EXISTS (
              SELECT 1 FROM collection_actions AS a
              WHERE a.entity_id = e.entity_id AND a.client_id = e.client_id AND (a.invoice_ref IS NULL OR a.invoice_ref = e.piece_ref)
                AND a.level >= e.level AND a.done_on >= e.reached_on AND a.done_on < coalesce(e.settled_date, $export::DATE + 1)
            ))::INTEGER AS uncovered
     FROM demo_events AS e
     WHERE e.state <> 'pending'`,
    { export: truth.export_date },
  ))!;

  // promises: the status each was made to have (sessions' calls, and today's)
  const promiseItems = await s.all<DemoCollectionsTruth['promises']['items'][number]>(
    `SELECT a.action_id, a.client_id, a.invoice_ref, strftime(a.done_on, '%Y-%m-%d') AS done_on, strftime(a.promise_date, '%Y-%m-%d') AS promise_date, a.amount::DOUBLE AS amount,
            coalesce(c.status, 'open') AS status
     FROM collection_actions AS a
     LEFT JOIN demo_calls AS c ON a.kind = 'call' AND c.entity_id = a.entity_id AND c.client_id = a.client_id AND c.done_on = a.done_on
     WHERE a.promise_date IS NOT NULL
     ORDER BY a.action_id`,
  );
  const count = (status: string) => promiseItems.filter((i) => i.status === status).length;

  const disputeRows = await s.all<{ action_id: number; client_id: string; invoice_ref: string; opened_on: string; reason: string; fate: string; resolved: boolean }>(
    `SELECT a.action_id, a.client_id, a.invoice_ref, strftime(a.done_on, '%Y-%m-%d') AS opened_on, a.dispute_reason AS reason, d.fate,
            EXISTS (SELECT 1 FROM collection_actions AS r WHERE r.kind = 'dispute_resolved' AND r.resolves_id = a.action_id) AS resolved
     FROM collection_actions AS a
     JOIN demo_disputes AS d ON d.entity_id = a.entity_id AND d.client_id = a.client_id AND d.piece_ref = a.invoice_ref
     WHERE a.dispute_reason IS NOT NULL
     ORDER BY a.action_id`,
  );
  const tally = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ((acc[x] = (acc[x] ?? 0) + 1), acc), {});
  const holds = await s.all<DemoCollectionsTruth['holds'][number]>(
    `SELECT action_id, client_id, invoice_ref, strftime(done_on, '%Y-%m-%d') AS done_on, strftime(hold_until, '%Y-%m-%d') AS hold_until FROM collection_actions WHERE kind = 'hold' ORDER BY action_id`,
  );
  const handovers = await s.all<{ client_id: string; handed_over_on: string | null }>(
    `SELECT c.client_id, strftime(h.handed_over_on, '%Y-%m-%d') AS handed_over_on
     FROM collection_clients AS c LEFT JOIN demo_handover AS h USING (entity_id, client_id)
     WHERE c.policy = 'do_not_remind' ORDER BY c.client_id`,
  );
  return {
    seed: truth.seed,
    export_date: truth.export_date,
    history_from: from,
    owners,
    key_accounts: profiles.filter((c) => c.policy === 'key_account').map((c) => c.client_id),
    do_not_remind: handovers,
    contacts,
    actions: { ...sides, by_kind: byKind, by_level: byLevel, by_kind_level: byKindLevel },
    calls_by_outcome: outcomes,
    dunning: {
      events,
      done: states.done ?? 0,
      skipped: states.skipped ?? 0,
      paid_before_session: states.paid ?? 0,
      pending_at_export: states.pending ?? 0,
      held_by_promise: states.held_by_promise ?? 0,
      handed_over: states.handed_over ?? 0,
      skipped_share: events ? Math.round(((states.skipped ?? 0) / events) * 1000) / 1000 : 0,
      not_covered_share: covered.judged ? Math.round((covered.uncovered / covered.judged) * 1000) / 1000 : 0,
    },
    promises: { total: promiseItems.length, kept: count('kept'), broken: count('broken'), open: count('open'), items: promiseItems },
    disputes: {
      opened: disputeRows.length,
      resolved: disputeRows.filter((d) => d.resolved).length,
      open: disputeRows.filter((d) => !d.resolved).length,
      by_reason: tally(disputeRows.map((d) => d.reason)),
      by_fate: tally(disputeRows.map((d) => (d.resolved ? d.fate : 'open'))),
      open_items: disputeRows.filter((d) => !d.resolved).map(({ action_id, client_id, invoice_ref, opened_on }) => ({ action_id, client_id, invoice_ref, opened_on })),
    },
    holds,
  };
}
