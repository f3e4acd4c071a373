// Rounding money so that the parts add up to the whole: each part rounded to cents on its own can
// leave the total a cent or two off what is shown beside it (a forecast's weeks, later and
// uncollected against the open amount). Round once, at the end, with the largest remainders.

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Rounds `parts` to cents so that they add up exactly to `total` (itself in cents): each part is
 * cut down to the cent, then the cents still missing go to the parts with the largest fractions
 * (for a total above the parts' sum; the smallest, when it is below).
 */
export function roundToSum(parts: readonly number[], total: number): number[] {
  const target = Math.round(total * 100);
  const cents = parts.map((p) => Math.floor(p * 100 + 1e-7));
  let missing = target - cents.reduce((a, b) => a + b, 0);
  const order = parts.map((p, i) => ({ i, fraction: p * 100 - cents[i] })).sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (let k = 0; missing > 0 && order.length; k = (k + 1) % order.length, missing--) cents[order[k].i]++;
  for (let k = order.length - 1; missing < 0 && order.length; k = (k - 1 + order.length) % order.length, missing++) cents[order[k].i]--;
  return cents.map((c) => c / 100);
}
