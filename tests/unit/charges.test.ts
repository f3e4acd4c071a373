// French late-payment charges (L.441-10, D.441-5) on hand-worked invoices, then their invariants
// with fast-check. Every expected amount is worked out in the comments: interest =
// amount × rate % × days / 365, summed over the semesters unrounded, rounded once to the cent.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkChargeRates,
  invoiceCharges,
  MissingRateError,
  raisedToFloor,
  semesterRate,
  type ChargeRates,
} from '../../src/server/reminders/charges.ts';
import { ECB_MRO_RATES, LEGAL_RATES, semesterEnd, semesterOf, semesterStart } from '../../src/server/reminders/rates.ts';

const RATES: ChargeRates = { ecb: ECB_MRO_RATES, legal: LEGAL_RATES, points: 10, indemnity: 40 };
const charges = (openAmount: number, dueDate: string, until: string, clientRate: number | null = null, rates = RATES) =>
  invoiceCharges({ openAmount, dueDate, until, clientRate, rates });

describe('rates tables', () => {
  it('holds the rate in force on 1 January / 1 July, and stops at 2026-H1', () => {
    expect(ECB_MRO_RATES['2025-H1']).toBe(3.15);
    expect(ECB_MRO_RATES['2025-H2']).toBe(2.15);
    expect(ECB_MRO_RATES['2026-H1']).toBe(2.15);
    expect(ECB_MRO_RATES['2024-H2']).toBe(4.25);
    expect(ECB_MRO_RATES['2023-H2']).toBe(4.0);
    expect(ECB_MRO_RATES['2016-H1']).toBe(0.05); // the cut to 0 came on 16 March 2016
    expect(ECB_MRO_RATES['2022-H2']).toBe(0); // the rise to 0.50 came on 27 July 2022
    expect(ECB_MRO_RATES['2026-H2']).toBeUndefined();
    expect(LEGAL_RATES['2026-H2']).toBeUndefined();
    expect(Object.keys(ECB_MRO_RATES)).toEqual(Object.keys(LEGAL_RATES)); // 2015-H1 … 2026-H1 both
    expect(Object.keys(LEGAL_RATES)).toHaveLength(23);
    expect(() => checkChargeRates(RATES, 'shipped')).not.toThrow();
  });

  it('names semesters and their bounds', () => {
    expect(semesterOf('2025-03-17')).toBe('2025-H1');
    expect(semesterOf('2025-06-30')).toBe('2025-H1');
    expect(semesterOf('2025-07-01')).toBe('2025-H2');
    expect(semesterStart('2025-H2')).toBe('2025-07-01');
    expect(semesterEnd('2025-H1')).toBe('2025-06-30');
    expect(semesterEnd('2025-H2')).toBe('2025-12-31');
  });
});

