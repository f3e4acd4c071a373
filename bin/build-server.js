#!/usr/bin/env node
// Builds the server and the CLI into build/server as JavaScript bundles
// (esbuild, dependencies left in node_modules): they start in a fraction of the time tsx takes
// to compile the TypeScript at each start. `npm run build` runs it after the UI's build;
// bin/encours.js and bin/start.js rebuild when the sources are newer (see bin/stale.js).
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
// Dependencies stay in node_modules (DuckDB is native; fastify loads its parts at run time),
// except typebox: its hundreds of small modules take 0.4 s to load one by one, bundled 0.05 s.
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = Object.keys(dependencies).filter((name) => name !== 'typebox').flatMap((name) => [name, `${name}/*`]);

export const SERVER_ENTRIES = { main: 'src/server/main.ts', cli: 'src/server/cli-main.ts' };

export async function buildServer() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: SERVER_ENTRIES,
    outdir: 'build/server',
    bundle: true,
    // what an entry imports dynamically (the server's modules after its flags are read) is a chunk
    // of its own, loaded only then; the two entries share the chunks of the modules they both use
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  // the chunks of earlier builds (their names carry their content's hash) go once they are ten
  // minutes old: a CLI started on the previous build may still load one of its chunks
  const chunks = join(root, 'build', 'server', 'chunks');
  const kept = new Set(Object.keys(result.metafile.outputs).map((p) => join(root, p)));
  const old = Date.now() - 10 * 60_000;
  if (existsSync(chunks)) for (const f of readdirSync(chunks)) if (!kept.has(join(chunks, f)) && statSync(join(chunks, f)).mtimeMs < old) rmSync(join(chunks, f));
}

if (process.argv[1] === import.meta.filename) await buildServer();
