// The CFO's levers at an as-of date (issue #17; DOMAIN.md §5), each with its working:
// 1. the cost of late payment — the financing cost of the days beyond terms, Σ amount overdue ×
//    days late × cost of funds / 365, over the 12 months before the date (settled amounts up to
//    their settlement, open ones up to the date) and per day at the date on what is overdue; the
//    cash every client paying at terms would free (today's ADD × the daily sales of the 12 months,
//    ADD as the DSO page computes it) and the cash a DSO shorter by N days would (N × sales / 365);
// 2. the early-payment discount (escompte) as a what-if: its annual cost d / (1 − d) × 365 / (n − k)
//    against the cost of funds, and per client the gain or loss of offering it given the client's
//    actual days to pay — the value of the cash brought forward less the discount — ranked;
// 3. factoring (affacturage) of the eligible open invoices: the cash advanced, the commission and
//    the financing until each invoice is expected to be paid (the forecast's payment delays),
//    against the cost of funds on the same cash and the cost of late payment.
// The ledger's facts (SQL: sql/queries/levers_clients.sql, levers_dso.sql, levers_factoring.sql,
// and each open invoice's expected days until paid) are kept per model build and users' data;
// the arithmetic (src/lib/shared/levers.ts) runs again for each set of inputs — a page moving a
// discount rate asks no query. Money is rounded to the cent once, at the end.
import type { Database } from '../db/database.ts';
import { cached } from '../models/cache.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import { actionsUntil } from '../models/span.ts';
import { DUE_GRID } from '../forecast/forecast.ts';
import { expectedDaysToCash, type Hazards } from '../forecast/engine.ts';
import { delayModelAt } from '../forecast/snapshots.ts';
import { round2 } from '../util/money.ts';
import { addDays, addMonths } from '../util/dates.ts';
import { say } from '../util/messages.ts';
import { annualRate, cashFreedByDays, DAYS_A_YEAR, escompteAnnualCost, escompteGain, factoringCost, financingCost } from '../../lib/shared/levers.ts';
import type { EscompteOffer, FactoringExclusion, LeversClient, LeversInputs, LeversReport } from '../../lib/contract/index.ts';
import { ReportError, resolveAsOf } from './as-of.ts';

interface ClientRow {
  entity_id: string;
  client_id: string;
  client_name: string | null;
  sales_12m: number;
  late_amount_days: number;
  overdue_amount: number;
  overdue_amount_days: number;
  days_to_pay_12m: number | null;
  terms_days: number | null;
}

interface DsoRow {
  receivables: number;
  not_due: number;
  sales_12m: number;
  dso_countback: number | null;
  best_dso_countback: number | null;
  add_countback: number | null;
}

interface OpenRow {
  item_id: number;
  entity_id: string;
  client_id: string;
  open_amount: number;
  days_past_due: number;
  is_doubtful: boolean;
  is_disputed: boolean;
}

/** What the levers are computed from at a date: the ledger's, whatever the inputs. */
interface LeversFacts {
  clients: ClientRow[];
  dso: DsoRow;
  /** the open invoices with their expected days until paid in cash */
  invoices: (OpenRow & { remaining_days: number })[];
  method: 'forecast' | 'due_date';
}

/** The names of the inputs, in the contract's order. */
const INPUT_KEYS = ['cost_of_funds', 'dso_reduction_days', 'discount_rate', 'discount_days', 'net_days', 'factoring_commission', 'factoring_rate', 'factoring_reserve', 'factoring_exclude_disputed', 'factoring_exclude_doubtful', 'factoring_exclude_past_due', 'factoring_past_due_days'] as const satisfies readonly (keyof LeversInputs)[];

/**
 * The inputs of a request: those given (a query's, without its other parameters), the settings'
 * for the others. Refused: a discount for paying no sooner than the terms (k ≥ n).
 */
export function leverInputs(settings: Settings, given: Partial<Record<keyof LeversInputs, unknown>> = {}): LeversInputs {
  const inputs = {} as Record<keyof LeversInputs, unknown>;
  for (const k of INPUT_KEYS) inputs[k] = given[k] !== undefined && given[k] !== null ? given[k] : settings.levers[k];
  const out = inputs as LeversInputs;
  if (out.net_days !== null && out.discount_days >= out.net_days) throw new ReportError(say.discountDaysNotBeforeNet(out.discount_days, out.net_days));
  return out;
}

