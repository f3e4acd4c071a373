// The Imports page in a real browser, on a server of its own with an empty database: upload a
// fixture file, follow it to its result, see it in the history and in the header's as-of date; a
// refused file shows its line and column. Run by browser.test.ts, in the Chromium it shares.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixture } from '../helpers.ts';
import { screenshot, startServer, type DemoContext, type RunningServer } from './server.ts';

let server: RunningServer;
let page: Page;

export function importsTests(ctx: DemoContext): void {
  beforeAll(async () => {
    server = await startServer();
    page = await (await ctx.browser.newContext({ viewport: { width: 1300, height: 900 }, reducedMotion: 'reduce' })).newPage();
  });
  afterAll(async () => {
    await page?.context().close();
    await server?.stop();
  });

  describe('Imports page', () => {
    it('uploads a FEC, shows the result, lists it in the history and updates the as-of date', async () => {
      await page.goto(`${server.url}/imports`);
      await expect.poll(() => page.getByText('Aucun import pour l’instant.').count()).toBe(1);
      await page.setInputFiles('[data-testid=file-input]', fixture('fec', '987654321FEC20241231.txt'));

      const result = page.getByTestId('import-result');
      await result.waitFor();
      expect((await result.innerText()).replace(/\s+/g, ' ')).toMatch(/Importé #1 · FEC · Entité 987654321 · 05\/03\/2024 → 31\/12\/2024 · 3 lignes/);

      const history = page.getByTestId('import-history');
      await history.waitFor();
      const firstRow = history.locator('tbody tr').first();
      expect(await firstRow.locator('td').nth(2).innerText()).toBe('987654321FEC20241231.txt');
      expect(await firstRow.locator('td').nth(3).innerText()).toBe('actif');
      await expect.poll(() => page.getByTestId('as-of').innerText()).toBe('Données au 05/03/2024');

      const api = (await (await fetch(`${server.url}/api/imports`)).json()) as { imports: { file_name: string; line_count: number }[] };
      expect(api.imports[0]).toMatchObject({ file_name: '987654321FEC20241231.txt', line_count: 3 });

      await screenshot(page, 'imports');
    });

    it('the dashboard works on the freshly imported FEC', async () => {
      // 987654321FEC20241231: one invoice of 1 200,00 € on 05/03/2024, due 04/04/2024, unpaid
      await page.goto(`${server.url}/aging`);
      await page.getByTestId('aging-table').waitFor();
      expect((await page.getByTestId('reconciliation').innerText()).replace(/\s+/g, ' ').replace(/[\u202f\u00a0]/g, ' ')).toContain('Écart 0,00 € (rapproché)');
      expect((await page.getByTestId('aged-total').innerText()).replace(/[\u202f\u00a0]/g, ' ')).toBe('1 200,00 €');
      await page.getByTestId('client-link').first().click();
      await page.getByTestId('client-items').waitFor();
      expect(await page.getByTestId('client-items').locator('tbody tr').first().innerText()).toContain('FA-0001');
      await page.goto(`${server.url}/dso`);
      await page.getByTestId('dso-table').waitFor();
      expect(await page.getByTestId('dso-table').locator('tbody tr').count()).toBe(1);
      await page.goto(`${server.url}/`);
      await page.getByTestId('kpis').waitFor();
      expect((await page.getByTestId('kpi-receivables').innerText()).replace(/[\u202f\u00a0]/g, ' ')).toContain('1 200,00 €');
      // no payment in this ledger: the forecast expects the invoice on its due date (04/04, week 5 after 05/03) and says why
      await page.goto(`${server.url}/forecast`);
      await page.getByTestId('forecast-weeks').waitFor();
      await page.getByTestId('forecast-no-history').waitFor();
      expect((await page.getByTestId('week-expected').nth(4).innerText()).replace(/[\u202f\u00a0]/g, ' ')).toBe('1 200,00 €');
      // the import made a snapshot for the weekly review
      await expect.poll(async () => ((await (await fetch(`${server.url}/api/forecast/snapshots`)).json()) as { snapshots: { as_of: string; reason: string }[] }).snapshots[0]).toMatchObject({ as_of: '2024-03-05', reason: 'import' });
    });

    it('shows the line and column of a refused file, in English when asked', async () => {
      await page.goto(`${server.url}/imports`);
      await page.selectOption('select[aria-label=Langue]', 'en');
      await page.setInputFiles('[data-testid=file-input]', fixture('bad', 'bad-values.txt'));
      const error = page.getByTestId('import-error').first();
      await error.waitFor();
      const text = (await error.innerText()).replace(/\s+/g, ' ');
      expect(text).toContain('Refused 3 values could not be read (EcritureDate, Debit). Nothing was changed.');
      expect(text).toContain('line 3, column EcritureDate: expected a date written YYYYMMDD (20241315)');
      expect(text).toContain('line 4, column Debit: expected an amount such as 1234,56 (12,5O)');
      expect(text).toContain('What to do');
    });
  });
}
