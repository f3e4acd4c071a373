// npm run backtest:forecast [-- --db data/encours.duckdb] [--clients 250 --seed 20240101] [--entity E] [--origins 26] [--simulations 1000] [--check] [--write-readme]
// The cash forecast judged on the past (src/server/forecast/backtest.ts): 26 weekly origins, each
// forecast from what was known then, against the cash that came in on the invoices open at the
// origin, next to two naive forecasts (due date; due date shifted by the client's mean delay of
// the last 12 months). Prints WAPE by week ahead, the error on the 13-week total and the P10-P90
// coverage. --check exits with 1 unless the model beats both baselines; --write-readme puts the
// figures into README.md (between the forecast-backtest markers).
import { BACKTEST_FLAGS, backtestArgs, openBacktestLedger, writeReadmeSection } from './demo-ledger.ts';
import { backtestForecast } from '../src/server/forecast/backtest.ts';
import type { ForecastBacktest } from '../src/lib/contract/index.ts';

const values = backtestArgs(`Usage: npm run backtest:forecast [-- options]: the 13-week forecast on the past, beside two naive forecasts
${BACKTEST_FLAGS}
  --origins N        weekly origins (default 26)
  --simulations N    simulations per forecast (default: the settings' backtest_simulations, 300)`);

const ledger = await openBacktestLedger({ db: values.db, settings: values.settings, clients: Number(values.clients), seed: Number(values.seed), shape: values.shape });
const started = performance.now();
const count = (x: string | undefined) => (x === undefined ? undefined : Number(x));
const result = await backtestForecast(ledger.db, ledger.settings, { entity: values.entity ?? null, origins: count(values.origins), simulations: count(values.simulations) });
const seconds = (performance.now() - started) / 1000;
ledger.close();
if ('reason' in result) {
  console.error(`No backtest: ${result.reason}.`);
  process.exit(1);
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function markdown(r: ForecastBacktest): string {
  const W = r.weeks;
  const weeks = Array.from({ length: W }, (_, w) => w + 1);
  return [
    `Backtest on ${ledger.source}: ${r.origins.length} weekly origins (Sundays) from ${r.origins[0].as_of} to ${r.origins.at(-1)!.as_of}, ` +
      `each forecast from what was known then and compared with the cash received in the next ${W} weeks on the invoices open at the origin.`,
    '',
    `| | WAPE weeks 1-${W} | error on the ${W}-week total | P10-P90 coverage |`,
    '|---|---|---|---|',
    `| forecast | **${pct(r.model.wape)}** | ${pct(r.model.total_error)} | ${pct(r.model.coverage)} |`,
    `| baseline: due date (overdue in week 1) | ${pct(r.due_date.wape)} | ${pct(r.due_date.total_error)} | – |`,
    `| baseline: due date + client's mean delay (12 months) | ${pct(r.shifted.wape)} | ${pct(r.shifted.total_error)} | – |`,
    `| whole plan (with invoices not issued yet) vs all cash received | ${pct(r.total_plan.wape)} | ${pct(r.total_plan.total_error)} | ${pct(r.total_plan.coverage)} |`,
    '',
    `P10-P90 calibrated on the ledger's own backtest errors (conformal, by horizon), each origin judged out of sample — calibrated on the other origins without the residuals of the calendar weeks it forecasts:`,
    '',
    `| | simulation's range | calibrated range | origins calibrated |`,
    '|---|---|---|---|',
    `| forecast of the open invoices | ${pct(r.model.coverage)} | **${pct(r.calibration.open.coverage)}** | ${r.calibration.open.calibrated_origins} of ${r.origins.length} |`,
    `| whole plan | ${pct(r.total_plan.coverage)} | **${pct(r.calibration.total.coverage)}** | ${r.calibration.total.calibrated_origins} of ${r.origins.length} |`,
    '',
    r.habits.used && r.habits.clients === 0
      ? 'Payment habits: no client pays on fixed days.'
      : r.habits.used
      ? `Payment habits: up to ${r.habits.clients} ${r.habits.clients === 1 ? 'client' : 'clients'} with open invoices at an origin ${r.habits.clients === 1 ? 'pays' : 'pay'} on fixed days; with their receipts on their run days the WAPE is ${pct(r.habits.wape_with)}, against ${pct(r.habits.wape_without)} without (${r.habits.helps ? `${pct(1 - r.habits.wape_with / r.habits.wape_without)} lower: the plan uses them` : 'no better: the plan leaves them out'}).`
      : 'Payment habits: turned off in the settings.',
    '',
    (r.improvement === null ? `The better baseline was exact (WAPE 0): no improvement to measure. ` : `The forecast's WAPE is ${pct(r.improvement)} lower than the better baseline's. `) +
      `90 % intervals from resampling the origins: WAPE ${pct(r.intervals.model_wape[0])}-${pct(r.intervals.model_wape[1])}, ` +
      `coverage ${pct(r.intervals.model_coverage[0])}-${pct(r.intervals.model_coverage[1])}, improvement ${pct(r.intervals.improvement[0])}-${pct(r.intervals.improvement[1])}` +
      (r.sampling.origins_used < r.sampling.origins_available ? ` (${r.sampling.origins_used} of ${r.sampling.origins_available} origins, spread: ${r.sampling.open_invoices.toLocaleString('en')} open invoices).` : '.'),
    '',
    `WAPE by week ahead:`,
    '',
    `| week | ${weeks.join(' | ')} |`,
    `|---|${weeks.map(() => '---').join('|')}|`,
    `| forecast | ${r.model.wape_by_week.map(pct).join(' | ')} |`,
    `| due date | ${r.due_date.wape_by_week.map(pct).join(' | ')} |`,
    `| due date + mean delay | ${r.shifted.wape_by_week.map(pct).join(' | ')} |`,
    '',
    `P10-P90 coverage by week ahead (open invoices):`,
    '',
    `| week | ${weeks.join(' | ')} |`,
    `|---|${weeks.map(() => '---').join('|')}|`,
    `| simulation | ${r.model.coverage_by_week.map(pct).join(' | ')} |`,
    `| calibrated | ${r.calibration.open.coverage_by_week.map(pct).join(' | ')} |`,
  ].join('\n');
}

const text = markdown(result);
console.log(text);
console.log(`\n${seconds.toFixed(2)} s (${result.origins.length} forecasts with their simulations)`);

if (values['write-readme']) {
  await writeReadmeSection('forecast-backtest', text);
  console.log('README.md updated.');
}

if (values.check) {
  const ok = result.model.wape < result.due_date.wape && result.model.wape < result.shifted.wape;
  console.log(ok ? 'check: the forecast beats both baselines.' : 'check FAILED: the forecast does not beat both baselines.');
  process.exit(ok ? 0 : 1);
}
