// /api/dso: the DSO series by month-end (JSON, or Arrow).
import { routes } from '../../lib/contract/index.ts';
import { DsoMonth } from '../../lib/contract/dso.ts';
import { dsoReport } from '../reports/dso.ts';
import { sendArrow, wantsArrow } from './arrow.ts';
import { spec, type App, type RouteOptions } from './route.ts';
import { sendJson } from './json.ts';

export async function dsoApi(app: App, opts: RouteOptions): Promise<void> {
  app.route({
    ...spec(routes.dso),
    handler: async (req, reply) => {
      const report = await dsoReport(opts.db, req.query.entity || null);
      if (wantsArrow(req)) return sendArrow(reply, report.months, Object.keys(DsoMonth.properties));
      return sendJson(reply, report);
    },
  });
}
