// /api/aging, /api/dso, /api/clients, /api/clients/:id/items, /api/risk/quality — the receivable reports, as JSON (with schemas)
// or, for their tables, as Arrow IPC on Accept: application/vnd.apache.arrow.stream.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { agingHistory, agingReport, clientItems, clientsReport, dsoReport } from '../models/reports.ts';
import { riskQuality } from '../risk/report.ts';
import type { Settings } from '../models/settings.ts';
import { checkBuckets, SettingsError } from '../models/settings.ts';
import { sendArrow, wantsArrow } from './arrow.ts';
import { errorSchema } from './imports.ts';

export interface ReceivableRoutesOptions {
  db: Database;
  /** the model settings (bucket edges, segment and trend thresholds) */
  settings: () => Settings;
}

const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const num = { type: 'number' } as const;
const numOrNull = { type: ['number', 'null'] } as const;
const money = { type: 'object', additionalProperties: num } as const;

export const agingSchema = {
  querystring: {
    type: 'object',
    properties: {
      as_of: isoDate,
      entity: { type: 'string' },
      basis: { type: 'string', enum: ['due', 'invoice'], default: 'due' },
      buckets: { type: 'string', pattern: '^\\d+(,\\d+)*$', description: 'upper edges in days, e.g. 30,60,90' },
    },
  },
  response: {
    200: {
      type: 'object',
      properties: {
        as_of_date: { type: 'string' },
        entity_id: { type: ['string', 'null'] },
        basis: { type: 'string' },
        buckets: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, bucket: { type: 'integer' }, from_days: { type: ['integer', 'null'] }, to_days: { type: ['integer', 'null'] } } } },
        clients: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              entity_id: { type: 'string' },
              client_id: { type: 'string' },
              client_name: { type: ['string', 'null'] },
              amounts: { type: 'array', items: num },
              total: num,
              overdue: num,
              share_overdue: numOrNull,
              oldest_days_past_due: { type: ['integer', 'null'] },
              item_count: { type: 'integer' },
              has_disputed: { type: 'boolean' },
            },
          },
        },
        totals: money,
        reconciliation: { type: 'object', properties: { ledger_balance: num, aged_total: num, difference: num } },
        advances: num,
      },
    },
    '4xx': errorSchema,
  },
} as const;

const dsoMonthProperties: Record<string, { type: string | readonly string[] }> = {
  ...Object.fromEntries(['receivables', 'client_receivables', 'advances', 'sales', 'not_due', 'overdue'].map((k) => [k, num])),
  ...Object.fromEntries(['dso_simple_3m', 'dso_simple_12m', 'dso_countback', 'best_dso_simple_3m', 'best_dso_simple_12m', 'best_dso_countback', 'add_simple_3m', 'add_simple_12m', 'add_countback', 'cei'].map((k) => [k, numOrNull])),
};

const itemProperties = {
  item_id: { type: 'integer' },
  entity_id: { type: 'string' },
  client_id: { type: 'string' },
  client_name: { type: ['string', 'null'] },
  source: { type: 'string' },
  import_id: { type: 'integer' },
  line_no: { type: 'integer' },
  account_num: { type: 'string' },
  line_type: { type: 'string' },
  piece_ref: { type: ['string', 'null'] },
  line_label: { type: ['string', 'null'] },
  doc_date: { type: 'string' },
  entry_date: { type: 'string' },
  due_date: { type: ['string', 'null'] },
  amount: num,
  open_amount: num,
  days_past_due: { type: ['integer', 'null'] },
  allocation_method: { type: ['string', 'null'] },
  status: { type: 'string' },
  settled_date: { type: ['string', 'null'] },
  settled_by: { type: ['string', 'null'] },
  days_late: { type: ['integer', 'null'] },
  is_disputed: { type: 'boolean' },
} as const;

/** A parameter the client got wrong: answered 400 with its message (see the app's error handler). */
class BadRequest extends Error {
  readonly statusCode = 400;
}

