// After data changes (at start, after an import): save the forecast snapshot of the latest date,
// and compute ahead what reads every client's history — the risk model and its backtest, the
// forecast and its backtest — so that the pages find them ready (they are kept per model build).
import type { Database } from './db/database.ts';
import type { Settings } from './models/settings.ts';
import { ledgerSpan } from './models/span.ts';
import { riskQuality, riskReport } from './reports/risk.ts';
import { forecastQuality } from './reports/forecast.ts';
import { ensureLatestSnapshots, forecastAt } from './forecast/snapshots.ts';
import type { ForecastSnapshot } from '../lib/contract/index.ts';

let running: Promise<void> | null = null;
let queued: (() => Promise<void>) | null = null;

/**
 * Runs one preparation at a time: several imports in a row make one more run after the current
 * one, not one each (each would redo the same work on a model build already replaced).
 */
export function prepareAfterData(db: Database, settings: Settings, reason: ForecastSnapshot['reason'], log: (message: string) => void): Promise<void> {
  const run = () => prepare(db, settings, reason, log);
  if (running) {
    queued = run;
    return running;
  }
  const next = (): Promise<void> => {
    const job = queued ?? run;
    queued = null;
    return job().then(() => (queued ? next() : undefined));
  };
  running = next().finally(() => (running = null));
  return running;
}

async function prepare(db: Database, settings: Settings, reason: ForecastSnapshot['reason'], log: (message: string) => void): Promise<void> {
  try {
    const started = Date.now();
    const asOf = (await ledgerSpan(db, null))?.last;
    if (!asOf) return;
    for (const snapshot of await ensureLatestSnapshots(db, settings, reason)) {
      log(`Forecast snapshot #${snapshot.snapshot_id} saved as of ${snapshot.as_of}${snapshot.entity_id ? ` for ${snapshot.entity_id}` : ''} (${snapshot.items} open invoices)`);
    }
    await riskReport(db, settings, { asOf, entity: null });
    await forecastAt(db, settings, { asOf, entity: null });
    await riskQuality(db, settings, { entity: null });
    await forecastQuality(db, settings, null);
    log(`Risk model, forecast and their backtests ready as of ${asOf} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    log(`Preparing the risk model and the forecast failed: ${(err as Error).message}`);
  }
}
