// The data status the header shows: whether there is data, its latest date (the default as-of
// date of every page) and the entities with their span. SQL: sql/queries/status.sql.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { Status } from '../../lib/contract/index.ts';

export async function readStatus(db: Database): Promise<Status> {
  const entities = await db.all<Status['entities'][number]>(query('status'));
  const asOf = entities.reduce<string | null>((max, e) => (e.last_date && (!max || e.last_date > max) ? e.last_date : max), null);
  const active = await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM imports WHERE status = 'active'`);
  return { has_data: entities.length > 0, as_of_date: asOf, entities, active_imports: active!.n };
}
