// Importing the people to contact at each client, for the collections worklist, from a CSV kept by
// the credit controllers (or exported from a CRM). The file is read like a ledger export (any of
// the encodings, separators and line ends sniff.ts knows; parsed by DuckDB's read_csv), its
// columns found by French and English names. Everything is checked before anything is written,
// in one transaction: a file with one bad line changes nothing. An import replaces the contacts of
// the clients it names (so the same file imported twice gives the same contacts) and leaves the
// other clients' contacts alone; a client's credit controller and dunning policy, when given, are
// upserted into collection_clients. Every row records who imported it.
import type { Database, Session } from '../db/database.ts';
import { ImportError, type Problem } from '../import/errors.ts';
import { cellSql, loadCsvRows, matchColumns, withUserCsv, type ColumnLayout, type UserCsv } from '../import/user-csv.ts';
import type { Policy } from '../../lib/contract/collections.ts';
import { bumpCollectionsVersion } from './actions.ts';
import { EMAIL_PATTERN } from './contacts.ts';

export interface ContactsImportResult {
  file_name: string;
  /** contacts written */
  contacts: number;
  /** clients whose owner or policy was written */
  profiles: number;
  warnings: string[];
}

/** The columns of a contacts file and the names they are known by (compared after normaliseName, without spaces). */
export const CONTACT_FIELDS = {
  client_id: ['client', 'client id', 'client code', 'code client', 'id client', 'customer', 'customer id', 'customer code', 'customer no', 'customer number', 'compte client', 'compte auxiliaire', 'comp aux num', 'numero client', 'numero de client', 'n client', 'no client', 'num client', 'tiers', 'code tiers', 'numero tiers', 'debtor', 'debtor id'],
  name: ['name', 'contact', 'contact name', 'contact person', 'full name', 'last name', 'surname', 'nom', 'nom du contact', 'nom contact', 'nom complet', 'nom prenom', 'nom et prenom', 'nom de famille', 'interlocuteur', 'personne', 'personne a contacter'],
  first_name: ['first name', 'given name', 'prenom', 'prenom du contact'],
  role: ['role', 'fonction', 'title', 'job title', 'job', 'position', 'poste', 'qualite', 'service'],
  email: ['email', 'e mail', 'mail', 'courriel', 'email address', 'e mail address', 'adresse email', 'adresse e mail', 'adresse mail', 'adresse courriel', 'contact email'],
  phone: ['phone', 'phone number', 'telephone', 'telephone number', 'tel', 'tel no', 'mobile', 'mobile phone', 'cell', 'cell phone', 'portable', 'numero de telephone', 'n telephone', 'gsm', 'contact phone'],
  owner: ['owner', 'credit controller', 'collector', 'account owner', 'responsable', 'responsable recouvrement', 'gestionnaire', 'gestionnaire de compte', 'charge de recouvrement', 'chargee de recouvrement', 'charge recouvrement', 'recouvreur'],
  policy: ['policy', 'dunning policy', 'collection policy', 'reminder policy', 'politique', 'politique de relance', 'politique relance', 'relance'],
  entity_id: ['entity', 'entity id', 'entite', 'code societe', 'company code', 'code entite', 'siren'],
} as const;

type Field = keyof typeof CONTACT_FIELDS;
const REQUIRED: Field[] = ['client_id', 'name'];

/** What a policy cell may say (normalised: lower case, no accents, words joined by '_') → the policy. */
const POLICY_WORDS: Record<string, Policy> = {
  standard: 'standard',
  normal: 'standard',
  normale: 'standard',
  key_account: 'key_account',
  keyaccount: 'key_account',
  key: 'key_account',
  compte_cle: 'key_account',
  grand_compte: 'key_account',
  do_not_remind: 'do_not_remind',
  dont_remind: 'do_not_remind',
  no_reminder: 'do_not_remind',
  no_reminders: 'do_not_remind',
  ne_pas_relancer: 'do_not_remind',
  pas_de_relance: 'do_not_remind',
  aucune_relance: 'do_not_remind',
};

/** The problems listed in an error; the total is always said. */
const MAX_LISTED = 20;
/** The lines named in one warning. */
const MAX_LINES_IN_WARNING = 20;

type Layout = ColumnLayout<Field>;

