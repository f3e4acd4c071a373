// Collections effectiveness: the gap in points between reminded and not reminded invoices, how it
// reads, the kept share of matured promises, and the grouped bar of 14-day paid shares — on
// hand-made rows and on the API's saved answer.
import { describe, expect, it } from 'vitest';
import { effectivenessHeight, effectivenessOption, formatPoints, gapPoints, keptShare, type EffectivenessLevel } from '../../src/lib/charts/collections.ts';
import { formatPercent } from '../../src/lib/format.ts';
import { snapshot } from '../contract/snapshots.ts';

const outcome = (paid_14d_share: number, invoices = 10) => ({ invoices, paid_7d_share: paid_14d_share / 2, paid_14d_share, median_days_to_payment: 9 });
const levels: EffectivenessLevel[] = [
  { level: 1, channel: 'reminder_email', reminded: outcome(0.6234), not_reminded: outcome(0.5012) },
  { level: 2, channel: 'call', reminded: outcome(0.41), not_reminded: outcome(0.4449) },
  { level: 3, channel: 'formal_notice', reminded: outcome(0.3), not_reminded: null },
  { level: 4, channel: 'escalation', reminded: null, not_reminded: outcome(0.25) },
];
const label = (l: EffectivenessLevel) => `Niveau ${l.level}`;

describe('collections effectiveness', () => {
  it('gives the gap of the 14-day paid shares in points, or nothing when a group is missing', () => {
    expect(levels.map(gapPoints)).toEqual([12, -3, null, null]);
    expect(Object.is(gapPoints({ reminded: outcome(0.5), not_reminded: outcome(0.501) }), 0)).toBe(true);
  });

  it('says the gap plainly, signed, in French and English', () => {
    expect(formatPoints(12, 'fr')).toBe('+12\u00a0pts');
    expect(formatPoints(-3, 'en')).toBe('−3\u00a0pts');
    expect(formatPoints(1, 'en')).toBe('+1\u00a0pt');
    expect(formatPoints(0, 'fr')).toBe('0\u00a0pt');
    expect(formatPoints(0, 'en')).toBe('0\u00a0pts');
    expect(formatPoints(null, 'fr')).toBe('—');
  });

  it('counts the kept share over the promises that came to term only', () => {
    expect(keptShare({ kept: 3, broken: 1 })).toBe(0.75);
    expect(keptShare({ kept: 0, broken: 0 })).toBeNull();
  });

  it('draws the 14-day paid share per level, reminded beside not reminded, a missing group as no bar', () => {
    const option = effectivenessOption(levels, 'fr', { reminded: 'Relancées', notReminded: 'Sans action', levelLabel: label }) as {
      yAxis: { data: string[] };
      series: { name: string; data: (number | null)[] }[];
      aria: { label: { description: string } };
    };
    expect(option.yAxis.data).toEqual(['Niveau 1', 'Niveau 2', 'Niveau 3', 'Niveau 4']);
    expect(option.series.map((s) => s.name)).toEqual(['Relancées', 'Sans action']);
    expect(option.series[0].data).toEqual([0.6234, 0.41, 0.3, null]);
    expect(option.series[1].data).toEqual([0.5012, 0.4449, null, 0.25]);
    const pct = (v: number) => formatPercent(v, 'fr');
    expect(option.aria.label.description).toContain(`Niveau 1: ${pct(0.62)} / ${pct(0.5)}`);
    expect(option.aria.label.description).toContain(`Niveau 4: — / ${pct(0.25)}`);
    expect(effectivenessHeight(4)).toBe('232px');
    expect(effectivenessHeight(0)).toBe('160px');
  });

  it("reads the server's saved answer: one bar pair per level", () => {
    const answer = snapshot('effectiveness');
    const option = effectivenessOption(answer.levels, 'en', { reminded: 'Reminded', notReminded: 'No action', levelLabel: label }) as { series: { data: (number | null)[] }[] };
    expect(option.series[1].data).toEqual(answer.levels.map((l) => l.not_reminded?.paid_14d_share ?? null));
    for (const l of answer.levels) expect(gapPoints(l) === null).toBe(!l.reminded || !l.not_reminded);
  });
});
