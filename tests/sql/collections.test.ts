// Collections on hand-worked ledgers: the dunning levels of an invoice day by day, what takes it
// out of the reminders (done, hold, dispute, promise, "do not remind"), per-client policies, the
// worklist's ranking, promises in the forecast, a broken promise in the weekly review, actions
// that survive a replacing re-import, and the checks of what is recorded. Every expected figure
// is worked out in the comments. 30 days net throughout.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../helpers.ts';
import { load, receipt, sale, type L } from './ledger.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/server/models/settings.ts';
import { clientCollections, collectionActions, effectiveness, openDisputes, worklist } from '../../src/server/reports/collections.ts';
import { bumpCollectionsVersion, recordAction } from '../../src/server/collections/actions.ts';
import { invoiceLevels } from '../../src/server/collections/levels.ts';
import { actionsUntil } from '../../src/server/models/span.ts';
import { setClientProfile } from '../../src/server/collections/contacts.ts';
import { forecastPlan, forecastReview } from '../../src/server/reports/forecast.ts';
import { forecastAt, saveSnapshot } from '../../src/server/forecast/snapshots.ts';
import type { NewAction } from '../../src/lib/contract/index.ts';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.cleanup());

const FY2026 = '123456789FEC20261231.txt';
const ENTITY = '123456789';
const TODAY = '2026-07-01';

/** An action of the past, as the store would hold it (the checks of recordAction look at today's data). */
async function did(a: { client: string; kind: string; done_on: string; level?: number; invoice?: string; hold_until?: string; promise_date?: string; amount?: number; dispute_reason?: string; resolves_id?: number }) {
  await t.db.transaction(async (s) => {
    await s.run(
      `INSERT INTO collection_actions (entity_id, client_id, invoice_ref, kind, level, done_on, hold_until, promise_date, amount, dispute_reason, resolves_id, recorded_by)
       VALUES ($entity, $client, $invoice, $kind, $level, $done_on, $hold_until, $promise_date, $amount, $reason, $resolves, 'test')`,
      { entity: ENTITY, client: a.client, invoice: a.invoice ?? null, kind: a.kind, level: a.level ?? null, done_on: a.done_on, hold_until: a.hold_until ?? null, promise_date: a.promise_date ?? null, amount: a.amount ?? null, reason: a.dispute_reason ?? null, resolves: a.resolves_id ?? null },
    );
    await bumpCollectionsVersion(s);
  });
}

/** The overdue invoices of a client at a date, as the dunning SQL places them: [piece, level reached, its channel, level due, held by]. */
async function levelsAt(settings: Settings, asOf: string, client = 'C1') {
  const until = await actionsUntil(t.db, asOf, null);
  const rows = await invoiceLevels(t.db, { asOf, entity: null, until, grace: settings.dunning.promise_grace_days });
  return rows.filter((i) => i.client_id === client).map((i) => [i.piece_ref, i.level, i.channel, i.due_level, i.held_by]);
}

/** The data runs to `date`: a small invoice to another client that day (due 30 days later: on nobody's list). */
const endOfData = (date: string) => sale('END', date, 'C8', 'F8', 100);

const record = (settings: Settings, a: Omit<NewAction, 'kind'> & { kind: NewAction['kind'] }) => recordAction(t.db, settings, a, 'alice', TODAY);

