// What the forecast charts draw: past weeks (received, forecast a week before) then the coming
// weeks by component with the range as a band from P10 to P90.
import { describe, expect, it } from 'vitest';
import { backtestWapeOption, dayLabel, forecastPlanOption, weekLabel } from '../../src/lib/charts/forecast.ts';
import type { ForecastHistoryWeek, ForecastWeek } from '../../src/lib/contract/index.ts';

const week = (n: number, over: Partial<ForecastWeek> = {}): ForecastWeek => ({
  week: n, start: `2026-11-0${n}`, end: '2026-11-08', open_expected: 100, disputed_expected: 10, promised_expected: 0, new_sales_expected: 50, expected: 160,
  p10: 120, p90: 200, open_p10: 80, open_p90: 130, sales_forecast: 300, ...over,
});
const past: ForecastHistoryWeek = { snapshot_id: 1, as_of: '2026-10-24', start: '2026-10-25', end: '2026-10-31', forecast: 150, p10: 100, p90: 190, received: 170 };
const labels = { received: 'Encaissé', forecastBefore: 'Prévu', open: 'Factures', disputed: 'Litiges', newSales: 'Ventes', range: 'P10-P90' };

describe('forecast charts', () => {
  it('labels weeks by their dates, never by an ISO number (a Thursday-Wednesday week is no ISO week)', () => {
    expect(weekLabel({ start: '2026-09-17', end: '2026-09-23' }, 'fr')).toBe('17/09–23/09');
    expect(weekLabel({ start: '2026-09-17', end: '2026-09-23' }, 'en')).toBe('17 Sep–23 Sep');
    expect(dayLabel('2026-11-01', 'en')).toBe('1 Nov');
  });

  it('puts the past weeks first, then the plan stacked by component, with the range as a band', () => {
    const o = forecastPlanOption([week(1), week(2, { p10: 90, p90: 210 })], [past], 'fr', labels) as { xAxis: { data: string[] }; series: { name: string; data: (number | null)[]; stack?: string }[] };
    expect(o.xAxis.data).toEqual(['25/10–31/10', '01/11–08/11', '02/11–08/11']);
    const s = Object.fromEntries(o.series.map((x, i) => [`${x.name}#${i}`, x.data]));
    expect(s['Encaissé#0']).toEqual([170, null, null]);
    expect(s['Prévu#1']).toEqual([150, null, null]);
    expect(s['Factures#2']).toEqual([null, 100, 100]);
    expect(s['Ventes#4']).toEqual([null, 50, 50]);
    // base at P10, band of P90 − P10 stacked on it
    expect(s['P10-P90#5']).toEqual([null, 120, 90]);
    expect(s['P10-P90#6']).toEqual([null, 80, 120]);
  });

  it('stacks the promises to pay between the disputed invoices and the sales to come, only when a week has some', () => {
    const withPromises = forecastPlanOption([week(1, { promised_expected: 40 }), week(2)], [past], 'fr', { ...labels, promised: 'Promesses' }) as { series: { name: string; data: (number | null)[]; stack?: string }[] };
    expect(withPromises.series.map((x) => x.name)).toEqual(['Encaissé', 'Prévu', 'Factures', 'Litiges', 'Promesses', 'Ventes', 'P10-P90', 'P10-P90']);
    const promised = withPromises.series[4];
    expect(promised.stack).toBe('plan');
    expect(promised.data).toEqual([null, 40, 0]);
    // no promise: no empty series in the legend
    const without = forecastPlanOption([week(1), week(2)], [past], 'fr', { ...labels, promised: 'Promesses' }) as { series: { name: string }[] };
    expect(without.series.map((x) => x.name)).not.toContain('Promesses');
  });

  it('draws the WAPE by week ahead of the forecast and both baselines', () => {
    const e = (x: number) => ({ wape: x, wape_by_week: [x, x * 2], total_error: 0 });
    const o = backtestWapeOption({ model: { ...e(0.1), coverage: 0.8, coverage_by_week: [0.9, 0.7] }, due_date: e(0.9), shifted: e(0.3) }, 'en', { model: 'Forecast', dueDate: 'Due', shifted: 'Shifted', week: 'week' }) as { series: { name: string; data: number[] }[] };
    expect(o.series.map((x) => [x.name, x.data])).toEqual([
      ['Forecast', [0.1, 0.2]],
      ['Shifted', [0.3, 0.6]],
      ['Due', [0.9, 1.8]],
    ]);
  });
});
