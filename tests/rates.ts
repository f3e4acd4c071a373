// Rates for the semesters after the shipped tables (src/server/reminders/rates.ts stops at the last
// one known for certain): letters run their charges to today, so a test that writes letters gives
// these — test values, 2 % — for its figures to be the same whenever it runs.
const SEMESTERS = Array.from({ length: 10 }, (_, i) => `${2026 + Math.floor((i + 1) / 2)}-H${i % 2 === 0 ? 2 : 1}`);

export const LATER_RATES: Record<string, number> = Object.fromEntries(SEMESTERS.map((s) => [s, 2]));

/** The settings' reminders.charges with those rates added. */
export const withLaterRates = <C extends { ecb_rates?: Record<string, number>; legal_rates?: Record<string, number> }>(charges: C): C => ({
  ...charges,
  ecb_rates: { ...LATER_RATES, ...(charges.ecb_rates ?? {}) },
  legal_rates: { ...LATER_RATES, ...(charges.legal_rates ?? {}) },
});
