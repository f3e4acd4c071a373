// The CLI beside a running server: the server holds the database file, so the CLI finds it by the
// file it wrote next to the database, checks it is the server of that database, and goes through
// its API with the token of this machine — recorded as cli:<system user>. Accounts made from the
// CLI close the open mode at once; a server refuses to answer the network without any account;
// another machine's CLI signs in with ENCOURS_USER / ENCOURS_PASSWORD.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixture } from '../helpers.ts';
import { startServer, type RunningServer } from '../e2e/server.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'encours.js');
let server: RunningServer;

async function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run(process.execPath, [bin, ...args], { env: { ...process.env, ENCOURS_URL: '', ...options.env } });
  if (options.input !== undefined) child.child.stdin!.end(options.input);
  else child.child.stdin!.end();
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

describe('the CLI beside a running server', () => {
  it('finds the server of the database file and goes through it, as cli:<system user>', async () => {
    const serverFile = `${server.db}.server.json`;
    expect(existsSync(serverFile)).toBe(true);
    expect(statSync(serverFile).mode & 0o777).toBe(0o600);
    const imported = await cli(['import', fixture('fec', '123456789FEC20241231.txt'), '--db', server.db]);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/^✔ 123456789FEC20241231\.txt: import #1/);
    const [row] = JSON.parse((await cli(['imports', '--json', '--db', server.db])).stdout) as { source: string; imported_by: string }[];
    expect(row.source).toBe('upload');
    expect(row.imported_by).toMatch(/^cli:\w+/);
  });

  it('creates the first admin through the server, which then asks everyone else to sign in', async () => {
    expect((await fetch(`${server.url}/api/status`)).status).toBe(200); // open mode
    const added = await cli(['users', 'add', 'claire', '--role', 'admin', '--db', server.db], { input: 'correct horse battery\n' });
    expect(added).toMatchObject({ code: 0, stdout: '✔ claire can sign in, as admin.\n' });
    expect((await fetch(`${server.url}/api/status`)).status).toBe(401);
    // the CLI of this machine still gets in
    expect((await cli(['users', '--db', server.db])).stdout).toMatch(/^user\s+role\s+state/);
  });

  it("signs in to a server named explicitly, with the user's name and password", async () => {
    const env = { ENCOURS_URL: server.url, ENCOURS_USER: 'claire', ENCOURS_PASSWORD: 'correct horse battery' };
    const report = await cli(['report', 'dso', '--format', 'json'], { env });
    expect(report.stderr).toBe('');
    expect(JSON.parse(report.stdout).months.length).toBeGreaterThan(0);
    const wrong = await cli(['report', 'dso'], { env: { ...env, ENCOURS_PASSWORD: 'not the password' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^Signing in to http:\/\/127\.0\.0\.1:\d+ as claire failed: /);
    const anonymous = await cli(['report', 'dso'], { env: { ENCOURS_URL: server.url } });
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toMatch(/sign in/i);
  });

  it('refuses a server file that names another database', async () => {
    const serverFile = `${server.db}.server.json`;
    const saved = readFileSync(serverFile, 'utf8');
    try {
      writeFileSync(serverFile, JSON.stringify({ ...JSON.parse(saved), database_id: 'some-other-database' }));
      const res = await cli(['imports', '--db', server.db]);
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/is not the one of .*: .*out of date/);
    } finally {
      writeFileSync(serverFile, saved, { mode: 0o600 });
    }
  });
});

describe('starting on the network', () => {
  it('refuses to answer the network without any account, saying how to create one', async () => {
    const started = startServer({ args: ['--host', '0.0.0.0'] });
    await expect(started).rejects.toThrow(/The server exited \(2\)[\s\S]*without any account[\s\S]*encours users add <name> --admin/);
  });
});

describe("the server's own flags", () => {
  const main = join(import.meta.dirname, '..', '..', 'build', 'server', 'main.js');
  const server = (...args: string[]) =>
    run(process.execPath, [main, ...args]).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('answers --help with its flags and their environment variables, without starting', async () => {
    const help = await server('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm start -- \[options\]/);
    for (const flag of ['--port N', '--host ADDRESS', '--db FILE', '--settings FILE', '--no-demo', '--allowed-hosts LIST']) expect(help.stdout).toContain(`  ${flag} `);
  });

  it('refuses a flag it does not know (a typo would start it as not asked), with its usage, exit 2', async () => {
    const typo = await server('--hots', '0.0.0.0');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/'--hots'/);
    expect(typo.stderr).toMatch(/Usage: npm start -- \[options\]/);
  });
});

