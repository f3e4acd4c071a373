// The options of `npm run demo-data` (demo/cli.ts), read from its arguments: a usage error names
// the flag or value at fault.
import { parseArgs } from 'node:util';
import { clientsForLines } from './scale.ts';

export const USAGE = `Usage: npm run demo-data -- [--out DIR] [--clients N | --lines N] [--seed N] [--encoding windows-1252|utf-8]
  --out DIR         where the files are written (default data/demo)
  --clients N       how many clients (default 250, about 315 FEC lines each)
  --lines N         about how many FEC lines in all (sets the number of clients)
  --seed N          the random seed: one seed, one ledger (default 20240101)
  --encoding E      windows-1252 (default, as most French accounting packages export) or utf-8
  --help            this text`;

export class UsageError extends Error {}

/** A whole number from `min`, or a usage error naming the flag. */
function wholeNumber(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${flag} is a whole number of at least ${min} (got "${text}").`);
  return Number(text);
}

export function demoDataOptions(argv: string[]) {
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