/** The columns of a contacts file (user-csv.ts finds them by name); refused without the client code and the name. */
export function contactsLayout(fileName: string, columns: string[]): Layout {
  const layout = matchColumns(columns, CONTACT_FIELDS);
  const missing = REQUIRED.filter((f) => layout.index[f] === undefined);
  if (missing.length) {
    const what = { client_id: 'the client code', name: 'the contact’s name' } as Record<Field, string>;
    throw new ImportError(
      fileName,
      `required ${missing.length === 1 ? 'column' : 'columns'} not found: ${missing.join(', ')}.`,
      `A contacts file has a header line naming its columns: at least the client code (“client”, “code client”, “customer id”…) and the contact’s name (“nom”, “contact”, “name”…). Rename the columns and import it again. Columns found: ${columns.join(', ')}.`,
      missing.map((f) => ({ line: 1, column: f, message: `no header names ${what[f]} (known names: ${CONTACT_FIELDS[f].slice(0, 6).join(', ')}…)` })),
    );
  }
  return layout;
}

export async function importContacts(db: Database, path: string, fileName: string, by: string): Promise<ContactsImportResult> {
  return withUserCsv(db, path, fileName, 'client, nom, fonction, email, téléphone…', async (csv) => {
    const layout = contactsLayout(fileName, csv.columns);
    return db.transaction(async (s) => {
      await loadRows(s, fileName, csv, layout);
      await resolveClients(s, fileName);
      await checkRows(s, fileName, layout);
      const warnings = await rowWarnings(s);
      if (layout.unused.length) warnings.push(`Columns not used: ${layout.unused.join(', ')}.`);
      const counts = await write(s, by);
      // owners and policies are on the worklist; contacts are in no answer kept aside
      if (counts.profiles) await bumpCollectionsVersion(s);
      return { file_name: fileName, ...counts, warnings };
    });
  });
}

/** SQL: a policy cell normalised as POLICY_WORDS is keyed ('Compte clé' → 'compte_cle'). */
const policyKey = (expr: string) => `trim(regexp_replace(lower(strip_accents(${expr})), '[^a-z0-9]+', '_', 'g'), '_')`;

/** The file's rows in contacts_import_rows (a temporary table of this transaction), with their line numbers. */
async function loadRows(s: Session, fileName: string, csv: UserCsv, layout: Layout): Promise<void> {
  const r = (f: Field) => cellSql(layout, f);
  const name = layout.index.first_name === undefined ? r('name') : `nullif(concat_ws(' ', ${r('first_name')}, ${r('name')}), '')`;
  const policyCase = `CASE ${policyKey(r('policy'))} ${Object.entries(POLICY_WORDS).map(([word, policy]) => `WHEN '${word}' THEN '${policy}'`).join(' ')} END`;
  const select = `${r('entity_id')} AS entity_given, ${r('client_id')} AS client_id, ${name} AS name, ${r('role')} AS role,
    ${r('email')} AS email, ${r('phone')} AS phone, ${r('owner')} AS owner, ${r('policy')} AS policy_given, ${policyCase} AS policy`;
  if (!(await loadCsvRows(s, fileName, csv, 'contacts_import_rows', select, { file: 'a contacts file', line: 'contact' }))) {
    throw new ImportError(fileName, 'the file has a header but no contact lines.', 'Add one line per contact under the header (client code, name, and its role, e-mail, phone), then import it again.');
  }
}

/**
 * Each line's entity: the one it names when the client is there; else the only entity that has the
 * client. entities: where the client code is found, for the messages.
 */
