// /api/forecast…: the plan by week (JSON, or its weeks as Arrow), a week's invoices and clients,
// the past weeks, the backtest, the saved snapshots (list, save one) and the weekly review.
import { routes } from '../../lib/contract/index.ts';
import { ForecastWeek } from '../../lib/contract/forecast.ts';
import { forecastHistory, forecastPlan, forecastQuality, forecastReview, forecastSnapshots, forecastWeek, saveForecast } from '../reports/forecast.ts';
import { sendArrow, wantsArrow } from './arrow.ts';
import { spec, who, type App, type RouteOptions } from './route.ts';
import { sendJson } from './json.ts';

export async function forecastApi(app: App, opts: RouteOptions): Promise<void> {
  const { db } = opts;

  app.route({
    ...spec(routes.forecast),
    handler: async (req, reply) => {
      const q = req.query;
      const report = await forecastPlan(db, opts.settings(), { asOf: q.as_of, entity: q.entity || null, weeks: q.weeks });
      if (wantsArrow(req)) return sendArrow(reply, report.weeks, Object.keys(ForecastWeek.properties));
      return sendJson(reply, report);
    },
  });

  app.route({
    ...spec(routes.forecastWeek),
    handler: (req) => forecastWeek(db, opts.settings(), { asOf: req.query.as_of, entity: req.query.entity || null, week: req.params.week }),
  });

  app.route({
    ...spec(routes.forecastHistory),
    handler: async (req) => ({ weeks: await forecastHistory(db, { entity: req.query.entity || null, weeks: req.query.weeks ?? 12 }) }),
  });

  app.route({ ...spec(routes.forecastBacktest), handler: (req) => forecastQuality(db, opts.settings(), req.query.entity || null) });

  app.route({ ...spec(routes.forecastSnapshots), handler: async (req) => ({ snapshots: await forecastSnapshots(db, req.query.entity || null) }) });

  app.route({
    ...spec(routes.saveForecastSnapshot),
    handler: async (req, reply) => {
      const body = req.body ?? {};
      return reply.code(201).send(await saveForecast(db, opts.settings(), { asOf: body.as_of, entity: body.entity || null, by: who(req) }));
    },
  });

  app.route({ ...spec(routes.forecastReview), handler: (req) => forecastReview(db, opts.settings(), req.query) });
}
