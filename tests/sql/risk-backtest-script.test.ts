// `npm run backtest:risk` as CI runs it, on a copy of the prepared demo database (--db): the
// script must find that the risk score beats the days-past-due baseline out of time (--check
// exits 1 if not).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { copyDemoDb } from '../helpers.ts';

it('the risk backtest script beats the baseline on the demo ledger', async () => {
  const root = join(import.meta.dirname, '..', '..');
  const dir = mkdtempSync(join(tmpdir(), 'encours-backtest-'));
  try {
    const demo = await copyDemoDb(dir);
    const args = ['--db', demo.dbPath, '--settings', demo.settingsPath, '--check'];
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'backtest-risk.ts'), ...args], { cwd: root, encoding: 'utf8' });
    // measured on the demo: AUC 0.856 against 0.791 for the baseline
    expect(out).toMatch(/\| risk score \| \*\*0\.\d{3}\*\* \|/);
    expect(out).toContain('check: the risk score beats the baseline.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
