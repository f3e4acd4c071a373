// /api/aging (the aged balance at a date, JSON or Arrow) and /api/aging/history (month-ends).
import { routes } from '../../lib/contract/index.ts';
import { checkBuckets, SettingsError } from '../models/settings.ts';
import { agingHistory, agingReport } from '../reports/aging.ts';
import { ReportError } from '../reports/as-of.ts';
import { expected, say } from '../util/messages.ts';
import { sendArrow, wantsArrow } from './arrow.ts';
import { spec, type App, type RouteOptions } from './route.ts';
import { sendJson } from './json.ts';

export async function agingApi(app: App, opts: RouteOptions): Promise<void> {
  const { db } = opts;

  /** ?buckets=30,60,90, or the settings' edges. */
  const bucketEdges = (text: string | undefined): number[] => {
    if (!text) return opts.settings().aging_buckets;
    try {
      return checkBuckets(text.split(',').map(Number), 'buckets');
    } catch (err) {
      // the same sentence as a value that breaks the contract's pattern (60,30 passes it)
      throw err instanceof SettingsError ? new ReportError(say.invalid('parameter', 'buckets', text, expected.bucketEdges)) : err;
    }
  };

  app.route({
    ...spec(routes.aging),
    handler: async (req, reply) => {
      const q = req.query;
      const report = await agingReport(db, { asOf: q.as_of, entity: q.entity || null, basis: q.basis ?? 'due', edges: bucketEdges(q.buckets) });
      if (wantsArrow(req)) {
        const rows = report.clients.map((c) => ({ entity_id: c.entity_id, client_id: c.client_id, client_name: c.client_name, ...Object.fromEntries(report.buckets.map((b, i) => [b.key, c.amounts[i]])), total: c.total, overdue: c.overdue, share_overdue: c.share_overdue, oldest_days_past_due: c.oldest_days_past_due }));
        return sendArrow(reply, rows, ['entity_id', 'client_id', 'client_name', ...report.buckets.map((b) => b.key), 'total', 'overdue', 'share_overdue', 'oldest_days_past_due']);
      }
      return sendJson(reply, report);
    },
  });

  app.route({
    ...spec(routes.agingHistory),
    handler: async (req) => agingHistory(db, { entity: req.query.entity || null, edges: bucketEdges(req.query.buckets) }),
  });
}
