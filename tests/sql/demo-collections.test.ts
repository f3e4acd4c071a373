// The demo's collections history (src/server/demo/collections.ts) on the prepared demo database:
// consistent with the ledger and with the app's own reading of it — each promise comes out kept,
// broken or open as it was made to (and as the cash says), reminders follow the dunning policy,
// the open disputes are the app's, today's worklist shows what it should and nothing it should
// not, and collections-truth.json counts what is in the tables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OWNERS, seedDemoCollections, type DemoCollectionsTruth } from '../../src/server/demo/collections.ts';
import { collectionActions, openDisputes, worklist } from '../../src/server/reports/collections.ts';
import { DUNNING_CHANNELS } from '../../src/lib/contract/collections.ts';
import { openDemoCopy, type DemoDb } from '../helpers.ts';

let t: DemoDb;
let seeded: DemoCollectionsTruth;
let exportDate: string;

beforeAll(async () => {
  t = await openDemoCopy();
  seeded = JSON.parse(readFileSync(join(t.demoDir, 'collections-truth.json'), 'utf8')) as DemoCollectionsTruth;
  exportDate = t.truth.export_date;
});
afterAll(() => t.cleanup());

const count = async (sql: string, params: Record<string, string | number> = {}) => Number((await t.db.one<{ n: number }>(sql, params))!.n);
const channels = DUNNING_CHANNELS.map((c) => `'${c}'`).join(', ');

