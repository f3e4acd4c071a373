// Runtime configuration: command-line flags win over environment variables, which win over
// defaults. Shared by the server entry and the CLI.
import { parseArgs } from 'node:util';
import { dirname, join, resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  dbPath: string;
  inboxDir: string;
  /** upload size limit in bytes */
  maxUploadBytes: number;
  /** generate and import the demo ledger when the database has no data */
  demo: boolean;
  demoDir: string;
  /** how many clients the generated demo ledger has (ENCOURS_DEMO_CLIENTS, default 250) */
  demoClients: number;
  uiDir: string;
  /** inbox polling period in ms (0 disables the inbox) */
  inboxPollMs: number;
  /** model settings (accounts, journals, payment terms, buckets): JSON, optional */
  settingsPath: string;
  /** DuckDB's worker threads (default: one per core) */
  threads: number | undefined;
  /** DuckDB's memory limit, like '2GB' (default: DuckDB's, 80 % of the machine's memory): beyond it, it spills to disk */
  memoryLimit: string | undefined;
  /** host names the server answers for beside the loopback ones (the name users type, behind a proxy) */
  allowedHosts: string[];
  /** behind a reverse proxy: trust its X-Forwarded-* headers (HTTPS → Secure cookies) */
  trustProxy: boolean;
}

/** '2GB', '500 MB', '1048576' → bytes. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|k|m|g)?\s*$/i.exec(text);
  if (!m) throw new Error(`Cannot read the size "${text}": write it like 2GB, 500MB or a number of bytes.`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'g' ? 1024 ** 3 : unit === 'm' ? 1024 ** 2 : unit === 'k' ? 1024 : 1;
  return Math.round(Number(m[1]) * factor);
}

/** `npm start -- --help`: the server's flags, each with its environment variable. */
export const SERVER_USAGE = `Usage: npm start -- [options]      (the built server: node build/server/main.js [options])
  --port N              the port to listen on (default 3000; ENCOURS_PORT or PORT)
  --host ADDRESS        the address to listen on (default 127.0.0.1; ENCOURS_HOST); beyond this
                        machine, accounts are required (npx encours users add <name> --admin)
  --allowed-hosts LIST  the host names the server answers for, comma-separated (ENCOURS_ALLOWED_HOSTS)
  --trust-proxy         behind a reverse proxy: believe its X-Forwarded-* headers (ENCOURS_TRUST_PROXY=1)
  --db FILE             the DuckDB database file (default data/encours.duckdb; ENCOURS_DB)
  --settings FILE       the settings (default settings.json beside the database; ENCOURS_SETTINGS)
  --inbox DIR           a folder watched for ledger files to import (default data/inbox; ENCOURS_INBOX)
  --max-upload SIZE     the largest upload, like 2GB or 500MB (default 2GB; ENCOURS_MAX_UPLOAD)
  --threads N           DuckDB's threads (default: DuckDB's, one per core; ENCOURS_THREADS)
  --memory-limit SIZE   DuckDB's memory, like 2GB: beyond it, large imports spill to disk, slower
                        (default: DuckDB's, 80 % of the machine's memory; ENCOURS_MEMORY_LIMIT)
  --no-demo             an empty database stays empty: no demo ledger (ENCOURS_DEMO=0)
  --help                this text`;

/** Whether the arguments ask for the usage. */
export const asksForHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h');

export function loadConfig(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Config {
  const { values } = parseArgs({
    args: argv,
    // an unknown flag (--hots for --host) is refused, not ignored: the server would start as not asked
    strict: true,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      db: { type: 'string' },
      inbox: { type: 'string' },
      'max-upload': { type: 'string' },
      'no-demo': { type: 'boolean' },
      settings: { type: 'string' },
      threads: { type: 'string' },
      'memory-limit': { type: 'string' },
      'allowed-hosts': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
    },
  });
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const port = Number(str(values.port) ?? env.ENCOURS_PORT ?? env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port "${String(values.port ?? env.ENCOURS_PORT ?? env.PORT)}".`);
  const demoClients = Number(env.ENCOURS_DEMO_CLIENTS ?? 250);
  if (!Number.isInteger(demoClients) || demoClients < 10) throw new Error(`ENCOURS_DEMO_CLIENTS is a whole number of clients, at least 10 (got "${env.ENCOURS_DEMO_CLIENTS}").`);
  const threadsText = str(values.threads) ?? env.ENCOURS_THREADS;
  const threads = threadsText === undefined ? undefined : Number(threadsText);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new Error(`--threads is a whole number of threads, at least 1 (got "${threadsText}").`);
  const memoryText = str(values['memory-limit']) ?? env.ENCOURS_MEMORY_LIMIT;
  // given to DuckDB in megabytes: parseSize reads the user's units and refuses what is not a size
  const memoryLimit = memoryText === undefined ? undefined : `${Math.round(parseSize(memoryText) / 1024 ** 2)}MB`;
  if (memoryLimit === '0MB') throw new Error(`--memory-limit is a size of at least 1MB, like 2GB (got "${memoryText}").`);
  const dbPath = resolve(str(values.db) ?? env.ENCOURS_DB ?? 'data/encours.duckdb');
  return {
    host: str(values.host) ?? env.ENCOURS_HOST ?? '127.0.0.1',
    port,
    dbPath,
    inboxDir: resolve(str(values.inbox) ?? env.ENCOURS_INBOX ?? 'data/inbox'),
    maxUploadBytes: parseSize(str(values['max-upload']) ?? env.ENCOURS_MAX_UPLOAD ?? '2GB'),
    demo: !(values['no-demo'] === true || env.ENCOURS_DEMO === '0'),
    demoDir: resolve(env.ENCOURS_DEMO_DIR ?? 'data/demo'),
    demoClients,
    uiDir: resolve(env.ENCOURS_UI_DIR ?? 'build'),
    inboxPollMs: Number(env.ENCOURS_INBOX_POLL_MS ?? 2000),
    threads,
    memoryLimit,
    allowedHosts: (str(values['allowed-hosts']) ?? env.ENCOURS_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    trustProxy: values['trust-proxy'] === true || env.ENCOURS_TRUST_PROXY === '1',
    settingsPath: resolve(str(values.settings) ?? env.ENCOURS_SETTINGS ?? join(dirname(dbPath), 'settings.json')),
  };
}
