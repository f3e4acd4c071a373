// What an import does to the store: an identical file is a no-op, a newer export of the same
// entity and period replaces the older one as a whole, and a failed import changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../src/server/import/importer.ts';
import { fixture, openTestDb, storeFingerprint, type TestDb } from '../helpers.ts';

let t: TestDb;
beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.cleanup());

const count = async () => (await t.db.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ledger_lines`))!.n;
const load = (path: string) => importFile(t.db, path, { source: 'cli' });

/** Writes the same FEC name into a sub-folder: the September and October exports of one year. */
function exportVersion(folder: string, extraLines: string[]): string {
  const base = readFileSync(fixture('fec', '123456789FEC20241231.txt'), 'utf8');
  mkdirSync(join(t.dir, folder));
  const path = join(t.dir, folder, '123456789FEC20241231.txt');
  writeFileSync(path, base + extraLines.map((l) => l + '\r\n').join(''));
  return path;
}

const october = [
  'VE\tVentes\t2\t20241003\t411000\tClients\tC002\tMartin\tF002\t20241003\tFacture F002\t600,00\t0,00\t\t\t20241003\t\t',
  'VE\tVentes\t2\t20241003\t706000\tVentes\t\t\tF002\t20241003\tFacture F002\t0,00\t600,00\t\t\t20241003\t\t',
];

describe('import semantics', () => {
  it('recognises a byte-identical file and changes nothing', async () => {
    const first = await load(fixture('fec', '123456789FEC20241231.txt'));
    const fp = await storeFingerprint(t.db);
    const again = await load(fixture('fec', '123456789FEC20241231.txt'));
    expect(again.status).toBe('duplicate');
    expect(again.duplicate_of_import_id).toBe(first.import_id);
    expect(await count()).toBe(5);
    expect(await storeFingerprint(t.db)).toBe(fp);
    const history = await t.db.all(`SELECT status FROM imports ORDER BY import_id`);
    expect(history).toEqual([{ status: 'active' }, { status: 'duplicate' }]);
  });

  it('replaces the older export of the same entity and fiscal year as a whole', async () => {
    const sept = await load(exportVersion('sept', []));
    const oct = await load(exportVersion('oct', october));
    expect(oct.status).toBe('active');
    expect(oct.replaced_import_ids).toEqual([sept.import_id]);
    expect(await count()).toBe(7);
    expect(await t.db.all(`SELECT DISTINCT import_id FROM ledger_lines`)).toEqual([{ import_id: oct.import_id }]);
    expect(await t.db.all(`SELECT import_id, status, replaced_by_import_id FROM imports ORDER BY import_id`)).toEqual([
      { import_id: sept.import_id, status: 'replaced', replaced_by_import_id: oct.import_id },
      { import_id: oct.import_id, status: 'active', replaced_by_import_id: null },
    ]);
  });

  it('keeps other entities and other fiscal years side by side', async () => {
    await load(fixture('fec', '123456789FEC20241231.txt'));
    await load(fixture('fec', '987654321FEC20241231.txt'));
    const path = join(t.dir, '123456789FEC20251231.txt');
    writeFileSync(path, readFileSync(fixture('fec', '123456789FEC20241231.txt'), 'utf8').replaceAll('2024', '2025'));
    await load(path);
    expect(await t.db.all(`SELECT entity_id, strftime(period_end, '%Y-%m-%d') AS period_end FROM imports WHERE status = 'active' ORDER BY 1, 2`)).toEqual([
      { entity_id: '123456789', period_end: '2024-12-31' },
      { entity_id: '123456789', period_end: '2025-12-31' },
      { entity_id: '987654321', period_end: '2024-12-31' },
    ]);
    expect(await count()).toBe(13);
  });

  it('a corrupt newer export leaves the older one and everything else exactly as it was', async () => {
    await load(exportVersion('sept', []));
    const fp = await storeFingerprint(t.db);
    const corrupt = await load(exportVersion('oct', [october[0], october[1].replace('20241003', '20241003').replace('600,00', '6OO,00')]));
    expect(corrupt.status).toBe('failed');
    expect(corrupt.error!.problems[0]).toMatchObject({ line: 8, column: 'Credit', value: '6OO,00' });
    expect(await storeFingerprint(t.db)).toBe(fp);
    expect(await count()).toBe(5);
    const last = await t.db.one<{ status: string; error: string }>(`SELECT status, error FROM imports ORDER BY import_id DESC LIMIT 1`);
    expect(last!.status).toBe('failed');
    expect(JSON.parse(last!.error).summary).toMatch(/could not be read/);
  });

  it('an unbalanced newer export is refused and the older one stays', async () => {
    await load(exportVersion('sept', []));
    const fp = await storeFingerprint(t.db);
    const unbalanced = await load(exportVersion('oct', [october[0], october[1].replace('0,00\t600,00', '0,00\t500,00')]));
    expect(unbalanced.status).toBe('failed');
    expect(await storeFingerprint(t.db)).toBe(fp);
  });

  it('a newer export whose models fail to build leaves the older one, and none of its staged lines', async () => {
    await load(exportVersion('sept', []));
    const fp = await storeFingerprint(t.db);
    const tables = () => t.db.all<{ name: string }>(`SELECT table_name AS name FROM duckdb_tables() WHERE table_name LIKE 'fec_lines_%' ORDER BY 1`);
    const before = await tables();
    // the lines are loaded, checked and committed apart; the transaction that puts them in force fails
    const failed = await importFile(t.db, exportVersion('oct', october), {
      source: 'cli',
      rebuild: async (s) => {
        expect((await s.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ledger_lines`))!.n).toBe(7);
        throw new Error('the disk is full');
      },
    });
    expect(failed.status).toBe('failed');
    expect(failed.error!.summary).toMatch(/the disk is full/);
    expect(await storeFingerprint(t.db)).toBe(fp);
    expect(await tables()).toEqual(before);
    expect(await count()).toBe(5);
  });

  it('two copies of one file imported at once count once', async () => {
    const [a, b] = await Promise.all([load(fixture('fec', '123456789FEC20241231.txt')), load(fixture('fec', '123456789FEC20241231.txt'))]);
    expect([a.status, b.status].sort()).toEqual(['active', 'duplicate']);
    expect(await count()).toBe(5);
  });

  it('upgrades the schema once: reopening applies no migration twice', async () => {
    const versions = await t.db.all(`SELECT version FROM schema_migrations ORDER BY version`);
    expect(versions.length).toBeGreaterThan(0);
    const { Database } = await import('../../src/server/db/database.ts');
    t.db.close();
    t.db = await Database.open(join(t.dir, 'test.duckdb'));
    expect(await t.db.all(`SELECT version FROM schema_migrations ORDER BY version`)).toEqual(versions);
  });

  it('copies a Windows-1252 file in the scratch folder beside the store, emptied when the file is opened again', async () => {
    const { Database } = await import('../../src/server/db/database.ts');
    const scratch = join(t.dir, 'tmp', 'test.duckdb');
    expect(t.db.scratchDir).toBe(scratch);
    const path = join(t.dir, '123456789FEC20241231.txt');
    writeFileSync(path, Buffer.from(readFileSync(fixture('fec', '123456789FEC20241231.txt'), 'utf8').replace('Facture', 'Facture réglée'), 'latin1'));
    expect((await load(path)).status).toBe('active');
    // the copy in UTF-8 was made there and removed when the import ended
    expect(readdirSync(scratch)).toEqual([]);
    // what a process killed during an import leaves: gone when the file is next opened
    writeFileSync(join(t.db.scratch('import-'), 'utf8-0.txt'), 'a copy cut off');
    t.db.close();
    t.db = await Database.open(join(t.dir, 'test.duckdb'));
    expect(existsSync(scratch)).toBe(false);
    expect(await count()).toBe(5);
  });
});
