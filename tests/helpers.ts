// Test helpers: a fresh database file per test in a temporary folder, a copy of the prepared demo
// database, fixture paths, and a fingerprint of the store to prove that a failed import changed nothing.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { Database } from '../src/server/db/database.ts';
import { preparedDemo } from './demo.ts';
import type { DemoTruth } from '../src/server/demo/generate.ts';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../src/server/models/settings.ts';
import { rebuildModels } from '../src/server/models/runner.ts';
import type { AgingClientRow, AgingReport } from '../src/lib/contract/index.ts';

export const fixture = (...parts: string[]) => join(import.meta.dirname, 'fixtures', ...parts);

/** One DuckDB thread per test database: test files run two at a time on two cores, and their ledgers are small. */
export const TEST_DB_OPTIONS = { threads: 1 };

export interface TestDb {
  db: Database;
  dir: string;
  cleanup: () => void;
}

let emptyDb: Promise<string> | undefined;

/**
 * An empty database with every migration applied and the models built over no data with the
 * default settings, as a server's first start leaves it, made once per test process in the run's
 * folder (tests/setup/demo-database.ts): a copy opens in a third of the time the migrations take,
 * and a server or app started on it with the default settings finds its models fresh instead of
 * building them again (32 statements, about 0.25 s, for each of some 40 tests).
 */
function migratedEmptyDb(): Promise<string> {
  emptyDb ??= (async () => {
    const path = join(inject('demoRoot'), `empty-${process.pid}.duckdb`);
    const db = await Database.open(path, TEST_DB_OPTIONS);
    try {
      await db.transaction((s) => rebuildModels(s, DEFAULT_SETTINGS));
    } finally {
      db.close();
    }
    return path;
  })();
  return emptyDb;
}

/**
 * Opens a test's database: nothing is checkpointed when it closes (the file is removed after the
 * test; a test that reopens it finds its data in the write-ahead log, as after a crash).
 */
async function openForTest(path: string): Promise<Database> {
  const db = await Database.open(path, TEST_DB_OPTIONS);
  await db.write((s) => s.run('PRAGMA disable_checkpoint_on_shutdown'));
  return db;
}

export async function openTestDb(): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'encours-test-'));
  const path = join(dir, 'test.duckdb');
  copyFileSync(await migratedEmptyDb(), path);
  const db = await openForTest(path);
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
  const db = await openForTest((await copyDemoDb(dir)).dbPath);
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
