// /api/clients (behaviour, segment and risk score of every client, JSON or Arrow) and
// /api/clients/:id/items (one client's items).
import { routes } from '../../lib/contract/index.ts';
import { ClientItem } from '../../lib/contract/clients.ts';
import { clientItems, clientsReport } from '../reports/clients.ts';
import { sendArrow, wantsArrow } from './arrow.ts';
import { spec, type App, type RouteOptions } from './route.ts';
import { sendJson } from './json.ts';

export async function clientsApi(app: App, opts: RouteOptions): Promise<void> {
  const { db } = opts;

  app.route({
    ...spec(routes.clients),
    handler: async (req, reply) => {
      const q = req.query;
      const report = await clientsReport(db, { asOf: q.as_of, entity: q.entity || null, client: q.client || null, settings: opts.settings() });
      // Arrow columns are flat: the factors (a list of objects) and the payment habit stay in the JSON answer
      if (wantsArrow(req)) return sendArrow(reply, report.clients, Object.keys(report.clients[0] ?? { client_id: '' }).filter((k) => k !== 'risk_factors' && k !== 'payment_habit'));
      return sendJson(reply, report);
    },
  });

  app.route({
    ...spec(routes.clientItems),
    handler: async (req, reply) => {
      const { id } = req.params;
      const q = req.query;
      const report = await clientItems(db, { clientId: id, asOf: q.as_of, entity: q.entity || null });
      if (wantsArrow(req)) return sendArrow(reply, report.items, Object.keys(ClientItem.properties));
      return report;
    },
  });
}
