// The arithmetic of the CFO's levers (DOMAIN.md §5), without the database: the server's report
// (src/server/reports/levers.ts) applies it to the ledger's figures, and a page can apply it again
// as the user moves an input (a discount rate, a number of days) without asking the server. Rates
// are fractions a year (0.05 for 5 %), a year is 365 days, money is not rounded here: the report
// rounds to the cent once, at the end.

export const DAYS_A_YEAR = 365;

/** The financing cost of carrying an amount for some days: amount × days (€·days) × rate / 365. */
export const financingCost = (amountDays: number, rate: number): number => (amountDays * rate) / DAYS_A_YEAR;

/**
 * What an early-payment discount (escompte) costs a year, as a rate: d / (1 − d) × 365 / (n − k)
 * — the seller gives d of the amount to have the rest n − k days sooner. 2 % at 10 days instead of
 * 30: 2/98 × 365/20 = 37.24 % a year. Null when n ≤ k (no day is gained) or d ≥ 1.
 */
export function escompteAnnualCost(discountRate: number, discountDays: number, netDays: number): number | null {
  if (!(netDays > discountDays) || !(discountRate < 1)) return null;
  return (discountRate / (1 - discountRate)) * (DAYS_A_YEAR / (netDays - discountDays));
}

/**
 * The escompte for a client that takes it: it pays at k days instead of its actual days to pay, on
 * its sales of a year. Cash brought forward = sales × (days to pay − k) / 365 (the receivables no
 * longer carried); its value = that cash × the cost of funds (a year's financing of it); the
 * discount = d × sales; net gain = value − discount (negative: the discount costs more than the
 * cash is worth). A client that already pays within k days brings nothing forward (negative days
 * count as such: it would pay later).
 */
export function escompteGain(p: { sales: number; daysToPay: number; discountRate: number; discountDays: number; costOfFunds: number }): {
  cashBroughtForward: number;
  valueOfCash: number;
  discountCost: number;
  netGain: number;
} {
  const cashBroughtForward = (p.sales * (p.daysToPay - p.discountDays)) / DAYS_A_YEAR;
  const valueOfCash = cashBroughtForward * p.costOfFunds;
  const discountCost = p.discountRate * p.sales;
  return { cashBroughtForward, valueOfCash, discountCost, netGain: valueOfCash - discountCost };
}

/** The cash a shorter DSO frees: days × annual sales / 365 (10 days at 3 650 000 € of sales a year: 100 000 €). */
export const cashFreedByDays = (days: number, annualSales: number): number => (days * annualSales) / DAYS_A_YEAR;

/**
 * Factoring eligible receivables: the factor advances eligible × (1 − g) now and holds g back (the
 * guarantee reserve) until the debtors pay; it costs a commission c × eligible and the financing
 * r × Σ advanced × days until paid / 365 — `advancedDays` is that Σ (€·days), for invoices with
 * different expected days. E.g. 100 000 € eligible, g 10 %, c 0.5 %, r 4 %, 45 days: advanced
 * 90 000, cost 500 + 90 000 × 4 % × 45 / 365 = 500 + 443.84 = 943.84.
 */
export function factoringCost(p: { eligible: number; advancedDays: number; reserve: number; commission: number; rate: number }): {
  advanced: number;
  reserveHeld: number;
  commission: number;
  financing: number;
  cost: number;
} {
  const advanced = p.eligible * (1 - p.reserve);
  const commission = p.commission * p.eligible;
  const financing = financingCost(p.advancedDays, p.rate);
  return { advanced, reserveHeld: p.eligible - advanced, commission, financing, cost: commission + financing };
}

/** A cost over some days as a rate a year on the cash it bought: cost / cash × 365 / days; null without cash or days. */
export const annualRate = (cost: number, cash: number, days: number): number | null => (cash > 0 && days > 0 ? (cost / cash) * (DAYS_A_YEAR / days) : null);
