// /api/imports: upload (multipart, one or several files, with an optional column mapping), the
// progress of each import job, and the import history.
import { rmSync } from 'node:fs';
import type { ImportJobs } from '../import/jobs.ts';
import { routes, type ImportOutcome } from '../../lib/contract/index.ts';
import { importHistory } from '../reports/imports.ts';
import { say, UserError } from '../util/messages.ts';
import { spec, who, type App, type RouteOptions } from './route.ts';
import { receiveUpload } from './upload.ts';

/** The most files one upload takes. */
const MAX_FILES = 50;

export interface ImportRoutesOptions extends RouteOptions {
  jobs: ImportJobs;
  tmpDir: string;
  maxUploadBytes: number;
}

export async function importsApi(app: App, opts: ImportRoutesOptions): Promise<void> {
  const { db, jobs, tmpDir, maxUploadBytes } = opts;

  app.route({ ...spec(routes.imports), handler: async (req) => ({ imports: await importHistory(db, req.query.limit ?? 100) }) });

  app.route({
    ...spec(routes.removeImport),
    handler: async (req) => {
      await jobs.remove(req.params.id, who(req));
      return (await importHistory(db, 1, req.params.id))[0];
    },
  });

  app.route({
    ...spec(routes.importJob),
    handler: async (req) => {
      const job = jobs.get(req.params.id);
      if (!job) throw new UserError(say.noImportJob, 404);
      return job;
    },
  });

  // Multipart upload: files, plus the optional fields `entity` and `mapping` (JSON text); a file
  // named *.mapping.json is read as the mapping of the other files. With ?wait=1 the answer comes
  // when every import is done (CLI, tests); otherwise at once, with job ids to follow.
  app.route({
    ...spec(routes.upload),
    handler: async (req, reply) => {
      const { files, fields, texts, cleanup } = await receiveUpload(req, { tmpDir, maxBytes: maxUploadBytes, maxFiles: MAX_FILES, asText: (name) => name.endsWith('.mapping.json') });
      const mappingText = Object.values(texts).at(-1) ?? (fields.mapping?.trim() || undefined);
      let mapping: unknown;
      if (mappingText) {
        try {
          mapping = JSON.parse(mappingText);
        } catch (err) {
          await cleanup();
          throw new UserError(say.mappingNotJson((err as Error).message));
        }
      }
      const started = files.map((f) => {
        const { job, done } = jobs.start(f.path, { source: 'upload', fileName: f.name, entity: fields.entity?.trim() || undefined, mapping, by: who(req) });
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
