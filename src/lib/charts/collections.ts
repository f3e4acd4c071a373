// Collections effectiveness: how the reminded invoices of each level went against those of the
// same lateness left without action (the gap in points of their 14-day paid shares, and a grouped
// bar of those shares), and the share of matured promises kept. Pure.
import type { CollectionsEffectiveness } from '../contract/index.ts';
import { formatNumber, formatPercent, type Locale } from '../format.ts';
import { aria, type ChartOption } from './echarts.ts';

export type EffectivenessLevel = CollectionsEffectiveness['levels'][number];

/**
 * The reminded invoices' share paid within 14 days minus the share of those left without action,
 * in percentage points rounded to the unit; null when either group is missing (nothing to compare).
 */
export function gapPoints(row: Pick<EffectivenessLevel, 'reminded' | 'not_reminded'>): number | null {
  if (!row.reminded || !row.not_reminded) return null;
  const points = Math.round((row.reminded.paid_14d_share - row.not_reminded.paid_14d_share) * 100);
  return points === 0 ? 0 : points; // never -0
}

/** "+12 pts", "−3 pts", "0 pt" (fr) / "0 pts" (en), "1 pt"; "—" when there is nothing to compare. */
export function formatPoints(points: number | null, locale: Locale): string {
  if (points === null || Number.isNaN(points)) return '—';
  const unit = Math.abs(points) === 1 || (locale === 'fr' && points === 0) ? 'pt' : 'pts';
  const sign = points > 0 ? '+' : points < 0 ? '−' : '';
  return `${sign}${formatNumber(Math.abs(points), locale)}\u00a0${unit}`;
}

/** The share of the promises that came to term (kept or broken) that were kept; null when none did. */
export function keptShare(p: { kept: number; broken: number }): number | null {
  const matured = p.kept + p.broken;
  return matured ? p.kept / matured : null;
}

/** Share paid within 14 days at each level: reminded invoices against the same lateness left without action, side by side (horizontal bars). */
export function effectivenessOption(
  levels: EffectivenessLevel[],
  locale: Locale,
  labels: { reminded: string; notReminded: string; levelLabel: (l: EffectivenessLevel) => string },
): ChartOption {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v, locale));
  const names = levels.map(labels.levelLabel);
  const describe = levels.map((l, k) => `${names[k]}: ${pct(l.reminded?.paid_14d_share)} / ${pct(l.not_reminded?.paid_14d_share)}`).join(', ');
  return {
    aria: aria(
      `${locale === 'fr' ? 'Part des factures payées dans les 14 jours, par niveau' : 'Share of invoices paid within 14 days, by level'} (${labels.reminded} / ${labels.notReminded}) — ${describe}.`,
    ),
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => pct(v as number | null) },
    // levels down the side, the first on top: their labels stay whole on a phone
    yAxis: { type: 'category', inverse: true, data: names, axisLabel: { width: 120, overflow: 'break', fontSize: 11, lineHeight: 13 } },
    xAxis: { type: 'value', min: 0, max: 1, interval: 0.25, axisLabel: { formatter: (v: number) => formatPercent(v, locale) } },
    series: [
      { name: labels.reminded, type: 'bar', data: levels.map((l) => l.reminded?.paid_14d_share ?? null), itemStyle: { color: '#1f3a5f' } },
      { name: labels.notReminded, type: 'bar', data: levels.map((l) => l.not_reminded?.paid_14d_share ?? null), itemStyle: { color: '#9db7d5' } },
    ],
  };
}

/** The chart's height for its number of levels: two bars a level. */
export const effectivenessHeight = (levels: number) => `${Math.max(160, 56 + levels * 44)}px`;
