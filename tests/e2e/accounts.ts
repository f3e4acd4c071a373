// Accounts in a real browser, on a server of its own: open mode until the first admin is created
// with the code the server printed; then the sign-in page for anyone without a session (coming
// back to the page asked for), the admin's Users page, and each role seeing what it may do — a
// viewer reads, an analyst also imports and saves forecasts, an admin also removes imports. A
// disabled account is signed out at its next click. Run by workflows.test.ts, in its Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { fixture } from '../helpers.ts';
import { screenshot, startServer, visit, type DemoContext, type RunningServer } from './server.ts';

let server: RunningServer;
const PASSWORDS = { claire: 'claire’s long passphrase', victor: 'victor’s long passphrase', anna: 'anna’s long passphrase' };

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ viewport: { width: 1300, height: 900 }, reducedMotion: 'reduce' })).newPage();
}

async function signIn(page: Page, user: keyof typeof PASSWORDS, path = '/'): Promise<void> {
  await page.goto(`${server.url}${path}`);
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel('Identifiant').fill(user);
  await page.getByLabel('Mot de passe').fill(PASSWORDS[user]);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByTestId('signed-in').waitFor();
}

export function accountsTests(ctx: DemoContext): void {
  let admin: Page;

  beforeAll(async () => {
    server = await startServer();
    // a ledger to look at, imported in open mode
    const form = new FormData();
    form.append('file', new Blob([readFileSync(fixture('fec', '987654321FEC20241231.txt'))]), '987654321FEC20241231.txt');
    expect((await fetch(`${server.url}/api/imports?wait=true`, { method: 'POST', body: form })).status).toBe(200);
    admin = await newPage(ctx.browser);
  });
  afterAll(async () => {
    await admin?.context().close();
    await server?.stop();
  });

  describe('Accounts', () => {
    it('runs open until the first admin is created with the code the server printed', async () => {
      await admin.goto(`${server.url}/`);
      await admin.getByTestId('open-mode').click();
      await admin.getByTestId('setup-form').waitFor();
      const code = /give the code ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})/.exec(server.output())![1];

      await admin.getByLabel('Code affiché au démarrage').fill('0000-0000-0000');
      await admin.getByLabel('Identifiant').fill('claire');
      await admin.getByLabel('Mot de passe', { exact: true }).fill(PASSWORDS.claire);
      await admin.getByLabel('Confirmez le mot de passe').fill(PASSWORDS.claire);
      await admin.getByRole('button', { name: 'Créer et se connecter' }).click();
      expect(await admin.getByRole('alert').innerText()).toMatch(/code/i);

      await admin.getByLabel('Code affiché au démarrage').fill(code);
      await admin.getByLabel('Mot de passe', { exact: true }).fill(PASSWORDS.claire);
      await admin.getByLabel('Confirmez le mot de passe').fill(PASSWORDS.claire);
      await admin.getByRole('button', { name: 'Créer et se connecter' }).click();
      await admin.getByTestId('signed-in').waitFor();
      expect(await admin.getByTestId('signed-in').innerText()).toBe('Connecté : claire (administrateur)');
      // the overview, with its figures
      await admin.getByTestId('kpis').waitFor();
      // nobody else gets in without signing in now
      expect((await fetch(`${server.url}/api/status`)).status).toBe(401);
    });

    it('lets the admin add a viewer and an analyst on the Users page', async () => {
      await visit(admin, `${server.url}/users`);
      const form = admin.getByTestId('add-user');
      for (const [name, role] of [
        ['victor', 'viewer'],
        ['anna', 'analyst'],
      ] as const) {
        await form.getByLabel('Identifiant').fill(name);
        await form.getByLabel('Rôle').selectOption(role);
        await form.getByLabel('Mot de passe', { exact: true }).fill(PASSWORDS[name]);
        await form.getByLabel('Confirmez le mot de passe').fill(PASSWORDS[name]);
        await form.getByRole('button', { name: 'Ajouter' }).click();
        await expect.poll(() => admin.getByRole('status').innerText()).toMatch(new RegExp(`^${name} peut se connecter`));
      }
      const rows = admin.getByTestId('users').locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(3);
      expect((await rows.allInnerTexts()).map((r) => r.split('\t')[0].trim())).toEqual(['anna', 'claire (vous)', 'victor']);
      await screenshot(admin, 'users');
    });

    it('sends a visitor without a session to the sign-in page, and back to the page asked for', async () => {
      const viewer = await newPage(ctx.browser);
      try {
        await viewer.goto(`${server.url}/aging`);
        await viewer.waitForURL(/\/login\?next=%2Faging$/);
        await viewer.getByLabel('Identifiant').fill('victor');
        await viewer.getByLabel('Mot de passe').fill('not the password at all');
        await viewer.getByRole('button', { name: 'Se connecter' }).click();
        expect(await viewer.getByRole('alert').innerText()).toMatch(/utilisateur inconnu ou mot de passe/i);
        await viewer.getByLabel('Mot de passe').fill(PASSWORDS.victor);
        await viewer.getByRole('button', { name: 'Se connecter' }).click();
        await viewer.waitForURL(`${server.url}/aging`);
        await viewer.getByTestId('aging-table').waitFor();
        expect(await viewer.getByTestId('signed-in').innerText()).toBe('Connecté : victor (lecteur)');
      } finally {
        await viewer.context().close();
      }
    });

    it('shows each role what it may do', async () => {
      const viewer = await newPage(ctx.browser);
      const analyst = await newPage(ctx.browser);
      try {
        await signIn(viewer, 'victor', '/imports');
        await viewer.getByTestId('import-history').waitFor();
        expect(await viewer.getByTestId('read-only').count()).toBe(1);
        expect(await viewer.getByTestId('dropzone').count()).toBe(0);
        expect(await viewer.getByTestId('remove-import').count()).toBe(0);
        expect(await viewer.getByRole('link', { name: 'Utilisateurs' }).count()).toBe(0);
        await visit(viewer, `${server.url}/forecast`);
        await viewer.getByTestId('forecast-as-of').waitFor();
        expect(await viewer.getByTestId('save-snapshot').count()).toBe(0);
        // and what the page does not offer, the API refuses too
        const status = (method: string, url: string) =>
          viewer.evaluate(([m, u]) => fetch(u, { method: m, headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status), [method, url]);
        expect(await status('POST', '/api/forecast/snapshots')).toBe(403);
        expect(await status('POST', '/api/users')).toBe(403);
        expect(await status('POST', '/api/collections/actions')).toBe(403);
        expect(await status('POST', '/api/provisions/judgements')).toBe(403);
        // the reminders: read and printed, not sent
        await visit(viewer, `${server.url}/collections?view=reminders`);
        await viewer.getByTestId('reminders-view-only').waitFor();

        await signIn(analyst, 'anna', '/imports');
        await analyst.getByTestId('dropzone').waitFor();
        expect(await analyst.getByTestId('remove-import').count()).toBe(0);
        // users are the admin's
        expect(await analyst.getByRole('link', { name: 'Utilisateurs' }).count()).toBe(0);
        expect(await analyst.evaluate(() => fetch('/api/users').then((r) => r.status))).toBe(403);
        await visit(analyst, `${server.url}/collections?view=reminders`);
        await analyst.getByTestId('reminders-totals').waitFor();
        expect(await analyst.getByTestId('reminders-view-only').count()).toBe(0);
        await visit(analyst, `${server.url}/forecast`);
        await analyst.getByTestId('save-snapshot').click();
        await expect.poll(() => analyst.getByRole('status').first().innerText()).toMatch(/enregistr/i);

        await visit(admin, `${server.url}/imports`);
        await admin.getByTestId('import-history').waitFor();
        expect(await admin.getByTestId('remove-import').count()).toBe(1);
        // the import made in open mode was made by the local admin
        expect(await admin.getByTestId('import-history').locator('tbody tr').first().innerText()).toContain('local');

        // the admin disables the viewer: at their next click, the sign-in page
        await visit(admin, `${server.url}/users`);
        await admin.getByTestId('users').locator('tr', { hasText: 'victor' }).getByRole('button', { name: 'Désactiver' }).click();
        await expect.poll(() => admin.getByTestId('users').locator('tr', { hasText: 'victor' }).innerText()).toContain('désactivé');
        await visit(viewer, `${server.url}/dso`);
        await viewer.waitForURL(/\/login/);
      } finally {
        await viewer.context().close();
        await analyst.context().close();
      }
    });

    it('lets the admin remove an import, keeping who removed it in the history', async () => {
      await visit(admin, `${server.url}/imports`);
      admin.once('dialog', (d) => void d.accept());
      await admin.getByTestId('remove-import').click();
      await expect.poll(() => admin.getByRole('status').innerText()).toBe('Import n° 1 retiré : les chiffres ont été recalculés.');
      const row = admin.getByTestId('import-history').locator('tbody tr').first();
      await expect.poll(() => row.innerText()).toMatch(/retiré\s+retiré par claire le/);
      await expect.poll(() => admin.getByTestId('as-of').innerText()).toBe('Aucune donnée');
    });

    it('changes a password on My account, and signs out', async () => {
      await visit(admin, `${server.url}/account`);
      const form = admin.getByTestId('password-form');
      await form.getByLabel('Mot de passe actuel').fill(PASSWORDS.claire);
      await form.getByLabel('Nouveau mot de passe').fill('a brand new passphrase');
      await form.getByLabel('Confirmez le mot de passe').fill('a brand new passphrase');
      await form.getByRole('button', { name: 'Changer de mot de passe' }).click();
      await expect.poll(() => admin.getByRole('status').innerText()).toMatch(/^Mot de passe changé/);
      await admin.getByTestId('sign-out').click();
      await admin.getByTestId('login-form').waitFor();
      expect(await admin.getByTestId('signed-in').count()).toBe(0);
    });
  });
}
