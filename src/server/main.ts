// Entry point of `npm start`: one process that owns the DuckDB file, serves /api and the built
// UI, watches the inbox (serve.ts), and closes cleanly on SIGINT/SIGTERM.
import { loadConfig, type Config } from './config.ts';
import { serve, UnsafeStart } from './serve.ts';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

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
