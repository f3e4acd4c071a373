// Test helpers: a fresh database file per test in a temporary folder, a copy of the prepared demo
// database, fixture paths, and a fingerprint of the store to prove that a failed import changed nothing.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../src/server/db/database.ts';
import { preparedDemo } from './demo.ts';
import type { DemoTruth } from '../src/server/demo/generate.ts';
import { readSettings, type Settings } from '../src/server/models/settings.ts';
import type { AgingClientRow, AgingReport } from '../src/lib/contract/index.ts';

export const fixture = (...parts: string[]) => join(import.meta.dirname, 'fixtures', ...parts);

/** One DuckDB thread per test database: test files run two at a time on two cores, and their ledgers are small. */
export const TEST_DB_OPTIONS = { threads: 1 };

export interface TestDb {
  db: Database;
  dir: string;
  cleanup: () => void;
}

export async function openTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'encours-test-'));
  const db = await Database.open(join(dir, 'test.duckdb'), TEST_DB_OPTIONS);
  return {
    db,
    dir,
    cleanup: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface DemoDb extends TestDb {
  truth: DemoTruth;
  settings: Settings;
  /** the generated files, ground-truth.json and settings.json */
  demoDir: string;
  importIds: number[];
}

/** Copies the demo database prepared once per run (tests/demo.ts) into `dir`; returns its path and its settings file. */
export async function copyDemoDb(dir: string): Promise<{ dbPath: string; settingsPath: string }> {
  const demo = await preparedDemo();
  const dbPath = join(dir, 'demo.duckdb');
  copyFileSync(demo.dbPath, dbPath);
  return { dbPath, settingsPath: join(demo.demoDir, 'settings.json') };
}

/** A private copy of the prepared demo database, opened. */
export async function openDemoCopy(): Promise<DemoDb> {
  const demo = await preparedDemo();
  const dir = mkdtempSync(join(tmpdir(), 'encours-test-'));
  const db = await Database.open((await copyDemoDb(dir)).dbPath, TEST_DB_OPTIONS);
  return {
    db,
    dir,
    truth: JSON.parse(readFileSync(join(demo.demoDir, 'ground-truth.json'), 'utf8')) as DemoTruth,
    settings: readSettings(join(demo.demoDir, 'settings.json')),
    demoDir: demo.demoDir,
    importIds: demo.importIds,
    cleanup: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A digest of every data row and of which imports are in force: equal digests, equal data. */
export async function storeFingerprint(db: Database): Promise<string> {
  const row = await db.one<{ fp: string }>(
    `SELECT concat_ws('|',
       (SELECT count(*) || ':' || coalesce(md5(string_agg(l::VARCHAR, ',' ORDER BY import_id, line_no)), '') FROM ledger_lines l),
       (SELECT count(*) || ':' || coalesce(md5(string_agg(r::VARCHAR, ',' ORDER BY import_id, line_no)), '') FROM invoice_rows r),
       (SELECT coalesce(string_agg(import_id || status, ',' ORDER BY import_id), '') FROM imports WHERE status IN ('active', 'replaced'))) AS fp`,
  );
  return row!.fp;
}

/** A client's amount in a bucket of an aged balance, by the bucket's key. */
export function bucketAmount(report: Pick<AgingReport, 'buckets'>, client: AgingClientRow, key: string): number {
  const i = report.buckets.findIndex((b) => b.key === key);
  if (i === -1) throw new Error(`No bucket ${key} in this aged balance.`);
  return client.amounts[i];
}