describe('invoiceCharges', () => {
  it('charges 45 days late in the first half of 2025 at ECB + 10 points', () => {
    // due 31 Jan, end 17 Mar: 28 days of February + 17 of March = 45 days, all in 2025-H1.
    // rate 3.15 + 10 = 13.15 % (floor 3 × 3.71 = 11.13 % is below)
    // 10 000 × 13.15 × 45 / 36 500 = 5 917 500 / 36 500 = 162.1232… → 162.12 €
    const c = charges(10_000, '2025-01-31', '2025-03-17');
    expect(c).toEqual({
      days_late: 45,
      interest: 162.12,
      indemnity: 40,
      periods: [{ semester: '2025-H1', from: '2025-02-01', to: '2025-03-17', days: 45, rate: 13.15, interest: expect.closeTo(162.1232877, 6) }],
    });
  });

  it('takes each semester’s rate across 30 June / 1 July 2025', () => {
    // due 15 Jun, end 20 Jul: 16–30 June = 15 days at 3.15 + 10 = 13.15 %, 1–20 July = 20 days at
    // 2.15 + 10 = 12.15 % (floors 11.13 % and 3 × 2.76 = 8.28 % are below).
    // 10 000 × 13.15 × 15 / 36 500 = 1 972 500 / 36 500 = 54.0410…
    // 10 000 × 12.15 × 20 / 36 500 = 2 430 000 / 36 500 = 66.5753…
    // total 4 402 500 / 36 500 = 120.6164… → 120.62 €
    const c = charges(10_000, '2025-06-15', '2025-07-20');
    expect(c.days_late).toBe(35);
    expect(c.interest).toBe(120.62);
    expect(c.indemnity).toBe(40);
    expect(c.periods.map(({ semester, from, to, days, rate }) => ({ semester, from, to, days, rate }))).toEqual([
      { semester: '2025-H1', from: '2025-06-16', to: '2025-06-30', days: 15, rate: 13.15 },
      { semester: '2025-H2', from: '2025-07-01', to: '2025-07-20', days: 20, rate: 12.15 },
    ]);
    expect(c.periods[0].interest).toBeCloseTo(54.0410959, 6);
    expect(c.periods[1].interest).toBeCloseTo(66.5753425, 6);

    // 7 300 € (= 20 € a day per 1 % a year), 10 days on each side of 1 July:
    // 20 × 13.15 × 10 / 100 = 26.30; 20 × 12.15 × 10 / 100 = 24.30; total 50.60 €
    expect(charges(7_300, '2025-06-20', '2025-07-10').interest).toBe(50.6);
  });

  it('rounds the invoice’s interest once, not each semester', () => {
    // 1 009 €, 21–30 June (10 days) then 1–10 July (10 days):
    // 1 009 × 13.15 × 10 / 36 500 = 132 683.5 / 36 500 = 3.6351… (alone: 3.64)
    // 1 009 × 12.15 × 10 / 36 500 = 122 593.5 / 36 500 = 3.3587… (alone: 3.36)
    // together 255 277 / 36 500 = 6.9938… → 6.99 €, not 3.64 + 3.36 = 7.00
    expect(charges(1_009, '2025-06-20', '2025-07-10').interest).toBe(6.99);
  });

  it('spans the new year 2024-H2 → 2025-H1 at each semester\'s ECB rate + 10 points', () => {
    // due 20 Dec 2024, end 10 Jan 2025: 21–31 Dec = 11 days, 1–10 Jan = 10 days, 21 in all.
    // 2024-H2: 4.25 + 10 = 14.25 % (the default rate is not floored, even below 3 × 4.92 = 14.76 %)
    // 2025-H1: 3.15 + 10 = 13.15 %
    // 5 000 × 14.25 × 11 / 36 500 = 783 750 / 36 500 = 21.4726…
    // 5 000 × 13.15 × 10 / 36 500 = 657 500 / 36 500 = 18.0136…
    // total 1 441 250 / 36 500 = 39.4863… → 39.49 €
    const c = charges(5_000, '2024-12-20', '2025-01-10');
    expect(c.days_late).toBe(21);
    expect(c.periods.map((p) => [p.semester, p.days, p.rate])).toEqual([
      ['2024-H2', 11, 14.25],
      ['2025-H1', 10, 13.15],
    ]);
    expect(c.interest).toBe(39.49);
    expect(c.indemnity).toBe(40);
  });

  it('raises the client’s own rate to 3 × the legal rate, and leaves the legal default as it is', () => {
    // a client rate of 5 % in 2024-H1: 3 × 5.07 = 15.21 % → 15.21 %
    expect(semesterRate('2024-H1', 5, RATES)).toBe(15.21);
    expect(raisedToFloor('2024-H1', 5, RATES)).toBe(true);
    // 1–31 March 2024 (due 1 Mar, end 31 Mar) = 30 days:
    // 10 000 × 15.21 × 30 / 36 500 = 4 563 000 / 36 500 = 125.0136… → 125.01 €
    expect(charges(10_000, '2024-03-01', '2024-03-31', 5).interest).toBe(125.01);
    // 2024-H1 by default: 4.50 + 10 = 14.50 %, below 15.21 % but the law's own rate (L.441-10 II):
    // 10 000 × 14.50 × 30 / 36 500 = 4 350 000 / 36 500 = 119.1780… → 119.18 €
    expect(semesterRate('2024-H1', null, RATES)).toBe(14.5);
    expect(raisedToFloor('2024-H1', null, RATES)).toBe(false);
    expect(charges(10_000, '2024-03-01', '2024-03-31').interest).toBe(119.18);
    // 2023-H2: 4.00 + 10 = 14.00 %
    expect(semesterRate('2023-H2', null, RATES)).toBe(14);
    // 2026-H1: 2.15 + 10 = 12.15 % ≥ 3 × 2.62 = 7.86 %
    expect(semesterRate('2026-H1', null, RATES)).toBe(12.15);
    // a rate of 0 in the terms still gets the floor: 3 × 3.71 = 11.13 % in 2025-H1
    expect(semesterRate('2025-H1', 0, RATES)).toBe(11.13);
  });

  it('uses the client’s own rate as is when above the floor', () => {
    // 20 % in 2025-H1 (floor 11.13 %); due 1 Jan, end 15 Mar: 30 + 28 + 15 = 73 days
    // 1 000 × 20 × 73 / 36 500 = 1 460 000 / 36 500 = 40.00 €
    expect(semesterRate('2025-H1', 20, RATES)).toBe(20);
    const c = charges(1_000, '2025-01-01', '2025-03-15', 20);
    expect(c.days_late).toBe(73);
    expect(c.interest).toBe(40);
    // the client's own rate does not need the ECB table at all
    const noEcb = { ...RATES, ecb: {} };
    expect(charges(1_000, '2025-01-01', '2025-03-15', 20, noEcb).interest).toBe(40);
  });

  it('charges nothing when not late, and 1 day + the indemnity the day after the due date', () => {
    expect(charges(10_000, '2025-03-17', '2025-03-17')).toEqual({ days_late: 0, interest: 0, indemnity: 0, periods: [] });
    expect(charges(10_000, '2025-03-17', '2025-02-01')).toEqual({ days_late: 0, interest: 0, indemnity: 0, periods: [] });
    // nothing open: nothing charged
    expect(charges(0, '2025-01-31', '2025-03-17')).toEqual({ days_late: 45, interest: 0, indemnity: 0, periods: [] });
    // 10 000 × 13.15 × 1 / 36 500 = 3.6027… → 3.60 €
    const c = charges(10_000, '2025-03-17', '2025-03-18');
    expect([c.days_late, c.interest, c.indemnity]).toEqual([1, 3.6, 40]);
    // the indemnity is the setting's
    expect(charges(10_000, '2025-03-17', '2025-03-18', null, { ...RATES, indemnity: 50 }).indemnity).toBe(50);
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => charges(100, '2025-02-30', '2025-03-17')).toThrow(/due date "2025-02-30"/);
    expect(() => charges(100, '2025-01-31', '17/03/2025')).toThrow(/end date/);
  });

  it('throws a MissingRateError naming the semester and table, in English and French', () => {
    // due 20 Jun 2026, end 5 Jul 2026: the days in July need 2026-H2, not shipped
    const ecb = (() => {
      try {
        charges(1_000, '2026-06-20', '2026-07-05');
      } catch (e) {
        return e;
      }
    })();
    expect(ecb).toBeInstanceOf(MissingRateError);
    expect(ecb).toMatchObject({ semester: '2026-H2', table: 'ecb' });
    expect((ecb as MissingRateError).message).toBe(
      'The ECB main refinancing rate for 2026-H2 (in force on 1 July 2026) is not in the settings: add "2026-H2": <rate> to reminders.charges.ecb_rates (the ECB publishes it on ecb.europa.eu).',
    );
    expect((ecb as MissingRateError).messageFr).toBe(
      'Le taux de refinancement de la BCE du 2e semestre 2026 (en vigueur au 1er juillet 2026) manque dans les réglages : ajoutez "2026-H2": <taux> à reminders.charges.ecb_rates.',
    );

    // with an ECB rate for 2026-H2 the default rate is known (it needs no legal rate)…
    const withEcb = { ...RATES, ecb: { ...ECB_MRO_RATES, '2026-H2': 2.15 } };
    expect(charges(1_000, '2026-06-20', '2026-07-05', null, withEcb).periods.map((p) => p.rate)).toEqual([12.15, 12.15]);
    // …the client's own rate needs the legal rate of the semester (its floor)
    expect(() => charges(1_000, '2026-06-20', '2026-07-05', 20, withEcb)).toThrow(MissingRateError);
    expect(() => charges(1_000, '2026-06-20', '2026-07-05', 20, withEcb)).toThrow(/2026-H2.*reminders\.charges\.legal_rates.*Journal officiel/);
    expect(() => charges(1_000, '2026-06-20', '2026-07-05', 20)).toThrow(expect.objectContaining({ semester: '2026-H2', table: 'legal' }));
    const { '2025-H1': _, ...legal } = LEGAL_RATES;
    const e = new MissingRateError('2025-H1', 'legal');
    expect(() => charges(1_000, '2025-01-31', '2025-03-17', 20, { ...RATES, legal })).toThrow(e.message);
    expect(e.messageFr).toContain('1er semestre 2025');
    expect(e.messageFr).toContain('reminders.charges.legal_rates');
  });
});

