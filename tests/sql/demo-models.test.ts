// The behaviour, risk and forecast models on the generated demo ledger against the generator's
// ground truth: the clients it made chronically late, deteriorating or defaulting are found, and
// the risk score and the cash forecast beat their naive baselines out of time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoTruth } from '../../src/server/demo/generate.ts';
import type { Settings } from '../../src/server/models/settings.ts';
import { clientsReport } from '../../src/server/reports/clients.ts';
import { backtestRisk } from '../../src/server/risk/backtest.ts';
import { backtestAt } from '../../src/server/forecast/backtest.ts';
import { calibratedRange } from '../../src/server/forecast/calibration.ts';
import { forecastAt, refreshSnapshot, saveSnapshot, snapshotReport } from '../../src/server/forecast/snapshots.ts';
import { riskReport } from '../../src/server/reports/risk.ts';
import { monthEnds } from '../../src/server/risk/model.ts';
import { addMonths } from '../../src/server/util/dates.ts';
import { openDemoCopy, type DemoDb } from '../helpers.ts';

let t: DemoDb;
let truth: DemoTruth;
let settings: Settings;

beforeAll(async () => {
  t = await openDemoCopy();
  ({ truth, settings } = t);
});
afterAll(() => t.cleanup());


describe('the models find what the generator put in', () => {
  it('the clients made chronically late come out at risk or rarely on time', async () => {
    // measured: 25 of 25 at the export date; the floor leaves room for generator changes
    const report = await clientsReport(t.db, { asOf: truth.export_date, entity: null, settings });
    const byId = new Map(report.clients.map((c) => [c.client_id, c]));
    const chronic = truth.clients.filter((c) => c.segment === 'chronically_late' && byId.has(c.client_id));
    expect(chronic.length).toBeGreaterThan(15);
    const flagged = chronic.filter((c) => byId.get(c.client_id)!.segment === 'at_risk' || (byId.get(c.client_id)!.on_time_share_12m ?? 1) < 0.2);
    expect(flagged.length / chronic.length).toBeGreaterThanOrEqual(0.9);
    // and punctual clients are not put at risk for lateness alone
    const punctual = truth.clients.filter((c) => c.segment === 'punctual' && byId.get(c.client_id)?.segment === 'at_risk' && (byId.get(c.client_id)!.oldest_days_past_due ?? 0) <= 90);
    expect(punctual.filter((c) => byId.get(c.client_id)!.trend !== 'deteriorating')).toEqual([]);
  });

  it('labels the clients made deteriorating within 3 months of their change, and few others', async () => {
    // The generator changes a client's behaviour for the invoices issued from its change date, so
    // the ledger can show the change only once the first of them falls due (with 45 days end of
    // month terms, up to 3 months after the change): the 3 months run from that due date.
    // Measured, weekly as-of dates: 12 of 12 labelled within 3 months (every one within 12
    // weeks); over five generator seeds 65 of 74 (88 %), the misses being clients invoiced less
    // than once a month. False alarms: "deteriorating" at 2.1 % of month-ends for steady clients
    // (119/5570), 5.0 % for seasonal ones once a year-ago season exists (26/519).
    const DAY = 86_400_000;
    const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString().slice(0, 10);
    const trendOf = async (asOf: string, client: string) => (await clientsReport(t.db, { asOf, entity: null, client, settings, withRisk: false })).clients[0]?.trend;
    const changed = truth.clients.filter((c) => c.segment === 'deteriorating' && c.change_date);
    let checked = 0;
    let within3 = 0;
    for (const c of changed) {
      const firstDue = truth.invoices!.filter((i) => i.client_id === c.client_id && i.invoice_date >= c.change_date!).map((i) => i.due_date).sort()[0];
      if (!firstDue || plus(firstDue, 91) > truth.export_date) continue;
      checked++;
      for (let d = 0; d <= 91; d += 7) {
        if ((await trendOf(plus(firstDue, d), c.client_id)) === 'deteriorating') {
          within3++;
          break;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    expect(within3 / checked).toBeGreaterThanOrEqual(0.8);

    const falseAlarms = { steady: [0, 0], seasonal: [0, 0] };
    for (const asOf of monthEnds('2024-02-01', truth.export_date)) {
      const byId = new Map((await clientsReport(t.db, { asOf, entity: null, settings, withRisk: false })).clients.map((c) => [c.client_id, c.trend]));

      for (const c of truth.clients) {
        // a seasonal client is only told from a deteriorating one once there is a season a year before to compare with
        const kind = c.segment === 'seasonal' ? (asOf >= '2025-04-01' ? 'seasonal' : null) : ['punctual', 'mildly_late', 'chronically_late'].includes(c.segment) ? 'steady' : null;
        if (!kind || !byId.has(c.client_id)) continue;
        falseAlarms[kind][1]++;
        if (byId.get(c.client_id) === 'deteriorating') falseAlarms[kind][0]++;
      }
    }
    expect(falseAlarms.steady[0] / falseAlarms.steady[1]).toBeLessThan(0.04);
    expect(falseAlarms.seasonal[0] / falseAlarms.seasonal[1]).toBeLessThan(0.08);
  });

  it('the risk score beats the days-past-due baseline out of time (AUC ≥ 0.85)', async () => {
    // Measured: AUC 0.856 against 0.791 for the baseline, over 16 monthly origins (2025-01 to
    // 2026-04), 3 530 client-months and 223 default events. About 100 of those events are disputed
    // invoices of clients that otherwise pay well: the FEC does not say an invoice is disputed, so
    // no score built on it can see them coming, which is what keeps the AUC near 0.85.
    const result = await backtestRisk(t.db, settings, { entity: null });
    if ('reason' in result) throw new Error(result.reason);
    expect(result.origins.length).toBeGreaterThanOrEqual(12);
    expect(result.events).toBeGreaterThan(100);
    expect(result.model.auc!).toBeGreaterThanOrEqual(0.85);
    expect(result.model.auc!).toBeGreaterThan(result.baseline.auc! + 0.03);
    // calibrated: the riskiest tenth is predicted within a third of what happened, and ranks above the safest
    const top = result.model.calibration.at(-1)!;
    expect(Math.abs(top.mean_predicted - top.observed_rate)).toBeLessThan(top.observed_rate / 3);
    expect(top.observed_rate).toBeGreaterThan(5 * result.model.calibration[0].observed_rate);
    // the collections' candidate factors (broken promises, disputes opened in the app): the demo's
    // year of collections history starts in November 2025, after the last month the backtest learns
    // from (April 2026 − 6 months): nothing to assess yet, and the model stays without them
    expect(result.collections_factors).toMatchObject({ features: ['broken_promise_share', 'open_dispute_share'], kept: false, with: null, without: { auc: result.model.auc } });
  });

  it('defaulting clients score among the riskiest before they stop paying', async () => {
    // At the month-end before each defaulting client stops paying (its default start in the
    // generator), scored with a model fitted on what was known then. Measured: 11 of the 13 such
    // clients in the riskiest 20 % of the clients scored, 12 of 13 in the medium or high band.
    const checked: { client: string; rank: number; band: string | null }[] = [];
    for (const c of truth.clients.filter((c) => c.segment === 'defaulting' && c.default_start)) {
      const asOf = monthEnds(addMonths(c.default_start!, -1), c.default_start!).at(-1)!;
      if (asOf < '2024-12-31') continue; // the model needs a year of history to learn from
      const report = await riskReport(t.db, settings, { asOf, entity: null });
      const scored = report.clients.filter((r) => r.status === 'scored').sort((a, b) => b.probability! - a.probability!);
      const at = scored.findIndex((r) => r.client_id === c.client_id);
      if (at >= 0) checked.push({ client: c.client_id, rank: (at + 1) / scored.length, band: scored[at].band });
    }
    expect(checked.length).toBeGreaterThanOrEqual(10);
    expect(checked.filter((c) => c.rank <= 0.2).length / checked.length).toBeGreaterThanOrEqual(0.75);
    expect(checked.filter((c) => c.band !== 'low').length / checked.length).toBeGreaterThanOrEqual(0.8);
  });

  it('the cash forecast beats both naive baselines by 30 %; its range, calibrated on the backtest, holds 75-85 % of weeks out of sample', async () => {
    // Measured: WAPE 15.5 % against 25.5 % (due date + mean delay) and 85.4 % (due date), 39 %
    // lower; P10-P90 coverage 84.9 % (simulation) and 84.0 % calibrated, judged out of sample,
    // over 26 origins × 13 weeks. On other seeds: 50-58 % lower.
    // 300 simulations a forecast: the P10 and P90 within a percent or two of 1,000's, three times sooner
    const fast = { ...settings, forecast: { ...settings.forecast, simulations: 300 } };
    const at = { asOf: truth.export_date, entity: null };
    // the demo's preparation computed the backtest and kept it in the file (tests/demo.ts): set
    // aside here, as after an import, before the backtest is done
    expect(fast).toEqual(settings);
    await t.db.write((s) => s.run(`CREATE TABLE set_aside AS SELECT * FROM kept_answers WHERE name = 'forecast-backtest|null'; DELETE FROM kept_answers`));
    // before the backtest: the simulation's range, and the page says why
    const raw = (await forecastAt(t.db, fast, at)).report;
    expect(raw.method.range).toMatchObject({ method: 'simulation', reason: 'backtest_pending' });
    // the snapshot an import saves comes before the backtest
    const snapshot = await saveSnapshot(t.db, fast, { ...at, reason: 'import' });
    // the backtest is done
    expect(await t.db.write((s) => s.one<{ n: number }>(`INSERT INTO kept_answers SELECT * FROM set_aside RETURNING 1 AS n`))).toEqual({ n: 1 });
    const quality = await backtestAt(t.db, fast, null);
    if (!quality.available) throw new Error(quality.reason);
    expect(quality.origins).toHaveLength(26);
    expect(quality.model.wape).toBeLessThan(0.7 * Math.min(quality.due_date.wape, quality.shifted.wape));
    expect(quality.model.coverage).toBeGreaterThanOrEqual(0.7);
    expect(quality.model.coverage).toBeLessThanOrEqual(0.9);
    for (const series of [quality.calibration.open, quality.calibration.total]) {
      expect(series.calibrated_origins).toBe(26);
      expect(series.coverage).toBeGreaterThanOrEqual(0.75);
      expect(series.coverage).toBeLessThanOrEqual(0.85);
    }
    // better from the first week on
    expect(quality.model.wape_by_week[0]).toBeLessThan(quality.shifted.wape_by_week[0]);
    // once it is computed, the plan's range is calibrated on it: each week's half-range scaled by its horizon's bounds
    const plan = (await forecastAt(t.db, fast, at)).report;
    expect(plan.method.range).toMatchObject({ method: 'calibrated', origins: 26 });
    plan.weeks.forEach((w, i) => {
      const g = plan.method.range.total.find((x) => w.week >= x.from_week && w.week <= x.to_week)!;
      expect([w.p10, w.p90]).toEqual(calibratedRange(raw.weeks[i].expected, raw.weeks[i].p10, raw.weeks[i].p90, g));
      expect(w.expected).toBe(raw.weeks[i].expected);
    });
    // the snapshot is brought up to it, once: the same number, the plan's weeks and method
    expect(await refreshSnapshot(t.db, fast, snapshot)).toBe(true);
    const stored = (await snapshotReport(t.db, snapshot.snapshot_id))!;
    expect([stored.method.range.method, stored.weeks[0].p10, stored.weeks[0].p90]).toEqual(['calibrated', plan.weeks[0].p10, plan.weeks[0].p90]);
    expect(await refreshSnapshot(t.db, fast, snapshot)).toBe(false);
  });
});
