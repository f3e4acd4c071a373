// Parts rounded to cents that add up to their total.
import { describe, expect, it } from 'vitest';
import { roundToSum } from '../../src/server/util/money.ts';

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100);

describe('roundToSum', () => {
  it('gives the missing cent to the largest fraction', () => {
    // 100 € split in thirds: 33.333… each; rounded alone they make 99.99
    expect(roundToSum([100 / 3, 100 / 3, 100 / 3], 100)).toEqual([33.34, 33.33, 33.33]);
    // 0.125 + 0.125 + 9.75 = 10: the two halves of a cent cannot both round up
    expect(roundToSum([0.125, 0.125, 9.75], 10)).toEqual([0.13, 0.12, 9.75]);
  });

  it('takes a cent back from the smallest fraction when the parts run over', () => {
    expect(roundToSum([10.006, 10.006, 0.008], 20.01)).toEqual([10, 10, 0.01]);
  });

  it('always adds up, whatever the parts', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let n = 0; n < 200; n++) {
      const parts = Array.from({ length: 1 + (n % 14) }, () => random() * 1000);
      const total = Math.round(parts.reduce((a, b) => a + b, 0) * 100) / 100;
      const rounded = roundToSum(parts, total);
      expect(sum(rounded)).toBe(Math.round(total * 100));
      rounded.forEach((r, i) => expect(Math.abs(r - parts[i])).toBeLessThan(0.0101));
    }
  });
});
