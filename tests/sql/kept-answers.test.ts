// The long computations' answers kept in the database file (models/cache.ts, kept_answers): read by
// another process — here, the same file copied and opened anew, which this process has never
// asked — only for the model build, the settings and the code that computed them; computed again
// (and the row replaced) otherwise; never kept when JSON would not give them back the same, nor
// for a build an import replaced while they were computed.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Database } from '../../src/server/db/database.ts';
import { cached, ready } from '../../src/server/models/cache.ts';
import { rebuildModels } from '../../src/server/models/runner.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/server/models/settings.ts';
import { codeFingerprint } from '../../src/server/util/code-version.ts';
import { openDemoCopy, openTestDb, TEST_DB_OPTIONS, type TestDb } from '../helpers.ts';
import { ledgerSpan } from '../../src/server/models/span.ts';
import { riskReport } from '../../src/server/reports/risk.ts';

const opened: (TestDb | { cleanup: () => void })[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.cleanup();
});

async function fresh(): Promise<TestDb> {
  const t = await openTestDb();
  opened.push(t);
  return t;
}

/** The file of `t` as another process finds it: copied (checkpointed first) and opened anew. */
async function reopened(t: TestDb): Promise<Database> {
  await t.db.write((s) => s.run('CHECKPOINT'));
  const dir = mkdtempSync(join(tmpdir(), 'encours-kept-'));
  copyFileSync(t.db.path, join(dir, 'copy.duckdb'));
  const db = await Database.open(join(dir, 'copy.duckdb'), TEST_DB_OPTIONS);
  opened.push({ cleanup: () => (db.close(), rmSync(dir, { recursive: true, force: true })) });
  return db;
}

/** A lasting answer whose computations are counted. */
function counted<T>(value: T) {
  const c = { calls: 0, compute: async () => (c.calls++, structuredClone(value)) };
  return c;
}

const rows = (db: Database) => db.all<{ name: string; build: string; code: string; answer: string }>('SELECT name, build, code, answer FROM kept_answers ORDER BY name');
const ANSWER = { available: true, wape: 0.155, weeks: [1, 2.5, -3], note: null, nested: { origins: ['2026-01-04'] } };