/** The formulas, as the page shows them (the names are the inputs' and the answer's fields). */
const LEVER_FORMULAS = {
  late_payment: 'Σ amount overdue × days late (within the 12 months) × cost_of_funds / 365',
  late_payment_per_day: 'overdue_amount × cost_of_funds / 365',
  at_terms: 'add_countback × sales_12m / 365',
  by_dso_reduction: 'dso_reduction_days × sales_12m / 365',
  escompte: 'discount_rate / (1 − discount_rate) × 365 / (net_days − discount_days)',
  escompte_gain: 'sales_12m × (days_to_pay_12m − discount_days) / 365 × cost_of_funds − discount_rate × sales_12m',
  factoring_advanced: 'eligible_amount × (1 − factoring_reserve)',
  factoring_cost: 'factoring_commission × eligible_amount + factoring_rate × Σ advanced × expected remaining days / 365',
} as const;

/** The levers at a date (the latest by default), for an entity or all of them, with the inputs given (the settings' otherwise). */
export async function leversReport(db: Database, settings: Settings, p: { asOf?: string | null; entity: string | null; inputs?: Partial<Record<keyof LeversInputs, unknown>> }): Promise<LeversReport> {
  const inputs = leverInputs(settings, p.inputs);
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  const facts = await leversFacts(db, settings, asOf, p.entity);
  return leversFrom(facts, inputs, asOf, p.entity);
}

/** The ledger's facts at a date, kept per model build and per version of the users' data (the disputes opened in the app exclude invoices from factoring). */
function leversFacts(db: Database, settings: Settings, asOf: string, entity: string | null): Promise<LeversFacts> {
  return cached(
    db,
    settings,
    `levers|${asOf}|${entity}`,
    async () => {
      const until = await actionsUntil(db, asOf, entity);
      const [clients, dso, open] = await db.read((s) =>
        Promise.all([
          s.all<ClientRow>(query('levers_clients'), { as_of: asOf, entity }),
          s.one<DsoRow>(query('levers_dso'), { as_of: asOf, entity }),
          s.all<OpenRow>(query('levers_factoring'), { as_of: asOf, entity, until }),
        ]),
      );
      // Each invoice's expected days until paid in cash: the forecast's delays of its client, given
      // that it is still unpaid so many days past due (kept per model build, shared with the
      // forecast and the worklist, and computed ahead at the latest date: no cost there). Without
      // any payment in the history the delays are the due dates: each invoice is expected on its
      // due date, an overdue one the next day — said in the answer. An invoice the delays expect
      // never to be paid in cash is counted to the end of their grid (a year past due): the factor
      // finances it that long before recourse, the most it can cost.
      const delays = await delayModelAt(db, settings, { asOf, entity });
      const memo = new Map<string, number>();
      let key = '';
      let h: Hazards | null = null;
      const invoices = open.map((r) => {
        const client = `${r.entity_id}|${r.client_id}`;
        if (client !== key || !h) {
          h = delays.client(r.entity_id, r.client_id);
          key = client;
        }
        const at = `${client}|${r.days_past_due}`;
        let days = memo.get(at);
        if (days === undefined) {
          days = expectedDaysToCash(h, DUE_GRID, r.days_past_due)?.days ?? DUE_GRID.max - r.days_past_due;
          memo.set(at, days);
        }
        return { ...r, remaining_days: days };
      });
      return { clients, dso: dso!, invoices, method: delays.learnt ? 'forecast' : 'due_date' };
    },
    { userData: true },
  );
}