describe('checkChargeRates', () => {
  it('refuses a bad key, a value that is not a number or out of range, and negative settings', () => {
    expect(() => checkChargeRates({ ...RATES, ecb: { '2025-S1': 3.15 } }, 'reminders.charges')).toThrow(/reminders\.charges: "2025-S1" in the ecb rates is not a semester/);
    expect(() => checkChargeRates({ ...RATES, legal: { '2025-H1': '3.71' as unknown as number } }, 'settings')).toThrow(/legal rate for "2025-H1" must be a number.*not "3\.71"/);
    expect(() => checkChargeRates({ ...RATES, ecb: { '2025-H1': Number.NaN } }, 'settings')).toThrow(/not NaN/);
    expect(() => checkChargeRates({ ...RATES, ecb: { '2025-H1': 315 } }, 'settings')).toThrow(/between -5 and 50/);
    expect(() => checkChargeRates({ ...RATES, ecb: null as unknown as Record<string, number> }, 'settings')).toThrow(/ecb rates must be an object/);
    expect(() => checkChargeRates({ ...RATES, points: -1 }, 'settings')).toThrow(/points must be a number ≥ 0/);
    expect(() => checkChargeRates({ ...RATES, indemnity: Number.POSITIVE_INFINITY }, 'settings')).toThrow(/indemnity/);
  });
});

