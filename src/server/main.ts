// Entry point of `npm start`: one process that owns the DuckDB file, serves /api and the built
// UI, watches the inbox (serve.ts), and closes cleanly on SIGINT/SIGTERM.
import { asksForHelp, loadConfig, SERVER_USAGE, type Config } from './config.ts';

if (asksForHelp(process.argv.slice(2))) {
  console.log(SERVER_USAGE);
  process.exit(0);
}
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  // an unknown flag, a flag without its value, a value that is not one: a usage error
  const parse = (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(parse ? `${(err as Error).message}\n\n${SERVER_USAGE}` : (err as Error).message);
  process.exit(2);
}

// the server's modules (fastify, DuckDB…) are loaded once the flags are known to be good: --help
// and a typo answer at once
const { serve, UnsafeStart } = await import('./serve.ts');
const log = (msg: string) => console.log(`[encours] ${msg}`);
const running = await serve(config, log, { logger: true }).catch((err: Error) => {
  console.error(err.message);
  // started where it should not be: a usage error
  process.exit(err instanceof UnsafeStart ? 2 : 1);
});

const shutdown = async (signal: string) => {
  log(`${signal}: closing`);
  await running.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
