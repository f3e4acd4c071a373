// The range of the plan calibrated on the ledger's own past (issue #18). The simulation
// (forecast.ts) gives each week a P10-P90 from assumed correlations between invoices, tuned on no
// particular ledger: too wide where clients pay regularly, far too narrow where they pay in runs.
// The backtest (backtest.ts) knows how far the actual cash fell from the expected one at each of
// its origins and weeks ahead. Here each of those errors is measured in half-ranges of the
// simulation that week — score = (actual − expected) / ((P90 − P10) / 2) — and the calibrated
// range of a week is expected + [low, high] × its half-range, with low and high the order
// statistics of the scores that split conformal prediction takes for a 10 %-90 % range: the
// ⌊(n + 1) × 0.1⌋-th and the ⌈(n + 1) × 0.9⌉-th smallest of n. The simulation keeps the shape
// (which weeks are uncertain, and by how much relative to each other); the ledger sets the scale.
// Errors grow with the horizon: the scores are taken by horizon group (week 1, 2, 3-4, 5-8, 9-16,
// …), a group with too few scores taking the quantiles of all horizons together; with too few
// scores in all, there is no calibration and the simulation's range stands.
// Pure: no database.
import { round2 } from '../util/money.ts';
import { dayNumber } from '../util/dates.ts';
import type { HorizonGroup } from '../../lib/contract/index.ts';

/** One week ahead of one backtest origin: the cash that came in against what the forecast said. */
export interface Residual {
  /** the week ahead, from 1 */
  week: number;
  actual: number;
  expected: number;
  p10: number;
  p90: number;
}

export interface Calibration {
  groups: HorizonGroup[];
  /** scores in all (weeks whose simulated range was not empty) */
  scores: number;
}

export const CALIBRATION_LEVELS = { low: 0.1, high: 0.9 } as const;
/** The fewest scores a horizon group needs to take its own bounds. */
export const MIN_GROUP_SCORES = 20;
/** The fewest scores (all horizons) for a calibration at all: below, the simulation's range stands. */
export const MIN_SCORES = 40;

/** Horizon groups over `weeks` weeks ahead: 1, 2, 3-4, 5-8, 9-16, 17-32, 33-64 (cut at `weeks`). */
export function horizonGroups(weeks: number): [number, number][] {
  const out: [number, number][] = [];
  let from = 1;
  for (let upper = 1; from <= weeks; upper *= 2) {
    out.push([from, Math.min(weeks, upper)]);
    from = upper + 1;
  }
  return out;
}

/** How many half-ranges of the simulation the actual fell from the expected cash; null when the range was empty. */
export function score(r: Residual): number | null {
  const half = (r.p90 - r.p10) / 2;
  return half > 0.005 ? (r.actual - r.expected) / half : null;
}

/**
 * The bounds split conformal prediction gives for the levels' range from n sorted scores: the
 * ⌊(n + 1) × low⌋-th and ⌈(n + 1) × high⌉-th smallest, kept within the first and the n-th.
 */
export function conformalBounds(sorted: number[], levels: { low: number; high: number } = CALIBRATION_LEVELS): [number, number] {
  const n = sorted.length;
  const lo = Math.min(n, Math.max(1, Math.floor((n + 1) * levels.low)));
  const hi = Math.min(n, Math.max(1, Math.ceil((n + 1) * levels.high)));
  return [sorted[lo - 1], sorted[hi - 1]];
}

