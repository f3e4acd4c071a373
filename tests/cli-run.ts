// The CLI run in the test's own process (src/server/cli.ts's runCli) on a database file: its exit
// code and what it printed, without the cost of a process per command.
import { runCli } from '../src/server/cli.ts';

export async function runEncours(db: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  // env: {} — no ENCOURS_URL of the machine running the tests
  const code = await runCli([...args, '--db', db], { out: (s) => (stdout += s), err: (s) => (stderr += s), env: {} });
  return { code, stdout, stderr };
}
