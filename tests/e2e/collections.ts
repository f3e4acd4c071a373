// The collections workflow in a real Chromium on the demo ledger: the worklist in the API's
// order, a call ending in a promise recorded on the first client (it leaves today's list, shows
// on its timeline and in the forecast's week), an invoice disputed (out of the reminders, into the
// disputes to resolve). Run last by browser.test.ts: it records actions on the shared server.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, visit, type DemoContext, type RunningServer } from './server.ts';
import { formatMoney } from '../../src/lib/format.ts';
import type { ClientCollections, CollectionsEffectiveness, Dispute, ForecastReport, Worklist } from '../../src/lib/contract/index.ts';

let server: RunningServer;
let page: Page;
const get = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T;
const norm = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();
const row = (client: string) => page.locator(`[data-testid=worklist-row][data-client="${client}"]`);

export function collectionsTests(ctx: DemoContext): void {
  beforeAll(async () => {
    server = ctx.server;
    page = await (await ctx.browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })).newPage();
  });

  describe('collections on the demo ledger', () => {
    it('the worklist shows the API’s clients in its order, with the ranking explained', async () => {
      const list = await get<Worklist>('/api/collections/worklist');
      expect(list.clients.length).toBeGreaterThan(5);
      await visit(page, `${server.url}/collections`);
      await page.getByTestId('worklist-table').waitFor();
      const shown = await page.getByTestId('worklist-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-client')));
      expect(shown.slice(0, 10)).toEqual(list.clients.slice(0, 10).map((c) => c.client_id));
      expect(norm(await page.getByTestId('ranking-explained').innerText())).toMatch(/14 jours/);
      // a written level links to its letter
      const written = list.clients.slice(0, 10).find((c) => c.reason === 'level' && ['reminder_email', 'reminder_letter', 'formal_notice'].includes(c.next_channel))!;
      const href = await row(written.client_id).getByTestId('worklist-letter').getAttribute('href');
      const letter = await fetch(`${server.url}${href}`);
      expect([letter.status, letter.headers.get('content-type')]).toEqual([200, 'application/pdf']);
      await screenshot(page, 'collections');
      // what the reminders achieved: the demo's year of history, level by level
      const effect = await get<CollectionsEffectiveness>('/api/collections/effectiveness');
      await page.getByTestId('effectiveness-levels').waitFor();
      expect(await page.getByTestId('effectiveness-level').count()).toBe(effect.levels.length);
      await screenshot(page.getByTestId('effectiveness'), 'collections-effectiveness');
    });

    it('a call ending in a promise on the first client: off today’s list, on its timeline, in the forecast’s week', async () => {
      const list = await get<Worklist>('/api/collections/worklist');
      const first = list.clients[0];
      const before = await get<ForecastReport>('/api/forecast');
      await visit(page, `${server.url}/collections`);
      // the list the API gives now, first client first, before acting on it (the page may be the previous test's)
      await expect.poll(() => page.getByTestId('worklist-row').first().getAttribute('data-client')).toBe(first.client_id);
      await row(first.client_id).getByTestId('worklist-done').click();
      await page.getByTestId('outcome-promise').check();
      const promiseDate = await page.getByTestId('promise-date').inputValue();
      await page.getByTestId('promise-amount').fill('1000');
      await page.getByTestId('action-submit').click();
      await expect.poll(() => row(first.client_id).count(), { timeout: 15_000 }).toBe(0);

      // its timeline: the promise, by the local user, open
      const mine = await get<ClientCollections>(`/api/collections/clients/${encodeURIComponent(first.client_id)}`);
      const promise = mine.actions.find((a) => a.kind === 'promise' && a.promise_date === promiseDate);
      expect(promise).toMatchObject({ amount: 1000, status: 'open', recorded_by: 'local' });
      expect(mine.actions.find((a) => a.action_id === promise!.action_id + 1)).toMatchObject({ kind: first.next_channel, level: first.next_level, outcome: 'promise', invoice_ref: null });
      await visit(page, `${server.url}/clients/${encodeURIComponent(first.client_id)}`);
      await page.getByTestId('client-timeline').waitFor();
      const entries = await page.getByTestId('timeline-entry').allInnerTexts();
      expect(entries.some((e) => norm(e).includes(norm(formatMoney(1000, 'fr'))))).toBe(true);

      // the forecast: 1 000 × the client's keeping rate in the week of the promised date
      const after = await get<ForecastReport>('/api/forecast');
      const week = after.weeks.find((w) => w.start <= promiseDate && promiseDate <= w.end)!;
      const beforeWeek = before.weeks.find((w) => w.week === week.week)!;
      expect(week.promised_expected - beforeWeek.promised_expected).toBeCloseTo(1000 * mine.promise_keeping_rate, 1);
      expect(after.totals.promises).toBe(before.totals.promises + 1);
      await visit(page, `${server.url}/forecast`);
      const cells = page.getByTestId('week-promised');
      await cells.first().waitFor();
      expect(norm(await cells.nth(week.week - 1).innerText())).toBe(norm(formatMoney(week.promised_expected, 'fr')));
    });

    it('an invoice disputed leaves the reminders and appears in the disputes to resolve', async () => {
      const list = await get<Worklist>('/api/collections/worklist');
      const client = list.clients.find((c) => c.invoices.some((i) => i.due_level !== null && i.piece_ref))!;
      const invoice = client.invoices.find((i) => i.due_level !== null && i.piece_ref)!;
      await visit(page, `${server.url}/collections`);
      await row(client.client_id).getByTestId('worklist-dispute').click();
      await page.getByTestId('dispute-invoice').selectOption(invoice.piece_ref!);
      await page.getByTestId('dispute-reason').selectOption('quality');
      await page.getByTestId('action-submit').click();
      const disputeRow = page.locator('[data-testid=dispute-row]', { hasText: invoice.piece_ref! });
      await expect.poll(() => disputeRow.count(), { timeout: 15_000 }).toBe(1);
      const disputes = await get<{ disputes: Dispute[] }>('/api/collections/disputes');
      expect(disputes.disputes.find((d) => d.invoice_ref === invoice.piece_ref)).toMatchObject({ source: 'app', client_id: client.client_id, reason: 'quality', amount: invoice.open_amount, age_days: 0 });
      // out of the reminders: held back as disputed, and in the forecast's disputed part
      const now = await get<Worklist>('/api/collections/worklist');
      const still = now.clients.find((c) => c.client_id === client.client_id);
      const held = still?.invoices.find((i) => i.piece_ref === invoice.piece_ref);
      if (held) expect([held.due_level, held.held_by]).toEqual([null, 'disputed']);
      else expect(still?.invoices_due ?? 0).toBe(client.invoices_due - 1);
      await screenshot(page.getByTestId('disputes'), 'collections-disputes');
    });
  });
}
