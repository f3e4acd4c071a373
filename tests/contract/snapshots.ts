// The contract snapshots: one real answer of each API route, saved as JSON in this folder by the
// server's contract test (tests/api/contract.test.ts) and loaded by the UI's tests — the chart
// builders' and the typed client's — as their input. A change on one side of the contract that
// the other side does not follow fails the other side's tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteAnswer } from '../../src/lib/contract/client.ts';
import type { RouteName, Routes } from '../../src/lib/contract/index.ts';

export const SNAPSHOT_DIR = import.meta.dirname;

/** The file of a route's answer with this status (200 unless said: `clientItems.404.json`). */
export const snapshotFile = (name: RouteName, status = 200) => join(SNAPSHOT_DIR, status === 200 ? `${name}.json` : `${name}.${status}.json`);

/** The saved answer of a route. */
export function snapshot<K extends RouteName>(name: K): RouteAnswer<Routes[K]> {
  const file = snapshotFile(name);
  if (!existsSync(file)) throw new Error(`No contract snapshot ${file}: run the server tests (npm test) to write it.`);
  return JSON.parse(readFileSync(file, 'utf8')) as RouteAnswer<Routes[K]>;
}

/** Long arrays cut to their first `max` items: a snapshot documents a shape, not a whole ledger. */
export function trimmed(value: unknown, max = 40): unknown {
  if (Array.isArray(value)) return value.slice(0, max).map((v) => trimmed(v, max));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmed(v, max)]));
  return value;
}
