// npm run bench [-- --sizes 1000000,10000000]
// For generated ledgers of each size (the FEC files of bench:import): import them, then time the
// model rebuild, the aged balance at a past date, the DSO series, the clients, the forecast and the
// collections worklist (and an action recorded), the day's reminders through the API (fastify inject: routing, SQL, JSON), each beside a bare DuckDB scan of the same ledger table and the
// bare CREATE TABLE AS of the file, measured in the same run.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { scriptArgs } from './args.ts';
import { execFileSync } from 'node:child_process';
import { Database } from '../src/server/db/database.ts';
import { importFile } from '../src/server/import/importer.ts';
import { rebuildModels } from '../src/server/models/runner.ts';
import { readSettings } from '../src/server/models/settings.ts';
import { buildApp } from '../src/server/app.ts';
import { prepareAfterData } from '../src/server/prepare.ts';
import { generateDemoLedger } from '../src/server/demo/generate.ts';
import { clientsForLines } from '../src/server/demo/scale.ts';

const values = scriptArgs(
  `Usage: npm run bench [-- --sizes 1000000,10000000 --runs 3 --dir data/bench --skip-backtests --preparation --group N]
  --sizes LIST        the ledgers' sizes in FEC lines (default 1000000,10000000)
  --runs N            runs of each measure (default 3)
  --dir DIR           where the generated ledgers are kept (default data/bench)
  --skip-backtests    leave out the risk and forecast backtests (minutes at 10M lines)
  --preparation       then rebuild the models once more and time the server's preparation after
                      it, step by step (prepare.ts: the snapshot, risk model, forecast, worklist,
                      both backtests), against the targets of issue #16
  --group N           instead: a group of N entities of each size (N generated ledgers, their own
                      SIREN and seed), imported together, then the server's preparation timed`,
  {
    sizes: { type: 'string', default: '1000000,10000000' },
    dir: { type: 'string', default: 'data/bench' },
    runs: { type: 'string', default: '3' },
    'skip-backtests': { type: 'boolean', default: false },
    preparation: { type: 'boolean', default: false },
    group: { type: 'string' },
  },
);
// the two backtests take most of the run at 10M lines (minutes): --skip-backtests leaves them out
const skipBacktests = values['skip-backtests'];
const runs = Number(values.runs);
const dir = values.dir!;
mkdirSync(dir, { recursive: true });

