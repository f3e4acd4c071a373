// The first start of the server on an empty database (serve.ts, as `npm start` runs it): it
// generates the demo ledger, writes its settings, imports its fiscal years, saves its past weeks'
// forecasts and listens — and a second start on the same file imports nothing again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/server/config.ts';
import { serve, UnsafeStart } from '../../src/server/serve.ts';
import type { ForecastSnapshot, ImportHistoryRow, Status } from '../../src/lib/contract/index.ts';

let dir: string;
const logs: string[] = [];
const config = () =>
  loadConfig(['--port', '0', '--db', join(dir, 'encours.duckdb')], { ENCOURS_DEMO_DIR: join(dir, 'demo'), ENCOURS_INBOX: join(dir, 'inbox'), ENCOURS_INBOX_POLL_MS: '0', ENCOURS_DEMO_CLIENTS: '40', ENCOURS_THREADS: '1', ENCOURS_UI_DIR: join(dir, 'no-ui') });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'encours-first-start-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the first start', () => {
  it('imports the demo ledger into an empty database, with its settings and past forecasts', async () => {
    const running = await serve(config(), (m) => logs.push(m));
    try {
      const get = async <T>(path: string) => (await fetch(`${running.url}${path}`)).json() as Promise<T>;
      const status = await get<Status>('/api/status');
      expect(status.has_data).toBe(true);
      expect(status.entities.map((e) => e.entity_id)).toEqual(['552081317']);
      const { imports } = await get<{ imports: ImportHistoryRow[] }>('/api/imports');
      expect(imports.map((i) => [i.file_name, i.status])).toEqual([
        ['552081317FEC20261231.txt', 'active'],
        ['552081317FEC20251231.txt', 'active'],
        ['552081317FEC20241231.txt', 'active'],
      ]);
      expect(existsSync(join(dir, 'settings.json'))).toBe(true);
      // the 8 weeks before the last date, then the last date itself (the first step of the background preparation)
      const reasons = async () => (await get<{ snapshots: ForecastSnapshot[] }>('/api/forecast/snapshots')).snapshots.map((s) => s.reason);
      await expect.poll(reasons, { timeout: 30_000 }).toEqual(Array(9).fill('demo'));
      expect(logs.some((l) => /^Demo ledger 552081317FEC20261231\.txt: active/.test(l))).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('does not import the demo again on the next start', async () => {
    const running = await serve(config(), (m) => logs.push(m));
    try {
      const { imports } = (await (await fetch(`${running.url}/api/imports`)).json()) as { imports: ImportHistoryRow[] };
      expect(imports).toHaveLength(3);
    } finally {
      await running.close();
    }
  });
});

describe('a start that would answer the network without any account', () => {
  it.each([
    [['--allowed-hosts', 'encours.example.com'], /--allowed-hosts encours\.example\.com\) without any account/],
    [['--trust-proxy'], /--trust-proxy\) without any account/],
  ])('is refused with %j, saying how to create the first admin', async (flags, why) => {
    const db = join(dir, 'network.duckdb');
    const started = serve(loadConfig(['--port', '0', '--db', db, '--no-demo', ...flags], { ENCOURS_INBOX: join(dir, 'inbox'), ENCOURS_INBOX_POLL_MS: '0', ENCOURS_THREADS: '1' }), () => {});
    await expect(started).rejects.toThrow(UnsafeStart);
    await expect(started).rejects.toThrow(why);
    await expect(started).rejects.toThrow(/npx encours users add <name> --admin/);
  });
});

