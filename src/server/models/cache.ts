// Answers that read every client's history (the risk model, its backtest, the cash forecast) or
// that many readers ask for alike (the aged balance, the clients, the DSO), kept per model build:
// a new import or new settings start afresh. Each answer is computed in one snapshot; callers
// share it and must not change it. A failed computation is not kept; the oldest answers go first
// beyond CACHE_SIZE. An answer that also reads what users write (the forecast counts on promises
// and disputes recorded in the app) says so (`userData`): it is kept per version of that data too,
// which every collections write bumps; the others survive those writes. The backtests — minutes
// of work on a large ledger, which other figures draw on (the plan's range) — are kept apart
// (`lasting`), where the many small answers of a session of browsing cannot push them out.
// The backtests' answers and the latest risk scores are also kept in the database file
// (kept_answers), for the model build, settings and code that computed them: a restarted server and
// the command line read them there.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../db/database.ts';
import type { Settings } from './settings.ts';
import { say, UserError } from '../util/messages.ts';
import { codeFingerprint } from '../util/code-version.ts';

const cache = new Map<string, Promise<unknown>>();
const CACHE_SIZE = 32;
/** The long computations' answers (`lasting`): a few per database and entity. */
const lasting = new Map<string, Promise<unknown>>();
const LASTING_SIZE = 8;

/**
 * Memoised per database, model build, settings (null: an answer that does not depend on them),
 * `key` (the arguments), and the users' data when it reads it (`userData`).
 * `lasting`: kept apart in memory, and in the database file. `kept`: an answer of the model build
 * alone (not reading the users' data since) kept in the file too — always, or when the function
 * says so of the answer computed (the risk scores of the latest date, not of every date browsed).
 */
export async function cached<T>(
  db: Database,
  settings: Settings | null,
  key: string,
  compute: () => Promise<T>,
  opts: { userData?: boolean; lasting?: boolean; kept?: boolean | ((answer: T) => boolean) } = {},
): Promise<T> {
  const state = await storeState(db);
  const base = `${db.path}|${state.build}|${JSON.stringify(settings)}|${key}`;
  const full = opts.userData ? `${base}|${state.userData}` : base;
  const store = opts.lasting ? lasting : cache;
  const hit = used(store, full) as Promise<T> | undefined;
  if (hit) return hit;
  if (opts.userData) {
    // an answer made before the users' last write is obsolete: no reader asks for it any more
    const obsolete = latestVersion.get(base);
    if (obsolete) cache.delete(obsolete);
    latestVersion.set(base, full);
    if (latestVersion.size > 4 * CACHE_SIZE) latestVersion.delete(latestVersion.keys().next().value!);
  }
  const keep = opts.lasting ? true : (opts.kept ?? false);
  const computing = keep ? keptOr(db, state.build, settings, key, compute, keep) : compute();
  remember(store, full, computing);
  return computing;
}

/** The answers computed so far, by their promise: what ready() gives without waiting. */
const answers = new WeakMap<Promise<unknown>, unknown>();

/** The answer under `full`, moved last as the most recently used (the oldest unused go first). */
function used(store: Map<string, Promise<unknown>>, full: string): Promise<unknown> | undefined {
  const hit = store.get(full);
  if (hit) {
    store.delete(full);
    store.set(full, hit);
  }
  return hit;
}

/** Keeps `answer` under `full` (its value for ready() once it comes; dropped if it fails), the oldest going beyond the store's size. */
function remember(store: Map<string, Promise<unknown>>, full: string, answer: Promise<unknown>): void {
  store.set(full, answer);
  answer.then(
    (value) => answers.set(answer, value),
    () => store.delete(full),
  );
  const size = store === lasting ? LASTING_SIZE : CACHE_SIZE;
  while (store.size > size) store.delete(store.keys().next().value!);
}

/**
 * The answer kept for `key` (as cached() keeps it, not reading the users' data) when it is computed
 * already; undefined when nobody asked for it yet on this model build, or it is still being
 * computed. Never starts the computation: for a figure that uses another when it is there (the
 * plan's range and the forecast's backtest) without waiting for it.
 */
export async function ready<T>(db: Database, settings: Settings | null, key: string): Promise<T | undefined> {
  const state = await storeState(db);
  const full = `${db.path}|${state.build}|${JSON.stringify(settings)}|${key}`;
  // used: the answer other figures draw on goes last, as cached() does for what it gives
  const hit = used(lasting.has(full) ? lasting : cache, full);
  if (hit) return answers.get(hit) as T | undefined;
  // computed by an earlier process (the server before a restart, for the command line)
  const found = await readKept<T>(db, state.build, settings, key);
  if (found === undefined) return undefined;
  const kept = Promise.resolve(found);
  answers.set(kept, found);
  if (!lasting.has(full)) remember(lasting, full, kept);
  return found;
}

