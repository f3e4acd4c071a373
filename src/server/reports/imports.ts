// The import history: every import attempt with its file, format, period, result and timing.
// SQL: sql/queries/imports.sql.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { ImportHistoryRow } from '../../lib/contract/index.ts';

/** The history, newest first (or the one import `id`). */
export async function importHistory(db: Database, limit = 100, id: number | null = null): Promise<ImportHistoryRow[]> {
  const rows = await db.all<Record<string, unknown>>(query('imports'), { limit, id });
  return rows.map((r) => ({
    ...(r as unknown as ImportHistoryRow),
    format_detail: r.format_detail ? JSON.parse(r.format_detail as string) : null,
    warnings: r.warnings ? JSON.parse(r.warnings as string) : [],
    error: r.error ? JSON.parse(r.error as string) : null,
  }));
}