describe('dunning levels', () => {
  // F1 1 200 on 01/03/2026, due 31/03: reminder 01/04 (D+1), call 07/04 (D+7), formal notice
  // 20/04 (D+20), escalation 15/05 (D+45). The ledger runs to 30/06.
  const ledger = () => [{ name: FY2026, lines: [...sale('1', '2026-03-01', 'C1', 'F1', 1200), ...endOfData('2026-06-30')] }];

  it('of a 30-days-net invoice dated 1 March 2026, day by day', async () => {
    const s = await load(t, ledger());
    expect(await levelsAt(s, '2026-03-31')).toEqual([]); // due today: not overdue
    expect(await levelsAt(s, '2026-04-01')).toEqual([['F1', 1, 'reminder_email', 1, null]]);
    expect(await levelsAt(s, '2026-04-06')).toEqual([['F1', 1, 'reminder_email', 1, null]]);
    expect(await levelsAt(s, '2026-04-07')).toEqual([['F1', 2, 'call', 2, null]]);
    expect(await levelsAt(s, '2026-04-19')).toEqual([['F1', 2, 'call', 2, null]]);
    expect(await levelsAt(s, '2026-04-20')).toEqual([['F1', 3, 'formal_notice', 3, null]]);
    expect(await levelsAt(s, '2026-05-14')).toEqual([['F1', 3, 'formal_notice', 3, null]]);
    expect(await levelsAt(s, '2026-05-15')).toEqual([['F1', 4, 'escalation', 4, null]]);
    const list = await worklist(t.db, s, { asOf: '2026-04-07', entity: null });
    expect(list.clients.map((c) => [c.client_id, c.next_level, c.next_channel, c.invoices_due, c.amount_due, c.oldest_days_past_due])).toEqual([['C1', 2, 'call', 1, 1200, 7]]);
  });

  it('a level done leaves the list until the next level is reached; an action before the invoice reached a level does not count for it', async () => {
    const s = await load(t, ledger());
    await did({ client: 'C1', kind: 'reminder_email', level: 1, done_on: '2026-04-02' });
    expect(await levelsAt(s, '2026-04-01')).toEqual([['F1', 1, 'reminder_email', 1, null]]); // done the next day
    expect(await levelsAt(s, '2026-04-03')).toEqual([['F1', 1, 'reminder_email', null, null]]);
    expect((await worklist(t.db, s, { asOf: '2026-04-03', entity: null })).clients).toEqual([]);
    expect(await levelsAt(s, '2026-04-07')).toEqual([['F1', 2, 'call', 2, null]]);
    // a call on 05/04, before the call level (07/04): it covers the reminder level, not the call's
    await did({ client: 'C1', kind: 'call', level: 2, invoice: 'F1', done_on: '2026-04-05' });
    expect(await levelsAt(s, '2026-04-07')).toEqual([['F1', 2, 'call', 2, null]]);
    await did({ client: 'C1', kind: 'call', level: 2, invoice: 'F1', done_on: '2026-04-08' });
    expect(await levelsAt(s, '2026-04-10')).toEqual([['F1', 2, 'call', null, null]]);
    expect(await levelsAt(s, '2026-04-20')).toEqual([['F1', 3, 'formal_notice', 3, null]]);
    // a higher level done covers the lower ones: a formal notice sent on 21/04 is the level of 21/04 done
    await did({ client: 'C1', kind: 'formal_notice', level: 3, done_on: '2026-04-21' });
    expect(await levelsAt(s, '2026-05-01')).toEqual([['F1', 3, 'formal_notice', null, null]]);
  });

  it('a hold, a promise running, a dispute and "do not remind" take the invoice out', async () => {
    const s = await load(t, ledger());
    await did({ client: 'C1', kind: 'hold', hold_until: '2026-04-15', done_on: '2026-04-02' });
    expect(await levelsAt(s, '2026-04-10')).toEqual([['F1', 2, 'call', null, 'on_hold']]);
    expect(await levelsAt(s, '2026-04-16')).toEqual([['F1', 2, 'call', 2, null]]);
    // a promise for 24/04 suspends the reminders to 27/04 (3 days' grace for the transfer)
    await did({ client: 'C1', kind: 'promise', promise_date: '2026-04-24', amount: 1200, done_on: '2026-04-17' });
    expect(await levelsAt(s, '2026-04-27')).toEqual([['F1', 3, 'formal_notice', null, 'promise']]);
    expect(await levelsAt(s, '2026-04-28')).toEqual([['F1', 3, 'formal_notice', 3, null]]);
    await did({ client: 'C1', kind: 'dispute', invoice: 'F1', dispute_reason: 'quality', amount: 1200, done_on: '2026-05-02' });
    expect(await levelsAt(s, '2026-05-02')).toEqual([['F1', 3, 'formal_notice', null, 'disputed']]);
    expect((await worklist(t.db, s, { asOf: '2026-05-02', entity: null })).clients).toEqual([]);
    expect((await openDisputes(t.db, { asOf: '2026-05-02', entity: null })).disputes).toMatchObject([{ source: 'app', client_id: 'C1', invoice_ref: 'F1', amount: 1200, open_amount: 1200, reason: 'quality', age_days: 0 }]);
    expect((await openDisputes(t.db, { asOf: '2026-05-01', entity: null })).disputes).toEqual([]); // not opened yet
  });

  it('per-client policies: a key account is called first; a client not to remind is never on the list', async () => {
    const s = await load(t, [{ name: FY2026, lines: [...sale('1', '2026-03-01', 'C1', 'F1', 1200), ...sale('2', '2026-03-01', 'C2', 'F2', 800), ...endOfData('2026-06-30')] }]);
    await setClientProfile(t.db, 'C1', { policy: 'key_account', owner: 'bob' }, 'alice');
    await setClientProfile(t.db, 'C2', { policy: 'do_not_remind' }, 'alice');
    // key accounts: call at D+1, e-mail at D+10, formal notice at D+20, escalation at D+45
    expect(await levelsAt(s, '2026-04-01')).toEqual([['F1', 1, 'call', 1, null]]);
    expect(await levelsAt(s, '2026-04-09')).toEqual([['F1', 1, 'call', 1, null]]);
    expect(await levelsAt(s, '2026-04-10')).toEqual([['F1', 2, 'reminder_email', 2, null]]);
    expect(await levelsAt(s, '2026-04-10', 'C2')).toEqual([['F2', 2, 'call', null, 'do_not_remind']]);
    const list = await worklist(t.db, s, { asOf: '2026-04-10', entity: null });
    expect(list.clients.map((c) => [c.client_id, c.owner, c.policy, c.next_channel])).toEqual([['C1', 'bob', 'key_account', 'reminder_email']]);
    expect(list.owners).toEqual(['bob']);
    expect((await worklist(t.db, s, { asOf: '2026-04-10', entity: null, owner: 'carol' })).clients).toEqual([]);
    expect((await worklist(t.db, s, { asOf: '2026-04-10', entity: null, level: 1 })).clients).toEqual([]);
  });
});

