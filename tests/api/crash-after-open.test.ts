// A process that dies right after opening a new database file (its schema just written), or after
// an import on it, leaves a file that opens again: the migrations are checkpointed into the file,
// as DuckDB does not replay them from its WAL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../../src/server/db/database.ts';
import { fixture } from '../helpers.ts';

const root = join(import.meta.dirname, '..', '..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'encours-crash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `body` in a child process that dies without closing the database (process.exit). */
function dieAfter(body: string): void {
  const code = `const { Database } = await import(${JSON.stringify(join(root, 'src/server/db/database.ts'))});
    const { importFile } = await import(${JSON.stringify(join(root, 'src/server/import/importer.ts'))});
    const db = await Database.open(${JSON.stringify(join(dir, 'crash.duckdb'))}, { threads: 1 });
    ${body}
    process.exit(0);`;
  execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, stdio: 'pipe' });
}

describe('a process killed before its first checkpoint', () => {
  it('right after creating the database: the file opens again', async () => {
    dieAfter('');
    const db = await Database.open(join(dir, 'crash.duckdb'), { threads: 1 });
    expect(await db.all(`SELECT count(*)::INTEGER AS n FROM imports`)).toEqual([{ n: 0 }]);
    db.close();
  });

  it('after an import: the file opens again with the import in it', async () => {
    dieAfter(`const o = await importFile(db, ${JSON.stringify(fixture('fec', '123456789FEC20241231.txt'))}, { source: 'cli' }); if (o.status !== 'active') process.exit(3);`);
    const db = await Database.open(join(dir, 'crash.duckdb'), { threads: 1 });
    expect(await db.all(`SELECT status FROM imports`)).toEqual([{ status: 'active' }]);
    db.close();
  });
});
