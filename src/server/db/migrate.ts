// Versioned schema: every file src/server/db/migrations/NNN_name.sql is applied once, in order,
// each in its own transaction, so an older database file opens and upgrades at start.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from './database.ts';
import { MIGRATIONS_DIR as migrationsDir } from '../util/paths.ts';


export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f.replace(/\.sql$/, ''), sql: readFileSync(join(migrationsDir, f), 'utf8') }));
}

export async function applyMigrations(s: Session): Promise<number> {
  await s.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)`);
  const done = new Set((await s.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  let applied = 0;
  for (const m of listMigrations()) {
    if (done.has(m.version)) continue;
    await s.run('BEGIN TRANSACTION');
    try {
      await s.run(m.sql);
      await s.run('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      await s.run('COMMIT');
      applied++;
    } catch (err) {
      await s.run('ROLLBACK');
      throw new Error(`Migration ${m.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return applied;
}
