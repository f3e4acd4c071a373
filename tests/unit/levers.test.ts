// The arithmetic of the CFO's levers (src/lib/shared/levers.ts), worked by hand, and the expected
// days until an unpaid invoice is paid in cash, from payment-delay hazards (forecast/engine.ts).
import { describe, expect, it } from 'vitest';
import { annualRate, cashFreedByDays, escompteAnnualCost, escompteGain, factoringCost, financingCost } from '../../src/lib/shared/levers.ts';
import { expectedDaysToCash, type Grid, type Hazards } from '../../src/server/forecast/engine.ts';

const cents = (x: number) => Math.round(x * 100) / 100;

describe('the levers’ formulas', () => {
  it('an escompte of 2 % at 10 days instead of 30 costs 2/98 × 365/20 = 37.24 % a year', () => {
    expect(escompteAnnualCost(0.02, 10, 30)).toBeCloseTo(0.3724, 4);
    // 1 % at 10 days instead of 60: 1/99 × 365/50 = 7.37 %
    expect(escompteAnnualCost(0.01, 10, 60)).toBeCloseTo(0.0737, 4);
    // no day gained: no rate
    expect(escompteAnnualCost(0.02, 30, 30)).toBeNull();
    expect(escompteAnnualCost(0.02, 40, 30)).toBeNull();
    expect(escompteAnnualCost(1, 10, 30)).toBeNull();
  });

  it('12 000 € paid 45 days late at 5 % a year cost 12 000 × 45 × 5 % / 365 = 73.97 €', () => {
    expect(cents(financingCost(12_000 * 45, 0.05))).toBe(73.97);
  });

  it('10 days of DSO at 3 650 000 € of sales a year free 10 × 3 650 000 / 365 = 100 000 €', () => {
    expect(cashFreedByDays(10, 3_650_000)).toBe(100_000);
  });

  it('the escompte’s gain for a client on its actual days to pay: the cash brought forward at the cost of funds, less the discount', () => {
    // 36 500 € a year paid at 70 days, offered 1 % at 10 days, funds at 10 %: 6 000 € brought
    // forward (60 days of sales), worth 600 € a year, for a discount of 365 €: 235 € gained
    expect(escompteGain({ sales: 36_500, daysToPay: 70, discountRate: 0.01, discountDays: 10, costOfFunds: 0.1 })).toEqual({ cashBroughtForward: 6000, valueOfCash: 600, discountCost: 365, netGain: 235 });
    // paying at 30 days: 20 days brought forward, worth 200 €, the discount costs 365 €
    const atTerms = escompteGain({ sales: 36_500, daysToPay: 30, discountRate: 0.01, discountDays: 10, costOfFunds: 0.1 });
    expect([cents(atTerms.cashBroughtForward), cents(atTerms.valueOfCash), cents(atTerms.netGain)]).toEqual([2000, 200, -165]);
  });

  it('factoring 100 000 € for 45 days: 90 000 advanced (10 % reserve), 500 of commission (0.5 %) + 90 000 × 4 % × 45 / 365 = 443.84 of financing = 943.84', () => {
    const f = factoringCost({ eligible: 100_000, advancedDays: 90_000 * 45, reserve: 0.1, commission: 0.005, rate: 0.04 });
    expect([f.advanced, f.reserveHeld, f.commission, cents(f.financing), cents(f.cost)]).toEqual([90_000, 10_000, 500, 443.84, 943.84]);
    // as a rate a year on the cash it buys: 943.84 / 90 000 × 365 / 45 = 8.51 %
    expect(annualRate(f.cost, f.advanced, 45)).toBeCloseTo(0.08506, 5);
    expect(annualRate(1, 0, 45)).toBeNull();
  });
});

describe('the expected days until an invoice is paid in cash', () => {
  const grid: Grid = { min: -5, max: 10 };
  const at = (values: Record<number, number>) => Float64Array.from({ length: grid.max - grid.min + 1 }, (_, i) => values[i + grid.min] ?? 0);

  it('given that it is paid in cash: what is never paid does not lengthen it', () => {
    // half paid on day 2 after the due date, the other half written off on day 2: paid 2 days after due
    const h: Hazards = { cash: at({ 2: 0.5 }), nocash: at({ 2: 0.5 }) };
    expect(expectedDaysToCash(h, grid, -3)).toEqual({ days: 5, cash: 0.5 });
    // 3 days past due already: the same hazards give no cash any more
    expect(expectedDaysToCash(h, grid, 3)).toBeNull();
  });

  it('weighs each day by its chance: half on day 0, half of the rest on day 4', () => {
    const h: Hazards = { cash: at({ 0: 0.5, 4: 0.5 }), nocash: at({ 10: 1 }) };
    // from 2 days before the due date: 2 days (½) or 6 days (¼), given cash (¾): (1 + 1.5) / 0.75
    const r = expectedDaysToCash(h, grid, -2)!;
    expect(r.cash).toBeCloseTo(0.75, 12);
    expect(r.days).toBeCloseTo(10 / 3, 12);
  });
});
