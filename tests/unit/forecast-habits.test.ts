// Payment habits (src/server/forecast/habits.ts): clients paying on fixed days found from the days
// their payments came in, tested against chance; a client paying at random is not given one; the
// week each day after the as-of date goes to once moved to the nearest run day. Worked by hand on
// the 2025-2026 calendar.
import { describe, expect, it } from 'vitest';
import { binomialTail, findHabit, monthlyRunDay, MONTH_END, onRunDay, RunCalendar, runWeeks, SINGLE_RUNS } from '../../src/server/forecast/habits.ts';
import { prng } from '../../src/server/util/random.ts';

const DAY_MS = 86_400_000;
const day = (iso: string) => Date.parse(iso + 'T00:00:00Z') / DAY_MS;
const iso = (d: number) => new Date(d * DAY_MS).toISOString().slice(0, 10);
/** the run day of day-of-month `dom` in each month of 2025 */
const monthly = (dom: number, months = 12) => Array.from({ length: months }, (_, m) => iso(monthlyRunDay(dom, day(`2025-${String(m + 1).padStart(2, '0')}-01`))));

describe('payment habits', () => {
  it('puts a run falling on a weekend on the Monday after, and a month-end run on the last business day', () => {
    // 10 January 2026 is a Saturday: paid Monday the 12th; 10 February 2026, a Tuesday
    expect(iso(monthlyRunDay(10, day('2026-01-20')))).toBe('2026-01-12');
    expect(iso(monthlyRunDay(10, day('2026-02-03')))).toBe('2026-02-10');
    // 31 January 2026 is a Saturday: the last business day is Friday the 30th
    expect(iso(monthlyRunDay(MONTH_END, day('2026-01-05')))).toBe('2026-01-30');
    // a run pushed into the next month by a weekend: Saturday 28 February 2026 is paid Monday 2 March
    expect(iso(monthlyRunDay(28, day('2026-02-01')))).toBe('2026-03-02');
    expect(onRunDay({ kind: 'monthly', days: [28] }, day('2026-03-02'))).toBe(true);
    // the bank's posting the business day after counts (Friday's run booked on Monday too)
    expect(onRunDay({ kind: 'weekly', weekday: 5 }, day('2026-01-12'))).toBe(true);
    expect(onRunDay({ kind: 'weekly', weekday: 5 }, day('2026-01-13'))).toBe(false);
  });

  it('counts the same run days in its calendar of a span as day by day', () => {
    const calendar = new RunCalendar('2025-12-20', '2026-03-10');
    for (let d = day('2025-12-20'); d <= day('2026-03-10'); d++) {
      SINGLE_RUNS.forEach((h, r) => expect(calendar.on(d, r), `${iso(d)} ${JSON.stringify(h)}`).toBe(onRunDay(h, d)));
    }
  });

  it('sums the binomial tail', () => {
    // 3 tosses, at least 2 heads: 3/8 + 1/8
    expect(binomialTail(3, 2, 0.5)).toBeCloseTo(0.5, 12);
    expect(binomialTail(5, 5, 0.1)).toBeCloseTo(1e-5, 12);
    expect([binomialTail(10, 0, 0.3), binomialTail(10, 11, 0.3)]).toEqual([1, 0]);
  });

  it('finds a client paying on the 10th of each month, on the 10th and the 25th, at month-end, every Friday', () => {
    const tenth = findHabit(monthly(10))!;
    expect(tenth.habit).toEqual({ kind: 'monthly', days: [10] });
    expect([tenth.payments, tenth.on_run_days]).toEqual([12, 12]);
    // 12 of 12 on days that hold about 2 business days in 22 (the run day and the day after): chance ≈ 0.09^12, × the 62 runs tried
    expect(tenth.p_value).toBeLessThan(1e-10);
    expect(findHabit([...monthly(10), ...monthly(25)])!.habit).toEqual({ kind: 'monthly', days: [10, 25] });
    expect(findHabit(monthly(MONTH_END))!.habit).toEqual({ kind: 'monthly', days: [MONTH_END] });
    // every other Friday of 2025 from 3 January
    const fridays = Array.from({ length: 26 }, (_, i) => iso(day('2025-01-03') + 14 * i));
    expect(findHabit(fridays)!.habit).toEqual({ kind: 'weekly', weekday: 5 });
    // the same days as day numbers (days since 1970-01-01, as the query gives them): the same finding
    expect(findHabit(fridays.map(day))).toEqual(findHabit(fridays));
    expect(findHabit([...monthly(10), ...monthly(25)].map(day))).toEqual(findHabit([...monthly(10), ...monthly(25)]));
  });

  it('keeps a habit that most payments follow, not one that a few do', () => {
    // 9 of 12 on the 10th, 3 elsewhere: 75 % ≥ 60 %, and far from chance
    const mostly = [...monthly(10, 9), '2025-10-21', '2025-11-04', '2025-12-17'];
    expect(findHabit(mostly)!.habit).toEqual({ kind: 'monthly', days: [10] });
    // 5 of 12 on the 10th: under 60 %
    const some = [...monthly(10, 5), '2025-06-02', '2025-07-23', '2025-08-07', '2025-09-19', '2025-10-21', '2025-11-05', '2025-12-18'];
    expect(findHabit(some)).toBeNull();
    // too few payments to tell
    expect(findHabit(monthly(10, 5))).toBeNull();
  });

  it('finds no habit in a client paying on random business days', () => {
    const random = prng(7);
    const calendar = new RunCalendar('2025-01-01', '2025-12-31');
    let found = 0;
    for (let client = 0; client < 200; client++) {
      const days = new Set<string>();
      while (days.size < 20) {
        const d = day('2025-01-01') + Math.floor(random.next() * 365);
        const weekday = new Date(d * DAY_MS).getUTCDay();
        if (weekday >= 1 && weekday <= 5) days.add(iso(d));
      }
      if (findHabit([...days], calendar)) found++;
    }
    // the test's level is 0.001 a client: none of 200 expected, one would be bad luck
    expect(found).toBeLessThanOrEqual(1);
  });

  it('moves each day after the as-of date to the week of its nearest run day', () => {
    // as of Saturday 31 October 2026, a run on the 10th: Tuesday 10 November (day 10, week 2),
    // Thursday 10 December (day 40, week 6); from day 25 (equally far: the later) the December one
    const weeks = runWeeks({ kind: 'monthly', days: [10] }, '2026-10-31', 60);
    expect([weeks[1], weeks[10], weeks[24], weeks[25], weeks[40], weeks[55]]).toEqual([2, 2, 2, 6, 6, 6]);
    // never on or before the as-of date: day 1 goes to the first run after it
    const fridays = runWeeks({ kind: 'weekly', weekday: 5 }, '2026-10-31', 14);
    // Fridays 6 and 13 November: days 6 and 13; day 9 is 3 from the first and 4 from the second
    expect([fridays[1], fridays[6], fridays[9], fridays[10], fridays[14]]).toEqual([1, 1, 1, 2, 2]);
  });
});
