// Risk score: how a factor's value reads, and the model-quality charts (calibration by decile,
// AUC at each backtest origin against the baseline). Pure.
import type { CalibrationRow, RiskBacktest, RiskFactor } from '../contract/index.ts';
import { formatNumber, formatPercent, type Locale } from '../format.ts';
import { aria, type ChartOption } from './echarts.ts';
import { monthLabel } from './dso.ts';

/** A factor's value with its unit: "62 j", "2,3 mois", "35 %", "oui". */
export function factorValue(f: Pick<RiskFactor, 'feature' | 'value'>, locale: Locale, units: { days: string; months: string; yes: string; no: string }): string {
  switch (f.feature) {
    case 'is_new':
      return f.value ? units.yes : units.no;
    case 'disputed_share':
    case 'open_dispute_share':
    case 'broken_promise_share':
      return formatPercent(f.value, locale);
    case 'months_outstanding':
      return `${formatNumber(f.value, locale, 1)} ${units.months}`;
    case 'trend_days':
      return `${f.value > 0 ? '+' : ''}${formatNumber(f.value, locale, 0)} ${units.days}`;
    default:
      return `${formatNumber(f.value, locale, 0)} ${units.days}`;
  }
}

const pct = (x: number, locale: Locale) => formatPercent(x, locale, 1);

/** Predicted against observed default rate in each decile: bars side by side, a perfect model's equal. */
export function calibrationOption(rows: CalibrationRow[], locale: Locale, labels: { predicted: string; observed: string; decile: string }): ChartOption {
  const describe = rows.map((r) => `${r.decile}: ${pct(r.mean_predicted, locale)} / ${pct(r.observed_rate, locale)}`).join(', ');
  return {
    aria: aria(`${locale === 'fr' ? 'Défaut prédit et observé par décile' : 'Predicted and observed default by decile'} (${labels.predicted} / ${labels.observed}) — ${describe}.`),
    grid: { left: 48, right: 12, top: 32, bottom: 36 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => pct(v as number, locale) },
    xAxis: { type: 'category', name: labels.decile, nameLocation: 'middle', nameGap: 24, data: rows.map((r) => String(r.decile)) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatPercent(v, locale) } },
    series: [
      { name: labels.predicted, type: 'bar', data: rows.map((r) => r.mean_predicted), itemStyle: { color: '#9db7d5' } },
      { name: labels.observed, type: 'bar', data: rows.map((r) => r.observed_rate), itemStyle: { color: '#1f3a5f' } },
    ],
  };
}

/** The AUC of the score and of the baseline at each origin of the backtest. */
export function aucByOriginOption(origins: RiskBacktest['origins'], locale: Locale, labels: { model: string; baseline: string }): ChartOption {
  const auc = (v: unknown) => (v === null || v === undefined ? '–' : formatNumber(v as number, locale, 2));
  const first = origins[0];
  const last = origins.at(-1);
  return {
    aria: aria(
      first && last
        ? locale === 'fr'
          ? `AUC du score (${labels.model}) et de la référence (${labels.baseline}) à chaque date, de ${monthLabel(first.as_of, locale)} à ${monthLabel(last.as_of, locale)} : ${auc(last.auc)} contre ${auc(last.baseline_auc)} à la dernière.`
          : `AUC of the score (${labels.model}) and of the baseline (${labels.baseline}) at each date, from ${monthLabel(first.as_of, locale)} to ${monthLabel(last.as_of, locale)}: ${auc(last.auc)} against ${auc(last.baseline_auc)} at the last.`
        : '',
    ),
    grid: { left: 48, right: 12, top: 32, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null ? '–' : formatNumber(v as number, locale, 3)) },
    xAxis: { type: 'category', data: origins.map((o) => monthLabel(o.as_of, locale)) },
    yAxis: { type: 'value', min: 0.5, max: 1, axisLabel: { formatter: (v: number) => formatNumber(v, locale, 1) } },
    series: [
      { name: labels.model, type: 'line', data: origins.map((o) => o.auc), lineStyle: { width: 2, color: '#1f3a5f' }, itemStyle: { color: '#1f3a5f' } },
      { name: labels.baseline, type: 'line', data: origins.map((o) => o.baseline_auc), lineStyle: { width: 2, type: 'dashed', color: '#e8913a' }, itemStyle: { color: '#e8913a' } },
    ],
  };
}
