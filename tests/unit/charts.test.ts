// Chart builders: rows of the API → ECharts options, in French and English. Pure functions.
import { describe, expect, it } from 'vitest';
import { dsoChanges, dsoTrendOption, monthLabel, receivablesSalesOption, sparklineOption } from '../../src/lib/charts/dso.ts';
import { agingBucketsOption, agingHistoryOption, bucketLabel } from '../../src/lib/charts/aging.ts';
import type { AgingBucket, DsoMonth } from '../../src/lib/contract/index.ts';

function month(end: string, over: Partial<DsoMonth> = {}): DsoMonth {
  return {
    month_start: end.slice(0, 8) + '01', month_end: end, days: 30, receivables: 1000, client_receivables: 1000, advances: 0, sales: 800, not_due: 600, overdue: 400,
    dso_simple_3m: 40, dso_simple_12m: 42, dso_countback: 37.5, best_dso_simple_3m: 25, best_dso_simple_12m: 26, best_dso_countback: 22.5,
    add_simple_3m: 15, add_simple_12m: 16, add_countback: 15, cei: 80, ...over,
  };
}

type Series = { name: string; data: unknown[] }[];

describe('DSO chart', () => {
  const months = [month('2026-09-30', { dso_countback: 40.04 }), month('2026-10-31', { dso_countback: null, add_countback: null })];
  const labels = { dso: 'DSO', terms: 'Terms', delay: 'Delay', days: 'days' };

  it('draws DSO as a line over the terms + delay split, for the chosen method, rounding to 0.1 day', () => {
    const option = dsoTrendOption(months, 'countback', 'en', labels) as { series: Series; xAxis: { data: string[] } };
    expect(option.xAxis.data).toEqual(['Sep 2026', 'Oct 2026']);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['Terms', [22.5, 22.5]],
      ['Delay', [15, null]],
      ['DSO', [40, null]],
    ]);
    const simple = dsoTrendOption(months, 'simple_12m', 'fr', labels) as { series: Series; xAxis: { data: string[] } };
    expect(simple.xAxis.data).toEqual(['09/2026', '10/2026']);
    expect(simple.series[2].data).toEqual([42, 42]);
  });

  it('draws receivables, sales and overdue', () => {
    const option = receivablesSalesOption(months, 'fr', { receivables: 'R', sales: 'S', overdue: 'O' }) as { series: Series };
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['S', [800, 800]],
      ['R', [1000, 1000]],
      ['O', [400, 400]],
    ]);
  });

  it('labels months and measures changes against last month and last year', () => {
    expect(monthLabel('2024-02-29', 'fr')).toBe('02/2024');
    expect(monthLabel('2024-02-29', 'en')).toBe('Feb 2024');
    const year = Array.from({ length: 13 }, (_, i) => month(`2025-${String((i % 12) + 1).padStart(2, '0')}-28`, { dso_countback: 40 + i }));
    expect(dsoChanges(year, 'dso_countback')).toEqual({ value: 52, vsLastMonth: 1, vsLastYear: 12 });
    expect(dsoChanges(year.slice(0, 2), 'dso_countback')).toEqual({ value: 41, vsLastMonth: 1, vsLastYear: null });
    expect((sparklineOption(year, 'dso_countback', 'fr', 'jours') as { series: Series }).series[0].data).toHaveLength(13);
  });
});

describe('aged balance chart', () => {
  // the buckets the server makes for edges 30, 60, 90 on the due-date basis (reports/aging.ts)
  const buckets: AgingBucket[] = [
    { key: 'not_due', bucket: 0, from_days: null, to_days: 0 },
    { key: 'd1_30', bucket: 1, from_days: 1, to_days: 30 },
    { key: 'd31_60', bucket: 2, from_days: 31, to_days: 60 },
    { key: 'd61_90', bucket: 3, from_days: 61, to_days: 90 },
    { key: 'd91_plus', bucket: 4, from_days: 91, to_days: null },
    { key: 'unapplied', bucket: -1, from_days: null, to_days: null },
  ];
  const byInvoiceAge: AgingBucket[] = [
    { key: 'd0_30', bucket: 1, from_days: 0, to_days: 30 },
    { key: 'd31_60', bucket: 2, from_days: 31, to_days: 60 },
    { key: 'd61_plus', bucket: 3, from_days: 61, to_days: null },
    { key: 'unapplied', bucket: -1, from_days: null, to_days: null },
  ];

  it('names the buckets in French and English', () => {
    expect(buckets.map((b) => bucketLabel(b, 'fr'))).toEqual(['Non échu', '1-30 j', '31-60 j', '61-90 j', '> 90 j', 'Paiements non affectés']);
    expect(buckets.map((b) => bucketLabel(b, 'en'))).toEqual(['Not due', '1-30 d', '31-60 d', '61-90 d', '> 90 d', 'Unapplied payments']);
    expect(byInvoiceAge.map((b) => bucketLabel(b, 'fr'))).toEqual(['0-30 j', '31-60 j', '> 60 j', 'Paiements non affectés']);
  });

  it('leaves room on the right for the amount written past the longest bar', () => {
    const totals = { total: 2_993_712.45, overdue: 0, doubtful: 0, not_due: 2_993_712.45, d1_30: 0, d31_60: 0, d61_90: 0, d91_plus: 0, unapplied: 0 };
    const option = agingBucketsOption({ buckets, totals, basis: 'due' }, 'fr') as { grid: { right: number } };
    // "2 993 712,45 €": 14 characters, 7 px each at most in 12 px sans-serif, and the label's 5 px
    expect(option.grid.right).toBeGreaterThanOrEqual(5 + 14 * 7);
    const small = agingBucketsOption({ buckets, totals: { ...totals, total: 12, not_due: 12 }, basis: 'due' }, 'fr') as { grid: { right: number } };
    expect(small.grid.right).toBeLessThan(option.grid.right);
  });

  it('draws one bar per bucket with its total, unapplied payments left out', () => {
    const totals = { total: 150, overdue: 50, doubtful: 0, not_due: 100, d1_30: 30, d31_60: 20, d61_90: 0, d91_plus: 0, unapplied: 0 };
    const option = agingBucketsOption({ buckets, totals, basis: 'due' }, 'fr') as { series: { data: { value: number }[] }[]; yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(['Non échu', '1-30 j', '31-60 j', '61-90 j', '> 90 j']);
    expect(option.series[0].data.map((d) => d.value)).toEqual([100, 30, 20, 0, 0]);
  });

  it('stacks the buckets at each month-end, unapplied payments left out', () => {
    const option = agingHistoryOption({ entity_id: null, buckets, months: [{ month_end: '2026-09-30', amounts: [100, 30, 20, 0, 5, -10], total: 145 }] }, 'en') as { series: { name: string; stack: string; data: number[] }[]; xAxis: { data: string[] } };
    expect(option.xAxis.data).toEqual(['Sep 2026']);
    expect(option.series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['Not due', 'buckets', [100]],
      ['1-30 d', 'buckets', [30]],
      ['31-60 d', 'buckets', [20]],
      ['61-90 d', 'buckets', [0]],
      ['> 90 d', 'buckets', [5]],
    ]);
  });
});
