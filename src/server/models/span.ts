// The first and last dates of the receivable items (of one entity, all, or each): the range the
// as-of dates, backtests and forecasts work in.
import type { Database } from '../db/database.ts';
import { cached } from './cache.ts';

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

/** The far date that stands for "every action recorded so far". */
export const ALL_ACTIONS = '9999-12-31';

/**
 * The day up to which collections actions count at an as-of date: the date itself in the past of
 * the data; every action at its latest date (the default as-of date, that of the last receivable
 * item) — an action recorded today, after the last export, is the latest knowledge of today's
 * list and forecast.
 */
export async function actionsUntil(db: Database, asOf: string, entity: string | null): Promise<string> {
  const last = await latestItemDate(db, entity);
  return last && asOf >= last ? ALL_ACTIONS : asOf;
}

/** The date of the last receivable item (of an entity, or of all): the default as-of date, "today" of the data. Read once per model build. */
export async function latestItemDate(db: Database, entity: string | null): Promise<string | null> {
  return (await keptLedgerSpan(db, entity))?.last ?? null;
}

/** ledgerSpan, read once per model build (a scan of every item at 10M lines: ~50 ms). */
export function keptLedgerSpan(db: Database, entity: string | null): Promise<{ first: string; last: string } | null> {
  return cached(db, null, `ledger-span|${entity}`, () => ledgerSpan(db, entity));
}
