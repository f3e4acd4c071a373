// DSO trend chart options: rows of /api/dso → an ECharts option. Pure: unit-tested without a DOM.
import type { DsoMonth } from '../contract/index.ts';
import { formatMoney, formatMoneyShort, formatNumber, type Locale } from '../format.ts';
import { aria, type ChartOption } from './echarts.ts';

export type DsoMethod = 'countback' | 'simple_3m' | 'simple_12m';

export const DSO_FIELDS: Record<DsoMethod, { dso: keyof DsoMonth; best: keyof DsoMonth; add: keyof DsoMonth }> = {
  countback: { dso: 'dso_countback', best: 'best_dso_countback', add: 'add_countback' },
  simple_3m: { dso: 'dso_simple_3m', best: 'best_dso_simple_3m', add: 'add_simple_3m' },
  simple_12m: { dso: 'dso_simple_12m', best: 'best_dso_simple_12m', add: 'add_simple_12m' },
};

/** '2026-10-31' → '10/2026' (fr) or 'Oct 2026' (en). */
export function monthLabel(iso: string, locale: Locale): string {
  const [y, m] = iso.split('-').map(Number);
  if (locale === 'fr') return `${String(m).padStart(2, '0')}/${y}`;
  // fixed abbreviations: ICU versions disagree ("Sep" / "Sept")
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`;
}

export interface DsoLabels {
  dso: string;
  terms: string;
  delay: string;
  days: string;
}

/**
 * DSO as one line, split below it into "terms" (best possible DSO) and "delay" (ADD) as stacked
 * bars: the part of DSO the payment terms explain and the part lateness adds.
 */
export function dsoTrendOption(months: DsoMonth[], method: DsoMethod, locale: Locale, labels: DsoLabels): ChartOption {
  const f = DSO_FIELDS[method];
  const value = (m: DsoMonth, k: keyof DsoMonth) => {
    const v = m[k] as number | null;
    return v === null ? null : Math.round(v * 10) / 10;
  };
  const fmt = (v: unknown) => (typeof v === 'number' ? `${formatNumber(v, locale, 1)} ${labels.days}` : '–');
  const last = months.at(-1);
  const series = months.map((m) => value(m, f.dso)).filter((v): v is number => v !== null);
  const describe = last
    ? locale === 'fr'
      ? `${labels.dso} mois par mois de ${monthLabel(months[0].month_end, locale)} à ${monthLabel(last.month_end, locale)} : ${fmt(value(last, f.dso))} au dernier mois (dont délai contractuel ${fmt(value(last, f.best))} et retard ${fmt(value(last, f.add))}), entre ${fmt(Math.min(...series))} et ${fmt(Math.max(...series))} sur la période.`
      : `${labels.dso} month by month from ${monthLabel(months[0].month_end, locale)} to ${monthLabel(last.month_end, locale)}: ${fmt(value(last, f.dso))} in the last month (terms ${fmt(value(last, f.best))}, delay ${fmt(value(last, f.add))}), between ${fmt(Math.min(...series))} and ${fmt(Math.max(...series))} over the period.`
    : '';
  return {
    aria: aria(describe),
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
    xAxis: { type: 'category', data: months.map((m) => monthLabel(m.month_end, locale)) },
    yAxis: { type: 'value', name: labels.days, axisLabel: { formatter: (v: number) => formatNumber(v, locale) } },
    series: [
      { name: labels.terms, type: 'bar', stack: 'split', data: months.map((m) => value(m, f.best)), itemStyle: { color: '#9db7d5' } },
      { name: labels.delay, type: 'bar', stack: 'split', data: months.map((m) => value(m, f.add)), itemStyle: { color: '#d9822b', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: 0.8 } } },
      { name: labels.dso, type: 'line', data: months.map((m) => value(m, f.dso)), symbolSize: 6, lineStyle: { width: 3 }, itemStyle: { color: '#1f3a5f' } },
    ],
  };
}

/** Receivables and sales (incl. VAT) per month: the secondary view. */
export function receivablesSalesOption(months: DsoMonth[], locale: Locale, labels: { receivables: string; sales: string; overdue: string }): ChartOption {
  const money = (v: unknown) => (typeof v === 'number' ? formatMoney(v, locale) : '–');
  const last = months.at(-1);
  const describe = last
    ? locale === 'fr'
      ? `${labels.receivables}, ${labels.sales.toLowerCase()} et ${labels.overdue.toLowerCase()} par mois jusqu’à ${monthLabel(last.month_end, locale)} : ${money(last.receivables)} de créances, ${money(last.sales)} de ventes, ${money(last.overdue)} échus au dernier mois.`
      : `${labels.receivables}, ${labels.sales.toLowerCase()} and ${labels.overdue.toLowerCase()} by month up to ${monthLabel(last.month_end, locale)}: ${money(last.receivables)} receivables, ${money(last.sales)} sales, ${money(last.overdue)} overdue in the last month.`
    : '';
  return {
    aria: aria(describe),
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: money },
    xAxis: { type: 'category', data: months.map((m) => monthLabel(m.month_end, locale)) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoneyShort(v, locale) } },
    series: [
      { name: labels.sales, type: 'bar', data: months.map((m) => m.sales), itemStyle: { color: '#9db7d5' } },
      { name: labels.receivables, type: 'line', data: months.map((m) => m.receivables), itemStyle: { color: '#1f3a5f' }, lineStyle: { width: 3 } },
      { name: labels.overdue, type: 'line', data: months.map((m) => m.overdue), itemStyle: { color: '#b3261e' }, lineStyle: { type: 'dashed' } },
    ],
  };
}

/** A compact trend line (the overview): one value per month, its months below and its days at the left. */
export function sparklineOption(months: DsoMonth[], field: keyof DsoMonth, locale: Locale, unit: string): ChartOption {
  const fmt = (v: unknown) => (typeof v === 'number' ? `${formatNumber(v, locale, 1)} ${unit}` : '–');
  const last = months.at(-1);
  return {
    aria: aria(last ? `${monthLabel(months[0].month_end, locale)} – ${monthLabel(last.month_end, locale)}: ${fmt(last[field])} ${locale === 'fr' ? 'au dernier mois' : 'in the last month'}.` : ''),
    grid: { left: 8, right: 12, top: 10, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    xAxis: { type: 'category', data: months.map((m) => monthLabel(m.month_end, locale)), axisLabel: { hideOverlap: true, fontSize: 11 } },
    yAxis: { type: 'value', scale: true, splitNumber: 3, axisLabel: { formatter: (v: number) => `${formatNumber(v, locale)} ${unit}`, fontSize: 11 } },
    series: [{ type: 'line', data: months.map((m) => m[field] as number | null), showSymbol: false, lineStyle: { width: 2, color: '#1f3a5f' }, areaStyle: { color: 'rgba(31,58,95,0.08)' } }],
  };
}

/** Change of a DSO field against the month before and the same month a year before. */
export function dsoChanges(months: DsoMonth[], field: keyof DsoMonth): { value: number | null; vsLastMonth: number | null; vsLastYear: number | null } {
  const last = months[months.length - 1];
  const at = (i: number) => (i >= 0 ? (months[i][field] as number | null) : null);
  const value = last ? (last[field] as number | null) : null;
  const diff = (other: number | null) => (value === null || other === null ? null : Math.round((value - other) * 10) / 10);
  return { value, vsLastMonth: diff(at(months.length - 2)), vsLastYear: diff(at(months.length - 13)) };
}
