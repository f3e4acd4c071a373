// /api/credit…: credit limits (encours autorisé) — the clients' exposure against their limits at a
// date with a suggested limit each (GET /api/credit), the limits recorded (GET /api/credit/limits),
// a limit decided (POST, analysts) and a list of limits imported from a CSV file such as a credit
// insurer's (POST /api/credit/limits/import, multipart, analysts).
import { routes } from '../../lib/contract/index.ts';
import { UnknownClient } from '../collections/actions.ts';
import { creditLimits, importCreditLimits, recordCreditLimit } from '../credit/limits.ts';
import { ImportError } from '../import/errors.ts';
import { creditReport } from '../reports/credit.ts';
import { untranslated, UserError } from '../util/messages.ts';
import { sendJson } from './json.ts';
import { spec, who, type App, type RouteOptions } from './route.ts';
import { receiveUpload } from './upload.ts';

export async function creditApi(app: App, opts: RouteOptions & { tmpDir: string; maxUploadBytes: number }): Promise<void> {
  const { db } = opts;

  app.route({
    ...spec(routes.credit),
    handler: async (req, reply) => {
      const report = await creditReport(db, opts.settings(), { asOf: req.query.as_of, entity: req.query.entity || null });
      const client = req.query.client;
      // one client's row for its page; the report itself is kept whole (cached)
      return sendJson(reply, client ? { ...report, clients: report.clients.filter((c) => c.client_id === client) } : report);
    },
  });

  app.route({ ...spec(routes.creditLimits), handler: async (req) => ({ limits: await creditLimits(db, { entity: req.query.entity || null, client: req.query.client || null }) }) });

  app.route({
    ...spec(routes.recordCreditLimit),
    handler: async (req, reply) => {
      try {
        return reply.code(201).send(await recordCreditLimit(db, req.body, who(req)));
      } catch (err) {
        // the client is the thing the limit is for: an unknown one is not found
        throw err instanceof UnknownClient ? new UserError(err.text, 404) : err;
      }
    },
  });

  // one CSV file of limits, as a multipart upload (field name: file)
  app.route({
    ...spec(routes.importCreditLimits),
    handler: async (req) => {
      const upload = await receiveUpload(req, { tmpDir: opts.tmpDir, maxBytes: opts.maxUploadBytes, maxFiles: 1 });
      try {
        const [file] = upload.files;
        return await importCreditLimits(db, file.path, file.name, who(req));
      } catch (err) {
        if (err instanceof ImportError) throw new UserError(untranslated(err.report()));
        throw err;
      } finally {
        await upload.cleanup();
      }
    },
  });
}
