// The options of the benchmark and backtest scripts: --help prints the script's usage; an unknown
// flag or a missing value is said with that usage (exit 2), never as a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The script's options; `usage` is printed for --help (exit 0) and after a usage error (exit 2). */
export function scriptArgs<const O extends Options>(usage: string, options: O) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ args, options, strict: true }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}
