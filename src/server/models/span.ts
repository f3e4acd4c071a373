// The first and last dates of the receivable items (of one entity, all, or each): the range the
// as-of dates, backtests and forecasts work in.
import type { Database } from '../db/database.ts';

/** The first and last entry dates of the receivable items, or null without data. */
export async function ledgerSpan(db: Database, entity: string | null): Promise<{ first: string; last: string } | null> {
  const row = await db.one<{ first: string | null; last: string | null }>(
    `SELECT strftime(min(entry_date), '%Y-%m-%d') AS first, strftime(max(entry_date), '%Y-%m-%d') AS last FROM items WHERE $entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR`,
    { entity },
  );
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

/** The first and last entry dates of each entity's receivable items. */
export function itemSpansByEntity(db: Database): Promise<{ entity_id: string; first: string; last: string }[]> {
  return db.all<{ entity_id: string; first: string; last: string }>(`SELECT entity_id, strftime(min(entry_date), '%Y-%m-%d') AS first, strftime(max(entry_date), '%Y-%m-%d') AS last FROM items GROUP BY entity_id ORDER BY entity_id`);
}
