// /api/reminders…: the day's batch of letters, sending it (SMTP, or recorded as sent by hand), the
// letters as one PDF to print, a client's letter (PDF or .eml), its charges and its terms, the
// messages sent. The CLI's `collections send` calls the same routes.
import { routes } from '../../lib/contract/index.ts';
import { resolveMessage, sendReminders } from '../reminders/send.ts';
import { setChargeTerms } from '../reminders/terms.ts';
import { UnknownClient } from '../collections/actions.ts';
import { UserError } from '../util/messages.ts';
import { batchLettersPdf, clientCharges, clientLetterFile, messageContent, reminderBatch, reminderMessages } from '../reports/reminders.ts';
import { checkEntity } from '../reports/as-of.ts';
import { spec, who, type App, type RouteOptions } from './route.ts';

/** A file answer: its type, and a name to save it under. */
const attachment = (name: string) => `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`;

export async function remindersApi(app: App, opts: RouteOptions): Promise<void> {
  const { db } = opts;

  app.route({
    ...spec(routes.reminderBatch),
    handler: (req) => reminderBatch(db, opts.settings(), { asOf: req.query.as_of, entity: req.query.entity || null, level: req.query.level ?? null, owner: req.query.owner || null }),
  });

  app.route({
    ...spec(routes.sendReminders),
    handler: async (req) => {
      // an entity without data is refused as every report refuses it, naming those with data
      if (req.body.entity) await checkEntity(db, req.body.entity);
      return sendReminders(db, opts.settings(), req.body, who(req));
    },
  });

  app.route({
    ...spec(routes.reminderLetters),
    handler: async (req, reply) => {
      const q = req.query;
      const keys = q.keys ? q.keys.split(',').filter(Boolean) : null;
      const pdf = await batchLettersPdf(db, opts.settings(), { asOf: q.as_of, entity: q.entity || null, level: q.level ?? null, owner: q.owner || null, keys });
      return reply.type('application/pdf').header('content-disposition', attachment(`relances-${q.as_of ?? 'jour'}.pdf`)).send(pdf);
    },
  });

  app.route({
    ...spec(routes.clientLetter),
    handler: async (req, reply) => {
      const q = req.query;
      const file = await clientLetterFile(db, opts.settings(), { client: req.params.client, entity: q.entity || null, asOf: q.as_of, template: q.template, level: q.level ?? null, format: q.format ?? 'pdf' });
      return reply.type(file.type).header('content-disposition', attachment(file.name)).send(file.body);
    },
  });

  app.route({ ...spec(routes.clientCharges), handler: (req) => clientCharges(db, opts.settings(), { client: req.params.client, entity: req.query.entity || null, asOf: req.query.as_of }) });

  app.route({
    ...spec(routes.setChargeTerms),
    handler: (req) =>
      setChargeTerms(db, req.params.client, { entity: req.body.entity || undefined, terms: req.body.terms, late_rate: req.body.late_rate, language: req.body.language }, who(req)).catch((err) => {
        // the client is the resource named by the path: unknown, it is not found
        throw err instanceof UnknownClient ? new UserError(err.text, 404) : err;
      }),
  });

  app.route({
    ...spec(routes.resolveMessage),
    handler: async (req) => {
      await resolveMessage(db, opts.settings(), req.params.id, req.body.sent, who(req));
      return { message_id: req.params.id, status: req.body.sent ? ('sent' as const) : ('failed' as const) };
    },
  });

  app.route({
    ...spec(routes.messageContent),
    handler: async (req, reply) => {
      const file = await messageContent(db, req.params.id);
      return reply.type(file.type).header('content-disposition', attachment(file.name)).send(file.body);
    },
  });

  app.route({
    ...spec(routes.reminderMessages),
    handler: async (req) => ({ messages: await reminderMessages(db, { entity: req.query.entity || null, client: req.query.client || null, limit: req.query.limit ?? 200 }) }),
  });
}
