// Answers that read every client's history (the risk model, its backtest, the cash forecast) or
// that many readers ask for alike (the aged balance, the clients, the DSO), kept per model build:
// a new import or new settings start afresh. Each answer is computed in one snapshot; callers
// share it and must not change it. A failed computation is not kept; the oldest answers go first
// beyond CACHE_SIZE.
import type { Database } from '../db/database.ts';
import type { Settings } from './settings.ts';

const cache = new Map<string, Promise<unknown>>();
const CACHE_SIZE = 32;

/** Memoised per database, model build, settings (null: an answer that does not depend on them) and `key` (the arguments). */
export async function cached<T>(db: Database, settings: Settings | null, key: string, compute: () => Promise<T>): Promise<T> {
  const full = `${db.path}|${await modelBuild(db)}|${JSON.stringify(settings)}|${key}`;
  let hit = cache.get(full) as Promise<T> | undefined;
  if (!hit) {
    hit = compute();
    cache.set(full, hit);
    hit.catch(() => cache.delete(full));
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

/** The model build in force, read again only after a write (Database.generation): a request asks the store nothing for it. */
const builds = new WeakMap<Database, { generation: number; build: Promise<string | null> }>();
function modelBuild(db: Database): Promise<string | null> {
  const known = builds.get(db);
  if (known && known.generation === db.generation) return known.build;
  const build = db.one<{ b: string | null }>(`SELECT max(built_at)::VARCHAR AS b FROM model_state`).then((r) => r?.b ?? null);
  builds.set(db, { generation: db.generation, build });
  build.catch(() => builds.delete(db));
  return build;
}
