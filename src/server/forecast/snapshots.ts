// Saved forecasts: the forecast at an as-of date, by week and invoice by invoice, kept in DuckDB
// for the weekly review. Made after each import that brings newer data, at start when the latest
// data has none (for the group and each of its entities), and on demand; the demo also saves the weeks before its last date, as they would
// have been forecast then (reason "demo").
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database, Session } from '../db/database.ts';
import { cached } from '../models/cache.ts';
import { query } from '../models/runner.ts';
import type { Settings } from '../models/settings.ts';
import { actionsUntil, itemSpansByEntity, ledgerSpan } from '../models/span.ts';
import type { ForecastReport, ForecastSnapshot } from '../../lib/contract/index.ts';
import { addDays, learnDelays, runForecast, type DelayModel, type ForecastRun } from './forecast.ts';
import { finishedBacktest, habitsDecision, planRange } from './backtest.ts';

/**
 * The forecast at a date, kept per model build and per version of the collections (promises and
 * disputes recorded in the app count; at the latest date, all of them) — models/cache.ts — its
 * range calibrated on the ledger's backtest when that is computed (backtest.ts's planRange), and
 * the clients' payment habits used as the settings or that backtest say (habitsDecision). The
 * delays it draws on are kept per model build alone: a promise recorded does not learn them again.
 */
export async function forecastAt(db: Database, settings: Settings, p: { asOf: string; entity: string | null; weeks?: number | null }): Promise<ForecastRun> {
  const until = await actionsUntil(db, p.asOf, p.entity);
  // the backtest when it is computed: whether to use the payment habits (auto), and the range —
  // the backtest of the settings' weeks, whatever the plan's (planRange reads it for any length)
  const backtest = await finishedBacktest(db, settings, p.entity);
  const { use, ...habits } = habitsDecision(settings.forecast.payment_habits, backtest);
  const weeks = p.weeks || settings.forecast.weeks;
  const at = { asOf: p.asOf, entity: p.entity };
  const run = await cached(db, settings, `forecast|${p.asOf}|${p.entity}|${use}|${weeks}`, async () => runForecast(db, settings, { ...at, weeks, until, delays: await delayModelAt(db, settings, at), habits: use }), { userData: true });
  // a new object: the kept run stays as it is
  const report = { ...run.report, method: { ...run.report.method, habits: { ...run.report.method.habits, ...habits } } };
  return { ...run, report: planRange(report, backtest, use) };
}

/** The payment delays learnt at a date, kept per model build (the forecast and the collections worklist share them). */
export function delayModelAt(db: Database, settings: Settings, p: { asOf: string; entity: string | null }): Promise<DelayModel> {
  return cached(db, settings, `delays|${p.asOf}|${p.entity}`, () => learnDelays(db, settings, p));
}

const ITEM_COLUMNS = `{item_id: 'BIGINT', entity_id: 'VARCHAR', client_id: 'VARCHAR', client_name: 'VARCHAR', piece_ref: 'VARCHAR', doc_date: 'DATE', due_date: 'DATE',
  open_amount: 'DOUBLE', days_past_due: 'INTEGER', is_disputed: 'BOOLEAN', expected: 'DOUBLE[]', later: 'DOUBLE', uncollected: 'DOUBLE'}`;

export async function saveSnapshot(db: Database, settings: Settings, p: { asOf: string; entity: string | null; reason: ForecastSnapshot['reason']; by?: string }): Promise<ForecastSnapshot> {
  const run = await forecastAt(db, settings, p);
  return withItemsFile(db, run, (file) =>
    db.transaction(async (s) => {
      const row = await s.one<{ snapshot_id: number }>(
        `INSERT INTO forecast_snapshots (as_of, entity_id, reason, report, created_by) VALUES ($as_of, $entity, $reason, $report, $by) RETURNING snapshot_id`,
        { as_of: p.asOf, entity: p.entity, reason: p.reason, report: JSON.stringify(run.report), by: p.by ?? null },
      );
      const id = row!.snapshot_id;
      if (run.items.length) await insertItems(s, id, file);
      return (await getSnapshot(s, id))!;
    }),
  );
}

/**
 * Brings a snapshot Encours saved itself (after an import, at start) up to the plan as it stands
 * now at its date, when the plan's range or its use of the payment habits changed since: the
 * backtest, computed after the snapshot, calibrated the range or decided on the habits. The
 * snapshot keeps its number, date and reason. True when it was changed.
 */
