// The contacts CSV import of the collections worklist: French and English headers in the
// encodings and separators ledger exports come in, client codes checked against the ledger (and
// their entity found), every bad line named with its column, nothing written when a line is bad,
// a re-import replacing the named clients' contacts, owners and policies upserted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { importFile } from '../../src/server/import/importer.ts';
import { ImportError } from '../../src/server/import/errors.ts';
import { rebuildModels } from '../../src/server/models/runner.ts';
import { DEFAULT_SETTINGS } from '../../src/server/models/settings.ts';
import { importContacts } from '../../src/server/collections/contacts-import.ts';
import { openTestDb, type TestDb } from '../helpers.ts';

let t: TestDb;

/**
 * The ledger: entity E1 has clients 00042, 00107, C-9 and SHARED; entity E2 has SHARED and 00300 —
 * two invoice lists, then the models (the clients table) built from them.
 */
async function loadLedger(): Promise<void> {
  const header = 'Code client;Raison sociale;N° facture;Date facture;Date d’échéance;Montant TTC;Date de règlement';
  const e1 = [header, '00042;Boulangerie Lefèvre;F1;15/01/2024;14/02/2024;1 200,00;', '00107;Garage Noël;F2;20/01/2024;19/02/2024;500,00;', 'C-9;Acme, Inc.;F3;22/01/2024;21/02/2024;80,00;', 'SHARED;Shared SA;F4;25/01/2024;24/02/2024;10,00;'];
  const e2 = [header, 'SHARED;Shared SA;G1;15/01/2024;14/02/2024;30,00;', '00300;Fromagerie Paul;G2;16/01/2024;15/02/2024;40,00;'];
  for (const [entity, lines] of [['E1', e1], ['E2', e2]] as const) {
    const path = join(t.dir, `invoices-${entity}.csv`);
    writeFileSync(path, lines.join('\n') + '\n');
    const outcome = await importFile(t.db, path, { source: 'cli', entity });
    if (outcome.status !== 'active') throw new Error(outcome.error?.report ?? outcome.status);
  }
  await t.db.transaction((s) => rebuildModels(s, DEFAULT_SETTINGS));
}

// one ledger for the file; each test starts from no collections data at all
beforeAll(async () => {
  t = await openTestDb();
  await loadLedger();
});
beforeEach(() =>
  t.db.transaction((s) => s.run(`DELETE FROM collection_contacts; DELETE FROM collection_clients; UPDATE app_meta SET value = '0' WHERE name = 'collections_version'`)),
);
afterAll(() => t.cleanup());

/** Writes a fixture: lines joined with `eol`, encoded as asked (with a BOM when asked). */
function file(name: string, lines: string[], options: { encoding?: string; bom?: boolean; eol?: string } = {}): string {
  const text = lines.join(options.eol ?? '\n') + (options.eol ?? '\n');
  const path = join(t.dir, name);
  writeFileSync(path, iconv.encode(text, options.encoding ?? 'utf-8', { addBOM: options.bom ?? false }));
  return path;
}

const contacts = () => t.db.all(`SELECT entity_id, client_id, name, role, email, phone, updated_by FROM collection_contacts ORDER BY contact_id`);
const profiles = () => t.db.all(`SELECT entity_id, client_id, owner, policy, updated_by FROM collection_clients ORDER BY entity_id, client_id`);
const version = async () => (await t.db.one<{ value: string }>(`SELECT value FROM app_meta WHERE name = 'collections_version'`))!.value;

