// npm run bench:import [-- --sizes 1000000,10000000 --runs 3]
// For FEC files of each size, each run in a fresh process and a fresh database file, in the same run:
// 1. the demo generator's ledger (UTF-8): the Encours import next to a bare DuckDB
//    CREATE TABLE AS SELECT * FROM read_csv(...) of the same file;
// 2. a file shaped as users export them (bench/fec-shape.ts: 10 000 clients, Windows-1252, CRLF)
//    and its UTF-8 twin: the import stage by stage (with the model rebuild), and file → aged
//    balance + DSO as a user runs it (encours import, report aging, report dso: three processes)
//    beside the naive DuckDB job from the same file.
// Prints medians, peak memory and the ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { scriptArgs } from './args.ts';
import { generateDemoLedger } from '../src/server/demo/generate.ts';
import { clientsForLines } from '../src/server/demo/scale.ts';
import { writeShapedFec } from './fec-shape.ts';

const values = scriptArgs(
  `Usage: npm run bench:import [-- --sizes 1000000,10000000 --runs 3 --dir data/bench --clients 10000 --only demo|shape]
  --sizes LIST   the ledgers' sizes in FEC lines (default 1000000,10000000)
  --runs N       runs of each import (default 3)
  --dir DIR      where the generated ledgers are kept (default data/bench)
  --clients N    the clients of the users' shape (default 10000)
  --only WHICH   only the demo generator's ledger, or only the users' shape`,
  {
    sizes: { type: 'string', default: '1000000,10000000' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string', default: 'data/bench' },
    clients: { type: 'string', default: '10000' },
    only: { type: 'string' },
  },
);
const sizes = values.sizes!.split(',').map(Number);
const runs = Number(values.runs);
const dir = values.dir!;
mkdirSync(dir, { recursive: true });

interface Run {
  seconds: number;
  peak_rss_mb: number;
  rows: number;
  stages?: { stage: string; seconds: number; peak_rss_mb: number }[];
  aged_total?: number;
}

function measure(mode: 'bare' | 'bare-text' | 'naive-job' | 'full' | 'staged', file: string): Run {
  const db = join(dir, `${mode}.duckdb`);
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'import-worker.ts'), mode, file, db], { encoding: 'utf8', env: process.env });
  rmSync(db, { force: true });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

