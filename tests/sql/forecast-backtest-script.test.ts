// `npm run backtest:forecast` as CI runs it, on a copy of the prepared demo database (--db) with
// fewer origins and simulations (the full backtest is asserted in demo-invariants.test.ts): the script must find that the forecast beats both naive
// baselines out of time (--check exits 1 if not). The full backtest on the demo is asserted in
// demo-invariants.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { copyDemoDb } from '../helpers.ts';

it('the forecast backtest script beats both baselines on the demo ledger', async () => {
  const root = join(import.meta.dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'encours-backtest-'));
  try {
    const demo = await copyDemoDb(dir);
    const args = ['--db', demo.dbPath, '--settings', demo.settingsPath, '--origins', '4', '--simulations', '100', '--check'];
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'backtest-forecast.ts'), ...args], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/\| forecast \| \*\*\d+\.\d %\*\* \|/);
    expect(out).toMatch(/4 weekly origins/);
    expect(out).toContain('check: the forecast beats both baselines.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
