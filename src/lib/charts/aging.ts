// Aged balance chart options: the bucket totals of an aged balance → a bar chart. Pure.
import type { AgingBucket, AgingHistory, AgingReport } from '../contract/index.ts';
import { monthLabel } from './dso.ts';
import { formatDate, formatMoney, formatMoneyShort, type Locale } from '../format.ts';
import { aria, type ChartOption } from './echarts.ts';

/** "Non échu", "1-30 j", "> 90 j", "Non lettré" … */
export function bucketLabel(b: AgingBucket, locale: Locale): string {
  const d = locale === 'fr' ? 'j' : 'd';
  if (b.bucket === -1) return locale === 'fr' ? 'Paiements non affectés' : 'Unapplied payments';
  if (b.bucket === 0) return locale === 'fr' ? 'Non échu' : 'Not due';
  if (b.to_days === null) return `> ${(b.from_days ?? 1) - 1} ${d}`;
  return `${b.from_days}-${b.to_days} ${d}`;
}

/**
 * Pixels for the widest of these labels in ECharts' default 12 px sans-serif, and the 5 px between
 * a bar and its label: 7 px a character is a digit's width and more (spaces and commas are
 * narrower), so the estimate errs on the roomy side.
 */
export function labelRoom(labels: string[]): number {
  return 5 + 8 + 7 * Math.max(0, ...labels.map((l) => l.length));
}

// Colours from calm to alarming, distinguishable in grayscale by lightness.
const COLOURS = ['#9db7d5', '#f2c14e', '#e8913a', '#d1602d', '#9e2a2b', '#5c1a1b', '#3d1112'];

export function agingBucketsOption(report: Pick<AgingReport, 'buckets' | 'totals' | 'basis'>, locale: Locale): ChartOption {
  const buckets = report.buckets.filter((b) => b.bucket !== -1 && !(report.basis === 'invoice' && b.bucket === 0));
  const parts = buckets.map((b) => `${bucketLabel(b, locale)} ${formatMoney(report.totals[b.key], locale)}`).join(', ');
  return {
    aria: aria(`${locale === 'fr' ? 'Montants ouverts par tranche' : 'Open amounts by bucket'}: ${parts}.`),
    // containLabel keeps the bucket names whole; the amount written past the longest bar needs room
    // of its own on the right ("2 993 712,45 €" was cut to "2 99" in a fixed margin)
    grid: { left: 8, right: labelRoom(buckets.map((b) => formatMoney(report.totals[b.key], locale))), top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => formatMoney(v as number, locale) },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoneyShort(v, locale) } },
    yAxis: { type: 'category', inverse: true, data: buckets.map((b) => bucketLabel(b, locale)) },
    series: [
      {
        type: 'bar',
        data: buckets.map((b, i) => ({ value: report.totals[b.key], itemStyle: { color: COLOURS[Math.min(i, COLOURS.length - 1)] } })),
        label: { show: true, position: 'right', formatter: (p: { value: number }) => formatMoney(p.value, locale) },
      },
    ],
  };
}

/** The buckets stacked at every month-end: how the overdue part of receivables evolves. */
export function agingHistoryOption(history: AgingHistory, locale: Locale): ChartOption {
  const shown = history.buckets.map((b, i) => ({ b, i })).filter(({ b }) => b.bucket !== -1);
  const first = history.months[0];
  const last = history.months.at(-1);
  const span = first && last ? (locale === 'fr' ? ` du ${formatDate(first.month_end, locale)} au ${formatDate(last.month_end, locale)}` : ` from ${formatDate(first.month_end, locale)} to ${formatDate(last.month_end, locale)}`) : '';
  const overdueLast = last ? last.amounts.reduce((sum, a, i) => (history.buckets[i].bucket > 0 ? sum + a : sum), 0) : 0;
  return {
    aria: aria(
      locale === 'fr'
        ? `Balance âgée à chaque fin de mois${span}, empilée par tranche de retard. À la dernière date : total ${formatMoney(last?.total ?? 0, locale)}, dont échu ${formatMoney(overdueLast, locale)}.`
        : `Aged balance at each month-end${span}, stacked by days past due. At the last date: total ${formatMoney(last?.total ?? 0, locale)}, of which overdue ${formatMoney(overdueLast, locale)}.`,
    ),
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatMoney(v as number, locale) },
    xAxis: { type: 'category', data: history.months.map((m) => monthLabel(m.month_end, locale)) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoneyShort(v, locale) } },
    series: shown.map(({ b, i }, k) => ({
      name: bucketLabel(b, locale),
      type: 'bar',
      stack: 'buckets',
      data: history.months.map((m) => m.amounts[i]),
      itemStyle: { color: COLOURS[Math.min(k, COLOURS.length - 1)] },
    })),
  };
}
