// Cash forecast charts: the plan (past weeks: received against what was forecast a week before;
// coming weeks: expected by component — open invoices, disputed, promises to pay, sales to come —
// with the P10-P90 range) and the backtest's WAPE by week ahead. Pure: unit-tested without a DOM.
import type { ForecastBacktest, ForecastHistoryWeek, ForecastWeek } from '../contract/index.ts';
import { formatMoney, formatMoneyShort, formatPercent, type Locale } from '../format.ts';
import { aria, type ChartOption } from './echarts.ts';

export interface PlanLabels {
  received: string;
  forecastBefore: string;
  open: string;
  disputed: string;
  newSales: string;
  range: string;
  /** the promises to pay component, drawn when a week has any (optional: a caller without it gets the word in its locale) */
  promised?: string;
}

/** '2026-11-01' → '01/11' (fr) or '1 Nov' (en). */
export function dayLabel(iso: string, locale: Locale): string {
  const [, m, d] = iso.split('-').map(Number);
  if (locale === 'fr') return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}`;
  return `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]}`;
}

/**
 * A week of the plan by its dates, "01/11–07/11": the plan's weeks run from the day after the
 * as-of date, so they are not ISO weeks, and no ISO week number is put on them.
 */
export const weekLabel = (w: { start: string; end: string }, locale: Locale) => `${dayLabel(w.start, locale)}–${dayLabel(w.end, locale)}`;

export function forecastPlanOption(weeks: ForecastWeek[], history: ForecastHistoryWeek[], locale: Locale, labels: PlanLabels): ChartOption {
  const past = history.length;
  const none = (n: number) => Array<null>(n).fill(null);
  const total = weeks.reduce((sum, w) => sum + w.expected, 0);
  const first = weeks[0];
  const last = weeks.at(-1);
  const promised = weeks.some((w) => w.promised_expected > 0);
  return {
    aria: aria(
      first && last
        ? locale === 'fr'
          ? `Encaissements attendus par semaine du ${dayLabel(first.start, locale)} au ${dayLabel(last.end, locale)} : ${formatMoney(total, locale)} au total, ${formatMoney(first.expected, locale)} la première semaine (fourchette ${formatMoney(first.p10, locale)} – ${formatMoney(first.p90, locale)}).${past ? ` Avant : ${past} semaines passées, encaissé contre prévu une semaine plus tôt.` : ''}`
          : `Receipts expected by week from ${dayLabel(first.start, locale)} to ${dayLabel(last.end, locale)}: ${formatMoney(total, locale)} in all, ${formatMoney(first.expected, locale)} in the first week (range ${formatMoney(first.p10, locale)} – ${formatMoney(first.p90, locale)}).${past ? ` Before: ${past} past weeks, received against forecast a week before.` : ''}`
        : '',
    ),
    grid: { left: 64, right: 16, top: 48, bottom: 56 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '–' : formatMoney(v as number, locale)) },
    xAxis: { type: 'category', data: [...history.map((h) => weekLabel(h, locale)), ...weeks.map((w) => weekLabel(w, locale))], axisLabel: { rotate: 45 } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoneyShort(v, locale) } },
    series: [
      { name: labels.received, type: 'bar', data: [...history.map((h) => h.received), ...none(weeks.length)], itemStyle: { color: '#1f3a5f' } },
      { name: labels.forecastBefore, type: 'line', data: [...history.map((h) => h.forecast), ...none(weeks.length)], symbol: 'diamond', symbolSize: 9, lineStyle: { type: 'dashed', color: '#e8913a' }, itemStyle: { color: '#e8913a' } },
      { name: labels.open, type: 'bar', stack: 'plan', data: [...none(past), ...weeks.map((w) => w.open_expected)], itemStyle: { color: '#2f6fb2' } },
      { name: labels.disputed, type: 'bar', stack: 'plan', data: [...none(past), ...weeks.map((w) => w.disputed_expected)], itemStyle: { color: '#d1602d' } },
      // promises to pay recorded in the collections, in their promised week: only when there are some
      ...(promised
        ? [{ name: labels.promised ?? (locale === 'fr' ? 'Promesses' : 'Promises'), type: 'bar', stack: 'plan', data: [...none(past), ...weeks.map((w) => w.promised_expected)], itemStyle: { color: '#2e8b57', decal: { symbol: 'circle', symbolSize: 0.5, dashArrayX: [4, 4], dashArrayY: [4, 4], color: 'rgba(255,255,255,0.5)' } } }]
        : []),
      // future sales: the lightest, with a pattern, so that grayscale still tells it apart
      { name: labels.newSales, type: 'bar', stack: 'plan', data: [...none(past), ...weeks.map((w) => w.new_sales_expected)], itemStyle: { color: '#9db7d5', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.6)' } } },
      // the range: an invisible base at P10 and a band up to P90
      { name: labels.range, type: 'line', stack: 'range', data: [...none(past), ...weeks.map((w) => w.p10)], lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
      { name: labels.range, type: 'line', stack: 'range', data: [...none(past), ...weeks.map((w) => Math.round((w.p90 - w.p10) * 100) / 100)], lineStyle: { opacity: 0 }, areaStyle: { color: 'rgba(31,58,95,0.15)' }, symbol: 'none', tooltip: { show: false } },
    ],
  };
}

/** WAPE by week ahead: the forecast against the two naive baselines. */
export function backtestWapeOption(b: Pick<ForecastBacktest, 'model' | 'due_date' | 'shifted'>, locale: Locale, labels: { model: string; dueDate: string; shifted: string; week: string }): ChartOption {
  const pct = (v: number) => formatPercent(v, locale);
  const weeks = b.model.wape_by_week.map((_, w) => String(w + 1));
  return {
    aria: aria(
      locale === 'fr'
        ? `Erreur (WAPE) par semaine d’anticipation : prévision ${pct(b.model.wape)}, ${labels.shifted} ${pct(b.shifted.wape)}, ${labels.dueDate} ${pct(b.due_date.wape)} sur l’ensemble.`
        : `Error (WAPE) by week ahead: forecast ${pct(b.model.wape)}, ${labels.shifted} ${pct(b.shifted.wape)}, ${labels.dueDate} ${pct(b.due_date.wape)} overall.`,
    ),
    grid: { left: 56, right: 16, top: 40, bottom: 36 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => pct(v as number) },
    xAxis: { type: 'category', name: labels.week, nameLocation: 'middle', nameGap: 24, data: weeks },
    yAxis: { type: 'value', axisLabel: { formatter: pct } },
    series: [
      { name: labels.model, type: 'line', data: b.model.wape_by_week, lineStyle: { width: 3, color: '#1f3a5f' }, itemStyle: { color: '#1f3a5f' } },
      { name: labels.shifted, type: 'line', data: b.shifted.wape_by_week, lineStyle: { type: 'dashed', color: '#e8913a' }, itemStyle: { color: '#e8913a' } },
      { name: labels.dueDate, type: 'line', data: b.due_date.wape_by_week, lineStyle: { type: 'dotted', color: '#9e2a2b' }, itemStyle: { color: '#9e2a2b' } },
    ],
  };
}
