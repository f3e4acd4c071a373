// The version of the code under which kept answers are read and written (util/code-version.ts), on
// a checkout made here: the same for the sources and for a bundle built from them; another when
// what the server runs changes (its sources, the shared contract, the SQL, the dependencies); the
// same when only the UI changes; its own, shared with nobody, for a bundle older than its sources.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/server/util/code-version.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A checkout: each file written with the given time (seconds since the epoch). */
function checkout(files: Record<string, string>, at = 1_000_000): string {
  const dir = mkdtempSync(join(tmpdir(), 'encours-code-'));
  for (const [path, text] of Object.entries(files)) write(dir, path, text, at);
  return dir;
}
function write(dir: string, path: string, text: string, at: number): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
  utimesSync(join(dir, path), at, at);
}

const FILES = {
  'package.json': '{"dependencies":{"@duckdb/node-api":"1.5.6-r.1"}}',
  'sql/queries/forecast_cash.sql': 'SELECT 1',
  'src/server/forecast/backtest.ts': 'export const origins = 26;',
  'src/server/util/code-version.ts': '// this module',
  'src/lib/contract/forecast.ts': 'export type X = number;',
  'src/lib/shared/csv.ts': 'export const sep = ";";',
  'src/lib/i18n/messages.ts': 'export const hello = "Bonjour";',
};

describe('the code version of kept answers', () => {
  it('is the same from the sources and from a bundle built after them, and moves with what the server runs', () => {
    root = checkout({ ...FILES, 'build/server/chunks/chunk-A.js': '// built' });
    write(root, 'build/server/chunks/chunk-A.js', '// built', 2_000_000);
    const fromSources = fingerprintOf(root, join(root, 'src/server/util/code-version.ts'));
    expect(fromSources).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprintOf(root, join(root, 'build/server/chunks/chunk-A.js'))).toBe(fromSources);
    // the UI's own files are not the server's code
    write(root, 'src/lib/i18n/messages.ts', 'export const hello = "Hello";', 1_500_000);
    expect(fingerprintOf(root, join(root, 'src/server/util/code-version.ts'))).toBe(fromSources);
    // the SQL (read at run time), the server's sources, the contract, the dependencies
    for (const [path, text] of [['sql/queries/forecast_cash.sql', 'SELECT 2'], ['src/server/forecast/backtest.ts', 'export const origins = 8;'], ['src/lib/contract/forecast.ts', 'export type X = string;'], ['package.json', '{}']]) {
      const before = fingerprintOf(root, join(root, 'src/server/util/code-version.ts'));
      write(root, path, text, 1_500_000);
      expect(fingerprintOf(root, join(root, 'src/server/util/code-version.ts')), path).not.toBe(before);
    }
  });

  it('is its own for a bundle older than the sources it was built from, not when only the SQL or the UI changed since', () => {
    root = checkout(FILES);
    write(root, 'build/server/main.js', '// built', 2_000_000);
    const bundle = join(root, 'build/server/main.js');
    const built = fingerprintOf(root, bundle);
    expect(built).toMatch(/^[0-9a-f]{32}$/);
    write(root, 'sql/queries/forecast_cash.sql', 'SELECT 3', 3_000_000);
    write(root, 'src/lib/i18n/messages.ts', 'export const hello = "Salut";', 3_000_000);
    expect(fingerprintOf(root, bundle)).toMatch(/^[0-9a-f]{32}$/);
    // a source of the bundle edited after it was built: the bundle does not run it
    write(root, 'src/lib/shared/csv.ts', 'export const sep = ",";', 3_000_000);
    const stale = fingerprintOf(root, bundle);
    expect(stale).toMatch(/^stale-bundle-/);
    expect(fingerprintOf(root, bundle)).not.toBe(stale);
    // the sources themselves run what they say
    expect(fingerprintOf(root, join(root, 'src/server/util/code-version.ts'))).toMatch(/^[0-9a-f]{32}$/);
  });
});
