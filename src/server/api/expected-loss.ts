// /api/provisions/expected-loss: the expected-loss view beside the provision proposal (IFRS 9
// simplified approach) — the provision matrix measured on the ledger's history, applied at a closing date.
import { routes } from '../../lib/contract/index.ts';
import { expectedLossReport } from '../reports/expected-loss.ts';
import { spec, type App, type RouteOptions } from './route.ts';
import { sendJson } from './json.ts';

export async function expectedLossApi(app: App, opts: RouteOptions): Promise<void> {
  app.route({
    ...spec(routes.expectedLoss),
    handler: async (req, reply) => {
      const report = await expectedLossReport(opts.db, { asOf: req.query.as_of, entity: req.query.entity || null, settings: opts.settings() });
      return sendJson(reply, report);
    },
  });
}
