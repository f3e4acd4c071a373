// A client's payment behaviour charts, from its settled invoices (days late per invoice). Pure.
import type { ClientItem } from '../contract/index.ts';
import { formatDate, formatMoney, formatNumber, type Locale } from '../format.ts';
import { aria, type ChartOption } from './echarts.ts';

export const DELAY_BINS = [
  { label: '≤ 0', max: 0 },
  { label: '1-10', max: 10 },
  { label: '11-20', max: 20 },
  { label: '21-30', max: 30 },
  { label: '31-45', max: 45 },
  { label: '46-60', max: 60 },
  { label: '61-90', max: 90 },
  { label: '> 90', max: Infinity },
];

/** The settled invoices (paid or credited, not transferred nor written off) with their delay. */
export function settledInvoices(items: ClientItem[]): (ClientItem & { settled_date: string; days_late: number })[] {
  return items.filter(
    (i): i is ClientItem & { settled_date: string; days_late: number } =>
      i.amount > 0 && i.settled_date !== null && i.days_late !== null && (i.settled_by === 'payment' || i.settled_by === 'credit_note'),
  );
}

/** Count and amount of settled invoices per bin of days late. */
export function delayHistogram(items: ClientItem[]): { label: string; count: number; amount: number }[] {
  const bins = DELAY_BINS.map((b) => ({ label: b.label, count: 0, amount: 0 }));
  for (const i of settledInvoices(items)) {
    const k = DELAY_BINS.findIndex((b) => i.days_late <= b.max);
    bins[k].count++;
    bins[k].amount = Math.round((bins[k].amount + i.amount) * 100) / 100;
  }
  return bins;
}

export function delayHistogramOption(items: ClientItem[], locale: Locale, labels: { invoices: string; days: string }): ChartOption {
  const bins = delayHistogram(items);
  const parts = bins.filter((b) => b.count).map((b) => `${b.label} ${labels.days}: ${b.count}`).join(', ');
  return {
    aria: aria(`${locale === 'fr' ? 'Nombre de factures réglées par retard' : 'Settled invoices by days late'} — ${parts}.`),
    grid: { left: 40, right: 12, top: 24, bottom: 32 },
    tooltip: { trigger: 'axis', formatter: (p: { dataIndex: number }[]) => `${bins[p[0].dataIndex].label} ${labels.days}: ${bins[p[0].dataIndex].count} ${labels.invoices}, ${formatMoney(bins[p[0].dataIndex].amount, locale)}` },
    xAxis: { type: 'category', name: labels.days, nameLocation: 'middle', nameGap: 24, data: bins.map((b) => b.label) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: bins.map((b) => b.count), itemStyle: { color: '#2f6fb2' } }],
  };
}

/** Days late of each settled invoice by settlement date, with the running mean of the last 5. */
export function delayTimelineOption(items: ClientItem[], locale: Locale, labels: { invoice: string; mean: string; days: string }): ChartOption {
  const settled = settledInvoices(items).sort((a, b) => a.settled_date.localeCompare(b.settled_date));
  const mean = settled.map((_, k) => {
    const window = settled.slice(Math.max(0, k - 4), k + 1);
    return [settled[k].settled_date, Math.round((window.reduce((s, i) => s + i.days_late, 0) / window.length) * 10) / 10];
  });
  const lastMean = mean.at(-1);
  return {
    aria: aria(
      lastMean
        ? locale === 'fr'
          ? `Retard de chaque facture réglée (${settled.length}) selon sa date de règlement ; moyenne des 5 dernières : ${formatNumber(lastMean[1] as number, locale, 1)} ${labels.days} au ${formatDate(lastMean[0] as string, locale)}.`
          : `Days late of each settled invoice (${settled.length}) by settlement date; mean of the last 5: ${formatNumber(lastMean[1] as number, locale, 1)} ${labels.days} on ${formatDate(lastMean[0] as string, locale)}.`
        : '',
    ),
    grid: { left: 40, right: 12, top: 32, bottom: 32 },
    legend: { top: 0 },
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => `${formatNumber(Array.isArray(v) ? (v[1] as number) : (v as number), locale, 1)} ${labels.days}` },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', name: labels.days },
    series: [
      { name: labels.invoice, type: 'scatter', data: settled.map((i) => [i.settled_date, i.days_late]), symbolSize: 6, itemStyle: { color: '#9db7d5' } },
      { name: labels.mean, type: 'line', data: mean, showSymbol: false, lineStyle: { width: 2, color: '#1f3a5f' } },
    ],
  };
}
