// Where each overdue invoice stands in the dunning process at a date (sql/queries/collections_invoices.sql):
// the level it reached, the level due, what holds it back. The worklist ranks them; the demo's
// seeding reads them to place today's holds and promises.
import type { Session } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { WorklistClient, WorklistInvoice } from '../../lib/contract/collections.ts';

/** An overdue invoice with its dunning state, as the SQL gives it. */
export interface InvoiceLevel extends Omit<WorklistInvoice, 'unpaid_probability' | 'cash_at_stake'> {
  entity_id: string;
  client_id: string;
  client_name: string | null;
  /** the invoice's amount as billed (open_amount is what is left of it) */
  amount: number;
  is_disputed: boolean;
  policy: WorklistClient['policy'];
  owner: string | null;
  level_date: string | null;
  level_done: boolean;
  last_level_done: number | null;
  hold_until: string | null;
}

/** The overdue invoices at `asOf`, by entity, client and due date; actions done up to `until` count, promises for `grace` days after their date. */
export function invoiceLevels(s: Pick<Session, 'all'>, p: { asOf: string; entity: string | null; until: string; grace: number }): Promise<InvoiceLevel[]> {
  return s.all<InvoiceLevel>(query('collections_invoices'), { as_of: p.asOf, entity: p.entity, until: p.until, grace: p.grace });
}
