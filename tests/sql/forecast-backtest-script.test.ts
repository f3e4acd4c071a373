// `npm run backtest:forecast` as CI runs it: on a reduced demo ledger (120 clients), the forecast
// must beat both naive baselines out of time (--check exits 1 if not).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('the forecast backtest script beats both baselines on a reduced demo ledger', () => {
  const root = join(import.meta.dirname, '..', '..');
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'backtest-forecast.ts'), '--clients', '120', '--check'], { cwd: root, encoding: 'utf8' });
  // measured: WAPE 24.6 % against 38.8 % (due date + mean delay) and 104.7 % (due date)
  expect(out).toMatch(/\| forecast \| \*\*\d+\.\d %\*\* \|/);
  expect(out).toContain('check: the forecast beats both baselines.');
}, 120_000);
