// Accounts and roles through the real app (fastify inject): open mode until the first admin is
// created with the server's one-time code, then every API route asks for a session and the role
// its contract names; a write from another site or to another host name is refused; signing in is
// rate-limited; passwords never leave the server; a disabled user or a changed password ends the
// sessions at once; the last admin stays an admin; the CLI's token acts as admin.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { Auth } from '../../src/server/auth/access.ts';
import { routes, type ImportHistoryRow, type Session, type User } from '../../src/lib/contract/index.ts';
import { fixture, openTestDb, type TestDb } from '../helpers.ts';

let t: TestDb;
let app: FastifyInstance;
let auth: Auth;
const PASSWORD = 'correct horse battery';

beforeEach(async () => {
  t = await openTestDb();
  auth = new Auth(false, { cliToken: 'the-cli-token', allowedHosts: ['encours.example.com'] });
  app = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 1024 * 1024, auth });
});
afterEach(async () => {
  await app.close();
  t.cleanup();
});

/** The session cookie a response sets (name=value), to send back. */
function cookieOf(res: { headers: Record<string, unknown> }): string {
  const set = String(res.headers['set-cookie']);
  return set.split(';')[0];
}

async function setupAdmin(): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { code: auth.setupCode, username: 'claire', password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  return cookieOf(res);
}

async function login(username: string, password = PASSWORD) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
}

async function as(cookie: string, options: InjectOptions) {
  return app.inject({ ...options, headers: { ...options.headers, cookie } });
}

async function upload(cookie: string) {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(fixture('fec', '123456789FEC20241231.txt'))]), '123456789FEC20241231.txt');
  const res = new Response(form);
  return as(cookie, { method: 'POST', url: '/api/imports?wait=true', payload: Buffer.from(await res.arrayBuffer()), headers: { 'content-type': res.headers.get('content-type')! } });
}

describe('open mode (no account yet)', () => {
  it('lets this machine in as the local admin and says the first admin is to be created', async () => {
    const session = (await app.inject('/api/auth/session')).json() as Session;
    expect(session).toEqual({ mode: 'open', user: null, setup_required: true });
    expect((await app.inject('/api/status')).statusCode).toBe(200);
    expect((await app.inject('/api/users')).statusCode).toBe(200);
  });

  it('creates the first admin with the code the server printed, and only with it', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { code: 'AAAA-BBBB-CCCC', username: 'claire', password: PASSWORD } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error).toMatch(/code/i);
    const cookie = await setupAdmin();
    expect(cookie).toMatch(/^encours_session=.{20,}/);
    // now every API route asks who is calling
    expect((await app.inject('/api/status')).statusCode).toBe(401);
    expect((await as(cookie, { url: '/api/status' })).statusCode).toBe(200);
    expect(((await as(cookie, { url: '/api/auth/session' })).json() as Session).user).toEqual({ username: 'claire', role: 'admin' });
    // a second setup is refused, even with the code
    const again = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { code: auth.setupCode, username: 'mallory', password: PASSWORD } });
    expect(again.statusCode).toBe(403);
  });

  it('refuses a weak password or an odd user name, saying what is expected', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { code: auth.setupCode, username: 'claire', password: 'short' }, headers: { 'accept-language': 'fr' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/password|mot de passe/i);
    const odd = await app.inject({ method: 'POST', url: '/api/auth/setup', payload: { code: auth.setupCode, username: 'a b', password: PASSWORD } });
    expect(odd.statusCode).toBe(400);
  });
});

