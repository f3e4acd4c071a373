// npm run bench:import [-- --sizes 1000000,10000000 --runs 3]
// For generated FEC files (UTF-8) of each size: the full Encours import next to a bare DuckDB
// CREATE TABLE AS SELECT * FROM read_csv(...) of the same file, in the same run, each in a fresh
// process and a fresh database file. Prints medians, peak memory and the ratio.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync, createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { scriptArgs } from './args.ts';
import { generateDemoLedger } from '../src/server/demo/generate.ts';
import { clientsForLines } from '../src/server/demo/scale.ts';

const values = scriptArgs(
  `Usage: npm run bench:import [-- --sizes 1000000,10000000 --runs 3 --dir data/bench]
  --sizes LIST   the ledgers' sizes in FEC lines (default 1000000,10000000)
  --runs N       runs of each import (default 3)
  --dir DIR      where the generated ledgers are kept (default data/bench)`,
  { sizes: { type: 'string', default: '1000000,10000000' }, runs: { type: 'string', default: '3' }, dir: { type: 'string', default: 'data/bench' } },
);
const sizes = values.sizes!.split(',').map(Number);
const runs = Number(values.runs);
const dir = values.dir!;
mkdirSync(dir, { recursive: true });

interface Run {
  seconds: number;
  peak_rss_mb: number;
  rows: number;
}

function measure(mode: 'bare' | 'bare-text' | 'full', file: string): Run {
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
