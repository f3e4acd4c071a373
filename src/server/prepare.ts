// After data changes (at start, after an import): compute ahead what reads every client's history
// — first what the pages need (the forecast, the risk model), then the forecast snapshot of the
// latest date is saved, then the collections worklist and both backtests — so that the pages find
// them ready (they are kept per model build); then bring the snapshot up to the plan as its
// backtest left it (range calibrated, habits decided).
// In a group, each entity's forecast is its snapshot's, and each entity's clients page (its own
// risk model) is prepared last, once the group's figures and backtests are ready.
import type { Database } from './db/database.ts';
import type { Settings } from './models/settings.ts';
import { itemSpansByEntity, ledgerSpan } from './models/span.ts';
import { DataChanged } from './models/cache.ts';
import { riskQuality } from './reports/risk.ts';
import { forecastQuality } from './reports/forecast.ts';
import { worklist } from './reports/collections.ts';
import { clientsReport } from './reports/clients.ts';
import { ensureLatestSnapshots, forecastAt, refreshSnapshot } from './forecast/snapshots.ts';
import type { ForecastSnapshot } from '../lib/contract/index.ts';

/** The preparation of one database: the run in progress, the one queued behind it, and whether to stop. */
interface Preparation {
  running: Promise<void> | null;
  queued: (() => Promise<void>) | null;
  stopped: boolean;
}
const preparations = new WeakMap<Database, Preparation>();

/**
 * Runs one preparation at a time per database: several imports in a row make one more run after
 * the current one, not one each (each would redo the same work on a model build already replaced).
 * The current run stops at its next step once another is queued, and its backtests stop at their
 * next origin once a newer import has replaced the figures they were computing (DataChanged).
 */
export function prepareAfterData(db: Database, settings: Settings, reason: ForecastSnapshot['reason'], log: (message: string) => void): Promise<void> {
  let state = preparations.get(db);
  if (!state) preparations.set(db, (state = { running: null, queued: null, stopped: false }));
  const p = state;
  const run = () => prepare(db, settings, reason, log, p);
  if (p.running) {
    p.queued = run;
    return p.running;
  }
  const next = (): Promise<void> => {
    const job = p.queued ?? run;
    p.queued = null;
    return job().then(() => (p.queued && !p.stopped ? next() : undefined));
  };
  p.running = next().finally(() => (p.running = null));
  return p.running;
}

/**
 * Beyond this many entities, an entity's clients page is computed when it is asked for: each kept
 * page holds one of the 32 answers models/cache.ts keeps, which the group's own figures need.
 */
const PREPARED_ENTITIES = 8;

/** A group's entities (none for one company), the first PREPARED_ENTITIES of them. */
async function groupEntities(db: Database): Promise<string[]> {
  const entities = await itemSpansByEntity(db);
  return entities.length > 1 ? entities.slice(0, PREPARED_ENTITIES).map((e) => e.entity_id) : [];
}

/** Stops preparing for this database after the step in progress (closing the server); resolves when it has stopped. */
export async function stopPreparing(db: Database): Promise<void> {
  const p = preparations.get(db);
  if (!p) return;
  p.stopped = true;
  p.queued = null;
  await p.running;
}

async function prepare(db: Database, settings: Settings, reason: ForecastSnapshot['reason'], log: (message: string) => void, p: Preparation): Promise<void> {
  try {
    const started = Date.now();
    const asOf = (await ledgerSpan(db, null))?.last;
    if (!asOf) return;
    // what each step took, in the last line: what an operator (and npm run bench) reads of its cost
    const took: string[] = [];
    const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
    /** Runs a step unless the preparation is stopped or a newer import waits (what is left would be computed for figures it replaces). */
    const run = async (step: () => Promise<unknown>): Promise<boolean> => {
      if (p.stopped) return false;
      if (p.queued) {
        log(`Preparation as of ${asOf} left for the newer data`);
        return false;
      }
      await step();
      return true;
    };
    /** run, its time in the last line */
    const timed = async (name: string, step: () => Promise<unknown>): Promise<boolean> => {
      const t = Date.now();
      if (!(await run(step))) return false;
      took.push(`${name} ${seconds(t)} s`);
      return true;
    };
    // what the pages need first: the current forecast, then the clients page with its risk model
    // (the risk report is kept apart, for the other pages)
    const first =
      (await timed('forecast', () => forecastAt(db, settings, { asOf, entity: null }))) &&
      (await timed('risk model', () => clientsReport(db, { entity: null, settings })));
    // then the plan of the latest date is saved for the weekly review, from the forecast just kept
    // (when a newer import waits, the store already holds its data: the run behind this one saves
    // that plan, and calibrates it after its backtest)
    const saving = Date.now();
    const saved = first ? await ensureLatestSnapshots(db, settings, reason) : [];
    for (const snapshot of saved) {
      log(`Forecast snapshot #${snapshot.snapshot_id} saved as of ${snapshot.as_of}${snapshot.entity_id ? ` for ${snapshot.entity_id}` : ''} (${snapshot.items} open invoices)`);
    }
    if (saved.length) took.push(`forecast snapshot ${seconds(saving)} s`);
    if (!first) return;
    const steps: [string, () => Promise<unknown>][] = [
      // the morning's list: its clients' behaviour and its levels (the delays and the risk are kept already)
      ['worklist', () => worklist(db, settings, { asOf, entity: null })],
      ['risk backtest', () => riskQuality(db, settings, { entity: null })],
      ['forecast backtest', () => forecastQuality(db, settings, null)],
    ];
    for (const [name, step] of steps) if (!(await timed(name, step))) return;
    // the backtest has calibrated the plan's range and decided on the payment habits: the
    // snapshots just saved take the plan as the pages now show it
    const refreshed = Date.now();
    for (const snapshot of p.queued ? [] : saved) {
      if (await refreshSnapshot(db, settings, snapshot)) log(`Forecast snapshot #${snapshot.snapshot_id} updated: its range calibrated on the backtest`);
    }
    if (saved.length) took.push(`snapshot calibrated ${seconds(refreshed)} s`);
    // a group: each entity's clients page with its own risk model (its forecast is its snapshot's)
    const entities = await groupEntities(db);
    const t = Date.now();
    for (const entity of entities) if (!(await run(() => clientsReport(db, { entity, settings })))) return;
    if (entities.length) took.push(`clients of each entity ${seconds(t)} s`);
    log(`Risk model, forecast, worklist and backtests ready as of ${asOf} (${((Date.now() - started) / 1000).toFixed(1)} s: ${took.join(', ')})`);
  } catch (err) {
    if (err instanceof DataChanged) log(`Preparation stopped: a newer import replaced the figures it was computing, which are prepared next`);
    else log(`Preparing the risk model and the forecast failed: ${(err as Error).message}`);
  }
}
