// /api/status: what the header shows — the data's as-of date, the entities, whether there is data.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Status } from '../../lib/shared/wire.ts';

export async function readStatus(db: Database): Promise<Status> {
  const entities = await db.all<Status['entities'][number]>(
    `SELECT entity_id, sum(line_count)::BIGINT AS line_count, strftime(min(period_start), '%Y-%m-%d') AS first_date, strftime(max(last_date), '%Y-%m-%d') AS last_date
       FROM (SELECT i.entity_id, i.line_count, i.period_start,
                    coalesce((SELECT max(entry_date) FROM ledger_lines l WHERE l.import_id = i.import_id),
                             (SELECT max(invoice_date) FROM invoice_rows r WHERE r.import_id = i.import_id)) AS last_date
               FROM imports i WHERE i.status = 'active')
      GROUP BY entity_id ORDER BY entity_id`,
  );
  const asOf = entities.reduce<string | null>((max, e) => (e.last_date && (!max || e.last_date > max) ? e.last_date : max), null);
  return { has_data: entities.length > 0, as_of_date: asOf, entities, active_imports: (await db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM imports WHERE status = 'active'`))!.n };
}

export async function statusRoutes(app: FastifyInstance, opts: { db: Database }): Promise<void> {
  app.get('/api/status', {
    schema: {
      response: {
        200: {
          type: 'object',
          properties: {
            has_data: { type: 'boolean' },
            as_of_date: { type: ['string', 'null'] },
            active_imports: { type: 'integer' },
            entities: { type: 'array', items: { type: 'object', properties: { entity_id: { type: 'string' }, line_count: { type: 'integer' }, first_date: { type: ['string', 'null'] }, last_date: { type: ['string', 'null'] } } } },
          },
        },
      },
    },
    handler: () => readStatus(opts.db),
  });
  app.get('/api/health', async () => ({ ok: true }));
}
