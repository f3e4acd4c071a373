/// <reference lib="dom" />
// What a CFO and an analyst trip over, in a real Chromium on the demo ledger, at a desktop width
// (1440 px) and on a phone (390 px), in French and English: dates after the data, filtered
// totals, labels that contradict each other, parts that do not add up, weeks named wrongly, wide
// tables, lost headers and scroll, Back leaving the page, printing, and French all the way. Run by
// demo-ledger.test.ts, on the server and browser it shares with the other demo-ledger tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { screenshot, settled, visit, type DemoContext, type RunningServer } from './server.ts';
import { readPdf } from '../pdf.ts';
import { formatDate, formatMoney } from '../../src/lib/format.ts';
import { en, fill, fr } from '../../src/lib/i18n/messages.ts';
import { monthLabel } from '../../src/lib/charts/dso.ts';
import { weekLabel } from '../../src/lib/charts/forecast.ts';
import type { AgingReport, ClientsReport, DsoReport, ForecastReport, ForecastReview, ForecastSnapshot, Status } from '../../src/lib/contract/index.ts';

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

/** The Forecast page's split of the open invoices (in the plan, later, never) adds up to their total, to the cent, the API's. */
async function expectSplitAddingUp(page: Page, plan: ForecastReport): Promise<void> {
  await page.getByTestId('forecast-open-split').waitFor();
  const cents = (testId: string) => page.getByTestId(testId).innerText().then((t) => Math.round(amount(t) * 100));
  const [total, inPlan, later, never] = await Promise.all([cents('forecast-open-total'), cents('split-plan'), cents('split-later'), cents('split-uncollected')]);
  expect(inPlan + later + never).toBe(total);
  expect(total).toBe(Math.round((plan.totals.open_amount + plan.totals.disputed_amount) * 100));
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
      await expectSplitAddingUp(page, plan);
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
      const every = ['/', '/dso', '/dso?view=amounts', '/aging', '/clients', '/clients/C00119', '/forecast', '/forecast?view=review', '/forecast?view=quality', '/forecast?week=1', '/provisions', '/levers?discount_rate=0.01&cost_of_funds=0.1', '/pack', '/imports', '/collections', '/collections?view=reminders', '/users', '/account', '/login'];
      // every page in French; in English (longer words in places), the pages with the widest content
      for (const [locale, paths] of [['fr', every], ['en', ['/', '/aging', '/clients', '/forecast']]] as const) {
        const page = await open(390, locale);
        for (const path of paths) {
          await visit(page, `${server.url}${path}`);
          await page.locator('main h1').first().waitFor();
          await settled(page);
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
      await settled(page);
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
      // as the browser prints it: A4, the table on landscape pages (the stylesheet's @page)
      const pdf = await readPdf(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
      const text = norm(pdf.text.join(' '));
      expect(text).toContain(`${fr.aging.doubtful} ${fr.aging.shareOverdue} ${fr.aging.oldest}`);
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

  describe('printed on A4', () => {
    // A4 less the 12 mm margins of the print stylesheet (app.css @page): 186 mm, 703 CSS pixels
    const A4_CONTENT = 703;

    it('lays the overview out within the page, its DSO chart above nothing but its own panel', async () => {
      const page = await (await browser.newContext({ viewport: { width: A4_CONTENT, height: 1000 }, reducedMotion: 'reduce' })).newPage();
      try {
        await page.emulateMedia({ media: 'print' });
        await page.goto(`${server.url}/`);
        await page.getByTestId('overview-next-weeks').locator('tbody tr').first().waitFor();
        await page.getByTestId('overview-buckets').locator('canvas').waitFor();
        const boxes = await page.locator('main .columns > section').evaluateAll((sections) =>
          sections.map((s) => {
            const r = s.getBoundingClientRect();
            const chart = s.querySelector('canvas')?.getBoundingClientRect();
            return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, chart: chart && { right: chart.right, bottom: chart.bottom } };
          }),
        );
        expect(boxes.length).toBe(4);
        for (const [i, b] of boxes.entries()) {
          expect(b.right, `panel ${i}`).toBeLessThanOrEqual(A4_CONTENT + 1);
          // a chart stays inside its panel (the DSO chart used to run over "Clients les plus en retard")
          if (b.chart) {
            expect(b.chart.right, `chart of panel ${i}`).toBeLessThanOrEqual(b.right + 1);
            expect(b.chart.bottom, `chart of panel ${i}`).toBeLessThanOrEqual(b.bottom + 1);
          }
          for (const other of boxes.slice(i + 1)) {
            const overlap = Math.min(b.right, other.right) - Math.max(b.left, other.left) > 1 && Math.min(b.bottom, other.bottom) - Math.max(b.top, other.top) > 1;
            expect(overlap, `panels ${i} and ${boxes.indexOf(other)} overlap`).toBe(false);
          }
        }
      } finally {
        await page.context().close();
      }
    });

    it('prints the aged balance on landscape pages that hold every column, the last one included', async () => {
      // A4 landscape less the margins: 273 mm, 1 032 CSS pixels
      const page = await (await browser.newContext({ viewport: { width: 1032, height: 1000 }, reducedMotion: 'reduce' })).newPage();
      try {
        await page.emulateMedia({ media: 'print' });
        await page.goto(`${server.url}/aging`);
        await page.getByTestId('aging-table').waitFor();
        await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
        const table = page.getByTestId('aging-table');
        expect(await table.evaluate((t) => getComputedStyle(t.closest('.table-wrap')!).page)).toBe('landscape');
        // the column names print (they are the sort buttons on screen), the last one inside the page
        const headers = await table.locator('thead th').evaluateAll((ths) => ths.map((th) => ({ text: (th as HTMLElement).innerText.trim(), right: th.getBoundingClientRect().right })));
        expect(headers.at(-1)!.text).toBe(fr.aging.oldest);
        for (const h of headers) {
          expect(h.text.length, 'a column without its name').toBeGreaterThan(0);
          expect(h.right, h.text).toBeLessThanOrEqual(1032 + 1);
        }
        const lastCells = await table.locator('tbody tr td:last-child').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect().right));
        expect(Math.max(...lastCells)).toBeLessThanOrEqual(1032 + 1);
      } finally {
        await page.context().close();
      }
    });
  });

  // The defects above, checked again on a phone and in English (the tests above run at 1440 px in
  // French): the texts expected are the UI's own, from its catalogue, in the page's language.
  describe.each([
    [390, 'fr'],
    [1440, 'en'],
    [390, 'en'],
  ] as const)('at %i px in %s', (width, locale) => {
    const m = locale === 'fr' ? fr : en;

    it('refuses a date after the data, and totals a filtered table as filtered', async () => {
      const status = await get<Status>('/api/status');
      const report = await get<AgingReport>('/api/aging');
      const page = await open(width, locale);
      await visit(page, `${server.url}/aging?as_of=2030-01-01`);
      await page.getByTestId('load-error').waitFor();
      // the server's message, in the page's language, names the last date with data
      const error = norm(await page.getByTestId('load-error').innerText());
      expect(error.includes(norm(formatDate(status.as_of_date, locale))) || error.includes(status.as_of_date!), error).toBe(true);
      expect(await page.getByTestId('reconciliation').count()).toBe(0);

      const matching = report.clients.filter((c) => (c.client_name ?? '').includes('Pharmacie'));
      await visit(page, `${server.url}/aging?q=Pharmacie`);
      await page.getByTestId('aging-table').waitFor();
      const total = Math.round(matching.reduce((sum, c) => sum + c.total, 0) * 100) / 100;
      expect(norm(await page.getByTestId('aging-grand-total').innerText())).toBe(norm(formatMoney(total, locale)));
      expect(norm(await page.getByTestId('aging-totals-label').innerText())).toBe(norm(fill(m.aging.totalsFiltered, { n: matching.length })));
      expect(norm(await page.getByTestId('aging-count').innerText())).toContain(norm(fill(m.aging.filteredCount, { n: matching.length, total: report.clients.length })));
      expect(norm(await page.getByTestId('aged-total').innerText())).toBe(norm(formatMoney(report.totals.total, locale)));
      // nothing wider than the screen
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    });

    it('keeps the headers and the client column of the tables in view, with the sort arrow', async () => {
      const page = await open(width, locale);
      for (const [path, testId] of [['/clients', 'clients-table'], ['/aging', 'aging-table']] as const) {
        await visit(page, `${server.url}${path}`);
        await page.getByTestId(testId).waitFor();
        expect(await page.locator('th[aria-sort=descending] button.link').first().evaluate((b) => getComputedStyle(b, '::after').content), path).toContain('▼');
        // scrolled down and sideways inside its box: the header row stays on top, the client column at
        // the left (measured in one go: the charts above may still move the box down meanwhile)
        const at = await page.getByTestId(testId).evaluate((table) => {
          const wrap = table.closest('.table-wrap')!;
          wrap.scrollTop = 400;
          wrap.scrollLeft = 300;
          const box = wrap.getBoundingClientRect();
          const head = table.querySelector('thead th')!.getBoundingClientRect();
          const cell = table.querySelector('tbody tr td')!.getBoundingClientRect();
          return { right: box.right, header: head.top - box.top, column: cell.left - box.left, scrolled: wrap.scrollTop };
        });
        expect(at.right, path).toBeLessThanOrEqual(width);
        expect(at.scrolled, `${path} scrolls inside its box`).toBeGreaterThan(0);
        expect(Math.abs(at.header), `${path} header`).toBeLessThan(3);
        expect(Math.abs(at.column), `${path} client column`).toBeLessThan(3);
      }
    });

    it("lists a client's open items first, by pages; Back undoes a sort, then returns to the list", async () => {
      const page = await open(width, locale);
      await visit(page, `${server.url}/clients`);
      await page.getByTestId('clients-table').waitFor();
      await page.locator('th button.link', { hasText: m.clients.invoices }).click();
      await expect.poll(() => page.url()).toContain('sort=invoices_12m');
      await page.getByTestId('clients-table').locator('tbody tr').first().locator('a').first().click();
      await page.getByTestId('client-items').waitFor();
      const isOpen = await page.getByTestId('client-items').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.classList.contains('open')));
      expect(isOpen.length).toBe(50);
      // the open items first: none after the first settled one
      expect(isOpen[0]).toBe(true);
      expect(isOpen.slice(isOpen.indexOf(false) === -1 ? isOpen.length : isOpen.indexOf(false)).every((o) => !o)).toBe(true);
      expect(await page.locator('nav.pager').count()).toBe(1);
      await page.getByTestId('back').click();
      await page.getByTestId('clients-table').waitFor();
      expect(page.url()).toContain('sort=invoices_12m');
      await page.goBack();
      await expect.poll(() => page.url()).not.toContain('sort=');
      expect(new URL(page.url()).pathname).toBe('/clients');
    });

    it('explains a change in days late that is not a trend, without calling the risk factor a deterioration', async () => {
      const report = await get<ClientsReport>('/api/clients');
      const stable = report.clients.find((c) => c.trend === 'stable' && c.trend_change_days !== null && Math.abs(c.trend_change_days) >= report.trend_thresholds.min_change_days)!;
      const page = await open(width, locale);
      await visit(page, `${server.url}/clients/${stable.client_id}`);
      await page.getByTestId('trend-note').waitFor();
      // the note's fixed words: the catalogue's text without its {change} and {days}
      const words = m.clients.trendNotSignificant.split(/\{\w+\}/).map((part) => norm(part)).filter((part) => part.length > 12);
      const note = norm(await page.getByTestId('trend-note').innerText());
      for (const part of words) expect(note).toContain(part);
      expect((await page.getByTestId('client-risk').innerText()).toLowerCase()).not.toContain(m.clients.trends.deteriorating.toLowerCase());
    });

    it('adds up the forecast parts to the cent and names the weeks by their dates', async () => {
      const plan = await get<ForecastReport>('/api/forecast');
      const page = await open(width, locale);
      await visit(page, `${server.url}/forecast`);
      await expectSplitAddingUp(page, plan);
      expect(await page.getByTestId('week-label').allInnerTexts()).toEqual(plan.weeks.map((w) => weekLabel(w, locale)));
    });

    it('gives the overview column headers, units, a dated DSO trend, and every page its title', async () => {
      const dso = await get<DsoReport>('/api/dso');
      const page = await open(width, locale);
      await visit(page, `${server.url}/`);
      await page.getByTestId('kpis').waitFor();
      expect(await page.getByTestId('largest-overdue').locator('thead th').allInnerTexts()).toEqual([m.aging.client, m.overview.overdueAmount, m.overview.oldestOverdue]);
      const unit = locale === 'fr' ? 'j' : 'd';
      expect(norm(await page.getByTestId('kpi-dso').innerText())).toMatch(new RegExp(`[+-]?\\d+[.,]\\d ${unit} ${m.overview.vsLastMonth}`));
      expect(norm(await page.getByTestId('kpi-overdue').innerText())).toMatch(locale === 'fr' ? /\d %/ : /\d%/);
      // the DSO trend is dated: its description runs from the first month to the last, in the page's language
      await expect.poll(() => page.locator('main [aria-label]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))).toContainEqual(
        expect.stringContaining(`${monthLabel(dso.months[0].month_end, locale)} – ${monthLabel(dso.months.at(-1)!.month_end, locale)}`),
      );
      for (const [path, title] of [['/aging', m.aging.title], ['/clients', m.clients.title], ['/dso', m.nav.dso], ['/forecast', m.nav.forecast], ['/imports', m.imports.title]]) {
        await visit(page, `${server.url}${path}`);
        await expect.poll(() => page.title()).toBe(`${title} · Encours`);
      }
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(m.common.skip);
    });

    it('pages the weekly review', async () => {
      const { snapshots } = await get<{ snapshots: ForecastSnapshot[] }>('/api/forecast/snapshots');
      const previous = snapshots.find((x) => x.as_of < snapshots[0].as_of)!;
      const review = await get<ForecastReview>(`/api/forecast/review?previous=${previous.snapshot_id}&current=${snapshots[0].snapshot_id}`);
      expect(review.clients.length).toBeGreaterThan(30);
      const page = await open(width, locale);
      await visit(page, `${server.url}/forecast?view=review`);
      await page.getByTestId('review-clients').waitFor();
      expect(norm(await page.getByTestId('review-clients-shown').innerText())).toBe(norm(fill(m.forecast.review.shown, { from: 1, to: 30, total: review.clients.length })));
      await page.getByTestId('review-clients-pager').getByRole('button', { name: m.common.next }).click();
      await expect.poll(async () => norm(await page.getByTestId('review-clients-shown').innerText())).toBe(norm(fill(m.forecast.review.shown, { from: 31, to: Math.min(60, review.clients.length), total: review.clients.length })));
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
