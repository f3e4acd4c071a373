/// <reference lib="dom" />
// What a CFO and an analyst trip over, in a real Chromium on the demo ledger, at a desktop width
// (1440 px) and on a phone (390 px), in French and English: dates after the data, filtered
// totals, labels that contradict each other, parts that do not add up, weeks named wrongly, wide
// tables, lost headers and scroll, Back leaving the page, printing, and French all the way. Run by
// demo-ledger.test.ts, on the server and browser it shares with the other demo-ledger tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { screenshot, visit, type DemoContext, type RunningServer } from './server.ts';
import { readPdf } from '../pdf.ts';
import { formatMoney } from '../../src/lib/format.ts';
import type { AgingReport, ClientsReport, ForecastReport, ForecastReview, ForecastSnapshot, Status } from '../../src/lib/contract/index.ts';

let server: RunningServer;
let browser: Browser;
const get = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T;
const norm = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim();
/** '1 234,56 €' or '€1,234.56' → 1234.56 */
const amount = (s: string) => Number(norm(s).replace(/[^\d,.-]/g, '').replace(/\.(?=\d{3})/g, '').replace(/,(?=\d{3}\b)/g, '').replace(',', '.'));

const contexts = new Map<string, BrowserContext>();
/**
 * The page of a width and a language (the UI's choice is kept in localStorage): one per pair,
 * kept from test to test, so that visit() moves through the app as a user does instead of loading
 * it again for every page.
 */
async function open(width: 1440 | 390, locale: 'fr' | 'en' = 'fr'): Promise<Page> {
  const key = `${width}-${locale}`;
  let context = contexts.get(key);
  if (!context) {
    context = await browser.newContext({ viewport: { width, height: width === 390 ? 844 : 900 }, reducedMotion: 'reduce' });
    await context.addInitScript((l) => localStorage.setItem('encours.locale', l), locale);
    contexts.set(key, context);
  }
  return context.pages()[0] ?? context.newPage();
}