/** Appends FEC files into one, keeping the first header only (byte streams: files exceed V8's string limit). */
async function concatenateFec(files: string[], target: string): Promise<void> {
  const out = createWriteStream(target);
  for (const [i, file] of files.entries()) {
    const head = Buffer.alloc(8192);
    const fd = openSync(file, 'r');
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const start = i === 0 ? 0 : head.indexOf(0x0a) + 1;
    await pipeline(createReadStream(file, { start }), out, { end: false });
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`Import benchmark — ${runs} runs each, medians; node ${process.version}`);
if (values.only !== 'shape') await demoShaped();
if (values.only !== 'demo') for (const size of sizes) await usersShape(size);

async function demoShaped(): Promise<void> {
console.log('\n1. The demo generator\'s ledger, three fiscal years in one UTF-8 file; the import without the model rebuild');
console.log('bare: CREATE TABLE AS SELECT * FROM read_csv(file, delim, header) — auto-detected types');
console.log('text: the same with every column read as text (what a FEC needs: CompteNum keeps its zeros)');
console.log('full: Encours import — hash, encoding check, typed parse, line numbers, balance checks, history');
console.log('lines       file MB   bare s   text s   full s  full/bare  full/text   peak MB bare / text / full');
for (const size of sizes) {
  const sub = join(dir, `fec-${size}`);
  const truthPath = join(sub, 'ground-truth.json');
  if (!existsSync(truthPath)) {
    process.stderr.write(`generating a ${size}-line ledger in ${sub}…\n`);
    await generateDemoLedger({ outDir: sub, clients: clientsForLines(size), encoding: 'utf-8', years: 3, invoiceTruth: false });
  }
  // the benchmark file: the three fiscal years' lines of the generated ledger in one FEC
  const truth = JSON.parse(readFileSync(truthPath, 'utf8')) as { files: { file: string }[] };
  const merged = join(sub, `bench-${size}.txt`);
  if (!existsSync(merged)) await concatenateFec(truth.files.map((f) => join(sub, f.file)), merged);
  const bare: Run[] = [];
  const text: Run[] = [];
  const full: Run[] = [];
  for (let r = 0; r < runs; r++) {
    bare.push(measure('bare', merged));
    text.push(measure('bare-text', merged));
    full.push(measure('full', merged));
  }
  const b = median(bare.map((x) => x.seconds));
  const tx = median(text.map((x) => x.seconds));
  const f = median(full.map((x) => x.seconds));
  const peak = (xs: Run[]) => median(xs.map((x) => x.peak_rss_mb)).toFixed(0);
  console.log(
    [
      String(full[0].rows).padEnd(10),
      (statSync(merged).size / 1024 ** 2).toFixed(0).padStart(8),
      b.toFixed(2).padStart(8),
      tx.toFixed(2).padStart(8),
      f.toFixed(2).padStart(8),
      (f / b).toFixed(2).padStart(10),
      (f / tx).toFixed(2).padStart(10),
      `   ${peak(bare)} / ${peak(text)} / ${peak(full)}`,
    ].join(' '),
  );
}
}

/** The whole process a user runs, one command after the other: seconds (in all and by command) and the largest peak memory of the three. */
function wholeProcess(file: string): { seconds: number; peak_rss_mb: number; aged_total: number; commands: Record<string, number> } {
  const db = join(dir, 'whole.duckdb');
  rmSync(db, { force: true });
  rmSync(`${db}.wal`, { force: true });
  let seconds = 0;
  let peak = 0;
  let aged = NaN;
  const commands: Record<string, number> = {};
  for (const args of [['import', file], ['report', 'aging', '--format', 'json'], ['report', 'dso']]) {
    const run = timedCli([...args, '--db', db]);
    seconds += run.seconds;
    peak = Math.max(peak, run.peak_rss_mb);
    commands[args[0] === 'import' ? 'import' : args.slice(0, 2).join(' ')] = run.seconds;
    if (args[1] === 'aging') aged = (JSON.parse(run.stdout) as { totals: { total: number } }).totals.total;
  }
  // how long the CLI takes to answer before any work: Node's start and the bundle's load
  commands['--help'] = timedCli(['--help']).seconds;
  rmSync(db, { force: true });
  return { seconds, peak_rss_mb: peak, aged_total: aged, commands };
}

/** One `encours` command in its own process, timed by GNU time (which also gives its peak memory). */
function timedCli(args: string[]): { seconds: number; peak_rss_mb: number; stdout: string } {
  const cli = join(import.meta.dirname, '..', 'bin', 'encours.js');
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, ...args], { encoding: 'utf8', maxBuffer: 1024 ** 3 });
  if (run.status !== 0) throw new Error(`encours ${args.join(' ')} failed: ${run.stderr.slice(-2000)}`);
  const [seconds, kb] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, peak_rss_mb: kb / 1024, stdout: run.stdout };
}

