// Credit limits on the Clients page in a real Chromium on the demo ledger: an insurer's list (a CSV
// written here, French headers, decimal commas) uploaded by the section's import; the client given
// a limit far below its exposure shows in the over-limit list with the API's use, the one given a
// limit far above does not, and the totals' insured share is the API's. Run by workflows.test.ts,
// on its shared server (open mode: everyone is an analyst).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, settled, visit, type DemoContext, type RunningServer } from './server.ts';
import { formatMoney, formatNumber, formatPercent } from '../../src/lib/format.ts';
import type { CreditReport } from '../../src/lib/contract/index.ts';

let server: RunningServer;
let page: Page;
const get = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T;
const norm = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();
/** 1234.5 → '1234,50' (a decimal comma, as a French insurer writes it) */
const comma = (v: number) => v.toFixed(2).replace('.', ',');

export function creditTests(ctx: DemoContext): void {
  beforeAll(async () => {
    server = ctx.server;
    page = await (await ctx.browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' })).newPage();
  });

  describe('credit limits on the demo ledger', () => {
    it('an insurer’s list uploaded on the Clients page: the client over its limit listed with the API’s use, the other not, the insured share as the API says', async () => {
      const before = await get<CreditReport>('/api/credit');
      // two demo clients without a limit that owe something: the one over, the one far below
      const [over, under] = before.clients.filter((c) => c.status === 'none' && c.exposure > 1000);
      expect(under).toBeDefined();
      const csv = [
        'Code client;Encours autorisé;Assureur;Date de fin',
        `${over.client_id};${comma(Math.round(over.exposure / 4))};Allianz Trade;31/12/2099`,
        `${under.client_id};${comma(Math.round(under.exposure * 10) + 0.5)};Coface;`,
      ].join('\n');

      await visit(page, `${server.url}/clients`);
      await page.getByTestId('credit-totals').waitFor();
      await page.setInputFiles('[data-testid=credit-import-file]', { name: 'limites-assureur.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.getByTestId('credit-import-submit').click();
      expect(norm(await page.getByTestId('credit-import-result').innerText())).toContain('limites-assureur.csv : 2 limites');

      // the section reloaded: the first client in the over-limit list, with the use the API gives
      const after = await get<CreditReport>('/api/credit');
      const overNow = after.clients.find((c) => c.client_id === over.client_id)!;
      expect(overNow).toMatchObject({ status: 'over', insurer: 'Allianz Trade', valid_until: '2099-12-31' });
      expect(after.clients.find((c) => c.client_id === under.client_id)).toMatchObject({ status: 'ok', insurer: 'Coface' });
      const overRow = page.locator(`[data-testid=credit-row][data-client="${over.client_id}"]`);
      await overRow.waitFor();
      await settled(page);
      expect(await overRow.getAttribute('data-status')).toBe('over');
      expect(norm(await overRow.getByTestId('credit-use').innerText())).toContain(norm(formatPercent(overNow.use_pct! / 100, 'fr', 1)));
      expect(await page.locator(`[data-testid=credit-row][data-client="${under.client_id}"]`).count()).toBe(0);
      expect(norm(await page.getByTestId('credit-insured').innerText())).toBe(norm(formatPercent(after.totals.covered_share, 'fr', 1)));
      expect(after.totals.covered_share).toBeGreaterThan(0);

      // every client with a limit: the second one too
      await page.getByTestId('credit-show-all').check();
      await page.locator(`[data-testid=credit-row][data-client="${under.client_id}"]`).waitFor();
      await screenshot(page.getByTestId('credit-limits'), 'credit-limits');
    });

    it('the Clients table shows each limit and its use, and filters the clients over their limit; the overview counts them', async () => {
      const report = await get<CreditReport>('/api/credit');
      const overs = report.clients.filter((c) => c.status === 'over');
      expect(overs.length).toBeGreaterThan(0);
      await visit(page, `${server.url}/clients?credit=over`);
      await settled(page);
      const codes = await page.locator('[data-testid=clients-table] tbody tr .code').allInnerTexts();
      expect(codes.map((c) => c.split(' ')[0]).sort()).toEqual(overs.map((c) => c.client_id).sort());
      const cell = norm(await page.getByTestId('credit-limit').first().innerText());
      const first = overs.find((c) => cell.includes(norm(formatMoney(c.limit_amount!, 'fr'))));
      expect(first, cell).toBeDefined();
      expect(cell).toContain('dépassée');

      await visit(page, `${server.url}/`);
      await settled(page);
      const tile = norm(await page.getByTestId('kpi-credit').innerText());
      expect(tile).toContain(overs.length === 1 ? '1 client' : `${overs.length} clients`);
      expect(tile).toContain(norm(formatPercent(report.totals.covered_share, 'fr', 1)));
      await page.getByTestId('kpi-credit').click();
      await page.waitForURL(/\/clients\?credit=over/);
    });

    it('a client’s page: its limit and use, the suggested limit with its arithmetic, taken by a person with a reason and kept in its history', async () => {
      const report = await get<CreditReport>('/api/credit');
      // a client with sales and no limit: the suggestion is there to take
      const client = report.clients.find((c) => c.status === 'none' && c.suggested.amount !== null && c.exposure > 0)!;
      expect(client).toBeDefined();
      await visit(page, `${server.url}/clients/${encodeURIComponent(client.client_id)}`);
      await page.getByTestId('client-credit').waitFor();
      await settled(page);
      expect(norm(await page.getByTestId('client-credit-exposure').innerText())).toBe(norm(formatMoney(client.exposure, 'fr')));
      expect(norm(await page.getByTestId('client-credit-limit').innerText())).toBe('aucune');
      expect(norm(await page.getByTestId('client-credit-suggested').innerText())).toBe(norm(formatMoney(client.suggested.amount!, 'fr')));
      const arithmetic = norm(await page.getByTestId('client-credit-arithmetic').innerText());
      expect(arithmetic).toContain(norm(formatMoney(client.suggested.monthly_sales, 'fr')));
      expect(arithmetic).toContain(`${norm(formatNumber(client.suggested.terms_days, 'fr', Number.isInteger(client.suggested.terms_days) ? 0 : 1))} j de délai`);

      // nothing is applied until a person records it
      await page.getByTestId('client-credit-use-suggestion').click();
      expect(await page.getByTestId('client-credit-amount').inputValue()).toBe(String(client.suggested.amount));
      expect(await page.getByTestId('client-credit-reason').inputValue()).toContain('Limite suggérée reprise');
      expect((await get<CreditReport>(`/api/credit?client=${client.client_id}`)).clients[0].limit_id).toBeNull();
      await page.getByTestId('client-credit-save').click();
      await page.getByTestId('client-credit-saved').waitFor();
      await page.getByTestId('client-credit-history-row').first().waitFor();

      const after = (await get<CreditReport>(`/api/credit?client=${client.client_id}`)).clients;
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ limit_amount: client.suggested.amount, source: 'app', insurer: null });
      expect(after[0].reason).toContain('Limite suggérée reprise');
      // open mode (no account yet): the local admin
      expect(after[0].decided_by).toBe('local');
      expect(norm(await page.getByTestId('client-credit-limit').innerText())).toBe(norm(formatMoney(client.suggested.amount!, 'fr')));
      const history = norm(await page.getByTestId('client-credit-history').innerText());
      expect(history).toContain(after[0].decided_by!);
      expect(history).toContain('saisie');
      await screenshot(page.getByTestId('client-credit'), 'client-credit');

      // withdrawn, with a reason: the history keeps both rows
      await page.getByTestId('client-credit-edit').click();
      await page.getByTestId('client-credit-reason').fill('Client repris en paiement comptant');
      await page.getByTestId('client-credit-withdraw').click();
      await page.getByTestId('client-credit-saved').waitFor();
      await expect.poll(() => page.getByTestId('client-credit-history-row').count()).toBe(2);
      expect(norm(await page.getByTestId('client-credit-limit').innerText())).toBe('aucune');
      expect(norm(await page.getByTestId('client-credit-decided').innerText())).toContain('Limite retirée par');
    });

    it('a bad line is refused with its line and column, and nothing is written', async () => {
      const before = await get<CreditReport>('/api/credit');
      await visit(page, `${server.url}/clients`);
      await page.getByTestId('credit-totals').waitFor();
      await page.setInputFiles('[data-testid=credit-import-file]', { name: 'mauvais.csv', mimeType: 'text/csv', buffer: Buffer.from('Code client;Encours autorisé\nC-INCONNU;beaucoup\n', 'utf8') });
      await page.getByTestId('credit-import-submit').click();
      const error = norm(await page.getByTestId('credit-import-error').innerText());
      expect(error).toMatch(/mauvais\.csv/);
      expect(error).toMatch(/line 2, column/);
      expect((await get<CreditReport>('/api/credit')).totals).toEqual(before.totals);
    });
  });
}