export async function refreshSnapshot(db: Database, settings: Settings, snapshot: ForecastSnapshot): Promise<boolean> {
  const saved = await snapshotReport(db, snapshot.snapshot_id);
  const run = await forecastAt(db, settings, { asOf: snapshot.as_of, entity: snapshot.entity_id });
  const method = (r: ForecastReport | undefined) => JSON.stringify([r?.method.range.method, r?.method.habits.used]);
  if (!saved || method(saved) === method(run.report)) return false;
  await withItemsFile(db, run, (file) =>
    db.transaction(async (s) => {
      await s.run(`UPDATE forecast_snapshots SET report = $report WHERE snapshot_id = $id`, { id: snapshot.snapshot_id, report: JSON.stringify(run.report) });
      await s.run(`DELETE FROM forecast_snapshot_items WHERE snapshot_id = $id`, { id: snapshot.snapshot_id });
      if (run.items.length) await insertItems(s, snapshot.snapshot_id, file);
    }),
  );
  return true;
}

/** Runs `write` with the run's items in a newline-delimited JSON file: they go in with one statement, however many invoices. */
async function withItemsFile<T>(db: Database, run: ForecastRun, write: (file: string) => Promise<T>): Promise<T> {
  const dir = db.scratch('snapshot-');
  const file = join(dir, 'items.ndjson');
  try {
    writeFileSync(file, run.items.map((i) => JSON.stringify(i)).join('\n') + '\n');
    return await write(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function insertItems(s: Session, id: number, file: string): Promise<void> {
  return s.run(
    `INSERT INTO forecast_snapshot_items SELECT $id, item_id, entity_id, client_id, client_name, piece_ref, doc_date, due_date, open_amount, days_past_due, is_disputed, expected, later, uncollected
     FROM read_json($file, format = 'newline_delimited', columns = ${ITEM_COLUMNS})`,
    { id, file },
  );
}

type Reader = Pick<Database, 'all' | 'one'>;

export async function getSnapshot(db: Reader, id: number): Promise<ForecastSnapshot | undefined> {
  return db.one<ForecastSnapshot>(query('forecast_snapshots'), { id, entity: null });
}

export async function snapshotReport(db: Reader, id: number): Promise<ForecastReport | undefined> {
  const row = await db.one<{ report: string }>(`SELECT report FROM forecast_snapshots WHERE snapshot_id = $id`, { id });
  return row ? (JSON.parse(row.report) as ForecastReport) : undefined;
}

/** The snapshots of an entity (or of all, consolidated), newest as-of date first. */
export async function listSnapshots(db: Reader, entity: string | null): Promise<ForecastSnapshot[]> {
  return db.all<ForecastSnapshot>(query('forecast_snapshots'), { id: null, entity });
}

/**
 * Saves the forecast at the latest data date unless one exists for that date already: for all
 * entities together and, when there are several, for each (its own latest date), so that the
 * weekly review works for a group and for each of its companies.
 */
export async function ensureLatestSnapshots(db: Database, settings: Settings, reason: ForecastSnapshot['reason']): Promise<ForecastSnapshot[]> {
  // each entity's latest date, and the group's: the latest of them
  const spans = await itemSpansByEntity(db);
  if (!spans.length) return [];
  const group = { entity_id: null, last: spans.reduce((m, e) => (e.last > m ? e.last : m), spans[0].last) };
  const scopes: { entity_id: string | null; last: string }[] = spans.length > 1 ? [group, ...spans] : [group];
  const saved: ForecastSnapshot[] = [];
  for (const { entity_id: entity, last } of scopes) {
    const newest = (await listSnapshots(db, entity))[0];
    if (newest && newest.as_of >= last) continue;
    saved.push(await saveSnapshot(db, settings, { asOf: last, entity, reason }));
  }
  return saved;
}

/** The demo's weekly review history: a snapshot a week for the `weeks` weeks before the last date. */
export async function saveDemoSnapshots(db: Database, settings: Settings, weeks: number): Promise<void> {
  const span = await ledgerSpan(db, null);
  if (!span || (await listSnapshots(db, null)).length) return;
  for (let k = weeks; k >= 1; k--) await saveSnapshot(db, settings, { asOf: addDays(span.last, -7 * k), entity: null, reason: 'demo' });
}
