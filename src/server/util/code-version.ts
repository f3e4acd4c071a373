// The version of the code that computes what Encours keeps in the database file beyond the models
// (models/cache.ts: the backtests' answers, the latest risk scores): a hash of what the server
// runs — its sources and the shared contract and helpers (what the bundle is built from), the SQL
// (read at run time) and the dependencies' versions — taken when the process loads this module,
// before it computes anything. The server's bundle and the command line are rebuilt when those
// sources are newer (bin/stale.js, the same folders), so a server, a CLI process and the tests on
// one checkout agree, and another version of Encours computes its own answers rather than read
// another's. A bundle older than its sources (started directly, not rebuilt) does not run the code
// they say: its version is its own, shared with no process.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

/** What the bundle is built from: the folders bin/start.js and bin/encours.js watch. */
export const BUNDLED: [folder: string, ext: RegExp][] = [
  ['src/server', /\.(ts|sql|json)$/],
  ['src/lib/contract', /\.ts$/],
  ['src/lib/shared', /\.ts$/],
];
/** What the running code reads besides: the SQL, and the dependencies' versions. */
const READ: [folder: string, ext: RegExp][] = [['sql', /\.sql$/]];

/** The version of the code under `root`, for the module file `running` (a bundle's chunk, or a source). */
export function fingerprintOf(root: string, running: string): string {
  const hash = createHash('sha256');
  const bundled = BUNDLED.flatMap(([folder, ext]) => filesIn(join(root, folder), ext));
  const files = [...bundled, ...READ.flatMap(([folder, ext]) => filesIn(join(root, folder), ext)), join(root, 'package.json')];
  for (const file of files) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  if (running.startsWith(join(root, 'build', 'server') + sep)) {
    const newest = Math.max(...bundled.map((file) => statSync(file).mtimeMs));
    if (statSync(running).mtimeMs < newest) return `stale-bundle-${randomUUID()}`;
  }
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
