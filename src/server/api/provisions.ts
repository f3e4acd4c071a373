// /api/provisions: the provision proposed on the doubtful receivables at a closing date, and the
// entries that book it as a FEC file (/api/provisions/entries.fec); the write-offs
// (/api/provisions/write-offs), the movement since the previous closing (/api/provisions/movement)
// and the rates decided for clients (/api/provisions/judgements).
import { routes } from '../../lib/contract/index.ts';
import { provisionMovementReport, provisionsFec, provisionsReport, provisionWriteOffsReport } from '../reports/provisions.ts';
import { provisionJudgements, recordProvisionJudgement } from '../provisions/judgements.ts';
import { spec, who, type App, type RouteOptions } from './route.ts';
import { sendJson } from './json.ts';

export async function provisionsApi(app: App, opts: RouteOptions): Promise<void> {
  app.route({
    ...spec(routes.provisions),
    handler: async (req, reply) => {
      const report = await provisionsReport(opts.db, { asOf: req.query.as_of, entity: req.query.entity || null, settings: opts.settings() });
      return sendJson(reply, report);
    },
  });

  app.route({
    ...spec(routes.provisionEntries),
    handler: async (req, reply) => {
      const settings = opts.settings();
      const report = await provisionsReport(opts.db, { asOf: req.query.as_of, entity: req.query.entity || null, settings });
      const fec = provisionsFec(report, settings.provisions.accounts);
      // named as a FEC is (<SIREN>FEC<date>.txt): the accounting software and Encours read the entity and date from it
      return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="${fec.fileName}"`).send(Buffer.from(fec.text, 'utf8'));
    },
  });

  app.route({
    ...spec(routes.provisionWriteOffs),
    handler: async (req, reply) => sendJson(reply, await provisionWriteOffsReport(opts.db, { asOf: req.query.as_of, entity: req.query.entity || null })),
  });

  app.route({
    ...spec(routes.provisionMovement),
    handler: async (req, reply) => sendJson(reply, await provisionMovementReport(opts.db, { asOf: req.query.as_of, entity: req.query.entity || null })),
  });

  app.route({
    ...spec(routes.provisionJudgements),
    handler: async (req) => ({ judgements: await provisionJudgements(opts.db, { entity: req.query.entity || null, client: req.query.client || null }) }),
  });

  app.route({
    ...spec(routes.recordProvisionJudgement),
    handler: async (req, reply) => reply.code(201).send(await recordProvisionJudgement(opts.db, req.body, who(req))),
  });
}