async function resolveClients(s: Session, fileName: string): Promise<void> {
  const ledger = await s.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT temporary) WHERE name = 'clients'`);
  if (!ledger?.n) {
    throw new ImportError(fileName, 'there is no ledger yet to check the client codes against.', 'Import the ledger (a FEC or an invoice list) first, then the contacts file. Nothing was imported.');
  }
  await s.run(
    `CREATE OR REPLACE TEMP TABLE contacts_import AS
     WITH entities AS (
       SELECT client_id, list(DISTINCT entity_id ORDER BY entity_id) AS entities FROM main.clients GROUP BY client_id
     )
     SELECT r.*, coalesce(e.entities, []) AS entities,
            CASE WHEN r.entity_given IS NOT NULL THEN CASE WHEN list_contains(e.entities, r.entity_given) THEN r.entity_given END
                 WHEN len(e.entities) = 1 THEN e.entities[1] END AS entity_id
     FROM contacts_import_rows AS r LEFT JOIN entities AS e USING (client_id)`,
  );
}

/** Every problem of the file, in line order; throws when there is one. */
async function checkRows(s: Session, fileName: string, layout: Layout): Promise<void> {
  const col = (f: Field) => layout.found[f] ?? f;
  const problems = await s.all<{ line: number; col: string; value: string | null; message: string; total: number; any_client: boolean }>(
    `WITH problems AS (
       SELECT line_no, 1 AS k, $client_col AS col, NULL AS value, 'no client code' AS message FROM contacts_import WHERE client_id IS NULL
       UNION ALL
       SELECT line_no, 2, $name_col, NULL, 'no contact name' FROM contacts_import WHERE name IS NULL
       UNION ALL
       SELECT line_no, 3, CASE WHEN entity_given IS NOT NULL AND len(entities) > 0 THEN $entity_col ELSE $client_col END,
              CASE WHEN entity_given IS NOT NULL AND len(entities) > 0 THEN entity_given ELSE client_id END,
              CASE WHEN len(entities) = 0 THEN 'client ' || client_id || ' is not a client of the ledger' || CASE WHEN entity_given IS NOT NULL THEN ' (entity ' || entity_given || ')' ELSE '' END
                   WHEN entity_given IS NOT NULL THEN 'client ' || client_id || ' is not a client of entity ' || entity_given || ' (it is in ' || array_to_string(entities, ', ') || ')'
                   ELSE 'client ' || client_id || ' is in several entities (' || array_to_string(entities, ', ') || '): say which in an entity column' END
       FROM contacts_import WHERE client_id IS NOT NULL AND entity_id IS NULL
       UNION ALL
       SELECT line_no, 4, $email_col, email, 'not an e-mail address (expected one address, such as name@example.com)'
       FROM contacts_import WHERE email IS NOT NULL AND NOT regexp_full_match(email, $email_pattern)
       UNION ALL
       SELECT line_no, 5, $policy_col, policy_given, 'unknown policy (expected standard, key account or do not remind — compte clé, ne pas relancer)'
       FROM contacts_import WHERE policy_given IS NOT NULL AND policy IS NULL
       UNION ALL
       SELECT line_no, 6, $owner_col, owner, 'client ' || client_id || ' is given different owners on lines ' || array_to_string(lines, ', ')
       FROM (SELECT *, list(line_no ORDER BY line_no) FILTER (WHERE owner IS NOT NULL) OVER w AS lines, count(DISTINCT owner) OVER w AS n
             FROM contacts_import WHERE entity_id IS NOT NULL WINDOW w AS (PARTITION BY entity_id, client_id))
       WHERE n > 1 AND owner IS NOT NULL
       UNION ALL
       SELECT line_no, 7, $policy_col, policy_given, 'client ' || client_id || ' is given different policies on lines ' || array_to_string(lines, ', ')
       FROM (SELECT *, list(line_no ORDER BY line_no) FILTER (WHERE policy IS NOT NULL) OVER w AS lines, count(DISTINCT policy) OVER w AS n
             FROM contacts_import WHERE entity_id IS NOT NULL WINDOW w AS (PARTITION BY entity_id, client_id))
       WHERE n > 1 AND policy IS NOT NULL
     )
     SELECT line_no AS line, col, value, message, count(*) OVER ()::INTEGER AS total, bool_or(k = 3) OVER () AS any_client FROM problems ORDER BY line_no, k LIMIT ${MAX_LISTED}`,
    { client_col: col('client_id'), name_col: col('name'), entity_col: col('entity_id'), email_col: col('email'), email_pattern: EMAIL_PATTERN, policy_col: col('policy'), owner_col: col('owner') },
  );
  if (!problems.length) return;
  const total = problems[0].total;
  const listed: Problem[] = problems.map((p) => ({ line: p.line, column: p.col, ...(p.value === null ? {} : { value: p.value }), message: p.message }));
  const hints = [
    'Correct these lines in the file, then import it again.',
    problems[0].any_client ? 'Client codes are those of the ledger (as the FEC’s CompAuxNum or the invoice list has them); a client kept in several entities needs an entity column (its SIREN).' : '',
    'Nothing was imported.',
  ];
  throw new ImportError(fileName, `${total} ${total === 1 ? 'problem' : 'problems'} in the contacts file (${[...new Set(listed.map((p) => p.column))].join(', ')}).`, hints.filter(Boolean).join(' '), listed, total);
}

/** What does not stop the import: contacts without any means of contact, and lines repeated. */
async function rowWarnings(s: Session): Promise<string[]> {
  const row = (await s.one<{ unreachable: number[]; n_unreachable: number; repeated: number[]; n_repeated: number }>(
    `SELECT list(line_no ORDER BY line_no) FILTER (WHERE email IS NULL AND phone IS NULL)[1:${MAX_LINES_IN_WARNING}] AS unreachable,
            count(*) FILTER (WHERE email IS NULL AND phone IS NULL)::INTEGER AS n_unreachable,
            list(line_no ORDER BY line_no) FILTER (WHERE repeat > 1)[1:${MAX_LINES_IN_WARNING}] AS repeated,
            count(*) FILTER (WHERE repeat > 1)::INTEGER AS n_repeated
     FROM (SELECT *, row_number() OVER (PARTITION BY entity_id, client_id, lower(name), lower(email), phone, role ORDER BY line_no) AS repeat FROM contacts_import)`,
  ))!;
  const lines = (list: number[] | null, n: number) => `${n === 1 ? 'line' : 'lines'} ${(list ?? []).join(', ')}${n > (list ?? []).length ? ` and ${n - list!.length} more` : ''}`;
  const out: string[] = [];
  if (row.n_unreachable) out.push(`${row.n_unreachable} ${row.n_unreachable === 1 ? 'contact has' : 'contacts have'} neither an e-mail nor a phone number (${lines(row.unreachable, row.n_unreachable)}).`);
  if (row.n_repeated) out.push(`${row.n_repeated} ${row.n_repeated === 1 ? 'line repeats' : 'lines repeat'} a contact given earlier in the file and ${row.n_repeated === 1 ? 'was' : 'were'} kept once (${lines(row.repeated, row.n_repeated)}).`);
  return out;
}

/** Replaces the named clients' contacts; upserts their owner and policy where given. */
async function write(s: Session, by: string): Promise<{ contacts: number; profiles: number }> {
  // the contacts the file replaces are gone from the table: who replaced them is kept (audit_log)
  await s.run(
    `INSERT INTO audit_log (done_by, action, target, detail)
     SELECT $by, 'contact_removed', c.entity_id || '/' || c.client_id || '/' || c.contact_id, json_object('name', c.name, 'email', c.email, 'replaced_by_import', true)::VARCHAR
     FROM collection_contacts AS c WHERE EXISTS (SELECT 1 FROM contacts_import AS i WHERE i.entity_id = c.entity_id AND i.client_id = c.client_id)
     ORDER BY c.contact_id`,
    { by },
  );
  await s.run(`DELETE FROM collection_contacts AS c WHERE EXISTS (SELECT 1 FROM contacts_import AS i WHERE i.entity_id = c.entity_id AND i.client_id = c.client_id)`);
  await s.run(
    `INSERT INTO collection_contacts (entity_id, client_id, name, role, email, phone, updated_by, updated_at)
     SELECT entity_id, client_id, name, role, email, phone, $by, current_timestamp FROM contacts_import
     QUALIFY row_number() OVER (PARTITION BY entity_id, client_id, lower(name), lower(email), phone, role ORDER BY line_no) = 1
     ORDER BY line_no`,
    { by },
  );
  const contacts = (await s.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM collection_contacts AS c WHERE EXISTS (SELECT 1 FROM contacts_import AS i WHERE i.entity_id = c.entity_id AND i.client_id = c.client_id)`))!.n;

  // one row per client given an owner or a policy (checked above: never two different ones)
  await s.run(
    `CREATE OR REPLACE TEMP TABLE contacts_import_profiles AS
     SELECT entity_id, client_id, any_value(owner) FILTER (WHERE owner IS NOT NULL) AS owner, any_value(policy) FILTER (WHERE policy IS NOT NULL) AS policy
     FROM contacts_import GROUP BY entity_id, client_id HAVING count(owner) > 0 OR count(policy) > 0`,
  );
  // what is not given is kept: an empty owner cell does not take a client's owner away
  await s.run(
    `UPDATE collection_clients AS c SET owner = coalesce(p.owner, c.owner), policy = coalesce(p.policy, c.policy), updated_by = $by, updated_at = current_timestamp
     FROM contacts_import_profiles AS p WHERE p.entity_id = c.entity_id AND p.client_id = c.client_id`,
    { by },
  );
  await s.run(
    `INSERT INTO collection_clients (entity_id, client_id, owner, policy, updated_by, updated_at)
     SELECT entity_id, client_id, owner, coalesce(policy, 'standard'), $by, current_timestamp FROM contacts_import_profiles AS p
     WHERE NOT EXISTS (SELECT 1 FROM collection_clients AS c WHERE c.entity_id = p.entity_id AND c.client_id = p.client_id)`,
    { by },
  );
  const profiles = (await s.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM contacts_import_profiles`))!.n;
  return { contacts, profiles };
}
