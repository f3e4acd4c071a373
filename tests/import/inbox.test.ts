// The watched inbox: a dropped file is imported once its size is stable, then moved to done/ or
// to failed/ beside a readable error report; a mapping may sit beside an invoice CSV.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ImportJobs } from '../../src/server/import/jobs.ts';
import { Inbox } from '../../src/server/import/inbox.ts';
import { fixture, openTestDb, type TestDb } from '../helpers.ts';

let t: TestDb;
let inbox: Inbox;
let dir: string;
beforeEach(async () => {
  t = await openTestDb();
  dir = join(t.dir, 'inbox');
  inbox = new Inbox(dir, new ImportJobs(t.db), 60_000);
  inbox.start();
  inbox.stop(); // polled by hand below
});
afterEach(() => t.cleanup());

describe('inbox', () => {
  it('imports a dropped FEC on the scan after its size settled, then moves it to done/', async () => {
    copyFileSync(fixture('fec', '123456789FEC20241231.txt'), join(dir, '123456789FEC20241231.txt'));
    expect(await inbox.poll()).toEqual([]); // first sight: maybe still being written
    const [event] = await inbox.poll();
    expect(event.outcome).toMatchObject({ status: 'active', line_count: 5 });
    expect(existsSync(join(dir, '123456789FEC20241231.txt'))).toBe(false);
    expect(readdirSync(join(dir, 'done'))).toEqual([expect.stringMatching(/_123456789FEC20241231\.txt$/)]);
    const row = await t.db.one(`SELECT source, status FROM imports`);
    expect(row).toEqual({ source: 'inbox', status: 'active' });
  });

  it('moves a refused file to failed/ next to a readable error report', async () => {
    copyFileSync(fixture('bad', 'bad-values.txt'), join(dir, 'bad-values.txt'));
    await inbox.poll();
    const [event] = await inbox.poll();
    expect(event.outcome.status).toBe('failed');
    const failed = readdirSync(join(dir, 'failed')).sort();
    expect(failed).toEqual([expect.stringMatching(/_bad-values\.txt$/), expect.stringMatching(/_bad-values\.txt\.error\.txt$/)]);
    const report = readFileSync(join(dir, 'failed', failed[1]), 'utf8');
    expect(report).toContain('bad-values.txt: 3 values could not be read (EcritureDate, Debit).');
    expect(report).toContain('line 3, column EcritureDate: expected a date written YYYYMMDD (20241315)');
    expect(report).toContain('What to do:');
  });

  it('uses <file>.mapping.json dropped beside an invoice CSV', async () => {
    copyFileSync(fixture('invoices', 'custom-headers.mapping.json'), join(dir, 'custom-headers.csv.mapping.json'));
    copyFileSync(fixture('invoices', 'custom-headers.csv'), join(dir, 'custom-headers.csv'));
    await inbox.poll();
    const [event] = await inbox.poll();
    expect(event.outcome).toMatchObject({ status: 'active', line_count: 2 });
    expect(readdirSync(join(dir, 'done')).length).toBe(2);
  });

  it('ignores symlinks, folders and pipes: only regular files inside the folder are imported', async () => {
    symlinkSync('/etc/passwd', join(dir, 'passwd.txt'));
    symlinkSync(fixture('fec', '123456789FEC20241231.txt'), join(dir, '123456789FEC20241231.txt'));
    mkdirSync(join(dir, 'a-folder.txt'));
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    expect(await inbox.poll()).toEqual([]);
    expect(await inbox.poll()).toEqual([]);
    expect(await t.db.all(`SELECT file_name FROM imports`)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['123456789FEC20241231.txt', 'a-folder.txt', 'done', 'failed', 'passwd.txt', 'pipe.txt']);
  });
});
