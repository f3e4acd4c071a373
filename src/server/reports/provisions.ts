// Provisions on doubtful receivables (dépréciation des créances douteuses) at a closing date: each
// doubtful invoice (416) open then, its base excluding VAT and the rate of its days past due
// (settings.provisions), and per client the provision required against the one booked (491), as
// the allowance (6817) or reversal (7817) to book. Read in one snapshot of the store.
// SQL: sql/queries/provisions_*.sql.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import type { ProvisionClient, ProvisionInvoice, ProvisionsReport, UnassignedProvision } from '../../lib/contract/index.ts';
import { resolveAsOf } from './as-of.ts';
import { cached } from '../models/cache.ts';

const cents = (x: number) => Math.round(x * 100) / 100;

export async function provisionsReport(db: Database, p: { asOf?: string | null; entity: string | null; settings: Settings }): Promise<ProvisionsReport> {
  const asOf = await resolveAsOf(db, p.asOf, p.entity);
  const { rules, vat_rate } = p.settings.provisions;
  return cached(db, null, `provisions|${JSON.stringify([asOf, p.entity, rules, vat_rate])}`, async () => {
    const params = { as_of: asOf, entity: p.entity, rules: rules.map((r) => `${r.over_days}:${r.rate}`).join(','), vat_rate };
    const [invoices, clients, unassigned] = await db.read(async (s) => [
      await s.all<ProvisionInvoice>(`${query('provisions_invoices')} ORDER BY entity_id, client_id, due_date, piece_ref, item_id`, params),
      await s.all<ProvisionClient>(query('provisions_clients'), params),
      await s.all<UnassignedProvision>(query('provisions_unassigned'), { as_of: asOf, entity: p.entity }),
    ]);
    const sum = <T>(rows: T[], f: (r: T) => number) => cents(rows.reduce((total, r) => total + f(r), 0));
    const required = sum(clients, (c) => c.required);
    const booked = cents(sum(clients, (c) => c.booked) + sum(unassigned, (u) => u.booked));
    // the entries to book, per entity: the clients' allowances and reversals — or, where part of
    // the provision is booked without a client (unassigned), the entity's net alone, so that
    // allowances − reversals is always the net of the closing
    let allowance = 0;
    let reversal = 0;
    for (const entity of new Set([...clients.map((c) => c.entity_id), ...unassigned.map((u) => u.entity_id)])) {
      const own = clients.filter((c) => c.entity_id === entity);
      const apart = unassigned.filter((u) => u.entity_id === entity);
      if (apart.length) {
        const net = sum(own, (c) => c.required) - sum(own, (c) => c.booked) - sum(apart, (u) => u.booked);
        allowance += Math.max(net, 0);
        reversal += Math.max(-net, 0);
      } else {
        allowance += sum(own, (c) => c.allowance);
        reversal += sum(own, (c) => c.reversal);
      }
    }
    return {
      as_of_date: asOf,
      entity_id: p.entity ?? '*',
      rules,
      vat_rate,
      invoices,
      clients,
      unassigned,
      totals: {
        open_amount: sum(invoices, (i) => i.open_amount),
        base: sum(invoices, (i) => i.base),
        required,
        booked,
        allowance: cents(allowance),
        reversal: cents(reversal),
        net: cents(required - booked),
        vat_assumed: invoices.filter((i) => !i.vat_from_ledger).length,
      },
    };
  });
}
