// npm run demo-data [-- --out data/demo --clients 250 --seed 20240101 --lines 1000000 --encoding utf-8]
// Writes the demo ledger (one FEC per fiscal year) and its ground truth. Exit codes: 0 done,
// 2 usage error (an unknown flag or a bad value: the usage is printed, never a stack trace).
import { parseArgs } from 'node:util';
import { generateDemoLedger } from './generate.ts';
import { clientsForLines } from './scale.ts';

const USAGE = `Usage: npm run demo-data -- [--out DIR] [--clients N | --lines N] [--seed N] [--encoding windows-1252|utf-8]
  --out DIR         where the files are written (default data/demo)
  --clients N       how many clients (default 250, about 315 FEC lines each)
  --lines N         about how many FEC lines in all (sets the number of clients)
  --seed N          the random seed: one seed, one ledger (default 20240101)
  --encoding E      windows-1252 (default, as most French accounting packages export) or utf-8
  --help            this text`;

class UsageError extends Error {}

/** A whole number from `min`, or a usage error naming the flag. */
function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${flag} is a whole number of at least ${min} (got "${text}").`);
  return Number(text);
}

function options(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        out: { type: 'string', default: 'data/demo' },
        clients: { type: 'string' },
        lines: { type: 'string' },
        seed: { type: 'string', default: '20240101' },
        encoding: { type: 'string', default: 'windows-1252' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    // an unknown flag, a flag without its value, an argument that is no flag
    throw new UsageError((err as Error).message);
  }
  const { values } = parsed;
  if (values.encoding !== 'windows-1252' && values.encoding !== 'utf-8') throw new UsageError(`--encoding is windows-1252 or utf-8 (got "${values.encoding}").`);
  if (values.clients !== undefined && values.lines !== undefined) throw new UsageError('Give --clients or --lines, not both.');
  const lines = wholeNumber('lines', values.lines, 1);
  return {
    help: values.help,
    out: values.out,
    clients: lines ? clientsForLines(lines) : (wholeNumber('clients', values.clients, 1) ?? 250),
    seed: wholeNumber('seed', values.seed, 0)!,
    encoding: values.encoding,
  } as const;
}

let opts: ReturnType<typeof options>;
try {
  opts = options(process.argv.slice(2));
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