/** The users' shape: a Windows-1252 file and its UTF-8 twin, stage by stage, and file → aged balance + DSO. */
async function usersShape(size: number): Promise<void> {
  const clients = Number(values.clients);
  const files = { 'windows-1252': join(dir, `shape-${size}-${clients}-cp1252.txt`), 'utf-8': join(dir, `shape-${size}-${clients}-utf8.txt`) } as const;
  for (const [encoding, file] of Object.entries(files) as ['windows-1252' | 'utf-8', string][]) {
    if (!existsSync(file)) {
      process.stderr.write(`generating ${file}…\n`);
      await writeShapedFec({ lines: size, clients, encoding, out: file });
    }
  }
  const staged: Record<string, Run[]> = { 'windows-1252': [], 'utf-8': [] };
  const bare: Run[] = [];
  const naive: Run[] = [];
  const whole: ReturnType<typeof wholeProcess>[] = [];
  for (let r = 0; r < runs; r++) {
    bare.push(measure('bare', files['utf-8']));
    naive.push(measure('naive-job', files['utf-8']));
    staged['windows-1252'].push(measure('staged', files['windows-1252']));
    staged['utf-8'].push(measure('staged', files['utf-8']));
    whole.push(wholeProcess(files['windows-1252']));
  }
  const lines = staged['utf-8'][0].rows;
  const mb = statSync(files['windows-1252']).size / 1024 ** 2;
  const med = (xs: { seconds: number }[]) => median(xs.map((x) => x.seconds));
  const peakOf = (xs: { peak_rss_mb: number }[]) => median(xs.map((x) => x.peak_rss_mb));
  console.log(`\n2. Users' shape: ${lines.toLocaleString('en')} lines, ${clients.toLocaleString('en')} clients, three fiscal years in one file, CRLF, ${mb.toFixed(0)} MB in Windows-1252`);
  console.log('   import stage by stage (encours import: with the model rebuild), seconds and peak MB while it ran');
  const stageNames = staged['utf-8'][0].stages!.map((st) => st.stage);
  for (const name of new Set([...staged['windows-1252'][0].stages!.map((st) => st.stage), ...stageNames])) {
    const cell = (enc: string) => {
      const xs = staged[enc].map((run) => run.stages!.find((st) => st.stage === name)).filter((st) => st !== undefined);
      return xs.length ? `${median(xs.map((x) => x.seconds)).toFixed(2).padStart(7)} s ${median(xs.map((x) => x.peak_rss_mb)).toFixed(0).padStart(6)} MB` : '         –          ';
    };
    console.log(`   ${name.padEnd(12)} Windows-1252 ${cell('windows-1252')}   UTF-8 ${cell('utf-8')}`);
  }
  const w = med(staged['windows-1252']);
  const u = med(staged['utf-8']);
  console.log(`   ${'total'.padEnd(12)} Windows-1252 ${w.toFixed(2).padStart(7)} s ${peakOf(staged['windows-1252']).toFixed(0).padStart(6)} MB   UTF-8 ${u.toFixed(2).padStart(7)} s ${peakOf(staged['utf-8']).toFixed(0).padStart(6)} MB   (Windows-1252 / UTF-8: ${(w / u).toFixed(2)}; target ≤ 1.10)`);
  const b = med(bare);
  const n = med(naive);
  const e = med(whole);
  console.log('   file → aged balance + DSO, whole processes');
  console.log(`   bare DuckDB load of the UTF-8 twin ............ ${b.toFixed(2).padStart(7)} s ${peakOf(bare).toFixed(0).padStart(6)} MB`);
  console.log(`   naive DuckDB job (load, aged balance, DSO) .... ${n.toFixed(2).padStart(7)} s ${peakOf(naive).toFixed(0).padStart(6)} MB   aged total ${naive[0].aged_total}`);
  console.log(`   encours import + report aging + report dso .... ${e.toFixed(2).padStart(7)} s ${peakOf(whole).toFixed(0).padStart(6)} MB   aged total ${whole[0].aged_total}   (${(e / n).toFixed(2)} × the naive job; target ≤ 2)`);
  const command = (name: string) => median(whole.map((w) => w.commands[name]));
  console.log(`   of which: import ${command('import').toFixed(2)} s, report aging ${command('report aging').toFixed(2)} s (target < 1 s on a prepared ${size >= 1e6 ? `${size / 1e6}M` : size}-line database), report dso ${command('report dso').toFixed(2)} s`);
  console.log(`   encours --help ................................ ${command('--help').toFixed(2).padStart(7)} s   (target < 0.3 s)`);
}
