// The DSO series (délai moyen de paiement clients) of an entity or of all entities consolidated:
// simple 3 and 12 months, countback, their split into best possible DSO and days delinquent, the
// CEI. Built by the models (sql/marts/dso_monthly.sql); read here through sql/queries/dso.sql.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import type { DsoMonth, DsoReport } from '../../lib/contract/index.ts';
import { checkEntity } from './as-of.ts';
import { cached } from '../models/cache.ts';

export async function dsoReport(db: Database, entity: string | null): Promise<DsoReport> {
  await checkEntity(db, entity);
  const id = entity ?? '*';
  return cached(db, null, `dso|${id}`, async () => ({ entity_id: id, months: await db.all<DsoMonth>(query('dso'), { entity: id }) }));
}
