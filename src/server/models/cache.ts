// Answers that read every client's history (the risk model, its backtest, the cash forecast),
// kept per model build: a new import or new settings start afresh. A failed computation is not
// kept; the oldest answers go first beyond CACHE_SIZE.
import type { Database } from '../db/database.ts';
import type { Settings } from './settings.ts';

const cache = new Map<string, Promise<unknown>>();
const CACHE_SIZE = 32;

/** Memoised per database, model build, settings (null: an answer that does not depend on them) and `key` (the arguments). */
export async function cached<T>(db: Database, settings: Settings | null, key: string, compute: () => Promise<T>): Promise<T> {
  const build = await db.one<{ b: string | null }>(`SELECT max(built_at)::VARCHAR AS b FROM model_state`);
  const full = `${db.path}|${build?.b}|${JSON.stringify(settings)}|${key}`;
  let hit = cache.get(full) as Promise<T> | undefined;
  if (!hit) {
    hit = compute();
    cache.set(full, hit);
    hit.catch(() => cache.delete(full));
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return hit;
}