/** The calibration from backtest residuals over `weeks` weeks ahead; null with fewer than MIN_SCORES scores. */
export function calibrate(residuals: Residual[], weeks: number): Calibration | null {
  const scored = residuals.map((r) => ({ week: r.week, s: score(r) })).filter((x): x is { week: number; s: number } => x.s !== null);
  if (scored.length < MIN_SCORES) return null;
  const sort = (xs: number[]) => xs.sort((a, b) => a - b);
  const [poolLow, poolHigh] = conformalBounds(sort(scored.map((x) => x.s)));
  const groups = horizonGroups(weeks).map(([from, to]): HorizonGroup => {
    const own = sort(scored.filter((x) => x.week >= from && x.week <= to).map((x) => x.s));
    if (own.length < MIN_GROUP_SCORES) return { from_week: from, to_week: to, low: poolLow, high: poolHigh, scores: own.length, pooled: true };
    const [low, high] = conformalBounds(own);
    return { from_week: from, to_week: to, low, high, scores: own.length, pooled: false };
  });
  return { groups, scores: scored.length };
}

/** The group of a week ahead. */
export function groupOf(c: Calibration, week: number): HorizonGroup {
  return c.groups.find((g) => week >= g.from_week && week <= g.to_week) ?? c.groups[c.groups.length - 1];
}

/** A week's calibrated range, in euros rounded to the cent, never below 0. */
export function calibratedRange(expected: number, p10: number, p90: number, g: Pick<HorizonGroup, 'low' | 'high'>): [number, number] {
  const half = Math.max(0, (p90 - p10) / 2);
  const low = Math.max(0, round2(expected + g.low * half));
  return [low, Math.max(low, round2(expected + g.high * half))];
}

/** A backtest origin's residuals, its date, for the cross-validation. */
export interface OriginResiduals {
  as_of: string;
  residuals: Residual[];
}

/**
 * What an origin's range is calibrated on when it is judged: the other origins' residuals, but for
 * those of the calendar weeks it forecasts itself (its `weeks` weeks after its date).
 */
export function outOfSample(origins: OriginResiduals[], target: OriginResiduals, weeks: number): Residual[] {
  const start = dayNumber(target.as_of);
  const end = start + 7 * weeks;
  return origins
    .filter((o) => o !== target)
    .flatMap((o) =>
      o.residuals.filter((r) => {
        // the residual's week: the 7 days ending 7 × week days after its origin
        const weekEnd = dayNumber(o.as_of) + 7 * r.week;
        return weekEnd <= start || weekEnd - 7 >= end;
      }),
    );
}

/**
 * The coverage of the calibrated range, judged out of sample: each origin's weeks get a range
 * calibrated on the other origins' residuals, leaving out those of the calendar weeks it forecasts
 * (they share its surprises: a large payment that week is in all of them). An origin left with too
 * few scores keeps the simulation's range (counted apart). Coverage by week ahead and in all.
 */
export function crossValidatedCoverage(origins: OriginResiduals[], weeks: number): RangeCoverage & { calibrated_origins: number } {
  let calibrated = 0;
  const judged = origins.flatMap((target) => {
    const c = calibrate(outOfSample(origins, target, weeks), weeks);
    if (!c) return target.residuals;
    calibrated++;
    return target.residuals.map((r) => {
      const [p10, p90] = calibratedRange(r.expected, r.p10, r.p90, groupOf(c, r.week));
      return { ...r, p10, p90 };
    });
  });
  return { ...coverageOf(judged, weeks), calibrated_origins: calibrated };
}

export interface RangeCoverage {
  coverage: number;
  by_week: number[];
}

/** The share of weeks whose actual cash fell inside their P10-P90 (to the half-cent), in all and by week ahead. */
export function coverageOf(residuals: Residual[], weeks: number): RangeCoverage {
  const inside = new Array<number>(weeks).fill(0);
  const count = new Array<number>(weeks).fill(0);
  for (const r of residuals) {
    count[r.week - 1]++;
    if (r.actual >= r.p10 - 0.005 && r.actual <= r.p90 + 0.005) inside[r.week - 1]++;
  }
  const all = count.reduce((a, b) => a + b, 0);
  return { coverage: all ? inside.reduce((a, b) => a + b, 0) / all : 0, by_week: count.map((n, w) => (n ? inside[w] / n : 0)) };
}