/**
 * What identifies a kept answer besides its name: the build, a hash of the settings, the code's
 * version. The letters' and e-mails' settings (the SMTP password among them) are left out of the
 * hash: no kept answer reads them, and the file keeps no trace of a secret.
 */
function keptIdentity(build: string, settings: Settings | null, key: string) {
  const { reminders: _letters, ...read } = settings ?? ({} as Partial<Settings>);
  return { name: key, build, settings: createHash('sha256').update(JSON.stringify(settings ? read : null)).digest('hex').slice(0, 32), code: codeFingerprint() };
}

/** Says that the file's kept answers could not be used, and goes on: they only save time. */
function keptFailed(what: 'read from' | 'written to', key: string, err: unknown): void {
  const then = what === 'read from' ? 'it is computed instead' : 'the next process computes it again';
  console.error(`Encours: the answer ${key} could not be ${what} the database file's kept answers (${(err as Error).message.split('\n')[0]}); ${then}.`);
}

/** The answer kept in the file for this build, settings and code; undefined when there is none (or it cannot be read). */
async function readKept<T>(db: Database, build: string | null, settings: Settings | null, key: string): Promise<T | undefined> {
  if (build === null) return undefined;
  try {
    const row = await db.one<{ answer: string }>(`SELECT answer FROM kept_answers WHERE name = $name AND build = $build AND settings = $settings AND code = $code`, keptIdentity(build, settings, key));
    return row ? (JSON.parse(row.answer) as T) : undefined;
  } catch (err) {
    keptFailed('read from', key, err);
    return undefined;
  }
}

/**
 * The answer kept in the file, or computed and then kept there (replacing the one of that name)
 * while its build is still the one in force; the answers of older builds go then too. An answer
 * that JSON would not give back the same (a NaN, an Infinity) is not kept: it is computed again by
 * the next process rather than read back different.
 */
async function keptOr<T>(db: Database, build: string | null, settings: Settings | null, key: string, compute: () => Promise<T>, keep: true | ((answer: T) => boolean)): Promise<T> {
  const found = await readKept<T>(db, build, settings, key);
  if (found !== undefined) return found;
  const value = await compute();
  if (keep !== true && !keep(value)) return value;
  const text = JSON.stringify(value);
  if (build === null || text === undefined || !isDeepStrictEqual(JSON.parse(text), value)) return value;
  const identity = keptIdentity(build, settings, key);
  try {
    await db.writeAside(async (s) => {
      const current = await s.one<{ build: string | null }>(`SELECT max(built_at)::VARCHAR AS build FROM model_state`);
      if (current?.build !== build) return;
      await s.run(`DELETE FROM kept_answers WHERE name = $name`, { name: key });
      await s.run(`INSERT INTO kept_answers (name, build, settings, code, answer) VALUES ($name, $build, $settings, $code, $answer)`, { ...identity, answer: text });
    });
  } catch (err) {
    keptFailed('written to', key, err);
    return value;
  }
  // the older builds' answers, which nothing reads any more (unless a newer build came meanwhile):
  // another answer written at the same time may remove them first (a conflict), which is as good
  await db.writeAside((s) => s.run(`DELETE FROM kept_answers WHERE build <> $build AND $build = (SELECT max(built_at)::VARCHAR FROM model_state)`, { build })).catch(() => undefined);
  return value;
}

/** For an answer that reads the users' data: the key of its latest version. */
const latestVersion = new Map<string, string>();

interface StoreState {
  /** the model build in force */
  build: string | null;
  /** the version of the users' collections data */
  userData: string | null;
}

/** The model build and the users' data version, read again only after a write (Database.generation): a request asks the store nothing for them. */
const states = new WeakMap<Database, { generation: number; state: Promise<StoreState> }>();
function storeState(db: Database): Promise<StoreState> {
  const known = states.get(db);
  if (known && known.generation === db.generation) return known.state;
  const state = db
    .one<StoreState>(`SELECT (SELECT max(built_at)::VARCHAR FROM model_state) AS build, (SELECT value FROM app_meta WHERE name = 'collections_version') AS "userData"`)
    .then((r) => r ?? { build: null, userData: null });
  states.set(db, { generation: db.generation, state });
  state.catch(() => states.delete(db));
  return state;
}

/** The model build in force (read from the store only after a write). */
export async function modelBuild(db: Database): Promise<string | null> {
  return (await storeState(db)).build;
}

/**
 * A long computation (a backtest) stopped because the figures it was computing for were replaced
 * by a newer import: nobody will ask for its answer any more, and whoever was waiting for it is
 * told to ask again (503) — the new figures are being prepared.
 */
export class DataChanged extends UserError {
  constructor() {
    super(say.dataChanged, 503);
  }
}

/** Throws DataChanged once the model build is no longer `build`: checked between the steps of long computations. */
export async function checkBuild(db: Database, build: string | null): Promise<void> {
  if ((await modelBuild(db)) !== build) throw new DataChanged();
}