const time = async <T>(fn: () => Promise<T>): Promise<[number, T]> => {
  const t = performance.now();
  const r = await fn();
  return [(performance.now() - t) / 1000, r];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function best<T>(fn: () => Promise<T>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push((await time(fn))[0]);
  return median(xs);
}
const fmt = (s: number) => `${s.toFixed(3)} s`;

const sizes = values.sizes!.split(',').map(Number);
if (values.group) for (const size of sizes) await groupPreparation(size, Number(values.group));
else for (const size of sizes) await modelsAndRoutes(size);

async function modelsAndRoutes(size: number): Promise<void> {
  const file = join(dir, `fec-${size}`, `bench-${size}.txt`);
  if (!existsSync(file)) execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'import.ts'), '--sizes', String(size), '--runs', '1', '--dir', dir], { stdio: 'inherit' });
  const dbPath = join(dir, `models-${size}.duckdb`);
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  const db = await Database.open(dbPath);
  const settings = readSettings(join(dir, `fec-${size}`, 'settings.json'));

  const [bareLoad] = await time(() => db.write((s) => s.run(`CREATE TABLE bare AS SELECT * FROM read_csv($path, delim = '\t', header = true)`, { path: file })));
  await db.write((s) => s.run('DROP TABLE bare'));
  // the models read the three fiscal years as three files, as a company exports them
  const truth = JSON.parse(readFileSync(join(dir, `fec-${size}`, 'ground-truth.json'), 'utf8')) as { files: { file: string }[] };
  let lines = 0;
  // each year imported as a user does it, the models rebuilt after it: what a new year costs
  const years: { file: string; lines: number; seconds: number }[] = [];
  for (const f of truth.files) {
    const [seconds, outcome] = await time(() => importFile(db, join(dir, `fec-${size}`, f.file), { source: 'cli', rebuild: (s) => rebuildModels(s, settings) }));
    if (outcome.status !== 'active') throw new Error(outcome.error?.report);
    lines += outcome.line_count;
    years.push({ file: f.file, lines: outcome.line_count, seconds });
  }
  const importSeconds = years.reduce((sum, y) => sum + y.seconds, 0);
  const scan = await best(() => db.all(`SELECT count(*)::BIGINT AS n, sum(debit)::DOUBLE AS d, sum(credit)::DOUBLE AS c, max(entry_date) AS last FROM ledger_lines`));
  const [rebuild] = await time(() => db.transaction((s) => rebuildModels(s, settings)));
  const counts = await db.one<{ items: number; allocations: number }>(`SELECT (SELECT count(*) FROM items)::BIGINT AS items, (SELECT count(*) FROM allocations)::BIGINT AS allocations`);

  const app = await buildApp({ db, settings, tmpDir: join(dir, 'tmp'), maxUploadBytes: 1 });
  const last = (await db.one<{ d: string }>(`SELECT strftime(max(entry_date), '%Y-%m-%d') AS d FROM items`))!.d;
  const past = `${Number(last.slice(0, 4)) - 1}${last.slice(4, 7)}-15`;
  const scanItems = await best(() => db.all(`SELECT count(*)::BIGINT AS n, sum(amount)::DOUBLE AS s FROM items WHERE entry_date <= $d`, { d: past }));
  const agingPast = await best(() => app.inject(`/api/aging?as_of=${past}`));
  const agingLatest = await best(() => app.inject('/api/aging'));
  const dso = await best(() => app.inject('/api/dso'));
  const history = await best(() => app.inject('/api/aging/history'));
  const aging = (await app.inject(`/api/aging?as_of=${past}`)).json() as { clients: unknown[]; reconciliation: { difference: number } };
  // the risk model is fitted on the first request at a date (then kept for the model build): time it cold, then warm
  const [clientsCold, clientsAnswer] = await time(() => app.inject('/api/clients'));
  const clientsWarm = await best(() => app.inject('/api/clients'));
  const [qualityCold, qualityAnswer] = skipBacktests ? [NaN, null] : await time(() => app.inject('/api/risk/quality'));
  const [forecastCold] = await time(() => app.inject('/api/forecast'));
  const forecastWarm = await best(() => app.inject('/api/forecast'));
  const [forecastBacktestSeconds, forecastBacktestAnswer] = skipBacktests ? [NaN, null] : await time(() => app.inject('/api/forecast/backtest'));
  const forecastItems = ((await app.inject('/api/forecast')).json() as { method: { items: number } }).method.items;
  // the collections worklist, once the forecast's delays and the risk model are kept (the server
  // prepares them at start); then an action recorded, and the list made again after it
  const [worklistFirst, worklistAnswer] = await time(() => app.inject('/api/collections/worklist'));
  const worklistKept = await best(() => app.inject('/api/collections/worklist'));
  if (worklistAnswer.statusCode !== 200) throw new Error(`GET /api/collections/worklist answered ${worklistAnswer.statusCode}: ${worklistAnswer.body.slice(0, 500)}`);
  const listed = worklistAnswer.json() as { clients: { client_id: string; entity_id: string }[]; totals: { clients: number } };
  const posts: number[] = [];
  const afterAction: number[] = [];
  for (let i = 0; i < runs; i++) {
    const target = listed.clients[i % listed.clients.length];
    const [post, res] = await time(() => app.inject({ method: 'POST', url: '/api/collections/actions', payload: { entity: target.entity_id, client_id: target.client_id, kind: 'note', note: `bench ${i}` } }));
    if (res.statusCode !== 201) throw new Error(`POST /api/collections/actions answered ${res.statusCode}: ${res.body}`);
    posts.push(post);
    afterAction.push((await time(() => app.inject('/api/collections/worklist')))[0]);
  }
  // the day's reminders: the batch (levels, charges, a subject rendered a letter), and one letter's PDF
  const [batchSeconds, batchAnswer] = await time(() => app.inject('/api/reminders/batch'));
  if (batchAnswer.statusCode !== 200) throw new Error(`GET /api/reminders/batch answered ${batchAnswer.statusCode}: ${batchAnswer.body.slice(0, 500)}`);
  const batch = batchAnswer.json() as { letters: { client_id: string; entity_id: string; level: number }[] };
  const firstLetter = batch.letters[0];
  const [letterSeconds] = firstLetter ? await time(() => app.inject(`/api/reminders/clients/${encodeURIComponent(firstLetter.client_id)}/letter?entity=${firstLetter.entity_id}&level=${firstLetter.level}`)) : [NaN];
  // the closing's provisions: the proposal, the expected-loss matrix (a history over every month-end), the write-offs and the movement,
  const routeTimes: [string, number][] = [];
  // and the CFO's levers and the credit limits (#17)
  for (const url of ['/api/provisions', '/api/provisions/expected-loss', '/api/provisions/write-offs', '/api/provisions/movement', '/api/levers', '/api/credit']) {
    const [seconds, res] = await time(() => app.inject(url));
    if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
    routeTimes.push([url, seconds]);
  }
  const fb = (forecastBacktestAnswer?.json() ?? { available: false }) as { available: boolean; origins?: unknown[]; model?: { wape: number; coverage: number }; shifted?: { wape: number } };
  const risk = (clientsAnswer.json() as { risk: { model: { training_rows: number } | null } }).risk;
  const quality = (qualityAnswer?.json() ?? { available: false }) as { available: boolean; origins?: unknown[]; model?: { auc: number }; baseline?: { auc: number } };
  await app.close();
  // the server's preparation after an import, as it runs it (a new model build: nothing kept)
  const preparation: string[] = [];
  let rebuildAgain = NaN;
  let prepared = NaN;
  if (values.preparation) {
    [rebuildAgain] = await time(() => db.transaction((s) => rebuildModels(s, settings)));
    [prepared] = await time(() => prepareAfterData(db, settings, 'start', (m) => preparation.push(m)));
  }
  db.close();

  console.log(`\n${lines.toLocaleString('en')} ledger lines (${counts!.items.toLocaleString('en')} receivable items, ${counts!.allocations.toLocaleString('en')} allocations), medians of ${runs}`);
  console.log(`  bare CREATE TABLE AS read_csv ......... ${fmt(bareLoad)}`);
  console.log(`  Encours import of the 3 yearly files, each with the model rebuild, as users import them: ${fmt(importSeconds)}`);
  for (const y of years) console.log(`    ${y.file} (${y.lines.toLocaleString('en')} lines) ${fmt(y.seconds)}, ${((y.seconds / y.lines) * 1e6).toFixed(2)} s per million lines`);
  console.log(`    the last year costs ${((years.at(-1)!.seconds / years.at(-1)!.lines) / (years[0].seconds / years[0].lines)).toFixed(2)} × the first per line (target: in proportion to the year, 1.00)`);
  console.log(`  model rebuild .......................... ${fmt(rebuild)}   (${(rebuild / bareLoad).toFixed(2)} × the bare load; target < 2)`);
  console.log(`  bare scan of ledger_lines .............. ${fmt(scan)}`);
  console.log(`  bare scan of items up to ${past} .... ${fmt(scanItems)}`);
  console.log(`  GET /api/aging?as_of=${past} ....... ${fmt(agingPast)}   (${aging.clients.length} clients, reconciliation difference ${aging.reconciliation.difference}; target < 0.5 s)`);
  console.log(`  GET /api/aging (latest date) ........... ${fmt(agingLatest)}`);
  console.log(`  GET /api/dso ........................... ${fmt(dso)}`);
  console.log(`  GET /api/aging/history ................. ${fmt(history)}`);
  console.log(`  GET /api/clients, risk model fitted .... ${fmt(clientsCold)}   (${risk.model ? `${risk.model.training_rows.toLocaleString('en')} training rows` : 'no model'})`);
  console.log(`  GET /api/clients, model kept ........... ${fmt(clientsWarm)}`);
  console.log(`  GET /api/forecast, computed ........... ${fmt(forecastCold)}   (${forecastItems.toLocaleString('en')} open invoices, ${settings.forecast.simulations.toLocaleString('en')} simulations)`);
  console.log(`  GET /api/forecast, kept ................ ${fmt(forecastWarm)}`);
  console.log(`  GET /api/forecast/backtest ............. ${fmt(forecastBacktestSeconds)}   (${fb.available ? `${fb.origins!.length} origins, WAPE ${(fb.model!.wape * 100).toFixed(1)} % vs ${(fb.shifted!.wape * 100).toFixed(1)} %, coverage ${(fb.model!.coverage * 100).toFixed(1)} %` : 'not available'})`);
  console.log(`  GET /api/collections/worklist, first ... ${fmt(worklistFirst)}   (${listed.totals.clients.toLocaleString('en')} clients to contact; delays and risk kept; target < 1 s)`);
  console.log(`  GET /api/collections/worklist, kept .... ${fmt(worklistKept)}`);
  console.log(`  POST /api/collections/actions .......... ${fmt(median(posts))}   (target < 0.05 s)`);
  console.log(`  GET /api/collections/worklist, after it  ${fmt(median(afterAction))}   (made again: an action changes the list)`);
  console.log(`  GET /api/reminders/batch .............. ${fmt(batchSeconds)}   (${batch.letters.length.toLocaleString('en')} letters with their charges)`);
  console.log(`  GET a letter's PDF ..................... ${fmt(letterSeconds)}`);
  for (const [url, seconds] of routeTimes) console.log(`  ${`GET ${url} `.padEnd(40, '.')} ${fmt(seconds)}`);
  console.log(`  GET /api/risk/quality (backtest) ....... ${fmt(qualityCold)}   (${quality.available ? `${quality.origins!.length} origins, AUC ${quality.model!.auc.toFixed(3)} vs baseline ${quality.baseline!.auc.toFixed(3)}` : 'not available'})`);
  if (values.preparation) {
    // "… ready as of D (T s: forecast a s, risk model b s, …)": each step's time, and when the pages have what they need first
    const { steps, line: done } = preparationSteps(preparation);
    // the steps as the log names them: the forecast and the risk model first, the snapshot saved, … the snapshot calibrated on the backtest last
    const upTo = (name: string) => steps.slice(0, steps.findIndex(([n]) => n === name) + 1).reduce((sum, [, seconds]) => sum + seconds, 0);
    console.log(`  model rebuild, again .................. ${fmt(rebuildAgain)}`);
    console.log(`  preparation after it, as the server runs it: ${fmt(prepared)}`);
    for (const [name, seconds] of steps) console.log(`    ${`${name} `.padEnd(38, '.')} ${fmt(seconds)}`);
    console.log(`    risk scores and forecast ready ...... ${fmt(Math.max(upTo('forecast'), upTo('risk model')))} after the rebuild (target ≤ 30 s at 10M lines)`);
    console.log(`    both backtests done ................. ${fmt(upTo('forecast backtest'))} after the rebuild (target ≤ 90 s at 10M lines)`);
    if (!/ready as of/.test(done)) console.log(`    (${done})`);
  }
  rmSync(dbPath, { force: true });
}