describe('roles', () => {
  let admin: string;
  beforeEach(async () => {
    admin = await setupAdmin();
    for (const [username, role] of [
      ['victor', 'viewer'],
      ['anna', 'analyst'],
    ]) {
      const res = await as(admin, { method: 'POST', url: '/api/users', payload: { username, role, password: PASSWORD } });
      expect(res.statusCode).toBe(201);
    }
  });

  it('refuses every route the contract gives a higher role: a viewer writes nothing, an analyst manages no one', async () => {
    const viewer = cookieOf(await login('victor'));
    const analyst = cookieOf(await login('anna'));
    const rank = { public: -1, session: -1, viewer: 0, analyst: 1, admin: 2 } as Record<string, number>;
    const checked: string[] = [];
    for (const [name, r] of Object.entries(routes)) {
      const access = (r as { access?: string }).access ?? 'viewer';
      // any value in the path: who may call is decided before the route reads anything
      const url = r.url.replace(/:(\w+)/g, '1');
      for (const [who, cookie] of [['viewer', viewer], ['analyst', analyst]] as const) {
        expect(rank[access], `${name}: access ${access}`).toBeDefined();
        if (rank[who] >= rank[access]) continue;
        const res = await as(cookie, { method: r.method, url, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }) });
        expect(res.statusCode, `${who} ${r.method} ${r.url} (${name}, ${access})`).toBe(403);
        checked.push(`${who} ${name}`);
      }
    }
    // the collections' and reminders' writes among them
    expect(checked).toEqual(expect.arrayContaining(['viewer recordAction', 'viewer sendReminders', 'viewer setChargeTerms', 'viewer upload', 'analyst addUser', 'analyst removeImport']));
  });

  it('lets a viewer read and export, not import nor manage users', async () => {
    const viewer = cookieOf(await login('victor'));
    expect((await as(viewer, { url: '/api/imports' })).statusCode).toBe(200);
    expect((await as(viewer, { url: '/api/status' })).statusCode).toBe(200);
    const refused = await upload(viewer);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatch(/analyst/);
    expect((await as(viewer, { url: '/api/users' })).statusCode).toBe(403);
  });

  it('lets an analyst import, records who did, and keeps removing an import to an admin', async () => {
    const analyst = cookieOf(await login('anna'));
    const res = await upload(analyst);
    expect(res.statusCode).toBe(200);
    const id = res.json().outcomes[0].import_id as number;
    const [row] = ((await as(analyst, { url: '/api/imports' })).json() as { imports: ImportHistoryRow[] }).imports;
    expect([row.import_id, row.status, row.imported_by]).toEqual([id, 'active', 'anna']);

    expect((await as(analyst, { method: 'DELETE', url: `/api/imports/${id}` })).statusCode).toBe(403);
    const removed = await as(admin, { method: 'DELETE', url: `/api/imports/${id}` });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ import_id: id, status: 'removed', removed_by: 'claire' });
    // its lines left the store: no data any more
    expect((await as(admin, { url: '/api/status' })).json().has_data).toBe(false);
    // removing it again says why not
    const again = await as(admin, { method: 'DELETE', url: `/api/imports/${id}` });
    expect(again.statusCode).toBe(400);
    expect((await as(admin, { method: 'DELETE', url: '/api/imports/999' })).statusCode).toBe(404);
  });

  it('lists users without any password, and changes a role at once for open sessions', async () => {
    const users = ((await as(admin, { url: '/api/users' })).json() as { users: User[] }).users;
    expect(users.map((u) => [u.username, u.role, u.created_by, u.disabled])).toEqual([
      ['anna', 'analyst', 'claire', false],
      ['claire', 'admin', 'setup', false],
      ['victor', 'viewer', 'claire', false],
    ]);
    expect(JSON.stringify(users)).not.toMatch(/hash|scrypt|password/i);

    const viewer = cookieOf(await login('victor'));
    expect((await upload(viewer)).statusCode).toBe(403);
    expect((await as(admin, { method: 'PUT', url: '/api/users/victor', payload: { role: 'analyst' } })).statusCode).toBe(200);
    expect((await upload(viewer)).statusCode).toBe(200);
  });

  it('ends the sessions of a disabled user, who can no longer sign in', async () => {
    const viewer = cookieOf(await login('victor'));
    expect((await as(admin, { method: 'PUT', url: '/api/users/victor', payload: { disabled: true } })).json().disabled).toBe(true);
    expect((await as(viewer, { url: '/api/imports' })).statusCode).toBe(401);
    expect((await login('victor')).statusCode).toBe(401);
    // the users table keeps the account as it is now; who disabled it is kept beside
    expect(await t.db.all(`SELECT done_by, action, target, detail FROM audit_log ORDER BY audit_id`)).toContainEqual({ done_by: 'claire', action: 'user_changed', target: 'victor', detail: '{"disabled":true}' });
  });

  it('keeps the last admin an admin', async () => {
    const res = await as(admin, { method: 'PUT', url: '/api/users/claire', payload: { role: 'viewer' }, headers: { 'accept-language': 'fr-FR' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/administrat/i);
    expect((await as(admin, { method: 'PUT', url: '/api/users/claire', payload: { disabled: true } })).statusCode).toBe(400);
    expect((await as(admin, { method: 'PUT', url: '/api/users/nobody', payload: { disabled: true } })).statusCode).toBe(404);
    expect((await as(admin, { method: 'POST', url: '/api/users', payload: { username: 'anna', role: 'viewer', password: PASSWORD } })).statusCode).toBe(400);
  });

  it('changes a password: the old one stops working, other sessions end, this one stays', async () => {
    const first = cookieOf(await login('anna'));
    const second = cookieOf(await login('anna'));
    const wrong = await as(first, { method: 'POST', url: '/api/auth/password', payload: { current: 'not it at all', password: 'a new long passphrase' } });
    expect(wrong.statusCode).toBe(401);
    expect((await as(first, { method: 'POST', url: '/api/auth/password', payload: { current: PASSWORD, password: 'a new long passphrase' } })).statusCode).toBe(200);
    expect((await as(first, { url: '/api/imports' })).statusCode).toBe(200);
    expect((await as(second, { url: '/api/imports' })).statusCode).toBe(401);
    expect((await login('anna')).statusCode).toBe(401);
    expect((await login('anna', 'a new long passphrase')).statusCode).toBe(200);
  });

  it('signs out', async () => {
    const viewer = cookieOf(await login('victor'));
    const out = await as(viewer, { method: 'POST', url: '/api/auth/logout' });
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await as(viewer, { url: '/api/imports' })).statusCode).toBe(401);
  });

  it('lets the CLI of this machine in with its token, as admin', async () => {
    expect((await app.inject({ url: '/api/users', headers: { authorization: 'Bearer the-cli-token' } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/users', headers: { authorization: 'Bearer a-guess' } })).statusCode).toBe(401);
  });
});

describe('signing in', () => {
  it('marks the session cookie Secure behind a proxy that terminates HTTPS (--trust-proxy), not over plain HTTP', async () => {
    await setupAdmin();
    expect(String((await login('claire')).headers['set-cookie'])).not.toMatch(/;\s*Secure/i);
    const proxied = await buildApp({ db: t.db, tmpDir: join(t.dir, 'tmp'), maxUploadBytes: 1024 * 1024, auth, trustProxy: true });
    try {
      const res = await proxied.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'claire', password: PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/;\s*HttpOnly/i);
      expect(String(res.headers['set-cookie'])).toMatch(/;\s*Secure/i);
      expect(String(res.headers['set-cookie'])).toMatch(/;\s*SameSite=Lax/i);
    } finally {
      await proxied.close();
    }
  });

  it('answers alike for a wrong password and an unknown user, with a session cookie only on success', async () => {
    await setupAdmin();
    const wrong = await login('claire', 'not the password');
    const unknown = await login('nobody', 'not the password');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const ok = await login('claire');
    expect(String(ok.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Lax/);
  });

  it('makes a guesser wait after 10 tries', async () => {
    await setupAdmin();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await login('claire', `guess number ${i}`)).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[10]).toBe(429);
    const blocked = await login('claire');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error).toMatch(/minutes|wait|attempt/i);
  });
});

describe('requests from elsewhere', () => {
  it('refuses a host name the server does not answer for (DNS rebinding)', async () => {
    const res = await app.inject({ url: '/api/status', headers: { host: 'attacker.example:3000' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatch(/attacker\.example/);
    expect((await app.inject({ url: '/api/status', headers: { host: 'encours.example.com' } })).statusCode).toBe(200);
  });

  it("refuses a write from another site's page, takes one from its own", async () => {
    const foreign = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { origin: 'https://attacker.example' } });
    expect(foreign.statusCode).toBe(403);
    const crossSite = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(403);
    const own = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { origin: 'http://localhost:80', host: 'localhost:80' } });
    expect(own.statusCode).toBe(200);
  });

  it('sends security headers: scripts from this server only, no framing', async () => {
    const res = await app.inject('/api/health');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