const rate6 = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
const days2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The levers from the facts and the inputs: arithmetic only. */
function leversFrom(facts: LeversFacts, inputs: LeversInputs, asOf: string, entity: string | null): LeversReport {
  const cof = inputs.cost_of_funds;
  const d = inputs.discount_rate;
  const k = inputs.discount_days;

  // per client: its lateness, and the escompte on its own delays
  const perClient = facts.clients.map((c) => {
    const netDays = inputs.net_days ?? c.terms_days;
    const gain = c.days_to_pay_12m !== null && c.sales_12m > 0 ? escompteGain({ sales: c.sales_12m, daysToPay: c.days_to_pay_12m, discountRate: d, discountDays: k, costOfFunds: cof }) : null;
    return { c, netDays, gain };
  });
  const offers: EscompteOffer[] = perClient
    .filter((x) => x.gain !== null && round2(x.gain.netGain) > 0)
    .sort((a, b) => b.gain!.netGain - a.gain!.netGain || a.c.entity_id.localeCompare(b.c.entity_id) || a.c.client_id.localeCompare(b.c.client_id))
    .map(({ c, gain }, i) => ({
      rank: i + 1,
      entity_id: c.entity_id,
      client_id: c.client_id,
      client_name: c.client_name,
      sales_12m: round2(c.sales_12m),
      days_to_pay_12m: days2(c.days_to_pay_12m)!,
      cash_brought_forward: round2(gain!.cashBroughtForward),
      value_of_cash: round2(gain!.valueOfCash),
      discount_cost: round2(gain!.discountCost),
      net_gain: round2(gain!.netGain),
    }));
  const rankOf = new Map(offers.map((o) => [`${o.entity_id}|${o.client_id}`, o.rank]));
  const clients: LeversClient[] = perClient
    .map(({ c, netDays, gain }) => ({
      entity_id: c.entity_id,
      client_id: c.client_id,
      client_name: c.client_name,
      sales_12m: round2(c.sales_12m),
      late_amount_days_12m: round2(c.late_amount_days),
      late_payment_cost_12m: round2(financingCost(c.late_amount_days, cof)),
      overdue_amount: round2(c.overdue_amount),
      late_payment_cost_per_day: round2((c.overdue_amount * cof) / DAYS_A_YEAR),
      days_to_pay_12m: days2(c.days_to_pay_12m),
      net_days: days2(netDays),
      escompte_annual_cost: rate6(netDays === null ? null : escompteAnnualCost(d, k, netDays)),
      escompte_net_gain: gain === null ? null : round2(gain.netGain),
      escompte_rank: rankOf.get(`${c.entity_id}|${c.client_id}`) ?? null,
    }))
    .sort((a, b) => b.late_payment_cost_12m - a.late_payment_cost_12m || b.overdue_amount - a.overdue_amount || a.entity_id.localeCompare(b.entity_id) || a.client_id.localeCompare(b.client_id));

  // 1. late payment, and the cash freed
  const amountDays = sum(facts.clients.map((c) => c.late_amount_days));
  const overdue = sum(facts.clients.map((c) => c.overdue_amount));
  const overdueDays = sum(facts.clients.map((c) => c.overdue_amount_days));
  const lateCost12m = financingCost(amountDays, cof);
  const sales = facts.dso.sales_12m;
  const add = facts.dso.add_countback;
  // from the ADD as shown (to 2 decimals, as on the DSO page): the working on the page adds up
  const atTerms = add === null ? null : cashFreedByDays(days2(add)!, sales);
  const byReduction = cashFreedByDays(inputs.dso_reduction_days, sales);

  // 2. escompte: the headline at the n given, or the portfolio's terms (the clients' weighted by their sales)
  const termed = facts.clients.filter((c) => c.terms_days !== null && c.sales_12m > 0);
  const termsWeight = sum(termed.map((c) => c.sales_12m));
  const netDays = inputs.net_days ?? (termsWeight > 0 ? sum(termed.map((c) => c.terms_days! * c.sales_12m)) / termsWeight : null);
  const annualCost = netDays === null ? null : escompteAnnualCost(d, k, netDays);
  const offered = perClient.filter((x) => rankOf.has(`${x.c.entity_id}|${x.c.client_id}`));
  // the totals of the ranking are the sums of its rows as shown (to the cent): the table adds up
  const offeredSum = (f: (g: NonNullable<(typeof perClient)[number]['gain']>) => number) => round2(sum(offered.map((x) => round2(f(x.gain!)))));

  // 3. factoring
  const excluded = new Map<FactoringExclusion['reason'], { amount: number; invoices: number }>([
    ['doubtful', { amount: 0, invoices: 0 }],
    ['disputed', { amount: 0, invoices: 0 }],
    ['past_due', { amount: 0, invoices: 0 }],
  ]);
  let eligible = 0;
  let eligibleDays = 0;
  let eligibleInvoices = 0;
  for (const inv of facts.invoices) {
    const reason =
      inputs.factoring_exclude_doubtful && inv.is_doubtful
        ? 'doubtful'
        : inputs.factoring_exclude_disputed && inv.is_disputed
          ? 'disputed'
          : inputs.factoring_exclude_past_due && inv.days_past_due > inputs.factoring_past_due_days
            ? 'past_due'
            : null;
    if (reason) {
      const e = excluded.get(reason)!;
      e.amount += inv.open_amount;
      e.invoices++;
    } else {
      eligible += inv.open_amount;
      eligibleDays += inv.open_amount * inv.remaining_days;
      eligibleInvoices++;
    }
  }
  const g = inputs.factoring_reserve;
  const advancedDays = eligibleDays * (1 - g);
  const f = factoringCost({ eligible, advancedDays, reserve: g, commission: inputs.factoring_commission, rate: inputs.factoring_rate });
  const meanDays = eligible > 0 ? eligibleDays / eligible : null;
  const effective = meanDays === null ? null : annualRate(f.cost, f.advanced, meanDays);
  const sameCash = financingCost(advancedDays, cof);

  return {
    as_of_date: asOf,
    entity_id: entity ?? '*',
    window: { from_date: addDays(addMonths(asOf, -12), 1), to_date: asOf },
    inputs,
    late_payment: {
      formula: LEVER_FORMULAS.late_payment,
      amount_days_12m: round2(amountDays),
      cost_12m: round2(lateCost12m),
      overdue_amount: round2(overdue),
      overdue_days: overdue > 0 ? days2(overdueDays / overdue) : null,
      per_day_formula: LEVER_FORMULAS.late_payment_per_day,
      cost_per_day: round2((overdue * cof) / DAYS_A_YEAR),
    },
    cash_freed: {
      sales_12m: round2(sales),
      daily_sales: round2(sales / DAYS_A_YEAR),
      dso_countback: days2(facts.dso.dso_countback),
      best_dso_countback: days2(facts.dso.best_dso_countback),
      add_countback: days2(add),
      at_terms_formula: LEVER_FORMULAS.at_terms,
      at_terms: atTerms === null ? null : round2(atTerms),
      by_dso_reduction_formula: LEVER_FORMULAS.by_dso_reduction,
      by_dso_reduction: round2(byReduction),
      at_terms_value_per_year: atTerms === null ? null : round2(atTerms * cof),
      by_dso_reduction_value_per_year: round2(byReduction * cof),
    },
    escompte: {
      formula: LEVER_FORMULAS.escompte,
      net_days: days2(netDays),
      annual_cost: rate6(annualCost),
      cheaper_than_funds: annualCost === null ? null : annualCost < cof,
      gain_formula: LEVER_FORMULAS.escompte_gain,
      clients_offered: offers.length,
      sales_offered: round2(sum(offered.map((x) => x.c.sales_12m))),
      cash_brought_forward: offeredSum((x) => x.cashBroughtForward),
      value_of_cash: offeredSum((x) => x.valueOfCash),
      discount_cost: offeredSum((x) => x.discountCost),
      net_gain: offeredSum((x) => x.netGain),
      ranking: offers,
    },
    factoring: {
      remaining_days_method: facts.method,
      open_amount: round2(sum(facts.invoices.map((i) => i.open_amount))),
      excluded: [...excluded].map(([reason, e]) => ({ reason, amount: round2(e.amount), invoices: e.invoices })),
      eligible_amount: round2(eligible),
      eligible_invoices: eligibleInvoices,
      advanced_formula: LEVER_FORMULAS.factoring_advanced,
      advanced: round2(f.advanced),
      reserve_held: round2(f.reserveHeld),
      mean_remaining_days: days2(meanDays),
      advanced_amount_days: round2(advancedDays),
      cost_formula: LEVER_FORMULAS.factoring_cost,
      commission: round2(f.commission),
      financing: round2(f.financing),
      cost: round2(f.cost),
      effective_annual_rate: rate6(effective),
      cost_of_funds_same_cash: round2(sameCash),
      extra_cost_vs_funds: round2(f.cost - sameCash),
      annualised_cost: effective === null ? null : round2(effective * f.advanced),
      late_payment_cost_12m: round2(lateCost12m),
    },
    clients,
  };
}
