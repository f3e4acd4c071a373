// The `npx encours` process (bin/encours.js runs its bundle): the CLI on the process's arguments,
// standard output and error, and its exit code.
import { runCli } from './cli.ts';

// a reader that stops early (`encours report aging | head`) is not an error of the CLI
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
