// How good a probability forecast of a yes/no outcome is: AUC (how well it ranks the cases that
// happened above those that did not: 0.5 is chance, 1 is perfect), the Brier score (mean squared
// error of the probability: lower is better) and a calibration table (by decile of predicted
// probability: what was predicted against what happened).
import { mean, wilcoxonRankSum } from 'simple-statistics';
import type { CalibrationRow } from '../../lib/contract/index.ts';

/** Area under the ROC curve, from the rank sum of the positives (Mann-Whitney; ties count half). */
export function auc(scores: number[], outcomes: boolean[]): number | null {
  const positives = scores.filter((_, i) => outcomes[i]);
  const negatives = scores.filter((_, i) => !outcomes[i]);
  if (positives.length === 0 || negatives.length === 0) return null;
  const rankSum = wilcoxonRankSum(positives, negatives);
  return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}

export function brier(probabilities: number[], outcomes: boolean[]): number {
  return mean(probabilities.map((p, i) => (p - (outcomes[i] ? 1 : 0)) ** 2));
}

/** Rows sorted by predicted probability, cut in ten groups of (nearly) equal size. */
export function calibrationByDecile(probabilities: number[], outcomes: boolean[]): CalibrationRow[] {
  const order = probabilities.map((p, i) => [p, outcomes[i] ? 1 : 0] as const).sort((a, b) => a[0] - b[0]);
  const out: CalibrationRow[] = [];
  for (let k = 0; k < 10; k++) {
    const group = order.slice(Math.floor((k * order.length) / 10), Math.floor(((k + 1) * order.length) / 10));
    if (group.length === 0) continue;
    out.push({ decile: k + 1, rows: group.length, mean_predicted: mean(group.map((g) => g[0])), observed_rate: mean(group.map((g) => g[1])) });
  }
  return out;
}
