// Global setup of the server and browser tests: the demo ledger generated and imported once per
// test run, its models built and its past weeks' forecasts saved (as the first start of the
// server does) — a prepared database file that test files copy (openDemoCopy in tests/helpers.ts,
// startServer({ demo: 'prepared' }) in tests/e2e/server.ts) instead of rebuilding it each. Both
// projects ask for it; it is made once and removed after the last of them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { Database } from '../../src/server/db/database.ts';
import { generateDemoLedger } from '../../src/server/demo/generate.ts';
import { importFile } from '../../src/server/import/importer.ts';
import { rebuildModels } from '../../src/server/models/runner.ts';
import { readSettings } from '../../src/server/models/settings.ts';
import { saveDemoSnapshots } from '../../src/server/forecast/snapshots.ts';

export interface PreparedDemo {
  /** the folder of the generated files, ground-truth.json and settings.json */
  demoDir: string;
  /** the prepared database file (copy it before opening) */
  dbPath: string;
  /** the import ids of the three fiscal years, in order */
  importIds: number[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    demo: PreparedDemo;
  }
}

async function prepare(root: string): Promise<PreparedDemo> {
  const demoDir = join(root, 'demo');
  const truth = await generateDemoLedger({ outDir: demoDir });
  const dbPath = join(root, 'demo.duckdb');
  const db = await Database.open(dbPath);
  const importIds: number[] = [];
  try {
    for (const f of truth.files) {
      const outcome = await importFile(db, join(demoDir, f.file), { source: 'demo' });
      if (outcome.status !== 'active') throw new Error(outcome.error?.report ?? `the demo file ${f.file} did not import`);
      importIds.push(outcome.import_id);
    }
    const settings = readSettings(join(demoDir, 'settings.json'));
    await db.transaction((s) => rebuildModels(s, settings));
    await saveDemoSnapshots(db, settings, 8);
  } finally {
    db.close();
  }
  return { demoDir, dbPath, importIds };
}

// the projects' setups run in one process, each with its own copy of this module
const shared = globalThis as typeof globalThis & { encoursDemo?: { root: string; ready: Promise<PreparedDemo>; users: number } };

export default async function setup(project: TestProject): Promise<() => void> {
  if (!shared.encoursDemo) {
    const root = mkdtempSync(join(tmpdir(), 'encours-demo-db-'));
    shared.encoursDemo = { root, ready: prepare(root), users: 0 };
  }
  const demo = shared.encoursDemo;
  demo.users++;
  project.provide('demo', await demo.ready);
  return () => {
    if (--demo.users === 0) {
      rmSync(demo.root, { recursive: true, force: true });
      delete shared.encoursDemo;
    }
  };
}
