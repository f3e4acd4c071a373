// The chart builders on the API's real answers: the contract snapshots the server's tests saved
// (tests/contract). If the server changes the shape of an answer, these fail until the chart
// builders follow; if a builder starts reading a field the server does not send, they fail too.
import { describe, expect, it } from 'vitest';
import { agingBucketsOption, agingHistoryOption, bucketLabel } from '../../src/lib/charts/aging.ts';
import { dsoChanges, dsoTrendOption, receivablesSalesOption } from '../../src/lib/charts/dso.ts';
import { delayHistogram, delayHistogramOption, settledInvoices } from '../../src/lib/charts/clients.ts';
import { aucByOriginOption, calibrationOption, factorValue } from '../../src/lib/charts/risk.ts';
import { backtestWapeOption, forecastPlanOption } from '../../src/lib/charts/forecast.ts';
import { ESCOMPTE_CHART_CLIENTS, escompteGainOption } from '../../src/lib/charts/levers.ts';
import { snapshot } from '../contract/snapshots.ts';

type Series = { name?: string; data: unknown[] }[];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const cents = (x: number) => Math.round(x * 100);

describe('chart builders on the contract snapshots', () => {
  it('aged balance: one bar per bucket with its total, and the month-end history stacked by bucket', () => {
    const aging = snapshot('aging');
    const bars = agingBucketsOption(aging, 'fr') as { yAxis: { data: string[] }; series: { data: { value: number }[] }[] };
    const shown = aging.buckets.filter((b) => b.bucket !== -1);
    expect(bars.yAxis.data).toEqual(shown.map((b) => bucketLabel(b, 'fr')));
    expect(bars.series[0].data.map((d) => d.value)).toEqual(shown.map((b) => aging.totals[b.key]));
    expect(cents(sum(aging.buckets.map((b) => aging.totals[b.key])))).toBe(cents(aging.totals.total));

    const history = snapshot('agingHistory');
    const stacked = agingHistoryOption(history, 'en') as { xAxis: { data: string[] }; series: Series };
    expect(stacked.xAxis.data).toHaveLength(history.months.length);
    expect(stacked.series).toHaveLength(history.buckets.filter((b) => b.bucket !== -1).length);
    expect(stacked.series[0].data).toEqual(history.months.map((m) => m.amounts[0]));
  });

  it('DSO: the chosen method by month, its split, and its changes', () => {
    const { months } = snapshot('dso');
    const labels = { dso: 'DSO', terms: 'Terms', delay: 'Delay', days: 'days' };
    const trend = dsoTrendOption(months, 'countback', 'fr', labels) as { xAxis: { data: string[] }; series: Series };
    expect(trend.xAxis.data).toHaveLength(months.length);
    expect(trend.series.find((s) => s.name === 'DSO')!.data.at(-1)).toBeCloseTo(months.at(-1)!.dso_countback!, 1);
    const money = receivablesSalesOption(months, 'fr', { receivables: 'R', sales: 'S', overdue: 'O' }) as { series: Series };
    expect(money.series.find((s) => s.name === 'R')!.data).toEqual(months.map((m) => m.receivables));
    expect(dsoChanges(months, 'dso_countback').value).toBe(months.at(-1)!.dso_countback);
  });

  it("a client's delays: only its settled invoices, counted in the histogram", () => {
    const { items } = snapshot('clientItems');
    const settled = settledInvoices(items);
    expect(settled.every((i) => i.amount > 0 && i.settled_date !== null)).toBe(true);
    expect(sum(delayHistogram(items).map((b) => b.count))).toBe(settled.length);
    const option = delayHistogramOption(items, 'fr', { invoices: 'factures', days: 'jours' }) as { series: Series };
    expect(option.series[0].data.length).toBeGreaterThan(0);
  });

  it("risk: a client's factors read with their unit, the calibration and the AUC by origin", () => {
    const { clients } = snapshot('clients');
    const factors = clients.flatMap((c) => c.risk_factors);
    expect(factors.length).toBeGreaterThan(0);
    for (const f of factors) expect(factorValue(f, 'fr', { days: 'j', months: 'mois', yes: 'oui', no: 'non' })).not.toMatch(/NaN|undefined/);
    const quality = snapshot('riskQuality');
    expect(quality.available).toBe(true);
    if (!quality.available) return;
    const calibration = calibrationOption(quality.model.calibration, 'fr', { predicted: 'P', observed: 'O', decile: 'D' }) as { series: Series };
    expect(calibration.series[0].data).toEqual(quality.model.calibration.map((r) => r.mean_predicted));
    const auc = aucByOriginOption(quality.origins, 'fr', { model: 'M', baseline: 'B' }) as { series: Series };
    expect(auc.series[0].data).toHaveLength(quality.origins.length);
  });

  it('forecast: the past weeks then the plan, and the WAPE by week ahead of the backtest', () => {
    const plan = snapshot('forecast');
    const { weeks: past } = snapshot('forecastHistory');
    const labels = { received: 'Encaissé', forecastBefore: 'Prévu', open: 'Factures', disputed: 'Litiges', newSales: 'Ventes', range: 'P10-P90' };
    const option = forecastPlanOption(plan.weeks, past, 'fr', labels) as { xAxis: { data: string[] }; series: Series };
    expect(option.xAxis.data).toHaveLength(past.length + plan.weeks.length);
    expect(option.series.find((s) => s.name === 'Factures')!.data.slice(past.length)).toEqual(plan.weeks.map((w) => w.open_expected));
    const backtest = snapshot('forecastBacktest');
    expect(backtest.available).toBe(true);
    if (!backtest.available) return;
    const wape = backtestWapeOption(backtest, 'en', { model: 'Forecast', dueDate: 'Due', shifted: 'Shifted', week: 'week' }) as { series: Series };
    expect(wape.series[0].data).toEqual(backtest.model.wape_by_week);
  });

  it('levers: the escompte ranking’s first clients, each bar the value of its cash split into discount and gain', () => {
    const { escompte } = snapshot('levers');
    expect(escompte.ranking.length).toBeGreaterThan(ESCOMPTE_CHART_CLIENTS);
    const option = escompteGainOption(escompte.ranking, 'fr', { gain: 'Gain', discount: 'Remise' }) as { yAxis: { data: string[] }; series: Series; aria: { label: { description: string } } };
    const shown = escompte.ranking.slice(0, ESCOMPTE_CHART_CLIENTS);
    expect(option.yAxis.data).toEqual(shown.map((o) => o.client_name ?? o.client_id));
    const gain = option.series.find((s) => s.name === 'Gain')!.data as number[];
    const discount = option.series.find((s) => s.name === 'Remise')!.data as number[];
    expect(gain).toEqual(shown.map((o) => o.net_gain));
    // highest gain first, and each bar's length is the value of the cash brought forward (to the cent)
    expect([...gain].sort((a, b) => b - a)).toEqual(gain);
    shown.forEach((o, i) => expect(cents(gain[i] + discount[i])).toBeGreaterThanOrEqual(cents(o.value_of_cash) - 1));
    shown.forEach((o, i) => expect(cents(gain[i] + discount[i])).toBeLessThanOrEqual(cents(o.value_of_cash) + 1));
    expect(option.aria.label.description).toContain(`${ESCOMPTE_CHART_CLIENTS} premiers clients sur ${escompte.ranking.length}`);
    const none = escompteGainOption([], 'en', { gain: 'Gain', discount: 'Discount' }) as { series: Series; aria: { label: { description: string } } };
    expect(none.series.every((s) => s.data.length === 0)).toBe(true);
    expect(none.aria.label.description).toBe('No client the discount gains on.');
  });
});
