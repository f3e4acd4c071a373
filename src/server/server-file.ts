// The file a running server writes next to its database (encours.duckdb.server.json): its URL,
// its process, its database's id and a token for the CLI of this machine. Readable by its owner
// only, removed when the server stops. The CLI finds the server of a database file by it.
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export interface ServerFile {
  url: string;
  pid: number;
  database_id: string;
  token: string;
}

export const serverFileOf = (dbPath: string) => `${dbPath}.server.json`;

export function writeServerFile(dbPath: string, content: ServerFile): void {
  const file = serverFileOf(dbPath);
  writeFileSync(file, JSON.stringify(content), { mode: 0o600 });
  // an older file of another owner's mode keeps its mode through writeFileSync: set it
  chmodSync(file, 0o600);
}

export function readServerFile(dbPath: string): ServerFile {
  return JSON.parse(readFileSync(serverFileOf(dbPath), 'utf8')) as ServerFile;
}

export function removeServerFile(dbPath: string): void {
  rmSync(serverFileOf(dbPath), { force: true });
}
