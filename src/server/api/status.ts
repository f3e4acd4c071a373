// /api/status (the header: as-of date, entities) and /api/health.
import { routes } from '../../lib/contract/index.ts';
import { readStatus } from '../reports/status.ts';
import { databaseId } from '../auth/users.ts';
import { spec, type App, type RouteOptions } from './route.ts';

export async function statusApi(app: App, opts: RouteOptions): Promise<void> {
  app.route({ ...spec(routes.status), handler: () => readStatus(opts.db) });
  // the database's id is read once: the health check answers without touching the store
  const id = await databaseId(opts.db);
  app.route({ ...spec(routes.health), handler: async () => ({ ok: true, database_id: id }) });
}
