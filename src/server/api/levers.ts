// /api/levers: the CFO's levers at a date — the cost of late payment, the cash paying at terms or a
// shorter DSO would free, the early-payment discount per client and factoring — with the inputs
// given as query parameters (the settings' `levers` for the others) and the working of each figure.
import { routes } from '../../lib/contract/index.ts';
import { leversReport } from '../reports/levers.ts';
import { spec, type App, type RouteOptions } from './route.ts';
import { sendJson } from './json.ts';

export async function leversApi(app: App, opts: RouteOptions): Promise<void> {
  app.route({
    ...spec(routes.levers),
    handler: async (req, reply) => {
      const { as_of, entity, ...inputs } = req.query;
      const report = await leversReport(opts.db, opts.settings(), { asOf: as_of, entity: entity || null, inputs });
      return sendJson(reply, report);
    },
  });
}
