// The dashboard in a real browser on the demo ledger: every page shows the API's figures, the
// aged balance follows its as-of date, the drill-down reaches the client's items. Screenshots of
// each page are saved in docs/screenshots/ for the README by `npm run screenshots`. Run by
// demo-ledger.test.ts, on the server and browser it shares with the other demo-ledger tests.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { screenshot, visit, type DemoContext, type RunningServer } from './server.ts';
import { formatMoney, formatNumber } from '../../src/lib/format.ts';
import { formatPercent } from '../../src/lib/format.ts';
import type { CreditReport, ExpectedLossReport } from '../../src/lib/contract/index.ts';
import type { ProvisionsReport, AgingReport, ClientItemsReport, ClientsReport, DsoReport, ForecastQuality, ForecastReport, ForecastReview, ForecastSnapshot, ForecastWeekDetail, RiskQuality } from '../../src/lib/contract/index.ts';
import type { ProvisionMovementReport, ProvisionWriteOffsReport } from '../../src/lib/contract/index.ts';

let server: RunningServer;
let page: Page;
const get = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T;
const text = async (testId: string) => (await page.getByTestId(testId).first().innerText()).replace(/\s+/g, ' ').trim();
const norm = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

export function dashboardTests(ctx: DemoContext): void {
  beforeAll(async () => {
    server = ctx.server;
    page = await (await ctx.browser.newContext({ viewport: { width: 1300, height: 900 }, reducedMotion: 'reduce' })).newPage();
  });

  describe('dashboard on the demo ledger', () => {
    it('overview tiles show the aged balance and the DSO of the API', async () => {
      const aging = await get<AgingReport>('/api/aging');
      const dso = await get<DsoReport>('/api/dso');
      await visit(page, `${server.url}/`);
      await page.getByTestId('kpis').waitFor();
      expect(norm(await text('kpi-receivables'))).toContain(norm(formatMoney(aging.totals.total, 'fr')));
      expect(norm(await text('kpi-overdue'))).toContain(norm(formatMoney(aging.totals.overdue, 'fr')));
      const last = dso.months[dso.months.length - 1];
      expect(norm(await text('kpi-dso'))).toContain(`${norm(formatNumber(last.dso_countback, 'fr', 1))} jours`);
      const plan = await get<ForecastReport>('/api/forecast');
      const next4 = Math.round(plan.weeks.slice(0, 4).reduce((s, w) => s + w.expected, 0) * 100) / 100;
      await expect.poll(async () => norm(await text('kpi-forecast'))).toContain(norm(formatMoney(next4, 'fr')));
      // no credit limit recorded on this ledger: the tile says so rather than "none over"
      const credit = await get<CreditReport>('/api/credit');
      expect(credit.totals.clients_with_limit).toBe(0);
      await expect.poll(async () => norm(await text('kpi-credit'))).toContain('Aucune limite enregistrée');
      await screenshot(page, 'overview');
    });

    it('the DSO page shows the series of the chosen method', async () => {
      const dso = await get<DsoReport>('/api/dso');
      const last = dso.months[dso.months.length - 1];
      await visit(page, `${server.url}/dso`);
      await page.getByTestId('dso-table').waitFor();
      expect(await text('dso-value')).toBe(formatNumber(last.dso_countback, 'fr', 1));
      await screenshot(page, 'dso');
      await page.selectOption('[data-testid=dso-method]', 'simple_3m');
      await expect.poll(() => text('dso-value')).toBe(formatNumber(last.dso_simple_3m, 'fr', 1));
      expect(page.url()).toContain('method=simple_3m');
    });

    it('the aged balance follows its as-of date and stays reconciled', async () => {
      const latest = await get<AgingReport>('/api/aging');
      const past = await get<AgingReport>('/api/aging?as_of=2025-06-30');
      expect(past.totals.total).not.toBe(latest.totals.total);
      await visit(page, `${server.url}/aging`);
      await page.getByTestId('aging-table').waitFor();
      expect(norm(await text('aged-total'))).toBe(norm(formatMoney(latest.totals.total, 'fr')));
      await page.fill('[data-testid=as-of-input]', '2025-06-30');
      await expect.poll(async () => norm(await text('aged-total'))).toBe(norm(formatMoney(past.totals.total, 'fr')));
      expect(norm(await text('reconciliation'))).toContain('Écart 0,00 € (rapproché)');
      expect(norm(await text('aging-grand-total'))).toBe(norm(formatMoney(past.totals.total, 'fr')));
      expect(page.url()).toContain('as_of=2025-06-30');
      await page.getByTestId('aging-history').waitFor();
      await screenshot(page, 'aging');
    });

    it('shows the doubtful debts (416) in a column of their own, aged by their invoices, and filters on them', async () => {
      const latest = await get<AgingReport>('/api/aging');
      const doubtful = latest.clients.filter((c) => c.doubtful !== 0);
      expect(doubtful.length).toBeGreaterThan(0);
      expect(latest.doubtful.difference).toBe(0);
      await visit(page, `${server.url}/aging`);
      await page.getByTestId('aging-table').waitFor();
      // (the table at the date before stays on screen until the latest date's answer is in)
      await expect.poll(async () => norm(await text('aging-doubtful'))).toBe(norm(`dont créances douteuses (416) ${formatMoney(latest.totals.doubtful, 'fr')}`));
      await page.getByTestId('aging-doubtful-only').check();
      await expect.poll(() => page.getByTestId('aging-table').locator('tbody tr').count()).toBe(Math.min(50, doubtful.length));
      expect(page.url()).toContain('doubtful=only');
      expect(norm(await text('aging-doubtful-total'))).toBe(norm(formatMoney(latest.totals.doubtful, 'fr')));
      // the filtered table's total is the doubtful clients' total: their 416 and what they still owe on 411
      expect(norm(await text('aging-grand-total'))).toBe(norm(formatMoney(doubtful.reduce((s, c) => s + c.total, 0), 'fr')));
      await page.getByTestId('aging-doubtful-only').uncheck();
      await expect.poll(() => page.url()).not.toContain('doubtful=only');
      // a doubtful client's page: its invoices on 416 since their transfer, keeping their due dates
      await visit(page, `${server.url}/clients/${encodeURIComponent(doubtful[0].client_id)}`);
      await page.getByTestId('client-items').waitFor();
      await expect.poll(() => page.getByTestId('client-items').innerText()).toMatch(/facture en 416 depuis le \d\d\/\d\d\/\d{4}/);
      const past = await get<AgingReport>('/api/aging?as_of=2025-06-30');
      await visit(page, `${server.url}/aging?as_of=2025-06-30`);
      await expect.poll(async () => norm(await text('aged-total'))).toBe(norm(formatMoney(past.totals.total, 'fr')));
    });

    it('drills down from the aged balance to a client’s items', async () => {
      const past = await get<AgingReport>('/api/aging?as_of=2025-06-30');
      const first = past.clients[0];
      await page.getByTestId('client-link').first().click();
      await page.getByTestId('client-items').waitFor();
      expect(page.url()).toContain(`/clients/${first.client_id}`);
      expect(norm(await text('client-open'))).toBe(norm(formatMoney(first.total, 'fr')));
      const items = await get<ClientItemsReport>(`/api/clients/${first.client_id}/items?as_of=2025-06-30`);
      // by pages of 50, the open items first
      expect(await page.getByTestId('client-items').locator('tbody tr').count()).toBe(Math.min(50, items.items.length));
      const open = items.items.filter((i) => i.open_amount !== 0).length;
      if (open) expect(await page.getByTestId('client-items').locator('tbody tr').first().getAttribute('class')).toContain('open');
      const behaviour = (await get<ClientsReport>(`/api/clients?as_of=2025-06-30&client=${first.client_id}`)).clients[0];
      await page.getByTestId('client-behaviour').waitFor();
      expect(norm(await text('mean-late'))).toBe(behaviour.mean_days_late_12m === null ? '–' : `${norm(formatNumber(behaviour.mean_days_late_12m, 'fr', 1))} jours`);
      await screenshot(page, 'client');
    });
  });

  describe('clients', () => {
    it('lists every client’s behaviour and segment, and filters by segment', async () => {
      const report = await get<ClientsReport>('/api/clients');
      await visit(page, `${server.url}/clients`);
      await page.getByTestId('clients-table').waitFor();
      const first = report.clients[0]; // sorted by open amount, as the page
      const firstRow = page.getByTestId('clients-table').locator('tbody tr').first();
      // the client column: its name, its code below
      expect((await firstRow.locator('td').first().innerText()).split('\n')).toEqual([first.client_name ?? first.client_id, first.client_id]);
      expect(norm(await firstRow.innerText())).toContain(norm(formatMoney(first.open_amount, 'fr')));
      await page.getByTestId('definitions').locator('summary').click();
      expect(await text('segment-help')).toContain(`${report.thresholds.at_risk_mean_days_late} jours`);
      expect(norm(await text('risk-help'))).toContain(`${norm(formatNumber(report.risk.model!.training_events, 'fr'))} défauts`);
      await page.getByTestId('definitions').locator('summary').click();
      await screenshot(page, 'clients');
      const atRisk = report.clients.filter((c) => c.segment === 'at_risk').length;
      await page.selectOption('[data-testid=segment-filter]', 'at_risk');
      await expect.poll(() => page.getByTestId('segment').count()).toBe(Math.min(atRisk, 50));
      expect(new Set(await page.getByTestId('segment').allInnerTexts())).toEqual(new Set(['à risque']));
      expect(page.url()).toContain('segment=at_risk');
    });

    it('sorts and filters by risk, and shows the risk model’s validation', async () => {
      const report = await get<ClientsReport>('/api/clients');
      await visit(page, `${server.url}/clients?sort=risk_score&dir=desc`);
      await page.getByTestId('clients-table').waitFor();
      // clients in default first, then the highest score
      const ranked = report.clients.filter((c) => c.risk_band !== null).sort((a, b) => (b.risk_band === 'in_default' ? 101 : b.risk_score!) - (a.risk_band === 'in_default' ? 101 : a.risk_score!));
      const firstScored = ranked.find((c) => c.risk_band !== 'in_default')!;
      const scoredRow = page.getByTestId('clients-table').locator('tbody tr', { hasText: firstScored.client_id }).first();
      expect(norm(await scoredRow.getByTestId('risk').innerText())).toContain(String(firstScored.risk_score));
      const high = report.clients.filter((c) => c.risk_band === 'high').length;
      expect(high).toBeGreaterThan(0);
      await page.selectOption('[data-testid=risk-filter]', 'high');
      await expect.poll(() => page.getByTestId('risk').count()).toBe(Math.min(high, 50));
      expect(new Set((await page.getByTestId('risk').allInnerTexts()).map((x) => x.replace(/^\d+\s*/, '').trim()))).toEqual(new Set(['élevé']));

      const quality = await get<RiskQuality>('/api/risk/quality');
      if (!quality.available) throw new Error(quality.reason);
      await page.getByTestId('risk-quality').scrollIntoViewIfNeeded();
      await page.getByTestId('auc-model').waitFor();
      expect(await text('auc-model')).toBe(formatNumber(quality.model.auc!, 'fr', 3));
      expect(await text('auc-baseline')).toBe(formatNumber(quality.baseline.auc!, 'fr', 3));
      expect(await page.getByTestId('calibration-table').locator('tbody tr').count()).toBe(10);
      await screenshot(page.getByTestId('risk-quality'), 'risk-quality');
    });

    it('a client’s page shows its risk score and what weighs most', async () => {
      const report = await get<ClientsReport>('/api/clients');
      const client = report.clients.filter((c) => c.risk_band === 'high' && c.risk_factors.length >= 2).sort((a, b) => b.risk_score! - a.risk_score!)[0];
      await visit(page, `${server.url}/clients/${client.client_id}`);
      await page.getByTestId('client-risk').waitFor();
      await page.getByTestId('risk-score').waitFor();
      expect(await text('risk-score')).toBe(String(client.risk_score));
      expect(await page.getByTestId('risk-factors').locator('li').count()).toBe(client.risk_factors.length);
      await screenshot(page, 'client-risk');
    });

    it('a client’s page says the days it pays on, as the API finds them, and "pas de jour fixe" for one without', async () => {
      const report = await get<ClientsReport>('/api/clients');
      // the demo's clients on 45 days end of month who pay about on time pay near month-end
      const regular = report.clients.find((c) => c.payment_habit?.kind === 'monthly')!;
      expect(regular, 'a demo client with a monthly habit').toBeDefined();
      const h = regular.payment_habit!;
      await visit(page, `${server.url}/clients/${regular.client_id}`);
      await page.getByTestId('client-habit').waitFor();
      const days = h.days.filter((d) => d > 0).join(' et ');
      // polled: the client page stays mounted from the previous client's, whose answers it shows until this one's come
      await expect.poll(async () => norm(await text('client-habit'))).toBe([...(days ? [`le ${days} du mois`] : []), ...(h.days.includes(0) ? ['le dernier jour ouvré du mois'] : [])].join(' et '));
      const other = report.clients.find((c) => !c.payment_habit && c.invoices_12m > 5)!;
      await visit(page, `${server.url}/clients/${other.client_id}`);
      await expect.poll(() => text('client-habit')).toBe('pas de jour fixe');
    });
  });

  describe('forecast', () => {
    it('shows the plan of the API, and a week’s invoices on a click', async () => {
      const plan = await get<ForecastReport>('/api/forecast');
      await visit(page, `${server.url}/forecast`);
      await page.getByTestId('forecast-weeks').waitFor();
      expect(norm(await text('forecast-total'))).toBe(norm(formatMoney(plan.totals.expected, 'fr')));
      const rows = page.getByTestId('forecast-week');
      expect(await rows.count()).toBe(13);
      expect(norm(await rows.nth(0).getByTestId('week-expected').innerText())).toBe(norm(formatMoney(plan.weeks[0].expected, 'fr')));
      await page.getByTestId('forecast-chart').locator('canvas').first().waitFor();
      await screenshot(page, 'forecast');
      await rows.nth(1).click();
      await page.getByTestId('week-items').waitFor();
      const week = await get<ForecastWeekDetail>('/api/forecast/weeks/2');
      expect(await page.getByTestId('week-items').locator('tbody tr').count()).toBe(Math.min(week.items.length, 100));
      expect(page.url()).toContain('week=2');
    });

    it('reviews last week’s forecast against what came in, and saves a forecast', async () => {
      const { snapshots } = await get<{ snapshots: ForecastSnapshot[] }>('/api/forecast/snapshots');
      expect(snapshots.length).toBeGreaterThanOrEqual(2); // the demo's past weeks and its last date
      const [current, previous] = snapshots;
      const review = await get<ForecastReview>(`/api/forecast/review?previous=${previous.snapshot_id}&current=${current.snapshot_id}`);
      await visit(page, `${server.url}/forecast?view=review`);
      await page.getByTestId('review-clients').waitFor();
      expect(norm(await text('review-received'))).toBe(norm(formatMoney(review.totals.received, 'fr')));
      expect(norm(await text('review-expected'))).toBe(norm(formatMoney(review.totals.expected, 'fr')));
      await screenshot(page, 'forecast-review', { fullPage: false });
      await page.getByTestId('save-snapshot').click();
      await expect.poll(async () => (await get<{ snapshots: ForecastSnapshot[] }>('/api/forecast/snapshots')).snapshots.length).toBe(snapshots.length + 1);
    });

    it('shows the backtest of the forecast against the naive forecasts', async () => {
      const q = await get<ForecastQuality>('/api/forecast/backtest');
      if (!q.available) throw new Error(q.reason);
      await visit(page, `${server.url}/forecast?view=quality`);
      await page.getByTestId('forecast-quality-table').waitFor();
      expect(norm(await text('wape-model'))).toBe(norm(`${formatNumber(q.model.wape * 100, 'fr', 1)} %`));
      expect(norm(await text('coverage-model'))).toBe(norm(`${formatNumber(q.model.coverage * 100, 'fr', 1)} %`));
      expect(norm(await text('coverage-calibrated'))).toBe(norm(`${formatNumber(q.calibration.open.coverage * 100, 'fr', 1)} %`));
      // coverage by week ahead: a column per week
      expect(await page.getByTestId('coverage-by-week').locator('thead th').count()).toBe(q.weeks + 1);
      await screenshot(page, 'forecast-quality');
      // the backtest computed, the plan's range is calibrated on it, and the Forecast page says so
      const plan = await get<ForecastReport>('/api/forecast');
      expect(plan.method.range).toMatchObject({ method: 'calibrated', origins: q.origins.length });
      await visit(page, `${server.url}/forecast`);
      await expect.poll(() => page.getByTestId('forecast-range-method').getAttribute('data-method')).toBe('calibrated');
      expect(norm(await text('forecast-range-method'))).toContain(`calibrée sur les erreurs de la prévision dans le passé de ce grand-livre (${q.origins.length} semaines testées`);
      expect(norm(await text('forecast-habits'))).toMatch(/^Jours de paiement/);
    });
  });

  describe('provisions', () => {
    it('shows the provision required, booked and to book, per client and per invoice, as the API says, at the date asked', async () => {
      const report = await get<ProvisionsReport>('/api/provisions');
      expect(report.invoices.length).toBeGreaterThan(0);
      await visit(page, `${server.url}/provisions`);
      await page.getByTestId('provision-totals').waitFor();
      for (const [testId, value] of [['provision-required', report.totals.required], ['provision-booked', report.totals.booked], ['provision-allowance', report.totals.allowance], ['provision-reversal', report.totals.reversal], ['provision-net', report.totals.net]] as const) {
        expect(norm(await text(testId)), testId).toBe(norm(formatMoney(value, 'fr')));
      }
      expect(await page.getByTestId('provision-clients').locator('tbody tr').count()).toBe(report.clients.length);
      const first = page.getByTestId('provision-clients').locator('tbody tr').first().locator('td');
      expect(norm(await first.nth(4).innerText())).toBe(norm(formatMoney(report.clients[0].required, 'fr')));
      expect(await page.getByTestId('provision-invoices').locator('tbody tr').count()).toBe(report.invoices.length);
      expect(norm(await text('provision-rules'))).toContain('au-delà de 90 j, 25 %');
      // the entries to book, downloaded as the entity's FEC
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('provision-fec').click()]);
      expect(download.suggestedFilename()).toBe(`552081317FEC${report.as_of_date.replaceAll('-', '')}.txt`);
      const fec = readFileSync((await download.path())!, 'utf8').split('\r\n').filter(Boolean);
      expect(fec[0].split('\t')[0]).toBe('JournalCode');
      expect(fec.length).toBe(1 + 2 * report.clients.filter((c) => c.allowance > 0 || c.reversal > 0).length);
      await screenshot(page, 'provisions');
      // at an earlier closing, the figures of that date
      const earlier = await get<ProvisionsReport>('/api/provisions?as_of=2026-06-30');
      await visit(page, `${server.url}/provisions?as_of=2026-06-30`);
      await expect.poll(async () => norm(await text('provision-required'))).toBe(norm(formatMoney(earlier.totals.required, 'fr')));
      expect(await page.getByTestId('provision-invoices').locator('tbody tr').count()).toBe(earlier.invoices.length);
    });

    it('shows the movement since the previous closing and the write-offs as the API says, following the date', async () => {
      const movement = await get<ProvisionMovementReport>('/api/provisions/movement');
      const writeOffs = await get<ProvisionWriteOffsReport>('/api/provisions/write-offs');
      expect(writeOffs.write_offs.length).toBeGreaterThan(0);
      await visit(page, `${server.url}/provisions`);
      await page.getByTestId('movement-doubtful').waitFor();
      const d = movement.totals.doubtful;
      const money = (v: number) => norm(formatMoney(v, 'fr'));
      // the page may still show the movement of the date the test before left it on: wait for this one's
      await expect.poll(async () => norm(await text('movement-doubtful-closing'))).toBe(`Solde au ${movement.as_of_date.split('-').reverse().join('/')} ${money(d.closing)}`);
      // the notes' table: opening at the previous closing, decreases shown negative, the closing
      expect(norm(await text('movement-doubtful'))).toContain('depuis le 31/12/2025');
      expect(norm(await text('movement-doubtful-opening'))).toBe(`Solde à la clôture précédente ${money(d.opening)}`);
      expect(norm(await text('movement-doubtful-transfers-in'))).toContain(money(d.transfers_in));
      expect(norm(await text('movement-doubtful-write-offs'))).toContain(money(-d.write_offs));
      expect(norm(await text('movement-provision-closing'))).toContain(money(movement.totals.provision.closing));
      // the write-offs: by fiscal year, by client, in detail
      await expect.poll(async () => norm(await text('write-offs-amount'))).toBe(money(writeOffs.totals.amount));
      expect(await page.getByTestId('write-offs-years').locator('tbody tr').count()).toBe(writeOffs.years.length);
      expect(await page.getByTestId('write-offs-clients').locator('tbody tr').count()).toBe(writeOffs.clients.length);
      expect(await page.getByTestId('write-offs-lines').locator('tbody tr').count()).toBe(writeOffs.write_offs.length);
      expect(norm(await text('write-offs-vat'))).toBe(money(writeOffs.totals.vat_recovered));
      const first = writeOffs.write_offs[0];
      expect(norm(await page.getByTestId('write-offs-lines').locator('tbody tr').first().innerText())).toContain(first.invoices[0]);
      // at an earlier date: fewer write-offs, the movement of that date
      const earlier = await get<ProvisionWriteOffsReport>('/api/provisions/write-offs?as_of=2025-12-31');
      const earlierMovement = await get<ProvisionMovementReport>('/api/provisions/movement?as_of=2025-12-31');
      await visit(page, `${server.url}/provisions?as_of=2025-12-31`);
      await expect.poll(async () => norm(await text('write-offs-amount'))).toBe(money(earlier.totals.amount));
      // the two tables load apart: the movement may come after the write-offs
      await expect.poll(async () => norm(await text('movement-doubtful-closing'))).toBe(`Solde au 31/12/2025 ${money(earlierMovement.totals.doubtful.closing)}`);
      expect(norm(await text('movement-doubtful'))).toContain('depuis le 31/12/2024');
    });

    it('shows the expected-loss matrix beside the proposal as the API says, its history, and "not enough history" at an early closing', async () => {
      const report = await get<ExpectedLossReport>('/api/provisions/expected-loss');
      expect(report.status).toBe('available');
      await visit(page, `${server.url}/provisions`);
      await page.getByTestId('expected-loss-matrix').waitFor();
      // the page may still show the matrix of the date the test before left it on: wait for this one's
      await expect.poll(async () => norm(await text('expected-loss-total'))).toBe(norm(formatMoney(report.totals.expected_loss!, 'fr')));
      expect(await page.getByTestId('expected-loss-bucket').count()).toBe(report.matrix.length);
      expect(norm(await page.getByTestId('expected-loss-rate').first().innerText())).toBe(norm(formatPercent(report.matrix[0].rate, 'fr', 1)));
      for (const [testId, value] of [['expected-loss-total', report.totals.expected_loss!], ['expected-loss-specific', report.doubtful.provision], ['expected-loss-allowance', report.totals.allowance!]] as const) {
        expect(norm(await text(testId)), testId).toBe(norm(formatMoney(value, 'fr')));
      }
      expect(norm(await text('expected-loss-basis'))).toContain(`${report.month_ends} fins de mois`);
      // the month-ends used, one row each
      await page.getByTestId('expected-loss-history').locator('summary').click();
      expect(await page.getByTestId('expected-loss-months').locator('tbody tr').count()).toBe(report.month_ends);
      // at 30/06/2025 only six month-ends have their 12 months: the rates without an expected loss
      const early = await get<ExpectedLossReport>('/api/provisions/expected-loss?as_of=2025-06-30');
      expect([early.status, early.month_ends]).toEqual(['not_enough_history', 6]);
      await visit(page, `${server.url}/provisions?as_of=2025-06-30`);
      await expect.poll(async () => norm(await text('expected-loss-not-enough'))).toContain('Historique insuffisant : 6 fins de mois');
      expect(await text('expected-loss-total')).toBe('—');
      expect(await page.getByTestId('expected-loss-months').locator('tbody tr').count()).toBe(6);
    });

    it('lets an analyst decide a client’s rate with its reason — the proposal follows — and go back to the rules', async () => {
      const report = await get<ProvisionsReport>('/api/provisions');
      const top = report.clients[0];
      const money = (v: number) => norm(formatMoney(v, 'fr'));
      await visit(page, `${server.url}/provisions`);
      // the page may still show the closing the test before left it on: act on this one's
      await expect.poll(async () => norm(await text('provision-required'))).toBe(money(report.totals.required));
      const cell = page.locator(`[data-testid=provision-rate][data-client="${top.client_id}"]`);
      await cell.getByTestId('judge-rate').click();
      await cell.getByTestId('judgement-rate').fill('100');
      // a reason too short: the server's refusal, naming the field, and nothing recorded
      await cell.getByTestId('judgement-why').fill('ok');
      await cell.getByTestId('judgement-save').click();
      await expect.poll(async () => (await cell.getByTestId('judgement-error').count()) && cell.getByTestId('judgement-error').innerText()).toContain('reason');
      expect((await get<{ judgements: unknown[] }>(`/api/provisions/judgements?client=${top.client_id}`)).judgements).toEqual([]);
      await cell.getByTestId('judgement-why').fill('Liquidation judiciaire prononcée');
      await cell.getByTestId('judgement-save').click();
      await page.getByTestId('judgement-notice').waitFor();
      await expect.poll(async () => norm(await text('provision-required'))).toBe(money(Math.round((report.totals.required - top.required + top.base) * 100) / 100));
      expect(norm(await cell.getByTestId('judged-rate').innerText())).toBe(norm(formatPercent(1, 'fr', 1)));
      expect(await cell.getByTestId('judgement-reason').innerText()).toBe('Liquidation judiciaire prononcée');
      // back to the rules, saying why
      await cell.getByTestId('judge-rate').click();
      await cell.getByTestId('judgement-why').fill('Plan de continuation homologué');
      await cell.getByTestId('judgement-back').click();
      await expect.poll(async () => norm(await text('provision-required'))).toBe(money(report.totals.required));
      expect(await cell.getByTestId('judged-rate').count()).toBe(0);
      const history = await get<{ judgements: { rate: number | null; reason: string }[] }>(`/api/provisions/judgements?client=${top.client_id}`);
      expect(history.judgements.map((j) => [j.rate, j.reason])).toEqual([[null, 'Plan de continuation homologué'], [1, 'Liquidation judiciaire prononcée']]);
    });
  });

  describe('exports', () => {
    it('the aged balance downloads as a French CSV whose total equals the table’s', async () => {
      const report = await get<AgingReport>('/api/aging?as_of=2025-06-30');
      await visit(page, `${server.url}/aging?as_of=2025-06-30`);
      await page.getByTestId('aging-table').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      expect(download.suggestedFilename()).toBe('balance-agee-2025-06-30.csv');
      const csv = (await import('node:fs')).readFileSync((await download.path())!, 'utf8');
      expect(csv.startsWith('\uFEFF')).toBe(true);
      const [header, ...lines] = csv.slice(1).trim().split('\r\n');
      const columns = header.split(';');
      const totalAt = columns.indexOf('Total');
      expect(totalAt).toBeGreaterThan(0);
      expect(lines).toHaveLength(report.clients.length); // every client, not only the page shown
      const cents = lines.reduce((sum, line) => sum + Math.round(Number(line.split(';')[totalAt].replace(',', '.')) * 100), 0);
      expect(cents).toBe(Math.round(report.totals.total * 100));
      expect(norm(await text('aging-grand-total'))).toBe(norm(formatMoney(cents / 100, 'fr')));
    });

    it('a chart saves as PNG', async () => {
      await visit(page, `${server.url}/dso`);
      await page.getByTestId('dso-table').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-png').first().click()]);
      expect(download.suggestedFilename()).toBe('dso-dso-countback-consolide.png');
      const bytes = (await import('node:fs')).readFileSync((await download.path())!);
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    });

    it('the DSO table downloads as XLSX', async () => {
      await visit(page, `${server.url}/dso`);
      await page.getByTestId('dso-table').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
      expect(download.suggestedFilename()).toBe('dso-consolide.xlsx');
      const bytes = (await import('node:fs')).readFileSync((await download.path())!);
      expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    });
  });
}
