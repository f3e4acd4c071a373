// The version of the code that computes what Encours keeps in the database file beyond the models
// (models/cache.ts: the backtests' answers): a hash of the server's sources, the shared contract,
// the SQL and the dependencies' versions, taken when the process loads this module — before it
// computes anything. The server's bundle and the command line are built from these sources
// (bin/stale.js rebuilds them when the sources are newer), so a server, a CLI process and the
// tests on one checkout agree, and another version of Encours — any change to a file — computes
// its own answers rather than read another's. A bundle older than its sources (started directly,
// not rebuilt) does not run the code they say: its version is its own, shared with no process.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

const SOURCES: [folder: string, ext: RegExp][] = [
  ['src/server', /\.(ts|sql|json)$/],
  ['src/lib', /\.ts$/],
  ['sql', /\.sql$/],
];

function fingerprintOf(root: string, running: string): string {
  const hash = createHash('sha256');
  const files = [...SOURCES.flatMap(([folder, ext]) => filesIn(join(root, folder), ext)), join(root, 'package.json')];
  let newest = 0;
  for (const file of files) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    newest = Math.max(newest, statSync(file).mtimeMs);
  }
  const bundled = running.startsWith(join(root, 'build', 'server') + sep);
  if (bundled && statSync(running).mtimeMs < newest) return `stale-bundle-${randomUUID()}`;
  return hash.digest('hex').slice(0, 32);
}

/** The files under `dir` whose names match, in a fixed order. */
function filesIn(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && ext.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const fingerprint = fingerprintOf(PROJECT_ROOT, import.meta.filename);

export function codeFingerprint(): string {
  return fingerprint;
}
