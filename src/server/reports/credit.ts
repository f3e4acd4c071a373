// Credit limits (encours autorisé, issue #17; DOMAIN.md §5) at an as-of date: per client, its
// exposure — what it owes on 411/413 and 416 net of its unapplied payments and credits, the
// client's total of the aged balance (the same open_items_at) — against the limit in force (its
// latest row recorded by the date, not withdrawn, not ended: src/server/credit/limits.ts writes
// them), the use of the limit and its status (over above 100 %, near above 80 %), and a suggested
// limit with its arithmetic: the usual month of sales including VAT (invoices − credit notes of
// the 12 months / 12) × (the client's terms + its mean days late over the 12 months, not below 0)
// / 30 × the share its risk band lets it keep (RISK_FACTORS), rounded up to the next 1 000 €. The
// suggestion is never applied: a person accepts it by recording that amount. The band is the risk
// report's at the date (kept per model build; computed ahead at the latest date, and by the
// Clients page at the date it shows).
// Kept per model build and version of the users' data (a limit recorded changes the answer).
import type { Database } from '../db/database.ts';
import { cached } from '../models/cache.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import { actionsUntil } from '../models/span.ts';
import { round2 } from '../util/money.ts';
import { parseTerms } from '../../lib/shared/terms.ts';
import type { CreditClient, CreditReport } from '../../lib/contract/index.ts';
import { resolveAsOf } from './as-of.ts';
import { riskReport } from './risk.ts';

interface Row {
  entity_id: string;
  client_id: string;
  client_name: string | null;
  exposure: number;
  limit_id: number | null;
  limit_amount: number | null;
  insurer: string | null;
  valid_until: string | null;
  source: 'app' | 'import' | null;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  sales_12m: number;
  terms_days: number | null;
  days_late_12m: number | null;
}

/** The use above which a client is near its limit, and over it (%). */
export const NEAR_PCT = 80;
export const OVER_PCT = 100;
/** A suggested limit is rounded up to a multiple of this (€). */
export const SUGGESTION_STEP = 1000;

const FORMULAS = {
  use_pct: 'exposure / limit_amount × 100; over > 100 %, near > 80 %',
  suggested: 'ceil((sales_12m / 12) × (terms_days + max(days_late, 0)) / 30 × risk_factor / 1 000) × 1 000',
  covered: 'Σ min(max(exposure, 0), limit_amount) over the clients whose limit is an insurer’s',
} as const;

/** The status of a use of the limit. */
export function creditStatus(usePct: number | null, hasLimit: boolean): CreditClient['status'] {
  if (!hasLimit || usePct === null) return hasLimit ? 'over' : 'none';
  if (usePct > OVER_PCT) return 'over';
  if (usePct > NEAR_PCT) return 'near';
  return 'ok';
}

/**
 * How much of the arithmetic's limit a client's risk band lets it keep: all of it at low risk,
 * three quarters at medium, half at high, none in default (its credit stops); a client the risk
 * model does not score (too new, or no model on this ledger) keeps all of it, and says so (band null).
 */
export const RISK_FACTORS = { low: 1, medium: 0.75, high: 0.5, in_default: 0 } as const;

export function riskFactorOf(risk: { status: string; band: string | null } | undefined): { factor: number; band: string | null } {
  if (risk?.status === 'in_default') return { factor: RISK_FACTORS.in_default, band: 'in_default' };
  const band = risk?.band as keyof typeof RISK_FACTORS | null | undefined;
  return band ? { factor: RISK_FACTORS[band], band } : { factor: 1, band: null };
}

/** The suggested limit and its arithmetic (see FORMULAS.suggested). */
export function suggestLimit(sales12m: number, termsDays: number, daysLate: number, riskFactor = 1): number | null {
  if (!(sales12m > 0)) return null;
  const raw = (sales12m / 12) * (termsDays + Math.max(daysLate, 0)) / 30 * riskFactor;
  // a cent of rounding must not push a round figure to the next step
  return Math.ceil(Math.round(raw * 100) / 100 / SUGGESTION_STEP) * SUGGESTION_STEP;
}