describe('the demo collections history', () => {
  it('counts in its truth what is in the tables', async () => {
    const total = await count(`SELECT count(*) AS n FROM collection_actions`);
    expect(total).toBe(seeded.actions.total);
    // a few thousand actions at most, a share of them on the whole client
    expect(total).toBeGreaterThan(1000);
    expect(total).toBeLessThan(6000);
    expect(seeded.actions.client_level).toBe(await count(`SELECT count(*) AS n FROM collection_actions WHERE invoice_ref IS NULL`));
    expect(seeded.actions.client_level).toBeGreaterThan(0);
    const byKindLevel = await t.db.all<{ kind: string; level: number | null; count: number }>(`SELECT kind, level, count(*)::INTEGER AS count FROM collection_actions GROUP BY ALL ORDER BY kind, level NULLS FIRST`);
    expect(byKindLevel).toEqual(seeded.actions.by_kind_level);
    for (const kind of ['reminder_email', 'call', 'formal_notice', 'escalation', 'dispute', 'dispute_resolved', 'hold', 'promise', 'note']) expect(seeded.actions.by_kind[kind], kind).toBeGreaterThan(0);
    const outcomes = await t.db.all<{ outcome: string; n: number }>(`SELECT outcome, count(*)::INTEGER AS n FROM collection_actions WHERE kind = 'call' GROUP BY ALL`);
    expect(Object.fromEntries(outcomes.map((o) => [o.outcome, o.n]))).toEqual(seeded.calls_by_outcome);
    for (const o of ['reached', 'no_answer', 'wrong_contact', 'promise', 'dispute']) expect(seeded.calls_by_outcome[o], o).toBeGreaterThan(0);

    expect(seeded.promises.total).toBe(await count(`SELECT count(*) AS n FROM collection_actions WHERE promise_date IS NOT NULL`));
    expect(seeded.promises.kept + seeded.promises.broken + seeded.promises.open).toBe(seeded.promises.total);
    expect(seeded.disputes.opened).toBe(await count(`SELECT count(*) AS n FROM collection_actions WHERE dispute_reason IS NOT NULL`));
    expect(seeded.disputes.resolved).toBe(await count(`SELECT count(*) AS n FROM collection_actions WHERE kind = 'dispute_resolved'`));
    expect(seeded.disputes.open).toBe(seeded.disputes.opened - seeded.disputes.resolved);
    expect(seeded.disputes.opened).toBeGreaterThanOrEqual(24); // a few dozen
    expect(seeded.disputes.open).toBeGreaterThanOrEqual(3);
    expect(seeded.holds.length).toBe(await count(`SELECT count(*) AS n FROM collection_actions WHERE kind = 'hold'`));

    // about a fifth of the dunning sessions never done: a comparison group for the effectiveness
    expect(seeded.dunning.skipped_share).toBeGreaterThan(0.15);
    expect(seeded.dunning.skipped_share).toBeLessThan(0.25);
    expect(seeded.dunning.not_covered_share).toBeGreaterThan(0.1);
    expect(seeded.dunning.not_covered_share).toBeLessThan(0.35);

    // every client has an owner among the three, contacts, and a policy
    expect(await count(`SELECT count(*) AS n FROM clients`)).toBe(await count(`SELECT count(*) AS n FROM collection_clients`));
    expect(await count(`SELECT count(*) AS n FROM collection_clients WHERE owner NOT IN ('claire', 'marc', 'sophie') OR owner IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM clients AS c ANTI JOIN collection_contacts AS k USING (entity_id, client_id)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM collection_contacts`)).toBe(seeded.contacts);
    expect(await count(`SELECT count(*) AS n FROM collection_contacts WHERE email NOT SIMILAR TO '[a-z0-9.-]+@[a-z0-9-]+\\.(fr|com)' OR phone NOT LIKE '+33 _ __ __ __ __'`)).toBe(0);
    const owners = await t.db.all<{ owner: string; n: number }>(`SELECT owner, count(*)::INTEGER AS n FROM collection_clients GROUP BY owner ORDER BY owner`);
    expect(owners.map((o) => o.owner)).toEqual([...DEMO_OWNERS]);
    for (const o of owners) expect(o.n).toBe(seeded.owners[o.owner].clients);
    const policies = await t.db.all<{ client_id: string; policy: string }>(`SELECT client_id, policy FROM collection_clients WHERE policy <> 'standard' ORDER BY client_id`);
    expect(policies.filter((p) => p.policy === 'key_account').map((p) => p.client_id)).toEqual([...seeded.key_accounts].sort());
    expect(policies.filter((p) => p.policy === 'do_not_remind').map((p) => p.client_id)).toEqual(seeded.do_not_remind.map((d) => d.client_id).sort());
    expect(seeded.key_accounts.length).toBeGreaterThanOrEqual(3);
    expect(seeded.do_not_remind.length).toBeGreaterThanOrEqual(1);
    // the do-not-remind clients defaulted, per the generator
    for (const d of seeded.do_not_remind) expect(t.truth.clients.find((c) => c.client_id === d.client_id)?.segment).toBe('defaulting');
  });

  it('never dates an action after the export date, and records it by the client’s owner', async () => {
    expect(await count(`SELECT count(*) AS n FROM collection_actions WHERE done_on > $export::DATE OR done_on < $from::DATE`, { export: exportDate, from: seeded.history_from })).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM collection_actions AS a JOIN collection_clients AS c USING (entity_id, client_id) WHERE a.recorded_by IS DISTINCT FROM c.owner`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM collection_actions WHERE promise_date < done_on OR (kind = 'hold' AND hold_until <= $export::DATE)`, { export: exportDate })).toBe(0);
    // an action's invoice is in the ledger (none orphaned)
    const { actions } = await collectionActions(t.db, t.settings, { asOf: exportDate, entity: null, limit: 100000 });
    expect(actions).toHaveLength(seeded.actions.total);
    expect(actions.filter((a) => a.orphaned)).toEqual([]);
  });

  it('gives every promise the status it was made to have, as the cash says', async () => {
    const { actions } = await collectionActions(t.db, t.settings, { asOf: exportDate, entity: null, limit: 100000 });
    const status = new Map(actions.map((a) => [a.action_id, a.status]));
    for (const p of seeded.promises.items) expect(status.get(p.action_id), `promise ${p.action_id}`).toBe(p.status);
    expect(seeded.promises.kept).toBeGreaterThan(50);
    expect(seeded.promises.broken).toBeGreaterThan(20);
    expect(seeded.promises.open).toBeGreaterThanOrEqual(2);

    // kept ↔ the client's receipts from the promise to its date and grace days cover it (read from the items)
    const grace = t.settings.dunning.promise_grace_days;
    const received = await t.db.all<{ action_id: number; amount: number; received: number; last_day: string }>(
      `SELECT a.action_id, a.amount::DOUBLE AS amount, coalesce(-sum(i.amount), 0)::DOUBLE AS received, strftime(a.promise_date + $grace::INTEGER, '%Y-%m-%d') AS last_day
       FROM collection_actions AS a
       LEFT JOIN items AS i ON i.entity_id = a.entity_id AND i.client_id = a.client_id AND i.line_type = 'payment'
        AND i.entry_date >= a.done_on AND i.entry_date <= least(a.promise_date + $grace::INTEGER, $export::DATE)
       WHERE a.promise_date IS NOT NULL
       GROUP BY ALL`,
      { grace, export: exportDate },
    );
    expect(received).toHaveLength(seeded.promises.total);
    const intended = new Map(seeded.promises.items.map((p) => [p.action_id, p.status]));
    for (const r of received) {
      const covered = r.received >= r.amount - 0.005;
      const expected = covered ? 'kept' : r.last_day < exportDate ? 'broken' : 'open';
      expect(intended.get(r.action_id), `promise ${r.action_id}`).toBe(expected);
    }
    // on an invoice: kept when the invoice itself was paid by the promised day and its grace days, broken when not
    const invoices = await t.db.all<{ action_id: number; settled_by: string | null; settled_date: string | null; last_day: string }>(
      `SELECT a.action_id, i.settled_by, strftime(i.settled_date, '%Y-%m-%d') AS settled_date, strftime(a.promise_date + $grace::INTEGER, '%Y-%m-%d') AS last_day
       FROM collection_actions AS a
       JOIN invoice_settlements AS i ON i.entity_id = a.entity_id AND i.client_id = a.client_id AND i.piece_ref = a.invoice_ref AND i.account_class = 'client'
       WHERE a.promise_date IS NOT NULL`,
      { grace },
    );
    expect(invoices.length).toBeGreaterThan(50);
    for (const i of invoices) {
      const s = intended.get(i.action_id);
      if (s === 'kept') expect(i.settled_by === 'payment' && i.settled_date! <= i.last_day, `promise ${i.action_id}`).toBe(true);
      else expect(i.settled_date === null || i.settled_date > i.last_day, `promise ${i.action_id}`).toBe(true);
    }
    // the slow payers break their promises far more often than the others
    const slow = new Set(t.truth.clients.filter((c) => ['chronically_late', 'deteriorating', 'defaulting'].includes(c.segment)).map((c) => c.client_id));
    const brokenShare = (mine: boolean) => {
      const matured = seeded.promises.items.filter((p) => p.status !== 'open' && slow.has(p.client_id) === mine);
      return matured.filter((p) => p.status === 'broken').length / matured.length;
    };
    expect(brokenShare(true)).toBeGreaterThan(brokenShare(false) + 0.2);
  });

  it('follows the dunning policy: no level before the invoice reached it, done within two working days', async () => {
    const levelled = `
      SELECT a.*, l.days, l.channel
      FROM collection_actions AS a
      JOIN collection_clients AS c USING (entity_id, client_id)
      JOIN settings_dunning_levels AS l ON l.policy = CASE WHEN c.policy = 'key_account' THEN 'key_account' ELSE 'standard' END AND l.level = a.level
      WHERE a.level IS NOT NULL`;
    expect(await count(`SELECT count(*) AS n FROM collection_actions WHERE level IS NOT NULL AND kind NOT IN (${channels})`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM collection_actions WHERE kind IN (${channels}) AND kind <> 'call' AND (outcome IS DISTINCT FROM 'sent' OR level IS NULL)`)).toBe(0);
    // the level's channel, on an invoice that had reached the level and was still open
    const early = await t.db.all(
      `SELECT a.action_id, a.invoice_ref, a.level, a.done_on, i.due_date, i.settled_date
       FROM (${levelled}) AS a
       JOIN invoice_settlements AS i ON i.entity_id = a.entity_id AND i.client_id = a.client_id AND i.piece_ref = a.invoice_ref AND i.account_class = 'client'
       WHERE a.invoice_ref IS NOT NULL
         AND (a.kind <> a.channel OR a.done_on < i.due_date + a.days OR a.done_on <= i.due_date OR (i.settled_date IS NOT NULL AND a.done_on >= i.settled_date))`,
    );
    expect(early).toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM (${levelled}) AS a WHERE a.invoice_ref IS NOT NULL`)).toBeGreaterThan(500);
    // on the whole client: one of its invoices had reached the level and was still open
    const clientEarly = await t.db.all(
      `SELECT a.action_id, a.client_id, a.level, a.done_on
       FROM (${levelled}) AS a
       WHERE a.invoice_ref IS NULL
         AND (a.kind <> a.channel OR NOT EXISTS (
           SELECT 1 FROM invoice_settlements AS i
           WHERE i.entity_id = a.entity_id AND i.client_id = a.client_id AND i.account_class = 'client' AND i.line_type = 'invoice'
             AND i.due_date + a.days <= a.done_on AND (i.settled_date IS NULL OR i.settled_date > a.done_on)))`,
    );
    expect(clientEarly).toEqual([]);
    // done the day the level was reached or up to two working days later (four calendar days over a
    // weekend), but for the level a dispute held back, done once it was resolved
    const late = await t.db.all(
      `SELECT a.action_id, a.invoice_ref, a.done_on, i.due_date + a.days AS level_date
       FROM (${levelled}) AS a
       JOIN invoice_settlements AS i ON i.entity_id = a.entity_id AND i.client_id = a.client_id AND i.piece_ref = a.invoice_ref AND i.account_class = 'client'
       WHERE a.invoice_ref IS NOT NULL AND a.done_on > i.due_date + a.days + 4
         AND NOT EXISTS (SELECT 1 FROM collection_actions AS d WHERE d.dispute_reason IS NOT NULL AND d.client_id = a.client_id AND d.invoice_ref = a.invoice_ref)`,
    );
    expect(late).toEqual([]);
    // no reminder of an invoice while its dispute runs, none of a client after its handover to litigation
    const duringDispute = await t.db.all(
      `SELECT a.action_id, a.invoice_ref, a.done_on
       FROM collection_actions AS a
       JOIN collection_actions AS d ON d.dispute_reason IS NOT NULL AND d.entity_id = a.entity_id AND d.client_id = a.client_id AND d.invoice_ref = a.invoice_ref AND d.action_id <> a.action_id
       LEFT JOIN collection_actions AS r ON r.kind = 'dispute_resolved' AND r.resolves_id = d.action_id
       WHERE a.level IS NOT NULL AND a.done_on > d.done_on AND (r.action_id IS NULL OR a.done_on < r.done_on)`,
    );
    expect(duringDispute).toEqual([]);
    for (const d of seeded.do_not_remind) {
      if (!d.handed_over_on) continue;
      expect(await count(`SELECT count(*) AS n FROM collection_actions WHERE client_id = $client AND level IS NOT NULL AND done_on > $on::DATE`, { client: d.client_id, on: d.handed_over_on })).toBe(0);
    }
  });

  it('opens disputes on invoices that were open, resolves them by their credit note or before their payment, and lists the open ones', async () => {
    const disputes = await t.db.all<{ action_id: number; opened_on: string; resolved_on: string | null; settled_date: string | null; settled_by: string | null; reason: string }>(
      `SELECT d.action_id, strftime(d.done_on, '%Y-%m-%d') AS opened_on, strftime(r.done_on, '%Y-%m-%d') AS resolved_on,
              strftime(i.settled_date, '%Y-%m-%d') AS settled_date, i.settled_by, d.dispute_reason AS reason
       FROM collection_actions AS d
       JOIN invoice_settlements AS i ON i.entity_id = d.entity_id AND i.client_id = d.client_id AND i.piece_ref = d.invoice_ref AND i.account_class = 'client'
       LEFT JOIN collection_actions AS r ON r.kind = 'dispute_resolved' AND r.resolves_id = d.action_id
       WHERE d.dispute_reason IS NOT NULL`,
    );
    expect(disputes).toHaveLength(seeded.disputes.opened);
    for (const d of disputes) {
      expect(d.settled_date === null || d.opened_on < d.settled_date, `dispute ${d.action_id}`).toBe(true);
      if (d.resolved_on === null) continue;
      expect(d.resolved_on > d.opened_on).toBe(true);
      // by a credit note on its date (price, quantity, quality), or before the payment
      if (d.settled_by === 'credit_note') {
        expect(d.resolved_on).toBe(d.settled_date);
        expect(['price', 'quantity', 'quality']).toContain(d.reason);
      } else expect(d.resolved_on <= d.settled_date!, `dispute ${d.action_id}`).toBe(true);
    }
    expect(disputes.filter((d) => d.settled_by === 'credit_note').length).toBeGreaterThanOrEqual(10);

    const open = await openDisputes(t.db, { asOf: exportDate, entity: null });
    const listed = new Set(open.disputes.filter((d) => d.source === 'app').map((d) => d.action_id));
    expect(listed.size).toBe(seeded.disputes.open);
    for (const d of seeded.disputes.open_items) expect(listed.has(d.action_id), `dispute ${d.action_id}`).toBe(true);
    for (const d of open.disputes.filter((x) => x.source === 'app')) expect(d.open_amount).toBeGreaterThan(0);
  });

  it('leaves today’s worklist with clients to chase, none not to remind, no disputed invoice due, and shows the holds and open promises', async () => {
    const w = await worklist(t.db, t.settings, { asOf: exportDate, entity: null });
    expect(w.as_of_date).toBe(exportDate);
    expect(w.clients.length).toBeGreaterThanOrEqual(10);
    expect(w.owners).toEqual([...DEMO_OWNERS]);
    const dnr = new Set(seeded.do_not_remind.map((d) => d.client_id));
    expect(w.clients.filter((c) => dnr.has(c.client_id) || c.policy === 'do_not_remind')).toEqual([]);
    const disputed = new Set(seeded.disputes.open_items.map((d) => `${d.client_id}|${d.invoice_ref}`));
    const invoices = w.clients.flatMap((c) => c.invoices.map((i) => ({ ...i, client_id: c.client_id })));
    for (const i of invoices.filter((x) => disputed.has(`${x.client_id}|${x.piece_ref}`))) {
      expect(i.due_level).toBeNull();
      expect(i.held_by).toBe('disputed');
      expect(i.cash_at_stake).toBe(0);
    }
    // a client whose only overdue invoices are disputed is not on the list
    for (const c of w.clients) expect(c.invoices.some((i) => i.due_level !== null) || c.broken_promise !== null, c.client_id).toBe(true);
    // today's holds and open promises hold their invoice back, and their clients are still on the list
    const held = new Map(invoices.map((i) => [`${i.client_id}|${i.piece_ref}`, i.held_by]));
    expect(seeded.holds.length).toBeGreaterThanOrEqual(2);
    for (const h of seeded.holds) expect(held.get(`${h.client_id}|${h.invoice_ref}`), `hold ${h.action_id}`).toBe('on_hold');
    const open = seeded.promises.items.filter((p) => p.status === 'open' && p.invoice_ref !== null);
    expect(open.length).toBeGreaterThanOrEqual(2);
    for (const p of open) {
      const status = held.get(`${p.client_id}|${p.invoice_ref}`);
      if (status !== undefined) expect(status, `promise ${p.action_id}`).toBe('promise');
    }
    expect(w.clients.filter((c) => c.open_promise !== null).length).toBeGreaterThanOrEqual(2);
  });

  it('is seeded once: a database with collections data is refused', async () => {
    await expect(seedDemoCollections(t.db, t.settings, t.truth)).rejects.toThrow(/without collections data/);
  });
});