/** The ImportError an import throws (fails the test when it does not throw one). */
async function refusal(path: string, fileName = 'contacts.csv'): Promise<ImportError> {
  try {
    await importContacts(t.db, path, fileName, 'alice');
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('the import was not refused');
}

const FRENCH = [
  'Code client;Nom du contact;Fonction;E-mail;Téléphone;Chargé de recouvrement;Politique de relance',
  '00042;Hélène Dupré;Comptable;helene.dupre@lefevre.fr;01 23 45 67 89;Sophie Martin;Compte clé',
  '00042;Jean-Loïc Bérard;Chef d’équipe;;06 12 34 56 78;Sophie Martin;',
  '00107;Noël Garçon;Gérant;;;;Ne pas relancer',
];

describe('contacts import', () => {
  it('reads French headers in Windows-1252 with ; and CRLF, finds the entity, upserts owner and policy', async () => {
    const path = file('contacts-fr.csv', FRENCH, { encoding: 'windows-1252', eol: '\r\n' });
    const result = await importContacts(t.db, path, 'contacts-fr.csv', 'alice');
    expect(result).toEqual({ file_name: 'contacts-fr.csv', contacts: 3, profiles: 2, warnings: ['1 contact has neither an e-mail nor a phone number (line 4).'] });
    expect(await contacts()).toEqual([
      { entity_id: 'E1', client_id: '00042', name: 'Hélène Dupré', role: 'Comptable', email: 'helene.dupre@lefevre.fr', phone: '01 23 45 67 89', updated_by: 'alice' },
      { entity_id: 'E1', client_id: '00042', name: 'Jean-Loïc Bérard', role: 'Chef d’équipe', email: null, phone: '06 12 34 56 78', updated_by: 'alice' },
      { entity_id: 'E1', client_id: '00107', name: 'Noël Garçon', role: 'Gérant', email: null, phone: null, updated_by: 'alice' },
    ]);
    expect(await profiles()).toEqual([
      { entity_id: 'E1', client_id: '00042', owner: 'Sophie Martin', policy: 'key_account', updated_by: 'alice' },
      { entity_id: 'E1', client_id: '00107', owner: null, policy: 'do_not_remind', updated_by: 'alice' },
    ]);
    expect(await version()).toBe('1');
  });

  it('reads English PascalCase headers with , in UTF-8 with a BOM, quoted names, and an entity column', async () => {
    const path = file('contacts-en.csv', [
      'CustomerID,ContactName,JobTitle,EmailAddress,PhoneNumber,CreditController,DunningPolicy,CompanyCode,Notes',
      'C-9,"Doe, John",CFO,john.doe@acme.com,+1 555 0100,Bob Smith,key account,E1,met in 2023',
      'SHARED,Jane Roe,AP clerk,jane@shared.example,,,Do Not Remind,E2,',
      'SHARED,Max Mustermann,,max@shared.example,,Bob Smith,standard,E1,',
    ], { bom: true });
    const result = await importContacts(t.db, path, 'contacts-en.csv', 'bob');
    expect(result).toEqual({ file_name: 'contacts-en.csv', contacts: 3, profiles: 3, warnings: ['Columns not used: Notes.'] });
    expect(await contacts()).toEqual([
      { entity_id: 'E1', client_id: 'C-9', name: 'Doe, John', role: 'CFO', email: 'john.doe@acme.com', phone: '+1 555 0100', updated_by: 'bob' },
      { entity_id: 'E2', client_id: 'SHARED', name: 'Jane Roe', role: 'AP clerk', email: 'jane@shared.example', phone: null, updated_by: 'bob' },
      { entity_id: 'E1', client_id: 'SHARED', name: 'Max Mustermann', role: null, email: 'max@shared.example', phone: null, updated_by: 'bob' },
    ]);
    expect(await profiles()).toEqual([
      { entity_id: 'E1', client_id: 'C-9', owner: 'Bob Smith', policy: 'key_account', updated_by: 'bob' },
      { entity_id: 'E1', client_id: 'SHARED', owner: 'Bob Smith', policy: 'standard', updated_by: 'bob' },
      { entity_id: 'E2', client_id: 'SHARED', owner: null, policy: 'do_not_remind', updated_by: 'bob' },
    ]);
  });

  it('reads UTF-16 with tabs, and ISO-8859-15 with |', async () => {
    const utf16 = file('contacts-utf16.txt', ['Client\tContact\tMobile', '00300\tÉloïse Fabre\t07 00 00 00 01'], { encoding: 'utf-16le', bom: true, eol: '\r\n' });
    expect((await importContacts(t.db, utf16, 'contacts-utf16.txt', 'alice')).contacts).toBe(1);
    const latin9 = file('contacts-latin9.csv', ['Tiers|Interlocuteur|Poste|Courriel', '00107|Œdipe Müller|Trésorier|oedipe@garage-noel.fr'], { encoding: 'iso-8859-15' });
    expect((await importContacts(t.db, latin9, 'contacts-latin9.csv', 'alice')).contacts).toBe(1);
    expect(await t.db.all(`SELECT entity_id, client_id, name, role, email, phone FROM collection_contacts ORDER BY contact_id`)).toEqual([
      { entity_id: 'E2', client_id: '00300', name: 'Éloïse Fabre', role: null, email: null, phone: '07 00 00 00 01' },
      { entity_id: 'E1', client_id: '00107', name: 'Œdipe Müller', role: 'Trésorier', email: 'oedipe@garage-noel.fr', phone: null },
    ]);
  });

  it('refuses a client code that is not in the ledger, naming the line and the column, and writes nothing', async () => {
    await importContacts(t.db, file('first.csv', FRENCH), 'first.csv', 'alice');
    const before = { contacts: await contacts(), profiles: await profiles(), version: await version() };
    const path = file('contacts.csv', ['client;nom;email', '00042;Paul Neuf;paul@lefevre.fr', '99999;Inconnu;x@y.fr', '00107;Autre;autre@noel.fr']);
    const err = await refusal(path);
    expect(err.fileName).toBe('contacts.csv');
    expect(err.summary).toBe('1 problem in the contacts file (client).');
    expect(err.problems).toEqual([{ line: 3, column: 'client', value: '99999', message: 'client 99999 is not a client of the ledger' }]);
    expect(err.totalProblems).toBe(1);
    expect(err.hint).toMatch(/Client codes are those of the ledger/);
    expect(err.hint).toMatch(/Nothing was imported\.$/);
    expect({ contacts: await contacts(), profiles: await profiles(), version: await version() }).toEqual(before);
  });

  it('refuses bad e-mail addresses and lines without a client or a name', async () => {
    const path = file('contacts.csv', [
      'Client;Nom;Adresse e-mail;Tel',
      '00042;Jean Dupont;jean.dupont@;01',
      '00042;Marie Curie;marie curie@lefevre.fr;',
      ';Sans Client;ok@example.com;',
      '00107;;ok@example.com;',
      '00107;Bon Contact;bon.contact@garage-noel.fr;',
    ]);
    const err = await refusal(path);
    expect(err.summary).toBe('4 problems in the contacts file (Adresse e-mail, Client, Nom).');
    expect(err.problems).toEqual([
      { line: 2, column: 'Adresse e-mail', value: 'jean.dupont@', message: 'not an e-mail address (expected one address, such as name@example.com)' },
      { line: 3, column: 'Adresse e-mail', value: 'marie curie@lefevre.fr', message: 'not an e-mail address (expected one address, such as name@example.com)' },
      { line: 4, column: 'Client', message: 'no client code' },
      { line: 5, column: 'Nom', message: 'no contact name' },
    ]);
    expect(await contacts()).toEqual([]);
  });

  it('refuses an unknown policy, naming its line and its column', async () => {
    const path = file('contacts.csv', ['client;nom;politique', '00042;Jean Dupont;compte clé', '00107;Marie Curie;VIP']);
    const err = await refusal(path);
    expect(err.problems).toEqual([{ line: 3, column: 'politique', value: 'VIP', message: 'unknown policy (expected standard, key account or do not remind — compte clé, ne pas relancer)' }]);
    expect(await profiles()).toEqual([]);
    expect(await contacts()).toEqual([]);
  });

  it('refuses two different owners for one client, naming both lines', async () => {
    const path = file('contacts.csv', ['client,name,owner', '00042,A,Sophie', '00107,B,Marc', '00042,C,Paul', '00042,D,']);
    const err = await refusal(path);
    expect(err.problems).toEqual([
      { line: 2, column: 'owner', value: 'Sophie', message: 'client 00042 is given different owners on lines 2, 4' },
      { line: 4, column: 'owner', value: 'Paul', message: 'client 00042 is given different owners on lines 2, 4' },
    ]);
  });

  it('replaces the contacts of the clients the file names, never duplicates them, and keeps the others', async () => {
    const path = file('contacts-fr.csv', FRENCH, { encoding: 'windows-1252' });
    await importContacts(t.db, path, 'contacts-fr.csv', 'alice');
    const first = await contacts();
    const again = await importContacts(t.db, path, 'contacts-fr.csv', 'alice');
    expect(again.contacts).toBe(3);
    expect(await contacts()).toEqual(first);
    expect(await t.db.one(`SELECT count(*)::INTEGER AS n FROM collection_contacts`)).toEqual({ n: 3 });

    // a file naming 00107 only: its contact replaced (and its policy kept), 00042's untouched
    await importContacts(t.db, file('garage.csv', ['client;nom;email', '00107;Nouveau Contact;nouveau@garage-noel.fr']), 'garage.csv', 'carol');
    expect(await contacts()).toEqual([
      ...first.filter((c) => c.client_id === '00042'),
      { entity_id: 'E1', client_id: '00107', name: 'Nouveau Contact', role: null, email: 'nouveau@garage-noel.fr', phone: null, updated_by: 'carol' },
    ]);
    // the replaced contact is gone from the table; who replaced it is kept
    const replaced = first.find((c) => c.client_id === '00107')!;
    expect(await t.db.all(`SELECT done_by, action, detail FROM audit_log WHERE action = 'contact_removed' AND done_by = 'carol'`)).toEqual([
      { done_by: 'carol', action: 'contact_removed', detail: JSON.stringify({ name: replaced.name, email: replaced.email, replaced_by_import: true }) },
    ]);
    expect(await profiles()).toEqual([
      { entity_id: 'E1', client_id: '00042', owner: 'Sophie Martin', policy: 'key_account', updated_by: 'alice' },
      { entity_id: 'E1', client_id: '00107', owner: null, policy: 'do_not_remind', updated_by: 'alice' },
    ]);

    // an owner given later keeps the policy already set
    await importContacts(t.db, file('owner.csv', ['client;nom;responsable', '00107;Nouveau Contact;Marc']), 'owner.csv', 'dave');
    expect(await profiles()).toContainEqual({ entity_id: 'E1', client_id: '00107', owner: 'Marc', policy: 'do_not_remind', updated_by: 'dave' });
    // the answers kept aside are made again after the imports that set an owner or a policy (3 of
    // the 4); contacts alone are in none of them
    expect(await version()).toBe('3');
  });

  it('keeps a contact repeated in the file once, and says so', async () => {
    const path = file('contacts.csv', ['client;nom;email', '00042;Jean Dupont;jean@lefevre.fr', '00042;Jean Dupont;JEAN@lefevre.fr', '00042;Marie Curie;marie@lefevre.fr']);
    const result = await importContacts(t.db, path, 'contacts.csv', 'alice');
    expect(result).toEqual({ file_name: 'contacts.csv', contacts: 2, profiles: 0, warnings: ['1 line repeats a contact given earlier in the file and was kept once (line 3).'] });
    expect(await t.db.all(`SELECT name, email FROM collection_contacts ORDER BY contact_id`)).toEqual([
      { name: 'Jean Dupont', email: 'jean@lefevre.fr' },
      { name: 'Marie Curie', email: 'marie@lefevre.fr' },
    ]);
  });

  it('refuses a client kept in two entities when the file has no entity column', async () => {
    const err = await refusal(file('contacts.csv', ['client;nom', '00042;Jean Dupont', 'SHARED;Marie Curie']));
    expect(err.problems).toEqual([{ line: 3, column: 'client', value: 'SHARED', message: 'client SHARED is in several entities (E1, E2): say which in an entity column' }]);
    const wrong = await refusal(file('contacts.csv', ['client;nom;entité', '00300;Jean Dupont;E1']));
    expect(wrong.problems).toEqual([{ line: 2, column: 'entité', value: 'E1', message: 'client 00300 is not a client of entity E1 (it is in E2)' }]);
    expect(await contacts()).toEqual([]);
  });

  it('names the required columns it could not find', async () => {
    const err = await refusal(file('contacts.csv', ['client;fonction;email', '00042;Comptable;a@b.fr']));
    expect(err.summary).toBe('required column not found: name.');
    expect(err.problems).toEqual([{ line: 1, column: 'name', message: 'no header names the contact’s name (known names: name, contact, contact name, contact person, full name, last name…)' }]);
    expect(err.hint).toMatch(/Columns found: client, fonction, email\.$/);
  });

  it('lists the first 20 problems and says how many in all', async () => {
    const lines = ['client;nom', ...Array.from({ length: 25 }, (_, i) => `X${i};Contact ${i}`)];
    const err = await refusal(file('contacts.csv', lines));
    expect(err.totalProblems).toBe(25);
    expect(err.problems).toHaveLength(20);
    expect(err.problems[19]).toEqual({ line: 21, column: 'client', value: 'X19', message: 'client X19 is not a client of the ledger' });
    expect(err.report()).toMatch(/… and 5 more/);
  });

  it('names a line that does not match the header', async () => {
    const err = await refusal(file('contacts.csv', ['client;nom', '00042;Jean;de trop']));
    expect(err.problems).toEqual([{ line: 2, message: 'it has 3 columns where the header has 2' }]);
  });
});