export async function creditReport(db: Database, settings: Settings, p: { asOf?: string | null; entity: string | null }): Promise<CreditReport> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  return cached(
    db,
    settings,
    `credit|${asOf}|${p.entity}`,
    async () => {
      const until = await actionsUntil(db, asOf, p.entity);
      const rows = await db.all<Row>(query('credit_clients'), { as_of: asOf, until, entity: p.entity });
      // the risk score at the date: kept per model build, computed ahead at the latest date and
      // by the Clients page at the date it shows
      const risk = await riskReport(db, settings, { asOf, entity: p.entity });
      const byClient = new Map(risk.clients.map((c) => [`${c.entity_id}|${c.client_id}`, c]));
      return creditFrom(rows, settings, asOf, p.entity, (r) => riskFactorOf(byClient.get(`${r.entity_id}|${r.client_id}`)));
    },
    { userData: true },
  );
}

function creditFrom(rows: Row[], settings: Settings, asOf: string, entity: string | null, riskOf: (r: Row) => { factor: number; band: string | null }): CreditReport {
  const defaultTerms = parseTerms(settings.payment_terms.default)?.days ?? 30;
  const clients: CreditClient[] = rows.map((r) => {
    const hasLimit = r.limit_amount !== null;
    // a limit of 0 (credit refused) is used infinitely by any exposure: over, with no percentage
    const usePct = hasLimit ? (r.limit_amount! > 0 ? (r.exposure / r.limit_amount!) * 100 : r.exposure > 0 ? null : 0) : null;
    const termsDays = r.terms_days ?? defaultTerms;
    const daysLate = Math.max(r.days_late_12m ?? 0, 0);
    const risk = riskOf(r);
    return {
      entity_id: r.entity_id,
      client_id: r.client_id,
      client_name: r.client_name,
      exposure: round2(r.exposure),
      limit_amount: hasLimit ? round2(r.limit_amount!) : null,
      insurer: hasLimit ? r.insurer : null,
      valid_until: hasLimit ? r.valid_until : null,
      // the status on the use itself: 80.004 % is near, though shown as 80 %
      use_pct: usePct === null ? null : round2(usePct),
      status: creditStatus(usePct, hasLimit),
      limit_id: r.limit_id,
      source: r.source,
      reason: r.reason,
      decided_by: r.decided_by,
      decided_at: r.decided_at,
      suggested: {
        amount: suggestLimit(r.sales_12m, termsDays, daysLate, risk.factor),
        sales_12m: round2(r.sales_12m),
        monthly_sales: round2(r.sales_12m / 12),
        terms_days: Math.round(termsDays * 10) / 10,
        days_late: Math.round(daysLate * 10) / 10,
        risk_factor: risk.factor,
        risk_band: risk.band,
      },
    };
  });
  const rank = { over: 0, near: 1, ok: 2, none: 3 } as const;
  clients.sort((a, b) => rank[a.status] - rank[b.status] || (b.use_pct ?? 0) - (a.use_pct ?? 0) || b.exposure - a.exposure || a.client_id.localeCompare(b.client_id));
  const exposure = rows.reduce((s, r) => s + r.exposure, 0);
  const covered = rows.reduce((s, r) => (r.limit_amount !== null && r.insurer ? s + Math.min(Math.max(r.exposure, 0), r.limit_amount) : s), 0);
  return {
    as_of_date: asOf,
    entity_id: entity,
    formulas: { ...FORMULAS },
    totals: {
      exposure: round2(exposure),
      covered_by_insurer: round2(covered),
      covered_share: exposure > 0 ? Math.round((covered / exposure) * 10000) / 10000 : null,
      clients_with_limit: clients.filter((c) => c.status !== 'none').length,
      over: clients.filter((c) => c.status === 'over').length,
      near: clients.filter((c) => c.status === 'near').length,
    },
    clients,
  };
}
