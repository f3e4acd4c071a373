// The project's folders at run time, whether the server runs from its sources (tsx, tests) or
// from the bundle built into build/server (npm start, npx encours): both find the checkout's root.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'sql'))) return dir;
    if (dirname(dir) === dir) throw new Error(`Encours cannot find its sql/ folder above ${from}.`);
  }
}

export const PROJECT_ROOT = findRoot(import.meta.dirname);
/** the SQL models, queries, macros and checks */
export const SQL_DIR = join(PROJECT_ROOT, 'sql');
/** the versioned schema of the database file */
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'src', 'server', 'db', 'migrations');
