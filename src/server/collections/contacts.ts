// The people to contact at each client, and each client's credit controller and dunning policy:
// Encours' own data, keyed by entity and client code, with who wrote it and when. A contact is
// added or removed; a profile is set (one row per client). Contacts also come from a CSV file
// (contacts-import.ts). Contacts are in no answer kept aside (models/cache.ts): writing one does not
// bump the collections version; an owner or a policy, on the worklist, does.
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import { say, UserError } from '../util/messages.ts';
import type { Contact, NewContact, Policy } from '../../lib/contract/collections.ts';
import { bumpCollectionsVersion, clientEntity } from './actions.ts';

/** A plausible e-mail address, one only: something@domain.tld, no spaces nor separators (a regular expression DuckDB reads too: the CSV import checks with it). */
export const EMAIL_PATTERN = '[^@\\s<>(),;:"]+@[^@\\s<>(),;:"]+\\.[^@\\s<>(),;:".]+';
export const isEmail = (text: string) => new RegExp(`^${EMAIL_PATTERN}$`).test(text);

export function listContacts(db: Pick<Database, 'all'>, p: { entity: string | null; client: string | null }): Promise<Contact[]> {
  return db.all<Contact>(query('collections_contacts'), { entity: p.entity, client: p.client, id: null });
}

export async function addContact(db: Database, c: NewContact, by: string): Promise<Contact> {
  const { entity } = await clientEntity(db, c.client_id, c.entity);
  if (!c.name.trim()) throw new UserError(say.fieldBlank('name'));
  const email = c.email?.trim() || null;
  const phone = c.phone?.trim() || null;
  if (email && !isEmail(email)) throw new UserError(say.badEmail(email));
  if (!email && !phone) throw new UserError(say.contactNeedsMeans);
  const id = await db.transaction(async (s) => {
    const row = await s.one<{ contact_id: number }>(
      `INSERT INTO collection_contacts (entity_id, client_id, name, role, email, phone, updated_by) VALUES ($entity, $client, $name, $role, $email, $phone, $by) RETURNING contact_id`,
      { entity, client: c.client_id, name: c.name.trim(), role: c.role?.trim() || null, email, phone, by },
    );
    return row!.contact_id;
  });
  return (await db.one<Contact>(query('collections_contacts'), { entity: null, client: null, id }))!;
}

export async function removeContact(db: Database, id: number, by: string): Promise<number> {
  return db.transaction(async (s) => {
    const row = await s.one<{ entity_id: string; client_id: string; name: string; email: string | null }>(`SELECT entity_id, client_id, name, email FROM collection_contacts WHERE contact_id = $id`, { id });
    if (!row) throw new UserError(say.noSuchContact(id), 404);
    await s.run(`DELETE FROM collection_contacts WHERE contact_id = $id`, { id });
    // the row is gone: who removed whom is kept
    await s.run(`INSERT INTO audit_log (done_by, action, target, detail) VALUES ($by, 'contact_removed', $target, $detail)`, {
      by,
      target: `${row.entity_id}/${row.client_id}/${id}`,
      detail: JSON.stringify({ name: row.name, email: row.email }),
    });
    return id;
  });
}

/** Sets a client's credit controller and policy; what is not given stays as it was. */
export async function setClientProfile(db: Database, client: string, p: { entity?: string; owner?: string | null; policy?: Policy }, by: string) {
  const { entity } = await clientEntity(db, client, p.entity);
  return db.transaction(async (s) => {
    const now = await s.one<{ owner: string | null; policy: Policy }>(`SELECT owner, policy FROM collection_clients WHERE entity_id = $entity AND client_id = $client`, { entity, client });
    const owner = p.owner === undefined ? (now?.owner ?? null) : p.owner?.trim() || null;
    const policy = p.policy ?? now?.policy ?? 'standard';
    await s.run(
      `INSERT OR REPLACE INTO collection_clients (entity_id, client_id, owner, policy, updated_by, updated_at) VALUES ($entity, $client, $owner, $policy, $by, current_timestamp)`,
      { entity, client, owner, policy, by },
    );
    await bumpCollectionsVersion(s);
    return { entity_id: entity, client_id: client, owner, policy };
  });
}