describe('kept answers', () => {
  it('are read by another process for the same build, settings and code, without computing them', async () => {
    const t = await fresh();
    const first = counted(ANSWER);
    expect(await cached(t.db, DEFAULT_SETTINGS, 'forecast-backtest|null', first.compute, { lasting: true })).toEqual(ANSWER);
    expect(first.calls).toBe(1);
    const [row] = await rows(t.db);
    expect([row.name, JSON.parse(row.answer), row.code]).toEqual(['forecast-backtest|null', ANSWER, codeFingerprint()]);

    const other = await reopened(t);
    const again = counted({ something: 'else' });
    expect(await cached(other, DEFAULT_SETTINGS, 'forecast-backtest|null', again.compute, { lasting: true })).toEqual(ANSWER);
    expect(again.calls).toBe(0);
    // what a figure reads without ever computing it (the plan's range): the kept answer too
    const third = await reopened(t);
    expect(await ready(third, DEFAULT_SETTINGS, 'forecast-backtest|null')).toEqual(ANSWER);
    expect(await ready(third, DEFAULT_SETTINGS, 'quality|null')).toBeUndefined();
  });

  it('are computed again after a new model build, by another version of the code or with other settings', async () => {
    const t = await fresh();
    await cached(t.db, DEFAULT_SETTINGS, 'k', counted(ANSWER).compute, { lasting: true });
    const before = (await rows(t.db))[0].build;

    // a new model build (an import): computed again, and the row is the new build's
    await t.db.transaction((s) => rebuildModels(s, DEFAULT_SETTINGS));
    const afterBuild = counted({ v: 'new build' });
    expect(await cached(t.db, DEFAULT_SETTINGS, 'k', afterBuild.compute, { lasting: true })).toEqual({ v: 'new build' });
    expect(afterBuild.calls).toBe(1);
    expect((await rows(t.db))[0].build).not.toBe(before);
    // which another process reads
    expect(await ready(await reopened(t), DEFAULT_SETTINGS, 'k')).toEqual({ v: 'new build' });

    // another version of Encours computed it: not read
    await t.db.write((s) => s.run(`UPDATE kept_answers SET code = 'another version'`));
    const db = await reopened(t);
    expect(await ready(db, DEFAULT_SETTINGS, 'k')).toBeUndefined();
    const otherCode = counted({ v: 'this version' });
    expect(await cached(db, DEFAULT_SETTINGS, 'k', otherCode.compute, { lasting: true })).toEqual({ v: 'this version' });
    expect(otherCode.calls).toBe(1);

    // other settings: not read
    await t.db.write((s) => s.run(`UPDATE kept_answers SET code = $code`, { code: codeFingerprint() }));
    const settings: Settings = { ...DEFAULT_SETTINGS, forecast: { ...DEFAULT_SETTINGS.forecast, weeks: 8 } };
    expect(await ready(await reopened(t), DEFAULT_SETTINGS, 'k')).toEqual({ v: 'new build' });
    const otherSettings = counted({ v: 'eight weeks' });
    expect(await cached(await reopened(t), settings, 'k', otherSettings.compute, { lasting: true })).toEqual({ v: 'eight weeks' });
    expect(otherSettings.calls).toBe(1);
  });

  it('are computed, and the failure said, when the kept one cannot be read', async () => {
    const t = await fresh();
    await cached(t.db, DEFAULT_SETTINGS, 'k', counted(ANSWER).compute, { lasting: true });
    await t.db.write((s) => s.run(`UPDATE kept_answers SET answer = '{"cut": '`));
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const db = await reopened(t);
      expect(await ready(db, DEFAULT_SETTINGS, 'k')).toBeUndefined();
      const again = counted({ v: 'computed' });
      expect(await cached(db, DEFAULT_SETTINGS, 'k', again.compute, { lasting: true })).toEqual({ v: 'computed' });
      expect(again.calls).toBe(1);
      expect(said.mock.calls[0][0]).toMatch(/^Encours: the answer k could not be read from the database file's kept answers \(.+\); it is computed instead\.$/);
      // and kept again, readable
      expect(await ready(await reopened({ ...t, db }), DEFAULT_SETTINGS, 'k')).toEqual({ v: 'computed' });
    } finally {
      said.mockRestore();
    }
  });

  it('are written beside an import in progress, without waiting for it, and both commit', async () => {
    const t = await fresh();
    // an import's transaction, held open after its rebuild
    let release: (() => void) | undefined;
    const importing = t.db.transaction(async (s) => {
      await rebuildModels(s, DEFAULT_SETTINGS);
      await new Promise<void>((r) => (release = r));
    });
    while (!release) await new Promise((r) => setTimeout(r, 5));
    const before = (await t.db.one<{ build: string }>('SELECT max(built_at)::VARCHAR AS build FROM model_state'))!.build;
    // were the write queued behind the import, this would never end (the test would time out)
    expect(await cached(t.db, DEFAULT_SETTINGS, 'beside', counted(ANSWER).compute, { lasting: true })).toEqual(ANSWER);
    expect(await rows(t.db)).toMatchObject([{ name: 'beside', build: before }]);
    release();
    await importing;
    expect((await t.db.one<{ build: string }>('SELECT max(built_at)::VARCHAR AS build FROM model_state'))!.build).not.toBe(before);
    expect(await rows(t.db)).toMatchObject([{ name: 'beside', build: before }]);
  });

  it("keep the risk scores of the ledger's latest date, not those of every date browsed", async () => {
    const t = await openDemoCopy();
    opened.push(t);
    const latest = (await ledgerSpan(t.db, null))!.last;
    const scores = await riskReport(t.db, t.settings, { asOf: latest, entity: null });
    expect(scores.clients.length).toBeGreaterThan(100);
    await riskReport(t.db, t.settings, { asOf: '2026-03-31', entity: null });
    const names = (await rows(t.db)).map((r) => r.name);
    expect(names).toContain(`risk|${latest}|null`);
    expect(names.filter((n) => n.startsWith('risk|'))).toEqual([`risk|${latest}|null`]);
    // what a restarted server or the command line finds, without fitting the model again
    expect(await ready(await reopened(t), t.settings, `risk|${latest}|null`)).toEqual(scores);
    // a kept answer whose function says no to it is not kept
    await cached(t.db, t.settings, 'maybe', async () => ({ keep: false }), { kept: (a) => a.keep });
    await cached(t.db, t.settings, 'surely', async () => ({ keep: true }), { kept: (a) => a.keep });
    expect((await rows(t.db)).map((r) => r.name)).toEqual(expect.arrayContaining(['surely']));
    expect((await rows(t.db)).map((r) => r.name)).not.toContain('maybe');
  });

  it('are not kept when JSON would change them, nor for a build replaced while they were computed', async () => {
    const t = await fresh();
    // Infinity, NaN and undefined do not come back from JSON as they went
    for (const [key, value] of [['inf', { x: Infinity }], ['nan', { x: NaN }], ['undef', { x: undefined }]] as const) {
      expect(await cached(t.db, DEFAULT_SETTINGS, key, async () => value, { lasting: true })).toEqual(value);
    }
    expect(await rows(t.db)).toEqual([]);

    // an import rebuilds the models while the answer is computed: the answer is given, not kept
    let finish: (() => void) | undefined;
    const computing = cached(t.db, DEFAULT_SETTINGS, 'slow', () => new Promise<typeof ANSWER>((r) => (finish = () => r(ANSWER))), { lasting: true });
    while (!finish) await new Promise((r) => setTimeout(r, 5));
    await t.db.transaction((s) => rebuildModels(s, DEFAULT_SETTINGS));
    await cached(t.db, DEFAULT_SETTINGS, 'newer', counted({ v: 'of the new build' }).compute, { lasting: true });
    finish();
    expect(await computing).toEqual(ANSWER);
    // the new build's answer stays; the replaced build's never went in
    expect((await rows(t.db)).map((r) => r.name)).toEqual(['newer']);
  });
});
