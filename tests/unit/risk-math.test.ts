// The risk model's numerics on cases worked out by hand: the logistic fit, its factors, and the
// quality measures (AUC, Brier score, calibration by decile).
import { describe, expect, it } from 'vitest';
import { contributions, fitLogistic, predict, solveSymmetric } from '../../src/server/risk/logistic.ts';
import { auc, brier, calibrationByDecile } from '../../src/server/risk/metrics.ts';

describe('logistic regression', () => {
  it('recovers the event rate of each group of a binary feature (no penalty to speak of)', () => {
    // x = 0: 1 event in 4 (25 %); x = 1: 3 events in 4 (75 %). The maximum-likelihood fit gives
    // exactly these rates: logit(0.75) − logit(0.25) = 2 ln 3 between the groups.
    const X = [[0], [0], [0], [0], [1], [1], [1], [1]];
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const m = fitLogistic(['x'], X, y, { l2: 1e-9 });
    expect(predict(m, [0])).toBeCloseTo(0.25, 6);
    expect(predict(m, [1])).toBeCloseTo(0.75, 6);
    // standardised: mean 0.5, sd √(2/7) → coefficient 2 ln 3 × sd
    expect(m.coefficients[0]).toBeCloseTo(2 * Math.log(3) * Math.sqrt(2 / 7), 6);
    // the factor of a client with x = 1: its log-odds above the average client's
    expect(contributions(m, [1])[0]).toBeCloseTo(Math.log(3), 6);
  });

  it('stays finite on separable data, where the unpenalised fit would run off to infinity', () => {
    const X = [[0], [1], [2], [3], [4], [5]];
    const y = [0, 0, 0, 1, 1, 1];
    const m = fitLogistic(['x'], X, y, { l2: 1 });
    expect(Number.isFinite(m.intercept) && Number.isFinite(m.coefficients[0])).toBe(true);
    expect(predict(m, [0])).toBeLessThan(0.2);
    expect(predict(m, [5])).toBeGreaterThan(0.8);
    // symmetric data: the middle is a coin toss
    expect(predict(m, [2.5])).toBeCloseTo(0.5, 6);
  });

  it('gives a feature that never varies no weight, and the base rate with nothing to learn from', () => {
    const m = fitLogistic(['constant'], [[3], [3], [3], [3]], [1, 0, 0, 0], { l2: 1 });
    expect(m.coefficients[0]).toBe(0);
    expect(predict(m, [3])).toBeCloseTo(0.25, 6);
  });

  it('solves a symmetric positive definite system', () => {
    // [4 2; 2 3] x = [2; 1] → x = [0.5; 0]
    expect(solveSymmetric([[4, 2], [2, 3]], [2, 1]).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([0.5, 0]);
  });
});

describe('score quality', () => {
  it('AUC: the share of (event, non-event) pairs ranked the right way, ties counting half', () => {
    // pairs: (0.35 vs 0.1) ✓, (0.35 vs 0.4) ✗, (0.8 vs 0.1) ✓, (0.8 vs 0.4) ✓ → 3/4
    expect(auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    // a tie between an event and a non-event counts half: (0.5 vs 0.5) ½, (0.9 vs 0.5) 1 → 0.75
    expect(auc([0.5, 0.5, 0.9], [false, true, true])).toBe(0.75);
    expect(auc([0.2, 0.3], [false, false])).toBeNull();
  });

  it('Brier score: the mean squared error of the probabilities', () => {
    // (0.2 − 0)² + (0.7 − 1)² + (0.5 − 1)² = 0.04 + 0.09 + 0.25 = 0.38 → /3
    expect(brier([0.2, 0.7, 0.5], [false, true, true])).toBeCloseTo(0.38 / 3, 12);
  });

  it('calibration: ten groups by predicted probability, predicted against observed', () => {
    const p = Array.from({ length: 20 }, (_, i) => i / 20);
    const outcomes = p.map((_, i) => i >= 18);
    const table = calibrationByDecile(p, outcomes);
    expect(table).toHaveLength(10);
    expect(table[0]).toEqual({ decile: 1, rows: 2, mean_predicted: 0.025, observed_rate: 0 });
    expect(table[9]).toEqual({ decile: 10, rows: 2, mean_predicted: 0.925, observed_rate: 1 });
  });
});