describe('invariants', () => {
  const DAY = 86_400_000;
  const FIRST = Date.UTC(2015, 0, 1) / DAY;
  const LAST = Date.UTC(2026, 5, 30) / DAY; // the tables end with 2026-H1
  const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
  const day = fc.integer({ min: FIRST, max: LAST });
  const amount = fc.integer({ min: 0, max: 100_000_000 }).map((cents) => cents / 100);
  const clientRate = fc.option(fc.double({ min: 0, max: 30, noNaN: true }), { nil: null });
  const params = { seed: 20250317, numRuns: 500 };

  it('never charges negative interest, and its periods cover the days late', () => {
    fc.assert(
      fc.property(amount, day, day, clientRate, (a, d, u, r) => {
        const c = charges(a, iso(d), iso(u), r);
        expect(c.interest).toBeGreaterThanOrEqual(0);
        expect(c.days_late).toBe(Math.max(u - d, 0));
        if (a > 0) expect(c.periods.reduce((s, p) => s + p.days, 0)).toBe(c.days_late);
      }),
      params,
    );
  });

  it('adds up: charges to B = charges to A + charges from A + 1 to B, within a cent', () => {
    fc.assert(
      fc.property(amount, fc.array(day, { minLength: 3, maxLength: 3 }), clientRate, (a, days, r) => {
        const [d, m, u] = [...days].sort((x, y) => x - y);
        const whole = charges(a, iso(d), iso(u), r);
        const first = charges(a, iso(d), iso(m), r);
        const rest = charges(a, iso(m), iso(u), r); // late from m + 1 to u
        const unrounded = (c: typeof whole) => c.periods.reduce((s, p) => s + p.interest, 0);
        expect(unrounded(whole)).toBeCloseTo(unrounded(first) + unrounded(rest), 6);
        expect(Math.abs(whole.interest - first.interest - rest.interest)).toBeLessThanOrEqual(0.01 + 1e-9);
      }),
      params,
    );
  });

  it('grows with the days late and with the amount', () => {
    fc.assert(
      fc.property(amount, amount, day, day, day, clientRate, (a1, a2, d, u1, u2, r) => {
        const [lo, hi] = a1 <= a2 ? [a1, a2] : [a2, a1];
        const [early, late] = u1 <= u2 ? [u1, u2] : [u2, u1];
        expect(charges(a1, iso(d), iso(early), r).interest).toBeLessThanOrEqual(charges(a1, iso(d), iso(late), r).interest);
        expect(charges(lo, iso(d), iso(late), r).interest).toBeLessThanOrEqual(charges(hi, iso(d), iso(late), r).interest);
      }),
      params,
    );
  });
});
