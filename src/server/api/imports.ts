// /api/imports: upload (multipart, one or several files, with an optional column mapping), the
// progress of each import job, and the import history.
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { ImportJobs } from '../import/jobs.ts';
import { routes, type ImportOutcome } from '../../lib/contract/index.ts';
import { importHistory } from '../reports/imports.ts';
import { NotFound, ReportError } from '../reports/as-of.ts';
import { spec, type App, type RouteOptions } from './route.ts';

export interface ImportRoutesOptions extends RouteOptions {
  jobs: ImportJobs;
  tmpDir: string;
  maxUploadBytes: number;
}

export async function importsApi(app: App, opts: ImportRoutesOptions): Promise<void> {
  const { db, jobs, tmpDir, maxUploadBytes } = opts;

  app.route({ ...spec(routes.imports), handler: async (req) => ({ imports: await importHistory(db, req.query.limit ?? 100) }) });

  app.route({
    ...spec(routes.importJob),
    handler: async (req) => {
      const job = jobs.get(req.params.id);
      if (!job) throw new NotFound('No such import job (jobs are kept while the server runs).');
      return job;
    },
  });

  // Multipart upload: files, plus the optional fields `entity` and `mapping` (JSON text); a file
  // named *.mapping.json is read as the mapping of the other files. With ?wait=1 the answer comes
  // when every import is done (CLI, tests); otherwise at once, with job ids to follow.
  app.route({
    ...spec(routes.upload),
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
      if (!files.length) throw new ReportError('No file received: attach one or more ledger exports (field name: file).');
      mappingText ??= fields.mapping?.trim() || undefined;
      let mapping: unknown;
      if (mappingText) {
        try {
          mapping = JSON.parse(mappingText);
        } catch (err) {
          cleanup();
          throw new ReportError(`The column mapping is not valid JSON (${(err as Error).message}). Example: {"columns": {"invoice_num": "Doc No"}, "date_format": "DD/MM/YYYY"}.`);
        }
      }
      const started = files.map((f) => {
        const { job, done } = jobs.start(f.path, { source: 'upload', fileName: f.name, entity: fields.entity?.trim() || undefined, mapping });
        return { job, done: done.finally(() => rmSync(f.path, { force: true })) };
      });
      if (req.query.wait) {
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
