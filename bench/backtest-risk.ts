// npm run backtest:risk [-- --db data/encours.duckdb] [--clients 250 --seed 20240101] [--entity E] [--check] [--write-readme]
// Out-of-time validation of the risk score (src/server/risk/backtest.ts) on a ledger: by default a
// freshly generated demo ledger (--clients, --seed), or the database given by --db. Prints AUC,
// Brier score and the calibration by decile of the model and of the days-past-due baseline, and
// the AUC at each origin. --check exits with 1 unless the model's AUC beats the baseline's;
// --write-readme puts the figures into README.md (between the risk-backtest markers).
import { BACKTEST_FLAGS, backtestArgs, openBacktestLedger, writeReadmeSection } from './demo-ledger.ts';
import { backtestRisk } from '../src/server/risk/backtest.ts';
import type { RiskBacktest } from '../src/lib/contract/index.ts';

const values = backtestArgs(`Usage: npm run backtest:risk [-- options]: the risk score out of time, beside the days-past-due baseline
${BACKTEST_FLAGS}`);

const ledger = await openBacktestLedger({ db: values.db, settings: values.settings, clients: Number(values.clients), seed: Number(values.seed), shape: values.shape });
const { db, settings, source } = ledger;
const started = performance.now();
const result = await backtestRisk(db, settings, { entity: values.entity ?? null });
const seconds = (performance.now() - started) / 1000;
ledger.close();
if ('reason' in result) {
  console.error(`No backtest: ${result.reason}.`);
  process.exit(1);
}

const f3 = (x: number | null) => (x === null ? '–' : x.toFixed(3));
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The figures as a Markdown section (the README's, and what the script prints). */
function markdown(r: RiskBacktest): string {
  const lines = [
    `Backtest on ${source}: ${r.origins.length} monthly origins from ${r.origins[0].as_of} to ${r.origins.at(-1)!.as_of}, ` +
      `${r.rows.toLocaleString('en')} client-months scored, ${r.events} followed by a default event within ${r.horizon_months} months ` +
      `(transfer to 416, write-off, or an invoice more than ${r.late_days} days past due).`,
    '',
    '| | AUC | Brier score |',
    '|---|---|---|',
    `| risk score | **${f3(r.model.auc)}** | ${r.model.brier.toFixed(4)} |`,
    `| baseline: current days past due | ${f3(r.baseline.auc)} | ${r.baseline.brier.toFixed(4)} |`,
    '',
    'Calibration by decile of predicted probability (risk score):',
    '',
    '| decile | client-months | predicted | observed |',
    '|---|---|---|---|',
    ...r.model.calibration.map((c) => `| ${c.decile} | ${c.rows} | ${pct(c.mean_predicted)} | ${pct(c.observed_rate)} |`),
  ];
  return lines.join('\n');
}

const text = markdown(result);
console.log(text);
console.log('\nAUC by origin (model / baseline, events):');
for (const o of result.origins) console.log(`  ${o.as_of}  ${f3(o.auc)} / ${f3(o.baseline_auc)}  (${o.events} of ${o.rows})`);
console.log(`\n${seconds.toFixed(2)} s (panel query and ${result.origins.length} fits)`);

if (values['write-readme']) {
  await writeReadmeSection('risk-backtest', text);
  console.log('README.md updated.');
}

if (values.check) {
  const ok = (result.model.auc ?? 0) > (result.baseline.auc ?? 1);
  console.log(ok ? 'check: the risk score beats the baseline.' : 'check FAILED: the risk score does not beat the days-past-due baseline.');
  process.exit(ok ? 0 : 1);
}
