#!/usr/bin/env node
// `npx encours …`: the command-line interface (src/server/cli-main.ts), run from its JavaScript bundle
// in build/server — rebuilt first when the sources are newer (esbuild, a fraction of a second).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isStale } from './stale.js';

const root = join(import.meta.dirname, '..');
const bundle = join(root, 'build', 'server', 'cli.js');
if (isStale(bundle, ['src/server', 'src/lib/contract', 'src/lib/shared'].map((d) => join(root, d)))) {
  const { buildServer } = await import('./build-server.js');
  await buildServer();
}
await import(pathToFileURL(bundle).href);
