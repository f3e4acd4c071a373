// The reminders that go out, in a real Chromium on the demo ledger, through the real SMTP server
// workflows.test.ts starts: the collections page's reminders view shows the API's letters; a user
// unticks them all, ticks three e-mails and unticks one of them, sends; the SMTP server receives
// exactly the two ticked letters (recipients and subject), not the unticked client's; each shows as
// sent, leaves the batch and appears in the latest messages; the client's page has the reminder on
// its timeline, its charges and its messages. Run after the collections workflow: it writes.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AddressObject, ParsedMail } from 'mailparser';
import { screenshot, visit, type DemoContext, type RunningServer, type SmtpSink } from './server.ts';
import { formatMoney } from '../../src/lib/format.ts';
import type { BatchLetter, ClientCharges, ClientCollections, ReminderBatch } from '../../src/lib/contract/index.ts';

let server: RunningServer;
let smtp: SmtpSink;
let page: Page;
const get = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T;
const norm = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();
const row = (key: string) => page.locator(`[data-testid=reminder-row][data-key="${key}"]`);
/** The addresses a message went to. */
const to = (m: ParsedMail) => ([] as AddressObject[]).concat(m.to ?? []).flatMap((a) => a.value.map((v) => v.address ?? ''));

export function remindersTests(ctx: DemoContext): void {
  beforeAll(async () => {
    server = ctx.server;
    smtp = ctx.smtp;
    page = await (await ctx.browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })).newPage();
  });

  describe('reminders sent from the collections page', () => {
    let sent: BatchLetter[] = [];

    it('sends exactly the ticked e-mails through the SMTP server, shows each as sent and takes them off the batch', async () => {
      const batch = await get<ReminderBatch>('/api/reminders/batch');
      expect(batch.smtp).toMatchObject({ configured: true, host: '127.0.0.1', port: smtp.port, from: 'relances@demo-distribution.example' });
      // three e-mail letters of three clients, none needing a confirmation of its own
      const emails = batch.letters.filter((l) => l.delivery === 'email' && !l.manual && !l.error);
      const picked = emails.filter((l, i) => emails.findIndex((x) => x.client_id === l.client_id) === i).slice(0, 3);
      expect(picked).toHaveLength(3);
      const [first, unticked, third] = picked;
      sent = [first, third];

      await visit(page, `${server.url}/collections?view=reminders`);
      await page.getByTestId('reminders-table').waitFor();
      // the rows are the API's letters, in its order
      expect(await page.getByTestId('reminder-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')))).toEqual(batch.letters.map((l) => l.key));
      const state = page.getByTestId('smtp-state');
      expect(await state.getAttribute('data-configured')).toBe('true');
      expect(await state.innerText()).toContain('relances@demo-distribution.example');

      // untick all, tick three, untick one of them: two to send
      await page.getByTestId('reminders-tick-none').click();
      await expect.poll(() => page.getByTestId('send-email').isDisabled()).toBe(true);
      for (const l of picked) await row(l.key).getByTestId('reminder-tick').check();
      await row(unticked.key).getByTestId('reminder-tick').uncheck();
      await expect.poll(() => page.getByTestId('send-email').innerText()).toBe('Envoyer par e-mail (2)');
      // a formal notice ticked without its confirmation does not go
      const notice = batch.letters.find((l) => l.manual && !l.error);
      if (notice) {
        await row(notice.key).getByTestId('reminder-tick').check();
        await page.getByTestId('reminders-waiting').waitFor();
        expect(await page.getByTestId('send-email').innerText()).toBe('Envoyer par e-mail (2)');
        await row(notice.key).getByTestId('reminder-tick').uncheck();
        await expect.poll(() => page.getByTestId('reminders-waiting').count()).toBe(0);
      }
      // a row opens its invoices with their charges
      await row(first.key).getByTestId('reminder-expand').click();
      const invoices = page.locator(`[data-testid=reminder-detail][data-key="${first.key}"] [data-testid=reminder-invoices] tbody tr`);
      await expect.poll(() => invoices.count()).toBe(first.invoices.length);
      expect(norm(await invoices.first().innerText())).toContain(norm(formatMoney(first.invoices[0].interest, 'fr')));
      await screenshot(page, 'reminders');

      const before = smtp.received.length;
      await page.getByTestId('send-email').click();
      await page.getByTestId('send-outcome').waitFor({ timeout: 30_000 });
      expect(norm(await page.getByTestId('send-summary').innerText())).toBe('2 envoyées, 0 en échec, 0 ignorée');

      // the SMTP server got the two ticked letters, to their recipients, with their subjects, and nothing else
      await expect.poll(() => smtp.received.length - before).toBe(2);
      const mails = smtp.received.slice(before);
      const got = mails.map((m) => ({ to: to(m).sort(), subject: m.subject })).sort((a, b) => a.to.join().localeCompare(b.to.join()));
      const expected = sent.map((l) => ({ to: [...l.recipients].sort(), subject: l.subject })).sort((a, b) => a.to.join().localeCompare(b.to.join()));
      expect(got).toEqual(expected);
      for (const m of mails) expect(to(m).some((a) => unticked.recipients.includes(a)), to(m).join()).toBe(false);
      for (const m of mails) expect((m.from?.value[0].address ?? '').toLowerCase()).toBe('relances@demo-distribution.example');

      // each shows as sent, with its recipients, and leaves the batch; the unticked one stays
      for (const l of sent) {
        const result = page.locator(`[data-testid=send-result][data-key="${l.key}"]`);
        expect(await result.getAttribute('data-status')).toBe('sent');
        expect(await result.innerText()).toContain(l.recipients[0]);
        await expect.poll(() => row(l.key).count()).toBe(0);
      }
      expect(await row(unticked.key).count()).toBe(1);
      // and heads the latest messages
      const latest = page.locator('[data-testid=reminder-messages] [data-testid=reminder-message]');
      await expect.poll(() => latest.count()).toBeGreaterThanOrEqual(2);
      const clients = await latest.evaluateAll((rows) => rows.slice(0, 2).map((r) => [r.getAttribute('data-client'), r.getAttribute('data-status')]));
      expect(clients.map(([c]) => c).sort()).toEqual(sent.map((l) => l.client_id).sort());
      expect(clients.every(([, s]) => s === 'sent')).toBe(true);
      const after = await get<ReminderBatch>('/api/reminders/batch');
      expect(after.letters.map((l) => l.key)).toContain(unticked.key);
      for (const l of sent) expect(after.letters.map((x) => x.key)).not.toContain(l.key);
    });

    it("puts the reminder on the client's timeline, with its charges and its messages", async () => {
      const [l] = sent;
      expect(l, 'a letter sent by the test before').toBeDefined();
      const cc = await get<ClientCollections>(`/api/collections/clients/${encodeURIComponent(l.client_id)}`);
      const actions = cc.actions.filter((a) => a.kind === 'reminder_email' && a.outcome === 'sent' && a.recorded_by === 'local' && a.level === l.level);
      expect(actions.map((a) => a.invoice_ref).sort()).toEqual(l.invoices.map((i) => i.number).sort());
      for (const a of actions) expect(a.note).toContain(l.subject!);

      await visit(page, `${server.url}/clients/${encodeURIComponent(l.client_id)}`);
      await page.getByTestId('client-timeline').waitFor();
      const mine = async () => (await page.locator('[data-testid=timeline-entry][data-kind=reminder_email]').allInnerTexts()).map(norm).filter((t) => t.includes(norm(l.subject!)));
      await expect.poll(async () => (await mine()).length).toBe(actions.length);
      for (const text of await mine()) {
        expect(text).toContain('envoyée');
        expect(text).toContain('par local');
      }

      // its charges as the API has them, and the message sent
      const charges = await get<ClientCharges>(`/api/reminders/clients/${encodeURIComponent(l.client_id)}/charges`);
      await page.getByTestId('client-charges').waitFor();
      if (charges.invoices.length) expect(norm(await page.getByTestId('charges-total').innerText())).toBe(norm(formatMoney(charges.totals.total_due, 'fr')));
      const message = page.locator('[data-testid=client-reminder-messages] [data-testid=reminder-message]').first();
      await message.waitFor();
      expect(await message.getAttribute('data-status')).toBe('sent');
      expect(norm(await message.innerText())).toContain(norm(l.subject!));
    });
  });
}
