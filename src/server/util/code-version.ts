// The version of the code that computes what Encours keeps in the database file beyond the models
// (models/cache.ts: the backtests' answers): a hash of the server's sources, the shared contract,
// the SQL and the dependencies' versions, taken once per process. The server's bundle and the
// command line are built from these sources (bin/stale.js rebuilds them when the sources are
// newer), so a server, a CLI process and the tests on one checkout agree; another version of
// Encours — any change to a file — computes its own answers rather than read another's.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

const SOURCES: [folder: string, ext: RegExp][] = [
  ['src/server', /\.(ts|sql|json)$/],
  ['src/lib', /\.ts$/],
  ['sql', /\.sql$/],
];

let fingerprint: string | undefined;

export function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256');
  const files = SOURCES.flatMap(([folder, ext]) => filesIn(join(PROJECT_ROOT, folder), ext));
  for (const file of [...files, join(PROJECT_ROOT, 'package.json')]) {
    hash.update(relative(PROJECT_ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  fingerprint = hash.digest('hex').slice(0, 32);
  return fingerprint;
}

/** The files under `dir` whose names match, in a fixed order. */
function filesIn(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