export async function receivableRoutes(app: FastifyInstance, opts: ReceivableRoutesOptions): Promise<void> {
  const { db } = opts;

  /** ?buckets=30,60,90, or the settings' edges. */
  const bucketEdges = (text: string | undefined): number[] => {
    if (!text) return opts.settings().aging_buckets;
    try {
      return checkBuckets(text.split(',').map(Number), 'buckets');
    } catch (err) {
      throw err instanceof SettingsError ? new BadRequest(err.message) : err;
    }
  };

  app.get('/api/aging', {
    schema: agingSchema,
    handler: async (req, reply) => {
      const q = req.query as { as_of?: string; entity?: string; basis: 'due' | 'invoice'; buckets?: string };
      const edges = bucketEdges(q.buckets);
      const report = await agingReport(db, { asOf: q.as_of, entity: q.entity || null, basis: q.basis, edges });
      if (wantsArrow(req)) {
        const rows = report.clients.map((c) => ({ entity_id: c.entity_id, client_id: c.client_id, client_name: c.client_name, ...Object.fromEntries(report.buckets.map((b, i) => [b.key, c.amounts[i]])), total: c.total, overdue: c.overdue, share_overdue: c.share_overdue, oldest_days_past_due: c.oldest_days_past_due }));
        return sendArrow(reply, rows, ['entity_id', 'client_id', 'client_name', ...report.buckets.map((b) => b.key), 'total', 'overdue', 'share_overdue', 'oldest_days_past_due']);
      }
      // Tens of thousands of clients: JSON.stringify is several times faster here than the schema
      // serializer (whose response schema still documents the shape; tests check it holds).
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(report));
    },
  });

  app.get('/api/aging/history', {
    schema: {
      querystring: { type: 'object', properties: { entity: { type: 'string' }, buckets: agingSchema.querystring.properties.buckets } },
      response: {
        200: {
          type: 'object',
          properties: {
            entity_id: { type: ['string', 'null'] },
            buckets: agingSchema.response[200].properties.buckets,
            months: { type: 'array', items: { type: 'object', properties: { month_end: { type: 'string' }, amounts: { type: 'array', items: num }, total: num } } },
          },
        },
        '4xx': errorSchema,
      },
    },
    handler: async (req) => {
      const q = req.query as { entity?: string; buckets?: string };
      const edges = bucketEdges(q.buckets);
      return agingHistory(db, { entity: q.entity || null, edges });
    },
  });

  app.get('/api/dso', {
    schema: {
      querystring: { type: 'object', properties: { entity: { type: 'string' } } },
      response: {
        200: {
          type: 'object',
          properties: {
            entity_id: { type: 'string' },
            months: { type: 'array', items: { type: 'object', properties: { month_start: { type: 'string' }, month_end: { type: 'string' }, days: { type: 'integer' }, ...dsoMonthProperties } } },
          },
        },
      },
    },
    handler: async (req, reply) => {
      const report = await dsoReport(db, (req.query as { entity?: string }).entity || null);
      if (wantsArrow(req)) return sendArrow(reply, report.months as unknown as Record<string, unknown>[], ['month_start', 'month_end', 'days', ...Object.keys(dsoMonthProperties)]);
      return report;
    },
  });

  app.get('/api/clients', {
    schema: {
      querystring: { type: 'object', properties: { as_of: isoDate, entity: { type: 'string' }, client: { type: 'string' } } },
      response: { '4xx': errorSchema },
    },
    handler: async (req, reply) => {
      const q = req.query as { as_of?: string; entity?: string; client?: string };
      const report = await clientsReport(db, { asOf: q.as_of, entity: q.entity || null, client: q.client || null, settings: opts.settings() });
      // Arrow columns are flat: the factors (a list of objects) stay in the JSON answer
      if (wantsArrow(req)) return sendArrow(reply, report.clients as unknown as Record<string, unknown>[], Object.keys(report.clients[0] ?? { client_id: '' }).filter((k) => k !== 'risk_factors'));
      return report;
    },
  });

  app.get('/api/risk/quality', {
    schema: {
      querystring: { type: 'object', properties: { entity: { type: 'string' } } },
      response: { '4xx': errorSchema },
    },
    handler: async (req) => riskQuality(db, opts.settings(), { entity: (req.query as { entity?: string }).entity || null }),
  });

  app.get('/api/clients/:id/items', {
    schema: {
      params: { type: 'object', properties: { id: { type: 'string' } } },
      querystring: { type: 'object', properties: { as_of: isoDate, entity: { type: 'string' } } },
      response: {
        200: { type: 'object', properties: { client_id: { type: 'string' }, client_name: { type: ['string', 'null'] }, as_of_date: { type: 'string' }, items: { type: 'array', items: { type: 'object', properties: itemProperties } } } },
        404: errorSchema,
      },
    },
    handler: async (req, reply) => {
      const { id } = req.params as { id: string };
      const q = req.query as { as_of?: string; entity?: string };
      const report = await clientItems(db, { clientId: id, asOf: q.as_of, entity: q.entity || null });
      if (!report) return reply.code(404).send({ error: `No items for client ${id}${q.as_of ? ` on or before ${q.as_of}` : ''}.` });
      if (wantsArrow(req)) return sendArrow(reply, report.items as unknown as Record<string, unknown>[], Object.keys(itemProperties));
      return report;
    },
  });
}
