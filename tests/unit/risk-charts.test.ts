// How risk factors read and what the model-quality charts draw.
import { describe, expect, it } from 'vitest';
import { aucByOriginOption, calibrationOption, factorValue } from '../../src/lib/charts/risk.ts';

const units = { days: 'j', months: 'mois', yes: 'oui', no: 'non' };

describe('risk factors and charts', () => {
  it('reads each factor with its unit', () => {
    expect(factorValue({ feature: 'oldest_days_past_due', value: 62 }, 'fr', units)).toBe('62 j');
    expect(factorValue({ feature: 'trend_days', value: 14.6 }, 'fr', units)).toBe('+15 j');
    expect(factorValue({ feature: 'months_outstanding', value: 2.345 }, 'fr', units)).toBe('2,3 mois');
    expect(factorValue({ feature: 'disputed_share', value: 0.35 }, 'fr', units)).toMatch(/^35[\u00a0\u202f]%$/); // French typography: a no-break space before %
    expect(factorValue({ feature: 'is_new', value: 1 }, 'fr', units)).toBe('oui');
    expect(factorValue({ feature: 'mean_days_late', value: 1234.4 }, 'en', { ...units, days: 'd' })).toBe('1,234 d');
  });

  it('draws predicted against observed by decile', () => {
    const option = calibrationOption(
      [
        { decile: 1, rows: 10, mean_predicted: 0.01, observed_rate: 0 },
        { decile: 2, rows: 10, mean_predicted: 0.2, observed_rate: 0.3 },
      ],
      'fr',
      { predicted: 'Prédit', observed: 'Observé', decile: 'Décile' },
    ) as { xAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(option.xAxis.data).toEqual(['1', '2']);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['Prédit', [0.01, 0.2]],
      ['Observé', [0, 0.3]],
    ]);
  });

  it('draws the AUC of the score and of the baseline at each origin', () => {
    const option = aucByOriginOption([{ as_of: '2025-01-31', rows: 200, events: 10, auc: 0.86, baseline_auc: 0.8 }], 'en', { model: 'Score', baseline: 'Baseline' }) as {
      series: { name: string; data: (number | null)[] }[];
    };
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['Score', [0.86]],
      ['Baseline', [0.8]],
    ]);
  });
});
