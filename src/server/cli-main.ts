// The `npx encours` process (bin/encours.js runs its bundle): the CLI on the process's arguments,
// standard output and error, and its exit code. The usage is printed before anything else is loaded
// (the database engine, the models): `encours --help` answers at once.
import { createInterface } from 'node:readline';
import { asksForUsage, USAGE } from './cli-usage.ts';

/** A password: typed on the terminal without echo, or the first line of standard input (scripts). */
async function readPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines = createInterface({ input, terminal: false })[Symbol.asyncIterator]();
    const first = await lines.next();
    return first.done ? '' : String(first.value);
  }
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  input.setEncoding('utf8');
  let typed = '';
  try {
    for await (const chunk of input) {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return typed;
        if (ch === '\u0003') throw new Error('Interrupted.');
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    }
    return typed;
  } finally {
    input.setRawMode(false);
    input.pause();
    process.stderr.write('\n');
  }
}

// a reader that stops early (`encours report aging | head`) is not an error of the CLI
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const argv = process.argv.slice(2);
if (asksForUsage(argv)) {
  process.stdout.write(USAGE + '\n');
  // no command at all is a usage error; asking for help is not
  process.exit(argv.length === 0 ? 2 : 0);
}
const { runCli } = await import('./cli.ts');
process.exitCode = await runCli(argv, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readPassword,
});
