#!/usr/bin/env node
// Builds the server and the CLI into build/server as JavaScript bundles
// (esbuild, dependencies left in node_modules): they start in a fraction of the time tsx takes
// to compile the TypeScript at each start. `npm run build` runs it after the UI's build;
// bin/encours.js and bin/start.js rebuild when the sources are newer (see bin/stale.js).
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
// Dependencies stay in node_modules (fastify loads its parts at run time), except those whose many
// small modules cost more to load one by one than bundled: typebox (0.4 s → 0.05 s) and DuckDB's
// JavaScript API (124 CommonJS files, 0.3 s of Node's CommonJS lexer at each start; its native
// binding, @duckdb/node-bindings, stays a package).
const BUNDLED = ['typebox', '@duckdb/node-api', 'iconv-lite'];
const { dependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const external = [...Object.keys(dependencies).filter((name) => !BUNDLED.includes(name)), '@duckdb/node-bindings'].flatMap((name) => [name, `${name}/*`]);

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
    // the bundled CommonJS modules require() their own dependencies (DuckDB's native binding)
    banner: { js: "import { createRequire as __encoursRequire } from 'node:module'; const require = __encoursRequire(import.meta.url);" },
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
