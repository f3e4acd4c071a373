// The ledger the backtest scripts run on: the database given (--db), or a demo ledger generated
// and imported into a temporary database (--clients, --seed, --shape).
import { mkdtempSync, rmSync } from 'node:fs';
import { scriptArgs } from './args.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../src/server/db/database.ts';
import { generateDemoLedger, LEDGER_SHAPES, type LedgerShape } from '../src/server/demo/generate.ts';
import { importFile } from '../src/server/import/importer.ts';
import { rebuildModels } from '../src/server/models/runner.ts';
import { readSettings, type Settings } from '../src/server/models/settings.ts';

export interface BacktestLedger {
  db: Database;
  settings: Settings;
  /** what the figures were measured on, for the printout */
  source: string;
  close: () => void;
}

export async function openBacktestLedger(o: { db?: string; settings?: string; clients: number; seed: number; shape?: string }): Promise<BacktestLedger> {
  if (o.db) {
    const db = await Database.open(o.db);
    return { db, settings: readSettings(o.settings ?? 'data/settings.json'), source: o.db, close: () => db.close() };
  }
  const shape = (o.shape ?? 'demo') as LedgerShape;
  if (!LEDGER_SHAPES.includes(shape)) throw new Error(`--shape is one of ${LEDGER_SHAPES.join(', ')}.`);
  const dir = mkdtempSync(join(tmpdir(), 'encours-backtest-'));
  const truth = await generateDemoLedger({ outDir: dir, clients: o.clients, seed: o.seed, shape });
  const db = await Database.open(join(dir, 'backtest.duckdb'));
  for (const f of truth.files) {
    const outcome = await importFile(db, join(dir, f.file), { source: 'cli' });
    if (outcome.status !== 'active') throw new Error(outcome.error?.report ?? outcome.status);
  }
  const settings = readSettings(join(dir, 'settings.json'));
  await db.transaction((s) => rebuildModels(s, settings));
  return {
    db,
    settings,
    source: shape === 'demo' ? `the demo ledger (${o.clients} clients, seed ${o.seed})` : `a generated ledger shaped "${shape}" (${o.clients} clients, seed ${o.seed})`,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Replaces the README's section between `<!-- name:start … -->` and `<!-- name:end -->`. */
export async function writeReadmeSection(name: string, text: string): Promise<void> {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(`<!-- ${name}:start`);
  const end = readme.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`README.md has no <!-- ${name}:start … --> … <!-- ${name}:end --> section to write into.`);
  const startEnd = readme.indexOf('-->', start) + 3;
  writeFileSync('README.md', readme.slice(0, startEnd) + '\n' + text + '\n' + readme.slice(end));
}

/** The backtest scripts' options: --db, --settings, --clients, --seed, --entity, --origins, --simulations, --check, --write-readme. */
export function backtestArgs(usage: string) {
  return scriptArgs(usage, {
      db: { type: 'string' },
      settings: { type: 'string' },
      clients: { type: 'string', default: '250' },
      seed: { type: 'string', default: '20240101' },
      shape: { type: 'string', default: 'demo' },
      entity: { type: 'string' },
      // fewer origins or simulations for a quick run (the forecast backtest; defaults 26 and the settings')
      origins: { type: 'string' },
      simulations: { type: 'string' },
      check: { type: 'boolean', default: false },
      'write-readme': { type: 'boolean', default: false },
  });
}

/** What every backtest script takes, after its own first line. */
export const BACKTEST_FLAGS = `  --db FILE          a database to backtest (default: the demo ledger, generated with --clients and --seed)
  --settings FILE    its settings
  --clients N        the demo ledger's clients (default 250)
  --seed N           the demo ledger's seed (default 20240101)
  --shape S          the generated clients' shape: demo, few-large (large invoices), many-small
                     (small regular payers), terms-60 (60 days net), runs (paying on the 10th, the
                     10th and 25th, the month's last business day or Fridays)
  --entity E         one entity of the database
  --check            exit 1 when the model does not beat its baselines
  --write-readme     write the figures into README.md
  --help             this text`;
