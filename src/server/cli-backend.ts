// Where a CLI command runs: on the database file itself when no process holds it, or through the
// API of the Encours server that holds it. That server is found by the file it writes next to the
// database (serve.ts: its URL, its database's id and a token for the CLI of this machine, readable
// by its owner only); the CLI checks that the server at that URL answers with the same database id
// before sending it anything. An explicit --server (another machine) signs in with ENCOURS_USER and
// ENCOURS_PASSWORD.
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Database } from './db/database.ts';
import { markInterruptedImports } from './import/importer.ts';
import { createClient, type ApiClient } from '../lib/contract/client.ts';
import { CLI_ACTOR_HEADER } from './auth/access.ts';
import { readServerFile, serverFileOf, type ServerFile } from './server-file.ts';

export interface Backend {
  dbPath: string;
  threads: number | undefined;
  memoryLimit?: string;
  /** an explicit server (--server, ENCOURS_URL): always through its API */
  serverUrl?: string;
  env: NodeJS.ProcessEnv;
}

/** The system user running the CLI, as the history records it: cli:<user>. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Runs against the database file, or against the server that holds it (through the typed API client). */
export async function withBackend<T>(backend: Backend, run: { local: (db: Database) => Promise<T>; remote: (api: ApiClient) => Promise<T> }): Promise<T> {
  if (backend.serverUrl) return run.remote(await signedIn(backend.serverUrl, backend.env));
  let db: Database | undefined;
  try {
    db = await Database.open(backend.dbPath, { threads: backend.threads, memoryLimit: backend.memoryLimit });
  } catch (err) {
    if (!/in use by another Encours process/.test((err as Error).message)) throw err;
  }
  if (!db) return run.remote(await holderOf(backend.dbPath));
  try {
    await markInterruptedImports(db); // this process holds the file alone: a 'running' import is a dead one's
    return await run.local(db);
  } finally {
    db.close();
  }
}

/** The API of the server that holds the database file, checked to be the one of that file. */
async function holderOf(dbPath: string): Promise<ApiClient> {
  const file = serverFileOf(dbPath);
  if (!existsSync(file)) {
    throw new Error(`The database file ${dbPath} is in use by another process, and no Encours server says it holds it (no ${file}). Stop that process, or give the server's address with --server.`);
  }
  let server: ServerFile;
  try {
    server = readServerFile(dbPath);
  } catch (err) {
    throw new Error(`${file} cannot be read (${(err as Error).message.split('\n')[0]}): restart the Encours server of ${dbPath}.`);
  }
  let health: { database_id?: string };
  try {
    health = (await (await fetch(`${server.url}/api/health`)).json()) as { database_id?: string };
  } catch {
    throw new Error(`The Encours server of ${dbPath} (${server.url}, process ${server.pid}) does not answer. If it stopped badly, ${dbPath} may still be held by process ${server.pid}.`);
  }
  if (health.database_id !== server.database_id) {
    throw new Error(`The server at ${server.url} is not the one of ${dbPath} (another database answers there): ${file} is out of date. Restart the Encours server of ${dbPath}.`);
  }
  const actor = cliActor().replace(/^cli:?/, '');
  return createClient({ baseUrl: server.url, headers: () => ({ authorization: `Bearer ${server.token}`, ...(actor ? { [CLI_ACTOR_HEADER]: actor } : {}) }) });
}

/** The API of a server named explicitly, signed in with ENCOURS_USER / ENCOURS_PASSWORD when they are set. */
async function signedIn(url: string, env: NodeJS.ProcessEnv): Promise<ApiClient> {
  const baseUrl = url.replace(/\/+$/, '');
  const username = env.ENCOURS_USER;
  if (!username) return createClient({ baseUrl });
  const password = env.ENCOURS_PASSWORD;
  if (!password) throw new Error('ENCOURS_USER is set without ENCOURS_PASSWORD: set both to sign in to the server.');
  let cookie: string;
  try {
    const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `the server answered ${res.status}`);
    cookie = res.headers.getSetCookie().map((c) => c.split(';')[0])[0] ?? '';
  } catch (err) {
    throw new Error(`Signing in to ${baseUrl} as ${username} failed: ${(err as Error).message}`);
  }
  return createClient({ baseUrl, headers: () => ({ cookie }) });
}
