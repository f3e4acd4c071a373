// npm run demo-data [-- --out data/demo --clients 250 --seed 20240101 --lines 1000000 --encoding utf-8]
// Writes the demo ledger (one FEC per fiscal year) and its ground truth. Exit codes: 0 done,
// 2 usage error (an unknown flag or a bad value: the usage is printed, never a stack trace).
import { generateDemoLedger } from './generate.ts';
import { demoDataOptions, USAGE, UsageError } from './cli-options.ts';

let opts: ReturnType<typeof demoDataOptions>;
try {
  opts = demoDataOptions(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`${err.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(USAGE + '\n');
} else {
  const started = Date.now();
  const truth = await generateDemoLedger({ outDir: opts.out, clients: opts.clients, seed: opts.seed, encoding: opts.encoding });
  for (const f of truth.files) console.log(`${opts.out}/${f.file}\t${f.lines} lines`);
  console.log(`${opts.clients} clients, ground truth in ${opts.out}/ground-truth.json (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
