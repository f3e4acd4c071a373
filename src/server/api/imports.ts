// /api/imports: upload (multipart, one or several files, with an optional column mapping), the
// progress of each import job, and the import history.
import type { FastifyInstance } from 'fastify';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { ImportJobs } from '../import/jobs.ts';
import type { ImportHistoryRow, ImportOutcome } from '../../lib/shared/wire.ts';

export type { ImportHistoryRow };

export interface ImportRoutesOptions {
  db: Database;
  jobs: ImportJobs;
  tmpDir: string;
  maxUploadBytes: number;
}

export async function importHistory(db: Database, limit = 100): Promise<ImportHistoryRow[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT import_id, file_name, source, format, format_detail, entity_id, strftime(period_start, '%Y-%m-%d') AS period_start,
            strftime(period_end, '%Y-%m-%d') AS period_end, line_count::BIGINT AS line_count, total_debit::DOUBLE AS total_debit,
            total_credit::DOUBLE AS total_credit, warnings, error, status, replaced_by_import_id, duplicate_of_import_id,
            strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS started_at, duration_ms
       FROM imports ORDER BY import_id DESC LIMIT $limit`,
    { limit },
  );
  return rows.map((r) => ({
    ...(r as unknown as ImportHistoryRow),
    format_detail: r.format_detail ? JSON.parse(r.format_detail as string) : null,
    warnings: r.warnings ? JSON.parse(r.warnings as string) : [],
    error: r.error ? JSON.parse(r.error as string) : null,
  }));
}

const outcomeSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    import_id: { type: 'integer' },
    file_name: { type: 'string' },
    status: { type: 'string', enum: ['active', 'duplicate', 'failed'] },
    format: { type: ['string', 'null'] },
    entity_id: { type: ['string', 'null'] },
    period_start: { type: ['string', 'null'] },
    period_end: { type: ['string', 'null'] },
    line_count: { type: 'integer' },
    total_debit: { type: 'number' },
    total_credit: { type: 'number' },
    warnings: { type: 'array', items: { type: 'string' } },
    duration_ms: { type: 'integer' },
    replaced_import_ids: { type: 'array', items: { type: 'integer' } },
    duplicate_of_import_id: { type: ['integer', 'null'] },
    error: { type: ['object', 'null'], additionalProperties: true },
  },
} as const;

export const errorSchema = { type: 'object', properties: { error: { type: 'string' } } } as const;

const jobSchema = {
  type: 'object',
  properties: {
    job_id: { type: 'string' },
    file_name: { type: 'string' },
    stage: { type: 'string' },
    fraction: { type: ['number', 'null'] },
    outcome: { anyOf: [{ type: 'null' }, outcomeSchema] },
    created_at: { type: 'string' },
  },
} as const;

export async function importRoutes(app: FastifyInstance, opts: ImportRoutesOptions): Promise<void> {
  const { db, jobs, tmpDir, maxUploadBytes } = opts;

  app.get('/api/imports', {
    schema: {
      querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } },
      response: { 200: { type: 'object', properties: { imports: { type: 'array', items: { type: 'object', additionalProperties: true } } } } },
    },
    handler: async (req) => ({ imports: await importHistory(db, (req.query as { limit: number }).limit) }),
  });

  app.get('/api/imports/jobs/:id', {
    schema: { params: { type: 'object', properties: { id: { type: 'string' } } }, response: { 200: jobSchema, 404: errorSchema } },
    handler: async (req, reply) => {
      const job = jobs.get((req.params as { id: string }).id);
      if (!job) return reply.code(404).send({ error: 'No such import job (jobs are kept while the server runs).' });
      return job;
    },
  });

  // Multipart upload: files, plus the optional fields `entity` and `mapping` (JSON text); a file
  // named *.mapping.json is read as the mapping of the other files. With ?wait=1 the answer comes
  // when every import is done (CLI, tests); otherwise at once, with job ids to follow.
  app.post('/api/imports', {
    schema: {
      querystring: { type: 'object', properties: { wait: { type: 'boolean', default: false } } },
      response: {
        200: { type: 'object', properties: { outcomes: { type: 'array', items: outcomeSchema } } },
        202: { type: 'object', properties: { jobs: { type: 'array', items: jobSchema } } },
        '4xx': errorSchema,
      },
    },
    handler: async (req, reply) => {
      if (!req.isMultipart()) return reply.code(415).send({ error: 'Send the files as multipart/form-data (field name: file).' });
      mkdirSync(tmpDir, { recursive: true });
      const files: { path: string; name: string }[] = [];
      const fields: Record<string, string> = {};
      let mappingText: string | undefined;
      const cleanup = () => files.forEach((f) => rmSync(f.path, { force: true }));
      try {
        for await (const part of req.parts({ limits: { fileSize: maxUploadBytes, files: 50 } })) {
          if (part.type === 'field') {
            fields[part.fieldname] = String(part.value);
            continue;
          }
          if (part.filename.endsWith('.mapping.json')) {
            mappingText = (await part.toBuffer()).toString('utf8');
            continue;
          }
          const path = join(tmpDir, `${randomUUID()}.upload`);
          files.push({ path, name: part.filename });
          await pipeline(part.file, createWriteStream(path));
          if (part.file.truncated) {
            cleanup();
            return reply.code(413).send({
              error: `${part.filename} is larger than the upload limit of ${formatBytes(maxUploadBytes)}. Import it with the CLI (npx encours import) or the inbox folder, or raise the limit with --max-upload / ENCOURS_MAX_UPLOAD.`,
            });
          }
        }
      } catch (err) {
        cleanup();
        throw err;
      }
      if (!files.length) return reply.code(400).send({ error: 'No file received: attach one or more ledger exports (field name: file).' });
      mappingText ??= fields.mapping?.trim() || undefined;
      let mapping: unknown;
      if (mappingText) {
        try {
          mapping = JSON.parse(mappingText);
        } catch (err) {
          cleanup();
          return reply.code(400).send({ error: `The column mapping is not valid JSON (${(err as Error).message}). Example: {"columns": {"invoice_num": "Doc No"}, "date_format": "DD/MM/YYYY"}.` });
        }
      }
      const started = files.map((f) => {
        const { job, done } = jobs.start(f.path, { source: 'upload', fileName: f.name, entity: fields.entity?.trim() || undefined, mapping });
        return { job, done: done.finally(() => rmSync(f.path, { force: true })) };
      });
      if ((req.query as { wait: boolean }).wait) {
        const outcomes: ImportOutcome[] = await Promise.all(started.map((s) => s.done));
        return reply.code(200).send({ outcomes });
      }
      for (const s of started) s.done.catch((err) => req.log.error(err, 'import failed unexpectedly'));
      return reply.code(202).send({ jobs: started.map((s) => s.job) });
    },
  });
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
