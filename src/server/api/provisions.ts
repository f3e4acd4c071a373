// /api/provisions: the provision proposed on the doubtful receivables at a closing date.
import { routes } from '../../lib/contract/index.ts';
import { provisionsReport } from '../reports/provisions.ts';
import { spec, type App, type RouteOptions } from './route.ts';
import { sendJson } from './json.ts';

export async function provisionsApi(app: App, opts: RouteOptions): Promise<void> {
  app.route({
    ...spec(routes.provisions),
    handler: async (req, reply) => {
      const report = await provisionsReport(opts.db, { asOf: req.query.as_of, entity: req.query.entity || null, settings: opts.settings() });
      return sendJson(reply, report);
    },
  });
}
