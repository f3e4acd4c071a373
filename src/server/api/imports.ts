// /api/imports: upload (multipart, one or several files, with an optional column mapping), the
// progress of each import job, and the import history.
import { createWriteStream, mkdirSync, rmSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { ImportJobs } from '../import/jobs.ts';
import { routes, type ImportOutcome } from '../../lib/contract/index.ts';
import { importHistory } from '../reports/imports.ts';
import { say, UserError } from '../util/messages.ts';
import { spec, who, type App, type RouteOptions } from './route.ts';

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
      if (!req.isMultipart()) throw new UserError(say.uploadNotMultipart, 415);
      mkdirSync(tmpDir, { recursive: true });
      const files: { path: string; name: string; out: WriteStream }[] = [];
      const fields: Record<string, string> = {};
      let mappingText: string | undefined;
      // a write stream destroyed by a failed pipeline may still be opening its file: wait for it to
      // close before removing the file, or the file appears after its removal
      const cleanup = async () => {
        await Promise.all(files.map((f) => (f.out.closed ? undefined : new Promise<void>((closed) => f.out.once('close', () => closed())))));
        for (const f of files) rmSync(f.path, { force: true });
      };
      const tooLarge = (name: string | null) => new UserError(say.uploadTooLarge(name, maxUploadBytes), 413);
      try {
        for await (const part of req.parts({ limits: { fileSize: maxUploadBytes, files: MAX_FILES } })) {
          if (part.type === 'field') {
            fields[part.fieldname] = String(part.value);
            continue;
          }
          if (part.filename.endsWith('.mapping.json')) {
            mappingText = (await part.toBuffer()).toString('utf8');
            continue;
          }
          // the body ended inside this part before it was read: the parser has already dropped its
          // stream, and piping a destroyed stream would wait for ever
          if (part.file.destroyed) throw new UserError(say.uploadInterrupted);
          const path = join(tmpDir, `${randomUUID()}.upload`);
          const out = createWriteStream(path);
          files.push({ path, name: part.filename, out });
          await pipeline(part.file, out);
          if (part.file.truncated) throw tooLarge(part.filename);
        }
      } catch (err) {
        await cleanup();
        // the limits of the multipart parser, said with the file concerned
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(files.at(-1)?.name ?? null);
        if (code === 'FST_FILES_LIMIT') throw new UserError(say.tooManyFiles(MAX_FILES), 413);
        // ours, a refusal of the parser with its own status, or the server's disk (a system error): as they are
        const { statusCode, syscall } = err as { statusCode?: number; syscall?: string };
        if (err instanceof UserError || (statusCode && statusCode < 500) || syscall) throw err;
        // anything else is the body: cut off before its end, or not well-formed multipart
        throw new UserError(say.uploadInterrupted);
      }
      if (!files.length) throw new UserError(say.noFileReceived);
      mappingText ??= fields.mapping?.trim() || undefined;
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
