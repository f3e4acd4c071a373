// The Levers page in a real browser on the demo ledger: the escompte's inputs change the URL, the
// figures and the ranked clients as /api/levers computes them for the same inputs; the URL alone
// reproduces the what-if; the ranking downloads as CSV; an input the API refuses is said beside
// the form. Run by browser.test.ts, on the server and browser it shares with the dashboard's tests.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { screenshot, settled, visit, type DemoContext, type RunningServer } from './server.ts';
import { formatMoney, formatPercent } from '../../src/lib/format.ts';
import type { LeversReport } from '../../src/lib/contract/index.ts';

let server: RunningServer;
let page: Page;
const get = async <T>(path: string) => (await (await fetch(`${server.url}${path}`, { headers: { 'accept-language': 'fr' } })).json()) as T;
const norm = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();
const text = async (testId: string) => norm(await page.getByTestId(testId).first().innerText());
const pct = (v: number | null) => norm(formatPercent(v, 'fr', 2));
const money = (v: number) => norm(formatMoney(v, 'fr'));

/** The first rows of the ranking on screen: client and net gain. */
async function ranking(rows: number): Promise<string[][]> {
  const table = page.getByTestId('escompte-ranking');
  const clients = (await table.getByTestId('escompte-client').allInnerTexts()).slice(0, rows);
  const gains = (await table.getByTestId('escompte-client-gain').allInnerTexts()).slice(0, rows);
  return clients.map((c, i) => [norm(c), norm(gains[i])]);
}
const rankingOf = (r: LeversReport, rows: number) => r.escompte.ranking.slice(0, rows).map((o) => [o.client_name ?? o.client_id, money(o.net_gain)]);

/** Types a value in a field of the what-if and leaves it (the change is committed then). */
async function setField(name: string, value: string): Promise<void> {
  const field = page.getByTestId(`lever-${name}`);
  await field.fill(value);
  await field.press('Tab');
}

export function leversTests(ctx: DemoContext): void {
  beforeAll(async () => {
    server = ctx.server;
    page = await (await ctx.browser.newContext({ viewport: { width: 1300, height: 900 }, reducedMotion: 'reduce' })).newPage();
  });

  describe('levers', () => {
    it('the escompte what-if: its inputs change the URL, the figures and the ranked clients; the URL reproduces it; a refusal is said', async () => {
      const [defaults, at1, atHalf, refusal] = await Promise.all([
        get<LeversReport>('/api/levers'),
        get<LeversReport>('/api/levers?discount_rate=0.01&cost_of_funds=0.1'),
        get<LeversReport>('/api/levers?discount_rate=0.005&cost_of_funds=0.1'),
        get<{ error: string }>('/api/levers?discount_rate=0.005&cost_of_funds=0.1&discount_days=40&net_days=30'),
      ]);
      // at the settings, the discount is worth offering to nobody; at 1 % and a 10 % cost of funds, to some
      expect(defaults.escompte.ranking).toHaveLength(0);
      expect(at1.escompte.ranking.length).toBeGreaterThan(3);
      expect(rankingOf(atHalf, 5)).not.toEqual(rankingOf(at1, 5));

      await visit(page, `${server.url}/levers`);
      await page.getByTestId('escompte-none').waitFor();
      expect(await text('escompte-annual-cost')).toBe(pct(defaults.escompte.annual_cost));
      expect(await text('lever-late-cost')).toBe(money(defaults.late_payment.cost_12m));
      expect(await page.getByTestId('lever-discount_rate').inputValue()).toBe('2');

      await setField('discount_rate', '1');
      await setField('cost_of_funds', '10');
      await expect.poll(() => page.url()).toContain('cost_of_funds=0.1');
      expect(page.url()).toContain('discount_rate=0.01');
      await page.getByTestId('escompte-ranking').waitFor();
      await expect.poll(() => ranking(5)).toEqual(rankingOf(at1, 5));
      expect(await text('escompte-annual-cost')).toBe(pct(at1.escompte.annual_cost));
      expect(await text('escompte-total-gain')).toBe(money(at1.escompte.net_gain));
      expect(await text('lever-late-cost')).toBe(money(at1.late_payment.cost_12m));
      expect(await page.getByTestId('escompte-ranking').locator('tbody tr').count()).toBe(at1.escompte.ranking.length);
      if (process.env.ENCOURS_SCREENSHOTS === '1') await page.evaluate(() => ((document.activeElement as HTMLElement | null)?.blur(), document.getElementById('lever-escompte')!.scrollIntoView()));
      await screenshot(page, 'levers');

      // the ranking downloads as a French CSV: every client offered, with the API's gains
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      expect(download.suggestedFilename()).toBe(`escompte-${at1.as_of_date}.csv`);
      const [header, ...lines] = readFileSync((await download.path())!, 'utf8').slice(1).trim().split('\r\n');
      const gainAt = header.split(';').indexOf('Gain net');
      expect(lines).toHaveLength(at1.escompte.ranking.length);
      expect(lines.map((line) => Number(line.split(';')[gainAt].replace(',', '.')))).toEqual(at1.escompte.ranking.map((o) => o.net_gain));

      // a smaller discount: more clients, another order
      await setField('discount_rate', '0.5');
      await expect.poll(() => page.url()).toContain('discount_rate=0.005');
      await expect.poll(() => ranking(5)).toEqual(rankingOf(atHalf, 5));
      expect(await text('escompte-annual-cost')).toBe(pct(atHalf.escompte.annual_cost));

      // the URL alone reproduces the what-if
      const url = page.url();
      await page.reload();
      await page.getByTestId('escompte-ranking').waitFor();
      await settled(page);
      expect(page.url()).toBe(url);
      expect(await text('escompte-annual-cost')).toBe(pct(atHalf.escompte.annual_cost));
      expect(await ranking(5)).toEqual(rankingOf(atHalf, 5));
      expect(await page.getByTestId('lever-discount_rate').inputValue()).toBe('0.5');

      // k ≥ n: the API's refusal beside the form, the fields it names marked, no figures of other inputs
      await setField('net_days', '30');
      await setField('discount_days', '40');
      await expect.poll(() => text('levers-refusal')).toContain(norm(refusal.error));
      expect(await page.getByTestId('lever-discount_days').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByTestId('escompte-annual-cost').count()).toBe(0);
      // Back undoes the last input: the figures come back
      await page.goBack();
      await page.getByTestId('escompte-annual-cost').waitFor();
      expect(await page.getByTestId('levers-refusal').count()).toBe(0);
    });
  });
}
