// The CFO's levers as a chart: the escompte's ranking (the clients it is worth offering to) drawn
// as its working — for each of the first clients, the value of the cash it would bring forward,
// split into the discount it would cost and the net gain left. Pure.
import type { EscompteOffer } from '../contract/index.ts';
import { formatMoney, formatMoneyShort, type Locale } from '../format.ts';
import { aria, type ChartOption } from './echarts.ts';
import { labelRoom } from './aging.ts';

export interface EscompteChartLabels {
  /** the net gain (value of the cash − the discount) */
  gain: string;
  /** the discount given (d × sales) */
  discount: string;
}

/** How many clients of the ranking the chart draws (the table lists them all). */
export const ESCOMPTE_CHART_CLIENTS = 15;

const clientLabel = (o: EscompteOffer) => o.client_name ?? o.client_id;

/**
 * One horizontal bar per client, highest gain first: its length is the value of the cash brought
 * forward (cash × cost of funds), stacked as the discount (grey) then the net gain (green), with
 * the gain written at its end.
 */
export function escompteGainOption(ranking: EscompteOffer[], locale: Locale, labels: EscompteChartLabels, top = ESCOMPTE_CHART_CLIENTS): ChartOption {
  const shown = ranking.slice(0, top);
  const first = shown[0];
  const fr = locale === 'fr';
  const description = first
    ? fr
      ? `Gain net de l’escompte pour les ${shown.length} premiers clients sur ${ranking.length} : de ${formatMoney(first.net_gain, locale)} (${clientLabel(first)}) à ${formatMoney(shown.at(-1)!.net_gain, locale)}. Chaque barre est la valeur de la trésorerie avancée, partagée entre la remise et le gain net.`
      : `Net gain of the discount for the first ${shown.length} clients of ${ranking.length}: from ${formatMoney(first.net_gain, locale)} (${clientLabel(first)}) to ${formatMoney(shown.at(-1)!.net_gain, locale)}. Each bar is the value of the cash brought forward, split into the discount and the net gain.`
    : fr
      ? 'Aucun client à qui l’escompte rapporte.'
      : 'No client the discount gains on.';
  return {
    aria: aria(description),
    legend: { top: 0 },
    grid: { left: 8, right: labelRoom(shown.map((o) => formatMoney(o.net_gain, locale))), top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatMoney(v as number, locale) },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoneyShort(v, locale) } },
    yAxis: { type: 'category', inverse: true, data: shown.map(clientLabel) },
    series: [
      { name: labels.discount, type: 'bar', stack: 'value', data: shown.map((o) => o.discount_cost), itemStyle: { color: '#b8c2cc' } },
      {
        name: labels.gain,
        type: 'bar',
        stack: 'value',
        data: shown.map((o) => o.net_gain),
        itemStyle: { color: '#3a8d5c' },
        label: { show: true, position: 'right', formatter: (p: { value: number }) => formatMoney(p.value, locale) },
      },
    ],
  };
}
