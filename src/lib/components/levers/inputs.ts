// The inputs of the Levers page: the API's query parameters (src/lib/contract/levers.ts), kept
// in the page's URL under the same names and with the same values — rates as fractions (0.02) —
// so that a link reproduces the what-if. The fields show rates as percentages (2 for 2 %). Pure.
import type { LeversInputs } from '../../contract/index.ts';
import { formatPercent, type Locale } from '../../format.ts';

export type LeverInput = keyof LeversInputs;

/** Which part of the page each input belongs to: a refusal naming it is said there. */
export const INPUT_GROUPS = {
  common: ['cost_of_funds'],
  late: ['dso_reduction_days'],
  escompte: ['discount_rate', 'discount_days', 'net_days'],
  factoring: ['factoring_commission', 'factoring_rate', 'factoring_reserve', 'factoring_exclude_disputed', 'factoring_exclude_doubtful', 'factoring_exclude_past_due', 'factoring_past_due_days'],
} as const satisfies Record<string, readonly LeverInput[]>;
export type InputGroup = keyof typeof INPUT_GROUPS;

export const LEVER_INPUTS: LeverInput[] = Object.values(INPUT_GROUPS).flat();

/** The inputs typed as percentages and sent as fractions. */
export const RATE_INPUTS: ReadonlySet<LeverInput> = new Set(['cost_of_funds', 'discount_rate', 'factoring_commission', 'factoring_rate', 'factoring_reserve']);

/** Decimal arithmetic's noise removed: 0.07 × 100 is 7.000000000000001 in binary floating point. */
const clean = (x: number) => Number(x.toPrecision(12));

/** A fraction as the percentage a field shows: '0.02' → '2', '0.005' → '0.5'; text that is not a number stays as it is. */
export function percentOf(fraction: string): string {
  const n = Number(fraction);
  return fraction.trim() !== '' && Number.isFinite(n) ? String(clean(n * 100)) : fraction;
}

/** A percentage typed in a field as the fraction sent: '2' → '0.02', '' → null (the setting). */
export function fractionOf(percent: string): string | null {
  if (percent.trim() === '') return null;
  const n = Number(percent);
  return Number.isFinite(n) ? String(clean(n / 100)) : percent;
}

/**
 * The inputs a refusal of the API names (its messages name the parameter: "Le paramètre
 * discount_rate (1) doit être…", "discount_days (40) must be fewer than net_days (30)…").
 */
export function inputsNamed(message: string): LeverInput[] {
  return LEVER_INPUTS.filter((k) => new RegExp(`(^|[^a-z_])${k}([^a-z_]|$)`).test(message));
}

/** The part of the page whose inputs a refusal names (the top, beside the as-of date, when it names none of them). */
export function groupOf(named: LeverInput[]): InputGroup {
  for (const [group, keys] of Object.entries(INPUT_GROUPS) as [InputGroup, readonly LeverInput[]][]) if (named.some((k) => keys.includes(k))) return group;
  return 'common';
}

/** An input rate as few digits as it needs: 0.1 → '10 %', 0.005 → '0,5 %', 0.0125 → '1,25 %'. */
export function formatInputRate(share: number, locale: Locale): string {
  const digits = [0, 1, 2, 3].find((d) => Math.abs(Math.round(share * 100 * 10 ** d) - share * 100 * 10 ** d) < 1e-6) ?? 3;
  return formatPercent(share, locale, digits);
}
