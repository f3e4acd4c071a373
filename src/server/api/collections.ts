// /api/collections…: the worklist, the actions (list, record), the disputes to resolve, a client's
// collections (owner, policy, contacts, actions, levels) and its profile, the contacts (list, add,
// remove, import from a CSV file). The pages export the lists as CSV and XLSX; the CLI prints the
// worklist as CSV or JSON.
import { routes } from '../../lib/contract/index.ts';
import { recordAction } from '../collections/actions.ts';
import { addContact, listContacts, removeContact, setClientProfile } from '../collections/contacts.ts';
import { importContacts } from '../collections/contacts-import.ts';
import { ImportError } from '../import/errors.ts';
import { clientCollections, collectionActions, effectiveness, openDisputes, worklist } from '../reports/collections.ts';
import { untranslated, UserError } from '../util/messages.ts';
import { sendJson } from './json.ts';
import { spec, who, type App, type RouteOptions } from './route.ts';
import { receiveUpload } from './upload.ts';

export async function collectionsApi(app: App, opts: RouteOptions & { tmpDir: string; maxUploadBytes: number }): Promise<void> {
  const { db } = opts;

  app.route({
    ...spec(routes.worklist),
    handler: async (req, reply) => {
      const q = req.query;
      return sendJson(reply, await worklist(db, opts.settings(), { asOf: q.as_of, entity: q.entity || null, owner: q.owner || null, level: q.level ?? null, segment: q.segment ?? null }));
    },
  });

  app.route({ ...spec(routes.effectiveness), handler: (req) => effectiveness(db, opts.settings(), { asOf: req.query.as_of, entity: req.query.entity || null }) });

  app.route({
    ...spec(routes.actions),
    handler: (req) => {
      const q = req.query;
      return collectionActions(db, opts.settings(), { asOf: q.as_of, entity: q.entity || null, client: q.client || null, invoice: q.invoice || null, limit: q.limit });
    },
  });

  app.route({
    ...spec(routes.recordAction),
    handler: async (req, reply) => reply.code(201).send(await recordAction(db, opts.settings(), req.body, who(req))),
  });

  app.route({ ...spec(routes.disputes), handler: (req) => openDisputes(db, { asOf: req.query.as_of, entity: req.query.entity || null }) });

  app.route({
    ...spec(routes.clientCollections),
    handler: (req) => clientCollections(db, opts.settings(), { client: req.params.client, asOf: req.query.as_of, entity: req.query.entity || null }),
  });

  app.route({
    ...spec(routes.setClientProfile),
    handler: (req) => setClientProfile(db, req.params.client, { entity: req.body.entity || undefined, owner: req.body.owner, policy: req.body.policy }, who(req)),
  });

  app.route({ ...spec(routes.contacts), handler: async (req) => ({ contacts: await listContacts(db, { entity: req.query.entity || null, client: req.query.client || null }) }) });

  app.route({
    ...spec(routes.addContact),
    handler: async (req, reply) => reply.code(201).send(await addContact(db, req.body, who(req))),
  });

  app.route({ ...spec(routes.removeContact), handler: async (req) => ({ removed: await removeContact(db, req.params.id, who(req)) }) });

  // one CSV file of contacts, as a multipart upload (field name: file)
  app.route({
    ...spec(routes.importContacts),
    handler: async (req) => {
      const upload = await receiveUpload(req, { tmpDir: opts.tmpDir, maxBytes: opts.maxUploadBytes, maxFiles: 1 });
      try {
        const [file] = upload.files;
        return await importContacts(db, file.path, file.name, who(req));
      } catch (err) {
        if (err instanceof ImportError) throw new UserError(untranslated(err.report()));
        throw err;
      } finally {
        await upload.cleanup();
      }
    },
  });
}