export function usabilityTests(ctx: DemoContext): void {
  beforeAll(() => {
    server = ctx.server;
    browser = ctx.browser;
  });
  afterAll(async () => {
    for (const c of contexts.values()) await c.close();
  });

  describe('figures that mislead', () => {
    it('refuses an as-of date after the data, says why, and asks nothing while a date is being typed', async () => {
      const status = await get<Status>('/api/status');
      const page = await open(1440);
      const asked: string[] = [];
      const listen = (r: { url: () => string }) => r.url().includes('/api/aging?') && asked.push(r.url());
      page.on('request', listen);
      await visit(page, `${server.url}/aging`);
      await page.getByTestId('aging-table').waitFor();
      const before = asked.length;
      // typed digit by digit, the year passes through 0002, 0020, 0202 before 2027
      await page.getByTestId('as-of-input').click();
      await page.keyboard.type('10312027');
      await expect.poll(() => page.getByTestId('as-of-problem').count()).toBe(1);
      expect(norm(await page.getByTestId('as-of-problem').innerText())).toContain('31/10/2026');
      await page.waitForTimeout(800);
      expect(asked.length).toBe(before);
      page.off('request', listen);

      // typed straight in the address, it is the server that says so, not a green reconciliation
      await visit(page, `${server.url}/aging?as_of=2030-01-01`);
      await page.getByTestId('load-error').waitFor();
      expect(norm(await page.getByTestId('load-error').innerText())).toMatch(/31\/10\/2026|2026-10-31/);
      expect(await page.getByTestId('reconciliation').count()).toBe(0);
      expect(status.as_of_date).toBe('2026-10-31');
    });

    it('shows the totals of a filtered table, says it is filtered, and keeps the reconciliation about the whole ledger', async () => {
      const report = await get<AgingReport>('/api/aging');
      const matching = report.clients.filter((c) => (c.client_name ?? '').includes('Pharmacie'));
      const page = await open(1440);
      await visit(page, `${server.url}/aging?q=Pharmacie`);
      await page.getByTestId('aging-table').waitFor();
      const total = Math.round(matching.reduce((s, c) => s + c.total, 0) * 100) / 100;
      expect(norm(await page.getByTestId('aging-grand-total').innerText())).toBe(norm(formatMoney(total, 'fr')));
      expect(norm(await page.getByTestId('aging-totals-label').innerText())).toContain(`${matching.length} clients filtrés`);
      expect(norm(await page.getByTestId('aging-count').innerText())).toContain(`${matching.length} clients sur ${report.clients.length}`);
      expect(norm(await page.getByTestId('aged-total').innerText())).toBe(norm(formatMoney(report.totals.total, 'fr')));
    });

    it('explains a change in days late that is not called a trend, and names the risk factor the same way', async () => {
      const report = await get<ClientsReport>('/api/clients');
      const stable = report.clients.find((c) => c.trend === 'stable' && c.trend_change_days !== null && Math.abs(c.trend_change_days) >= report.trend_thresholds.min_change_days);
      expect(stable, 'a client whose change is not significant').toBeDefined();
      const page = await open(1440);
      await visit(page, `${server.url}/clients/${stable!.client_id}`);
      await page.getByTestId('trend-note').waitFor();
      expect(norm(await page.getByTestId('trend-note').innerText())).toContain('pas assez net pour parler de tendance');
      const factors = await page.getByTestId('client-risk').innerText();
      expect(factors).not.toContain('Dégradation récente');
    });

    it('shows forecast parts that add up to the open invoices, to the cent, and weeks named by their dates', async () => {
      const plan = await get<ForecastReport>('/api/forecast');
      const page = await open(1440);
      await visit(page, `${server.url}/forecast`);
      await page.getByTestId('forecast-open-split').waitFor();
      const cents = (testId: string) => page.getByTestId(testId).innerText().then((t) => Math.round(amount(t) * 100));
      const [total, inPlan, later, never] = await Promise.all([cents('forecast-open-total'), cents('split-plan'), cents('split-later'), cents('split-uncollected')]);
      expect(inPlan + later + never).toBe(total);
      expect(total).toBe(Math.round((plan.totals.open_amount + plan.totals.disputed_amount) * 100));
      const labels = await page.getByTestId('week-label').allInnerTexts();
      expect(labels).toHaveLength(plan.weeks.length);
      for (const l of labels) expect(l).toMatch(/^\d\d\/\d\d–\d\d\/\d\d$/);
      expect(labels[0]).toBe(`${plan.weeks[0].start.slice(8)}/${plan.weeks[0].start.slice(5, 7)}–${plan.weeks[0].end.slice(8)}/${plan.weeks[0].end.slice(5, 7)}`);
    });
  });

  describe('reading and moving around', () => {
    it('keeps the client and money columns of the Clients table in view at 1440 px, with headers, sort arrows and bold totals', async () => {
      const page = await open(1440);
      await visit(page, `${server.url}/clients`);
      await page.getByTestId('clients-table').waitFor();
      const wrap = page.locator('.table-wrap.scroll').first();
      const box = (await wrap.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1440);
      // the open and overdue amounts are the first columns after the client
      const firstRow = page.getByTestId('clients-table').locator('tbody tr').first();
      const overdueCell = (await firstRow.locator('td').nth(2).boundingBox())!;
      expect(overdueCell.x + overdueCell.width).toBeLessThan(box.x + box.width);
      // sorted by open amount, descending: the arrow says so
      const sorted = page.locator('th[aria-sort=descending] button.link').first();
      expect(await sorted.evaluate((b) => getComputedStyle(b, '::after').content)).toContain('▼');
      // the header stays at the top of the table's box while its rows scroll
      await wrap.evaluate((w) => (w.scrollTop = 600));
      const head = (await page.getByTestId('clients-table').locator('thead th').first().boundingBox())!;
      expect(Math.abs(head.y - box.y)).toBeLessThan(3);
      // and so does the client column while it scrolls sideways
      await wrap.evaluate((w) => (w.scrollLeft = 400));
      const client = (await firstRow.locator('td').first().boundingBox())!;
      expect(Math.abs(client.x - box.x)).toBeLessThan(3);

      await visit(page, `${server.url}/aging`);
      await page.getByTestId('aging-table').waitFor();
      const totals = page.getByTestId('aging-grand-total');
      expect(await totals.evaluate((e) => getComputedStyle(e).fontWeight)).toBe('700');
      expect(await totals.evaluate((e) => getComputedStyle(e).color)).toBe('rgb(29, 39, 51)');
    });

    it("lists a client's open items first, by pages, and goes back where the user came from", async () => {
      const page = await open(1440);
      await visit(page, `${server.url}/clients?sort=invoices_12m&dir=desc`);
      await page.getByTestId('clients-table').waitFor();
      await page.getByTestId('clients-table').locator('tbody tr').first().locator('a').first().click();
      await page.getByTestId('client-items').waitFor();
      const rows = page.getByTestId('client-items').locator('tbody tr');
      expect(await rows.count()).toBe(50);
      const classes = await rows.evaluateAll((trs) => trs.map((tr) => tr.classList.contains('open')));
      const openCount = classes.filter(Boolean).length;
      expect(openCount).toBeGreaterThan(0);
      expect(classes.slice(0, openCount).every(Boolean)).toBe(true);
      expect(await page.locator('nav.pager').count()).toBe(1);
      await page.getByTestId('back').click();
      await page.getByTestId('clients-table').waitFor();
      expect(new URL(page.url()).search).toBe('?sort=invoices_12m&dir=desc');
    });

    it('makes a history entry of each sort and filter, and comes back to the same scroll position', async () => {
      const page = await open(1440);
      await visit(page, `${server.url}/aging`);
      await page.getByTestId('aging-table').waitFor();
      await page.locator('th button.link', { hasText: 'Retard max.' }).click();
      await expect.poll(() => page.url()).toContain('sort=oldest');
      await page.getByTestId('aging-filter').fill('SA');
      await expect.poll(() => page.url()).toContain('q=SA');
      await page.goBack();
      await expect.poll(() => page.url()).not.toContain('q=SA');
      expect(page.url()).toContain('sort=oldest');
      await page.goBack();
      await expect.poll(() => page.url()).not.toContain('sort=');
      expect(new URL(page.url()).pathname).toBe('/aging');
      // a DSO method too: Back returns to the method before, not to the page before
      await visit(page, `${server.url}/dso`);
      await page.getByTestId('dso-table').waitFor();
      await page.getByTestId('dso-method').selectOption('simple_3m');
      await expect.poll(() => page.url()).toContain('method=simple_3m');
      await page.goBack();
      await expect.poll(() => page.url()).not.toContain('method=');
      expect(new URL(page.url()).pathname).toBe('/dso');
      await visit(page, `${server.url}/aging`);
      await page.getByTestId('aging-table').waitFor();

      // scrolled down to the table, to a client, and back
      await page.evaluate(() => scrollTo(0, 700));
      await page.waitForTimeout(200);
      const y = await page.evaluate(() => scrollY);
      expect(y).toBeGreaterThan(300);
      await page.getByTestId('client-link').nth(3).click();
      await page.getByTestId('client-items').waitFor();
      await page.goBack();
      await page.getByTestId('aging-table').waitFor();
      await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(y - 30);
    });

    it('fits every page on a phone: nothing overflows sideways and the whole menu is on screen', async () => {
      const every = ['/', '/dso', '/dso?view=amounts', '/aging', '/clients', '/clients/C00119', '/forecast', '/forecast?view=review', '/forecast?view=quality', '/forecast?week=1', '/pack', '/imports', '/collections', '/collections?view=reminders', '/users', '/account', '/login'];
      // every page in French; in English (longer words in places), the pages with the widest content
      for (const [locale, paths] of [['fr', every], ['en', ['/', '/aging', '/clients', '/forecast']]] as const) {
        const page = await open(390, locale);
        for (const path of paths) {
          await visit(page, `${server.url}${path}`);
          await page.locator('main h1').first().waitFor();
          await page.waitForLoadState('networkidle');
          // measured once the page's own data is in (a table that arrives later can widen it)
          await page.waitForFunction(() => !/Chargement…|Loading…/.test(document.querySelector('main')?.textContent ?? ''));
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `${locale} ${path}`).toBe(0);
        }
        for (const link of await page.locator('nav[aria-label=Main] a').all()) {
          const b = (await link.boundingBox())!;
          expect(b.x + b.width, await link.innerText()).toBeLessThanOrEqual(390);
        }
        // the reconciliation does not cover the screen
        await visit(page, `${server.url}/aging`);
        await page.getByTestId('reconciliation').waitFor();
        if (locale === 'fr') await screenshot(page, 'phone-aging');
        expect(await page.getByTestId('reconciliation').evaluate((e) => getComputedStyle(e).position)).toBe('static');
      }
    });

    it('prints the CFO pack on one or two A4 pages, dated, titled with the entity, with its figures', async () => {
      const aging = await get<AgingReport>('/api/aging');
      const plan = await get<ForecastReport>('/api/forecast');
      const page = await open(1440);
      await visit(page, `${server.url}/pack`);
      await page.getByTestId('pack').waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, 'pack');
      const pdf = await readPdf(await page.pdf({ format: 'A4', printBackground: true }));
      expect(pdf.pages).toBeGreaterThanOrEqual(1);
      expect(pdf.pages).toBeLessThanOrEqual(2);
      const text = norm(pdf.text.join(' '));
      expect(text).toContain('Pack DAF — consolidé');
      expect(text).toContain('Données au 31/10/2026');
      expect(text).toContain(norm(formatMoney(aging.totals.total, 'fr')));
      expect(text).toContain(norm(formatMoney(aging.totals.overdue, 'fr')));
      expect(text).toContain(norm(formatMoney(plan.totals.expected, 'fr')));
      // the menus and buttons stay on screen
      expect(text).not.toContain('Imprimer / enregistrer en PDF');
      expect(text).not.toContain('Balance âgée Clients Prévision');
    });

    it('prints the whole aged balance, not the 50 rows on screen', async () => {
      const report = await get<AgingReport>('/api/aging');
      const page = await open(1440);
      await visit(page, `${server.url}/aging`);
      await page.getByTestId('aging-table').waitFor();
      await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
      await expect.poll(() => page.getByTestId('aging-table').locator('tbody tr').count()).toBe(report.clients.length);
      const pdf = await readPdf(await page.pdf({ format: 'A4' }));
      const text = norm(pdf.text.join(' '));
      const lastClient = [...report.clients].sort((a, b) => b.total - a.total || a.client_id.localeCompare(b.client_id)).at(-1)!;
      expect(text).toContain(lastClient.client_id);
      expect(text).toContain(norm(formatMoney(report.totals.total, 'fr')));
      // the controls and the buttons stay on screen
      expect(text).not.toContain('Filtrer (nom, code, entité)');
      expect(text).not.toContain('Enregistrer le graphique');
      expect(text).not.toContain('Exporter en CSV');
    });

    it('gives the overview headers, units and what a CFO looks at next', async () => {
      const page = await open(1440);
      await visit(page, `${server.url}/`);
      await page.getByTestId('kpis').waitFor();
      expect(await page.getByTestId('largest-overdue').locator('thead th').allInnerTexts()).toEqual(['Client', 'Échu', 'Retard max.']);
      expect(norm(await page.getByTestId('kpi-dso').innerText())).toMatch(/[+-]?\d+,\d j vs mois précédent/);
      await page.getByTestId('overview-buckets').locator('canvas').waitFor();
      await page.getByTestId('overview-next-weeks').locator('tbody tr').nth(3).waitFor();
    });

    it('pages the weekly review, names every page, offers a skip link and asks for each report once', async () => {
      const { snapshots } = await get<{ snapshots: ForecastSnapshot[] }>('/api/forecast/snapshots');
      // what the page reviews by default: the newest snapshot and the newest one of an earlier date
      const previous = snapshots.find((x) => x.as_of < snapshots[0].as_of)!;
      const review = await get<ForecastReview>(`/api/forecast/review?previous=${previous.snapshot_id}&current=${snapshots[0].snapshot_id}`);
      const page = await open(1440);
      await visit(page, `${server.url}/forecast?view=review`);
      await page.getByTestId('review-clients').waitFor();
      if (review.clients.length > 30) {
        expect(norm(await page.getByTestId('review-clients-shown').innerText())).toBe(`1–30 sur ${review.clients.length} (toutes dans l’export)`);
        await page.getByTestId('review-clients-pager').getByRole('button', { name: 'Suivant' }).click();
        await expect.poll(async () => norm(await page.getByTestId('review-clients-shown').innerText())).toContain('31–');
      }
      for (const [path, title] of [['/aging', 'Balance âgée · Encours'], ['/clients', 'Clients · Encours'], ['/dso', 'DSO · Encours'], ['/forecast', 'Prévision · Encours'], ['/imports', 'Imports · Encours']]) {
        await visit(page, `${server.url}${path}`);
        await expect.poll(() => page.title()).toBe(title);
      }
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');

      // a first visit of each page: a context of its own, nothing loaded yet; its reports asked once
      for (const [path, shown, reports] of [
        ['/', 'kpis', ['/api/aging', '/api/dso']],
        ['/aging', 'aging-table', ['/api/aging']],
        ['/clients', 'clients-table', ['/api/clients']],
      ] as const) {
        const fresh = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
        const asked: string[] = [];
        fresh.on('request', (r) => r.url().includes('/api/') && asked.push(new URL(r.url()).pathname));
        await fresh.goto(`${server.url}${path}`);
        await fresh.getByTestId(shown).waitFor();
        await fresh.waitForLoadState('networkidle');
        for (const report of reports) expect(asked.filter((p) => p === report), `${path}: ${report}`).toHaveLength(1);
        await fresh.context().close();
      }
    });
  });

  describe('French all the way, and English the English way', () => {
    it('writes axes, amounts and chart descriptions in the page’s language', async () => {
      const page = await open(1440);
      await visit(page, `${server.url}/aging`);
      await page.getByTestId('aging-history').locator('canvas').waitFor();
      const described = await page.locator('[aria-label]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      const descriptions = described.filter((d) => d.length > 60);
      expect(descriptions.some((d) => d.startsWith('Montants ouverts par tranche'))).toBe(true);
      expect(descriptions.some((d) => d.startsWith('Balance âgée à chaque fin de mois'))).toBe(true);
      for (const d of descriptions) expect(d).not.toMatch(/NaN|undefined|This is a chart/);

      const en = await open(1440, 'en');
      await visit(en, `${server.url}/`);
      await en.getByTestId('kpis').waitFor();
      expect(norm(await en.getByTestId('kpi-overdue').innerText())).toMatch(/\d%/);
      expect(norm(await en.getByTestId('kpi-overdue').innerText())).not.toMatch(/\d %/);
      await visit(en, `${server.url}/aging?as_of=2030-01-01`);
      await en.getByTestId('load-error').waitFor();
      expect(norm(await en.getByTestId('load-error').innerText())).toMatch(/^Error: /);
    });
  });
}
