// /api/forecast… — the cash-receipt forecast: the plan by week (JSON, or its weeks as Arrow), the
// invoices and clients expected in a week, past weeks (forecast a week before vs received), the
// backtest, the saved snapshots (list, save one) and the weekly review of two snapshots.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Settings } from '../models/settings.ts';
import { latestDate, ReportError } from '../models/reports.ts';
import { forecastQuality } from '../forecast/backtest.ts';
import { forecastReview } from '../forecast/review.ts';
import { forecastAt, listSnapshots, saveSnapshot } from '../forecast/snapshots.ts';
import { query } from '../models/runner.ts';
import type { ForecastHistoryWeek, ForecastWeekDetail } from '../../lib/shared/wire.ts';
import { sendArrow, wantsArrow } from './arrow.ts';
import { errorSchema } from './imports.ts';

export interface ForecastRoutesOptions {
  db: Database;
  settings: () => Settings;
}

const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const asOfQuery = { type: 'object', properties: { as_of: isoDate, entity: { type: 'string' } } } as const;

export async function forecastRoutes(app: FastifyInstance, opts: ForecastRoutesOptions): Promise<void> {
  const { db } = opts;
  const asOfOf = async (q: { as_of?: string; entity?: string }) => {
    const asOf = q.as_of ?? (await latestDate(db, q.entity || null));
    if (!asOf) throw new ReportError('There is no data yet: import a FEC or an invoice list first.');
    return asOf;
  };

  app.get('/api/forecast', {
    schema: { querystring: { type: 'object', properties: { ...asOfQuery.properties, weeks: { type: 'integer', minimum: 1, maximum: 52 } } }, response: { '4xx': errorSchema } },
    handler: async (req, reply) => {
      const q = req.query as { as_of?: string; entity?: string; weeks?: number };
      const base = opts.settings();
      const settings = q.weeks ? { ...base, forecast: { ...base.forecast, weeks: q.weeks } } : base;
      const run = await forecastAt(db, settings, { asOf: await asOfOf(q), entity: q.entity || null });
      if (wantsArrow(req)) return sendArrow(reply, run.report.weeks as unknown as Record<string, unknown>[], Object.keys(run.report.weeks[0] ?? { week: 0 }));
      return run.report;
    },
  });

  app.get('/api/forecast/weeks/:week', {
    schema: { params: { type: 'object', properties: { week: { type: 'integer', minimum: 1 } } }, querystring: asOfQuery, response: { '4xx': errorSchema } },
    handler: async (req): Promise<ForecastWeekDetail> => {
      const q = req.query as { as_of?: string; entity?: string };
      const { week } = req.params as { week: number };
      const run = await forecastAt(db, opts.settings(), { asOf: await asOfOf(q), entity: q.entity || null });
      const wk = run.report.weeks[week - 1];
      if (!wk) throw new ReportError(`The plan has ${run.report.weeks.length} weeks; there is no week ${week}.`);
      const items = run.items
        .filter((i) => i.expected[week - 1] > 0.005)
        .map(({ expected, ...i }) => ({ ...i, expected_in_week: expected[week - 1], probability_in_week: Math.round((expected[week - 1] / i.open_amount) * 1000) / 1000 }))
        .sort((a, b) => b.expected_in_week - a.expected_in_week);
      const clients = new Map<string, ForecastWeekDetail['clients'][number]>();
      for (const i of items) {
        const key = `${i.entity_id}|${i.client_id}`;
        const c = clients.get(key) ?? { entity_id: i.entity_id, client_id: i.client_id, client_name: i.client_name, expected_in_week: 0, items: 0 };
        c.expected_in_week = Math.round((c.expected_in_week + i.expected_in_week) * 100) / 100;
        c.items++;
        clients.set(key, c);
      }
      return { as_of_date: run.report.as_of_date, week: wk, items, clients: [...clients.values()].sort((a, b) => b.expected_in_week - a.expected_in_week) };
    },
  });

  app.get('/api/forecast/history', {
    schema: { querystring: { type: 'object', properties: { entity: { type: 'string' }, weeks: { type: 'integer', minimum: 1, maximum: 104, default: 12 } } }, response: { '4xx': errorSchema } },
    handler: async (req): Promise<{ weeks: ForecastHistoryWeek[] }> => {
      const q = req.query as { entity?: string; weeks: number };
      const entity = q.entity || null;
      const last = await latestDate(db, entity);
      if (!last) return { weeks: [] };
      const weeks = await db.all<ForecastHistoryWeek>(query('forecast_history'), { entity, last, weeks: q.weeks });
      return { weeks: weeks.reverse() };
    },
  });

  app.get('/api/forecast/backtest', {
    schema: { querystring: { type: 'object', properties: { entity: { type: 'string' } } }, response: { '4xx': errorSchema } },
    handler: async (req) => forecastQuality(db, opts.settings(), (req.query as { entity?: string }).entity || null),
  });

  app.get('/api/forecast/snapshots', {
    schema: { querystring: { type: 'object', properties: { entity: { type: 'string' } } }, response: { '4xx': errorSchema } },
    handler: async (req) => ({ snapshots: await listSnapshots(db, (req.query as { entity?: string }).entity || null) }),
  });

  app.post('/api/forecast/snapshots', {
    schema: { body: { type: ['object', 'null'], properties: { as_of: isoDate, entity: { type: ['string', 'null'] } } }, response: { '4xx': errorSchema } },
    handler: async (req, reply) => {
      const body = (req.body ?? {}) as { as_of?: string; entity?: string | null };
      const snapshot = await saveSnapshot(db, opts.settings(), { asOf: await asOfOf({ as_of: body.as_of, entity: body.entity ?? undefined }), entity: body.entity || null, reason: 'manual' });
      return reply.code(201).send(snapshot);
    },
  });

  app.get('/api/forecast/review', {
    schema: {
      querystring: { type: 'object', required: ['previous', 'current'], properties: { previous: { type: 'integer' }, current: { type: 'integer' } } },
      response: { '4xx': errorSchema },
    },
    handler: async (req) => {
      const q = req.query as { previous: number; current: number };
      return forecastReview(db, q);
    },
  });
}
