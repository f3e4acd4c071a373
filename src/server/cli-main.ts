// The `npx encours` process (bin/encours.js runs its bundle): the CLI on the process's arguments,
// standard output and error, and its exit code.
import { runCli } from './cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