/** The preparation's log line "… ready as of D (T s: forecast a s, risk model b s, …)": each step and its seconds. */
function preparationSteps(log: string[]): { steps: (readonly [string, number])[]; line: string } {
  const line = log.find((m) => /ready as of/.test(m)) ?? log.at(-1) ?? 'nothing logged';
  const steps = [...line.slice(line.indexOf(': ') + 1).matchAll(/([a-z ]+) (\d+\.\d) s/g)].map((m) => [m[1].trim(), Number(m[2])] as const);
  return { steps, line };
}

/**
 * A group: N companies' ledgers of `size` lines each (the demo generator with a SIREN and a seed of
 * their own), their 3N yearly files imported into one store, the models rebuilt, then the server's
 * preparation as it runs after an import — the group's figures and backtests, and the forecast
 * snapshot of each entity — against the target of a 5-entity group of 1M lines each prepared in 2 minutes.
 */
async function groupPreparation(size: number, entities: number): Promise<void> {
  const groupDir = join(dir, `group-${entities}x${size}`);
  const ledgers: { siren: string; dir: string }[] = [];
  for (let k = 1; k <= entities; k++) {
    // valid-looking SIRENs of their own: 9 digits, the entity's number last
    const siren = `80000000${k}`.slice(-9);
    const sub = join(groupDir, siren);
    if (!existsSync(join(sub, 'ground-truth.json'))) {
      process.stderr.write(`generating entity ${k} of ${entities} (${size.toLocaleString('en')} lines) in ${sub}…\n`);
      await generateDemoLedger({ outDir: sub, clients: clientsForLines(size), encoding: 'utf-8', years: 3, invoiceTruth: false, siren, seed: 1000 + k });
    }
    ledgers.push({ siren, dir: sub });
  }
  const dbPath = join(dir, `group-${entities}x${size}.duckdb`);
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  const db = await Database.open(dbPath);
  // the entities' payment terms are keyed by client: the first entity's stand for the group's
  const settings = readSettings(join(ledgers[0].dir, 'settings.json'));
  let lines = 0;
  const [importSeconds] = await time(async () => {
    for (const ledger of ledgers) {
      const truth = JSON.parse(readFileSync(join(ledger.dir, 'ground-truth.json'), 'utf8')) as { files: { file: string }[] };
      for (const f of truth.files) {
        const outcome = await importFile(db, join(ledger.dir, f.file), { source: 'cli' });
        if (outcome.status !== 'active') throw new Error(outcome.error?.report);
        lines += outcome.line_count;
      }
    }
  });
  const [rebuild] = await time(() => db.transaction((s) => rebuildModels(s, settings)));
  const log: string[] = [];
  const [prepared] = await time(() => prepareAfterData(db, settings, 'start', (m) => log.push(m)));
  // what a user opens first, once prepared: the group's and an entity's clients (with their risk
  // models) and forecasts (kept since their snapshots); an entity's backtests are computed when its
  // quality pages ask
  const app = await buildApp({ db, settings, tmpDir: join(dir, 'tmp'), maxUploadBytes: 1 });
  const entityRoutes: [string, number][] = [];
  for (const url of [`/api/clients?entity=${ledgers[0].siren}`, `/api/forecast?entity=${ledgers[0].siren}`, '/api/clients', '/api/forecast']) {
    const [seconds, res] = await time(() => app.inject(url));
    if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
    entityRoutes.push([url, seconds]);
  }
  await app.close();
  db.close();
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });

  const { steps, line } = preparationSteps(log);
  const snapshots = log.filter((m) => /^Forecast snapshot #\d+ saved/.test(m)).length;
  console.log(`\nA group of ${entities} entities of ${size.toLocaleString('en')} lines each: ${lines.toLocaleString('en')} ledger lines`);
  console.log(`  Encours import of the ${ledgers.length * 3} yearly files ... ${fmt(importSeconds)}`);
  console.log(`  model rebuild .......................... ${fmt(rebuild)}`);
  console.log(`  preparation after it, as the server runs it: ${fmt(prepared)}   (target ≤ 120 s for 5 entities of 1M lines)`);
  console.log(`    (the forecast snapshot step saves ${snapshots}: the group's and each entity's, each entity's forecast computed then)`);
  for (const [name, seconds] of steps) console.log(`    ${`${name} `.padEnd(38, '.')} ${fmt(seconds)}`);
  if (!/ready as of/.test(line)) console.log(`    (${line})`);
  console.log('  then, the first request of each page (prepared: the clients of the group and of each entity, each forecast from its snapshot):');
  for (const [url, seconds] of entityRoutes) console.log(`    ${`GET ${url} `.padEnd(48, '.')} ${fmt(seconds)}`);
}
