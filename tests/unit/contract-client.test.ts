// The typed API client (src/lib/contract/client.ts) against the contract snapshots the server's
// tests saved: it builds each route's URL, and with checking on (the UI in development and in
// tests) it accepts every saved answer and refuses one that drifted from the schema.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { ApiError, ContractError, createClient, routeUrl } from '../../src/lib/contract/client.ts';
import { routes, type RouteName } from '../../src/lib/contract/index.ts';
import { isFileAnswer } from '../../src/lib/contract/reminders.ts';
import { snapshotFile } from '../contract/snapshots.ts';
import { readFileSync } from 'node:fs';

const SAMPLE_PARAMS: Record<string, Record<string, string | number>> = { clientItems: { id: 'C 001/é' }, forecastWeek: { week: 2 }, importJob: { id: 'abc' }, removeImport: { id: 3 }, updateUser: { username: 'marc' }, clientCollections: { client: 'C00001' }, setClientProfile: { client: 'C00001' }, removeContact: { id: 1 }, clientCharges: { client: 'C00001' }, setChargeTerms: { client: 'C00001' }, resolveMessage: { id: 1 } };

/** A fetch that answers `body` with `status` and records the URL asked for. */
function fakeFetch(body: unknown, status = 200) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const f = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { f, calls };
}

const successStatus = (name: RouteName) => Number(Object.keys(routes[name].response).find((s) => Number(s) < 300));

describe('the typed API client', () => {
  it('builds URLs with their parameters encoded and without empty query values', () => {
    expect(routeUrl(routes.clientItems, { params: { id: 'C 001/é' }, query: { as_of: '2026-10-31', entity: null } })).toBe('/api/clients/C%20001%2F%C3%A9/items?as_of=2026-10-31');
    expect(() => routeUrl(routes.clientItems, {})).toThrow(/needs its parameter id/);
  });

  // a file (a PDF, an .eml) is not JSON: the pages link to it
  for (const name of (Object.keys(routes) as RouteName[]).filter((n) => !isFileAnswer((routes[n].response as Record<number, unknown>)[successStatus(n)]))) {
    const status = successStatus(name);
    const file = snapshotFile(name, status);
    it(`accepts the saved answer of ${name} and refuses it once changed`, async () => {
      expect(existsSync(file), `${file} is written by the server tests`).toBe(true);
      const saved = JSON.parse(readFileSync(file, 'utf8'));
      const input = { params: SAMPLE_PARAMS[name] ?? {} };
      const ok = fakeFetch(saved, status);
      const call = createClient({ baseUrl: 'http://encours', fetch: ok.f, check: true })[name] as (input: unknown) => Promise<unknown>;
      await expect(call(input)).resolves.toEqual(saved);
      expect(ok.calls[0].init?.method).toBe(routes[name].method);

      // the same answer with a field renamed breaks the contract
      const [first] = Object.keys(saved);
      const drifted = { ...saved, [`${first}_renamed`]: saved[first] };
      delete drifted[first];
      const bad = createClient({ baseUrl: '', fetch: fakeFetch(drifted, status).f, check: true })[name] as (input: unknown) => Promise<unknown>;
      await expect(bad(input)).rejects.toBeInstanceOf(ContractError);
    });
  }

  it('turns an error answer into an ApiError with its sentence, and an unreachable server into status 0', async () => {
    const api = createClient({ baseUrl: '', fetch: fakeFetch({ error: 'There is no data yet.' }, 400).f, check: true });
    await expect(api.aging()).rejects.toMatchObject({ status: 400, message: 'There is no data yet.' });
    const down = createClient({ baseUrl: 'http://127.0.0.1:9', fetch: (async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch });
    const err = await down.status().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(0);
    expect((err as ApiError).message).toBe('The Encours server cannot be reached at http://127.0.0.1:9. Is it running?');
    // the UI says it in its own language
    const french = createClient({ baseUrl: '', fetch: (async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch, unreachable: () => 'Le serveur Encours ne répond pas : est-il démarré ?' });
    await expect(french.status()).rejects.toMatchObject({ status: 0, message: 'Le serveur Encours ne répond pas : est-il démarré ?' });
  });
});
