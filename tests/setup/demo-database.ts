// Global setup of the server and browser tests: a folder for the demo database of this test run.
// The database itself — the demo ledger generated and imported, its models built, its past weeks'
// forecasts saved, as the server's first start leaves it — is made by the first test file that
// asks for it (tests/demo.ts), while the other worker runs files that do not need it; the files
// that need it copy it. Both projects ask for the folder; it is removed after the last of them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** where tests/demo.ts makes (once) and finds the prepared demo database */
    demoRoot: string;
  }
}

// the projects' setups run in one process, each with its own copy of this module
const shared = globalThis as typeof globalThis & { encoursDemoRoot?: { path: string; users: number } };

export default function setup(project: TestProject): () => void {
  shared.encoursDemoRoot ??= { path: mkdtempSync(join(tmpdir(), 'encours-demo-db-')), users: 0 };
  const root = shared.encoursDemoRoot;
  root.users++;
  project.provide('demoRoot', root.path);
  return () => {
    if (--root.users === 0) {
      rmSync(root.path, { recursive: true, force: true });
      delete shared.encoursDemoRoot;
    }
  };
}