describe('the ranking', () => {
  it('by the cash an action can move, not by the overdue amount', async () => {
    // C9 paid ten invoices of 1 000, each exactly 10 days late: the only cash ever seen comes on
    // day 10 after the due date. At 30/06: C1 owes 1 200 and C2 500, both 20 days late; C3 owes 900,
    // 5 days late. Portfolio hazard of cash on day 10: 10 paid of 12 at risk (C9's ten, C1 and C2
    // still open beyond day 10) = 10/12; none on any other day. C1, C2 and C3 are new clients
    // (one invoice): the new clients' hazard on day 10 is (0 + 20 × 10/12) / (2 at risk + 20)
    // = 0.757575…, and C3, with nothing of its own at risk on day 10, takes it as it is.
    //   C3: paid in the next 14 days (days 6-19) with probability 0.757575 → still unpaid 0.242424,
    //       cash at stake 900 × 0.242424 = 218.18;
    //   C1, C2: nobody ever paid after day 10 → still unpaid 1: 1 200 and 500 at stake.
    // No risk model on so small a ledger: the priority is the cash at stake. C3 owes more than C2
    // but ranks after it: C3 is likely to pay on its own.
    const lines: L[] = [];
    for (let m = 0; m < 10; m++) {
      const day = new Date(Date.UTC(2025, 6 + m, 1)).toISOString().slice(0, 10);
      const paid = new Date(Date.UTC(2025, 6 + m, 41)).toISOString().slice(0, 10);
      lines.push(...sale(`S${m}`, day, 'C9', `F9-${m}`, 1000, `L${m}`), ...receipt(`R${m}`, paid, 'C9', `V9-${m}`, 1000, `L${m}`));
    }
    lines.push(...sale('A', '2026-05-11', 'C1', 'F1', 1200), ...sale('B', '2026-05-11', 'C2', 'F2', 500), ...sale('C', '2026-05-26', 'C3', 'F3', 900), ...endOfData('2026-06-30'));
    const s = await load(t, [{ name: FY2026, lines }]);
    const list = await worklist(t.db, s, { asOf: '2026-06-30', entity: null });
    expect(list.clients.map((c) => [c.rank, c.client_id, c.overdue_amount, c.cash_at_stake, c.priority, c.default_probability])).toEqual([
      [1, 'C1', 1200, 1200, 1200, null],
      [2, 'C2', 500, 500, 500, null],
      [3, 'C3', 900, 218.18, 218.18, null],
    ]);
    expect(list.clients[2].invoices).toMatchObject([{ piece_ref: 'F3', days_past_due: 5, unpaid_probability: 0.242, cash_at_stake: 218.18 }]);
    expect(list.totals).toEqual({ clients: 3, overdue_amount: 2600, amount_due: 2600, cash_at_stake: 1918.18 });
  });
});

describe('promises in the forecast and the review', () => {
  // C1: five invoices of 1 000 (January to May 2026), each promised after its due date: four
  // promises kept (paid on the promised day), one broken (F5, due 31/05, promised on 01/06 for
  // 05/06, paid only on 20/06, after the 3 days' grace). Keeping rate with no borrowing from the
  // portfolio (promise_prior 0): 4 / 5 = 0.8. F6 of 10 000 (01/06, due 01/07) is open on 30/06.
  async function promisedLedger(): Promise<Settings> {
    const lines: L[] = [];
    const promised: [string, string][] = []; // [promise made, promised date]
    for (let m = 1; m <= 5; m++) {
      const next = `2026-0${m + 1}`;
      const paidOn = m === 5 ? '2026-06-20' : `${next}-05`;
      promised.push([`${next}-01`, `${next}-05`]);
      lines.push(...sale(`S${m}`, `2026-0${m}-01`, 'C1', `F${m}`, 1000, `L${m}`), ...receipt(`R${m}`, paidOn, 'C1', `V${m}`, 1000, `L${m}`));
    }
    lines.push(...sale('S6', '2026-06-01', 'C1', 'F6', 10000), ...endOfData('2026-06-30'));
    const s = await load(t, [{ name: FY2026, lines }], { dunning: { ...DEFAULT_SETTINGS.dunning, promise_prior: 0 } });
    for (const [made, date] of promised) await did({ client: 'C1', kind: 'promise', done_on: made, promise_date: date, amount: 1000 });
    return s;
  }
  const f6 = async (s: Settings) => (await forecastAt(t.db, s, { asOf: '2026-06-30', entity: null })).items.find((i) => i.piece_ref === 'F6')!;

  it('a promise of 10 000 € kept 4 times in 5 puts 8 000 € in its week and the rest back on the hazards', async () => {
    const s = await promisedLedger();
    const before = await f6(s);
    const c = await clientCollections(t.db, s, { client: 'C1', entity: null });
    expect([c.promise_keeping_rate, c.promises_matured]).toEqual([0.8, 5]);
    expect(c.actions.filter((a) => a.kind === 'promise').map((a) => [a.promise_date, a.status])).toEqual([
      ['2026-06-05', 'broken'],
      ['2026-05-05', 'kept'],
      ['2026-04-05', 'kept'],
      ['2026-03-05', 'kept'],
      ['2026-02-05', 'kept'],
    ]);
    await record(s, { client_id: 'C1', kind: 'call', outcome: 'promise', promise_date: '2026-07-10', amount: 10000, invoice_ref: 'F6', done_on: '2026-06-30' });
    const plan = await forecastPlan(t.db, s, { asOf: '2026-06-30', entity: null });
    // 10/07 is day 10 after 30/06: week 2 (days 8-14)
    expect(plan.weeks.map((w) => w.promised_expected)).toEqual([0, 8000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(plan.totals).toMatchObject({ promised_amount: 10000, expected_promised: 8000, promises: 1 });
    // the other 2 000 follow the invoice's hazards: a fifth of what the whole invoice did
    const after = await f6(s);
    for (let w = 0; w < 13; w++) expect(after.expected[w], `week ${w + 1}`).toBeCloseTo(before.expected[w] * 0.2 + (w === 1 ? 8000 : 0), 1);
    expect(after.later).toBeCloseTo(before.later * 0.2, 1);
    expect(after.uncollected).toBeCloseTo(before.uncollected * 0.2, 1);
    // and the invoice still adds up to its open amount, to the cent
    expect(Math.round((after.expected.reduce((a, b) => a + b, 0) + after.later + after.uncollected) * 100)).toBe(1000000);
    // the invoice is under a promise: out of the reminders until 13/07 (F6 is not due before 01/07 anyway)
    expect(await levelsAt(s, '2026-06-30')).toEqual([]);
  });

  it('the weekly review lists the promise broken in its period; the worklist shows it beside the level due', async () => {
    const s = await promisedLedger();
    const previous = await saveSnapshot(t.db, s, { asOf: '2026-06-02', entity: null, reason: 'manual' });
    const current = await saveSnapshot(t.db, s, { asOf: '2026-06-15', entity: null, reason: 'manual' });
    const review = await forecastReview(t.db, s, { previous: previous.snapshot_id, current: current.snapshot_id });
    // promised for 05/06, nothing by 08/06: broken in (02/06, 15/06]
    expect(review.collections).toEqual([
      { event: 'broken_promise', action_id: 5, entity_id: ENTITY, client_id: 'C1', client_name: 'Client C1', invoice_ref: null, event_date: '2026-06-05', amount: 1000, received: 0, reason: null, recorded_by: 'test' },
    ]);
    // at 15/06, F5 is 15 days late (the call level, not done) and its promise broken, not followed up
    const list = await worklist(t.db, s, { asOf: '2026-06-15', entity: null });
    expect(list.clients.map((c) => [c.client_id, c.reason, c.next_channel, c.broken_promise?.promise_date, c.last_action?.done_on])).toEqual([['C1', 'level', 'call', '2026-06-05', '2026-06-01']]);
  });
});

describe('collection effectiveness', () => {
  it('reminded invoices against those of the same lateness left without action; promises; disputes; by who acted', async () => {
    // F1 (C1) and F2 (C2), 1 000 each on 01/03, due 31/03, both at the reminder level on 01/04,
    // counted from the landmark 3 days later (04/04). F1 is reminded on 01/04 and paid on 05/04: 1
    // day after the landmark. F2 gets no action: paid on 20/04, 16 days after the reminder level's
    // landmark, 10 after the call level's (07/04 + 3).
    // C2 promised 1 000 on 08/04 for 15/04: nothing by 18/04, broken. F3 (C3, due 01/07) is
    // disputed on 02/06 and the dispute resolved on 12/06: 10 days.
    const s = await load(t, [
      {
        name: FY2026,
        lines: [
          ...sale('1', '2026-03-01', 'C1', 'F1', 1000, 'A'), ...receipt('2', '2026-04-05', 'C1', 'V1', 1000, 'A'),
          ...sale('3', '2026-03-01', 'C2', 'F2', 1000, 'B'), ...receipt('4', '2026-04-20', 'C2', 'V2', 1000, 'B'),
          ...sale('5', '2026-06-01', 'C3', 'F3', 500), ...endOfData('2026-06-30'),
        ],
      },
    ]);
    const empty = await effectiveness(t.db, s, { entity: null });
    expect([empty.has_history, empty.levels, empty.by_person]).toEqual([false, [], []]);
    await did({ client: 'C1', kind: 'reminder_email', level: 1, done_on: '2026-04-01' });
    await did({ client: 'C2', kind: 'promise', done_on: '2026-04-08', promise_date: '2026-04-15', amount: 1000 });
    await did({ client: 'C3', kind: 'dispute', invoice: 'F3', dispute_reason: 'quality', amount: 500, done_on: '2026-06-02' });
    await did({ client: 'C3', kind: 'dispute_resolved', resolves_id: 3, done_on: '2026-06-12' });
    const e = await effectiveness(t.db, s, { entity: null });
    expect(e.has_history).toBe(true);
    expect(e.levels).toEqual([
      { level: 1, channel: 'reminder_email', reminded: { invoices: 1, paid_7d_share: 1, paid_14d_share: 1, median_days_to_payment: 1 }, not_reminded: { invoices: 1, paid_7d_share: 0, paid_14d_share: 0, median_days_to_payment: 16 } },
      { level: 2, channel: 'call', reminded: null, not_reminded: { invoices: 1, paid_7d_share: 0, paid_14d_share: 1, median_days_to_payment: 10 } },
    ]);
    expect(e.promises_and_disputes).toEqual({
      promises: 1, kept: 0, broken: 1, open_promises: 0, promised_amount: 1000, received_amount: 0,
      disputes: 1, resolved: 1, median_days_to_resolve: 10, open_disputes: 0, median_open_age_days: null,
    });
    expect(e.by_person).toEqual([{ recorded_by: 'test', reminded_invoices: 1, paid_14d_share: 1, promises: 1, kept: 0, broken: 1, disputes: 1, resolved: 1 }]);
  });
});

describe('what users wrote survives the ledger', () => {
  it('a replacing re-import of the fiscal year keeps every action on its invoice; an invoice that disappears leaves its actions orphaned', async () => {
    const lines = [...sale('1', '2026-03-01', 'C1', 'F1', 1200), ...sale('2', '2026-03-02', 'C1', 'F2', 600), ...endOfData('2026-06-30')];
    const s = await load(t, [{ name: FY2026, lines }]);
    await record(s, { client_id: 'C1', kind: 'dispute', invoice_ref: 'F2', dispute_reason: 'price', amount: 100, done_on: '2026-06-30' });
    await record(s, { client_id: 'C1', kind: 'reminder_email', level: 4, invoice_ref: 'F1', done_on: '2026-06-30' });
    // the same fiscal year exported again a day later, F2 gone (cancelled in the ERP)
    await load(t, [{ name: FY2026, lines: [...sale('1', '2026-03-01', 'C1', 'F1', 1200), ...endOfData('2026-07-01')] }]);
    const { actions } = await collectionActions(t.db, s, { entity: null, client: 'C1' });
    expect(actions.map((a) => [a.kind, a.invoice_ref, a.orphaned, a.recorded_by])).toEqual([
      ['reminder_email', 'F1', false, 'alice'],
      ['dispute', 'F2', true, 'alice'],
    ]);
    expect((await openDisputes(t.db, { entity: null })).disputes).toMatchObject([{ source: 'app', invoice_ref: 'F2', orphaned: true, open_amount: null }]);
    // F1's level 4 (15/05) was done on 30/06: nothing due on 01/07
    expect(await levelsAt(s, '2026-07-01')).toEqual([['F1', 4, 'escalation', null, null]]);
  });
});

describe('what is recorded is checked first', () => {
  const ledger = () => [{ name: FY2026, lines: [...sale('1', '2026-03-01', 'C1', 'F1', 1200), ...sale('2', '2026-03-01', 'C1', 'F2', 300, 'B'), ...receipt('3', '2026-04-10', 'C1', 'V2', 300, 'B'), ...endOfData('2026-06-30')] }];

  it('a 400 naming the field, and nothing written', async () => {
    const s = await load(t, ledger());
    const refused: [Omit<NewAction, 'kind'> & { kind: NewAction['kind'] }, RegExp][] = [
      [{ client_id: 'C404', kind: 'call' }, /^client_id: there is no client C404/],
      [{ client_id: 'C1', kind: 'call', invoice_ref: 'F9' }, /^invoice_ref: client C1 has no invoice F9/],
      [{ client_id: 'C1', kind: 'promise', promise_date: '2026-06-29', amount: 100 }, /^promise_date: 2026-06-29 is before the date of the data \(2026-06-30\)/],
      [{ client_id: 'C1', kind: 'promise', promise_date: '2026-07-10', amount: 1200.01 }, /^amount: 1200\.01 is more than the client still open \(1200\.00\)/],
      [{ client_id: 'C1', kind: 'promise', promise_date: '2026-07-10' }, /^amount: required for promise/],
      [{ client_id: 'C1', kind: 'promise', invoice_ref: 'F1', promise_date: '2026-07-10', amount: 2000 }, /^amount: 2000\.00 is more than the invoice still open/],
      [{ client_id: 'C1', kind: 'dispute', invoice_ref: 'F2', dispute_reason: 'price' }, /^invoice_ref: invoice F2 is not open at 2026-06-30/],
      [{ client_id: 'C1', kind: 'dispute', dispute_reason: 'price' }, /^invoice_ref: required for dispute/],
      [{ client_id: 'C1', kind: 'hold', hold_until: '2026-06-30', done_on: '2026-06-30' }, /^hold_until: 2026-06-30 is not after the date of the data/],
      [{ client_id: 'C1', kind: 'hold', hold_until: '2026-06-30' }, /^hold_until: 2026-06-30 is before the day the hold was put \(2026-07-01\)/],
      [{ client_id: 'C1', kind: 'hold', hold_until: '2027-07-03' }, /^hold_until: 2027-07-03 is more than a year ahead; give a date up to 2027-07-02/],
      [{ client_id: 'C1', kind: 'promise', promise_date: '9999-12-31', amount: 100 }, /^promise_date: 9999-12-31 is more than a year ahead/],
      [{ client_id: 'C1', kind: 'call', done_on: '0001-01-01' }, /^done_on: 0001-01-01 is before the first date of the data \(2026-03-01\)/],
      [{ client_id: 'C1', kind: 'note', note: '   ' }, /^note: write something/],
      [{ client_id: 'C1', kind: 'call', entity: 'NOPE' }, /^Unknown entity NOPE: the entities with data are 123456789/],
      [{ client_id: 'C1', kind: 'reminder_email', promise_date: '2026-07-10' }, /^promise_date: does not go with reminder email/],
      [{ client_id: 'C1', kind: 'call', outcome: 'promise', amount: 100 }, /^promise_date: required for a call ending in promise/],
      [{ client_id: 'C1', kind: 'call', outcome: 'dispute', dispute_reason: 'price' }, /^invoice_ref: required for a call ending in dispute/],
      [{ client_id: 'C1', kind: 'call', outcome: 'reached', amount: 100 }, /^amount: does not go with a call ending in reached/],
      [{ client_id: 'C1', kind: 'call', level: 5 }, /^level: the standard policy has 4 levels, not 5/],
      [{ client_id: 'C1', kind: 'call', done_on: '2026-07-16' }, /^done_on: 2026-07-16 is after today \(2026-07-01\)/],
      [{ client_id: 'C1', kind: 'dispute_resolved', resolves_id: 99 }, /^resolves_id: there is no open dispute #99/],
      [{ client_id: 'C1', kind: 'promise', promise_date: '2026-06-30', amount: 100, done_on: '2026-07-01' }, /^promise_date: 2026-06-30 is before the day the promise was made \(2026-07-01\)/],
    ];
    for (const [action, message] of refused) {
      const err = await record(s, action).then(
        () => null,
        (e: Error & { statusCode?: number }) => e,
      );
      expect(err?.message, JSON.stringify(action)).toMatch(message);
      expect(err?.statusCode).toBe(400);
    }
    expect(await t.db.all(`SELECT * FROM collection_actions`)).toEqual([]);
    expect(await t.db.one(`SELECT value FROM app_meta WHERE name = 'collections_version'`)).toEqual({ value: '0' });
  });

  it('a valid action is recorded with who and when, and a dispute is closed by its resolution', async () => {
    const s = await load(t, ledger());
    const dispute = await record(s, { client_id: 'C1', kind: 'dispute', invoice_ref: 'F1', dispute_reason: 'delivery', dispute_owner: 'Sales: Chloé' });
    expect(dispute).toMatchObject({ entity_id: ENTITY, client_id: 'C1', invoice_ref: 'F1', kind: 'dispute', done_on: TODAY, amount: 1200, dispute_reason: 'delivery', dispute_owner: 'Sales: Chloé', recorded_by: 'alice', status: 'open', orphaned: false });
    expect(dispute.recorded_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    // F1 in the forecast's disputed component (C8's 100 is the other open invoice)
    expect((await forecastPlan(t.db, s, { asOf: '2026-06-30', entity: null })).totals).toMatchObject({ disputed_amount: 1200, open_amount: 100 });
    // one dispute open at a time on an invoice; a resolution not dated before its dispute
    await expect(record(s, { client_id: 'C1', kind: 'dispute', invoice_ref: 'F1', dispute_reason: 'price' })).rejects.toThrow(/^invoice_ref: invoice F1 already has an open dispute \(#1\)/);
    await expect(record(s, { client_id: 'C1', kind: 'dispute_resolved', resolves_id: dispute.action_id, done_on: '2026-06-30' })).rejects.toThrow(/^done_on: 2026-06-30 is before the dispute was opened \(2026-07-01\)/);
    const resolved = await record(s, { client_id: 'C1', kind: 'dispute_resolved', resolves_id: dispute.action_id, note: 'credit note promised' });
    expect(resolved).toMatchObject({ kind: 'dispute_resolved', resolves_id: dispute.action_id, note: 'credit note promised', status: null });
    const { actions } = await collectionActions(t.db, s, { entity: null, client: 'C1' });
    expect(actions.map((a) => [a.kind, a.status])).toEqual([
      ['dispute_resolved', null],
      ['dispute', 'resolved'],
    ]);
    expect((await forecastPlan(t.db, s, { asOf: '2026-06-30', entity: null })).totals).toMatchObject({ disputed_amount: 0, open_amount: 1300 });
  });
});
