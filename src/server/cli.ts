// npx encours <command>: import ledger exports, read the import history, the reports and the cash forecast from scripts.
// It opens the database file itself when no server runs; when a server holds the file it talks
// to that server's API instead (--server, ENCOURS_URL, or the configured host and port).
// Exit codes: 0 done, 1 an import failed (or the server could not be reached), 2 usage error
// (a flag, or a report asked for an entity or a date outside the data).
// runCli is the whole CLI with its output given (tests run it in-process); cli-main.ts runs it
// for the process.
import { parseArgs } from 'node:util';
import { existsSync, openAsBlob, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadConfig, type Config } from './config.ts';
import { Database } from './db/database.ts';
import { importJobs } from './import/jobs.ts';
import { ensureModelsFresh } from './models/runner.ts';
import { checkBuckets, readSettings } from './models/settings.ts';
import { importHistory } from './reports/imports.ts';
import { agingReport } from './reports/aging.ts';
import { dsoReport } from './reports/dso.ts';
import { clientItems, clientsReport } from './reports/clients.ts';
import { forecastPlan, withWeeks } from './reports/forecast.ts';
import { NotFound, ReportError } from './reports/as-of.ts';
import { toCsv } from '../lib/shared/csv.ts';
import { ApiError, createClient, type ApiClient } from '../lib/contract/client.ts';
import type { AgingReport, ClientBehaviour, ClientItemsReport, ClientsReport, DsoReport, ForecastReport, ImportHistoryRow, ImportOutcome } from '../lib/contract/index.ts';

const USAGE = `Usage:
  encours import <files...> [--entity SIREN] [--mapping mapping.json] [--json]
  encours imports [--limit 20] [--json]
  encours report aging [--as-of YYYY-MM-DD] [--entity E] [--basis due|invoice] [--buckets 30,60,90] [--format csv|json]
  encours report dso [--entity E] [--format csv|json]
  encours report items --client C00042 [--as-of YYYY-MM-DD] [--entity E] [--format csv|json]
  encours report clients [--as-of YYYY-MM-DD] [--entity E] [--format csv|json]
  encours forecast [--as-of YYYY-MM-DD] [--weeks 13] [--entity E] [--format csv|json]

Options shared by every command:
  --db PATH        the database file (default data/encours.duckdb, or ENCOURS_DB)
  --settings PATH  the model settings: accounts, journals, payment terms, aging buckets… (default
                   settings.json beside the database, or ENCOURS_SETTINGS)
  --threads N      DuckDB's worker threads (default one per core, or ENCOURS_THREADS)
  --server URL     talk to a running Encours server (default: only when the file is in use)
  --host HOST      the server to talk to when the file is in use (default 127.0.0.1, or ENCOURS_HOST)
  --port PORT      its port (default 3000, or ENCOURS_PORT)
A server uses its own settings and threads: --settings and --threads apply when the CLI opens the file.`;

class UsageError extends Error {}

/** A report refused what it was asked (an entity or an as-of date outside the data…): a usage error, but not one the usage text helps with. */
const isRefusedArgument = (err: unknown) => (err instanceof ReportError && !(err instanceof NotFound)) || (err instanceof ApiError && err.status === 400);

/** Where a command writes: the process's stdout and stderr (cli-main.ts), or a test's buffers. */
export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs one command; resolves with its exit code (0 done, 1 failed, 2 usage error). */
export async function runCli(argv: string[], io: CliOutput): Promise<number> {
  try {
    return await main(argv, io);
  } catch (err) {
    // parseArgs refuses an unknown flag or a missing value: a usage error too
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(err as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    io.err(`${(err as Error).message}\n`);
    return isRefusedArgument(err) ? 2 : 1;
  }
}

async function main(argv: string[], io: CliOutput): Promise<number> {
  const println = (text: string) => io.out(text + '\n');
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      entity: { type: 'string' },
      mapping: { type: 'string' },
      json: { type: 'boolean', default: false },
      limit: { type: 'string', default: '20' },
      db: { type: 'string' },
      server: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      settings: { type: 'string' },
      threads: { type: 'string' },
      'as-of': { type: 'string' },
      basis: { type: 'string', default: 'due' },
      buckets: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      client: { type: 'string' },
      weeks: { type: 'string' },
    },
  });
  const config = cliConfig(values);
  const serverUrl = values.server ?? process.env.ENCOURS_URL;
  const backend = { dbPath: config.dbPath, threads: config.threads, url: serverUrl ?? `http://${config.host}:${config.port}`, forceRemote: !!serverUrl };

  switch (command) {
    case 'import': {
      if (!positionals.length) throw new UsageError('encours import needs at least one file.');
      const missing = positionals.filter((f) => !existsSync(f));
      if (missing.length) throw new UsageError(`No such file: ${missing.join(', ')}`);
      let mapping: unknown;
      if (values.mapping) {
        try {
          mapping = JSON.parse(readFileSync(values.mapping, 'utf8'));
        } catch (err) {
          throw new UsageError(`The mapping file ${values.mapping} is not valid JSON: ${(err as Error).message}`);
        }
      }
      const outcomes = await withBackend(backend, {
        local: async (db) => {
          // imports rebuild the models, as in the server (their checks come back as warnings)
          const jobs = importJobs(db, readSettings(config.settingsPath));
          const out: ImportOutcome[] = [];
          for (const f of positionals) out.push(await jobs.start(resolve(f), { source: 'cli', fileName: basename(f), entity: values.entity, mapping }).done);
          return out;
        },
        remote: async (api) => {
          const form = new FormData();
          for (const f of positionals) form.append('file', await openAsBlob(f), basename(f));
          if (values.entity) form.append('entity', values.entity);
          if (mapping !== undefined) form.append('mapping', JSON.stringify(mapping));
          const answer = await api.upload({ query: { wait: true }, form });
          if (!('outcomes' in answer)) throw new Error('The server did not wait for the imports to finish.');
          return answer.outcomes;
        },
      });
      if (values.json) println(JSON.stringify(outcomes, null, 2));
      else for (const o of outcomes) println(describeOutcome(o));
      return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
    }
    case 'imports': {
      const limit = Number(values.limit);
      const rows = await withBackend(backend, {
        local: (db) => importHistory(db, limit),
        remote: async (api) => (await api.imports({ query: { limit } })).imports,
      });
      if (values.json) println(JSON.stringify(rows, null, 2));
      else println(historyTable(rows));
      return 0;
    }
    case 'report': {
      const what = positionals[0];
      if (!['aging', 'dso', 'items', 'clients'].includes(what)) throw new UsageError('encours report needs aging, dso, items or clients.');
      if (values.format !== 'csv' && values.format !== 'json') throw new UsageError('--format is csv or json.');
      if (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) throw new UsageError('--as-of is a date written YYYY-MM-DD.');
      if (values.basis !== 'due' && values.basis !== 'invoice') throw new UsageError('--basis is due or invoice.');
      if (what === 'items' && !values.client) throw new UsageError('encours report items needs --client.');
      const settings = readSettings(config.settingsPath);
      const edges = values.buckets ? checkBuckets(values.buckets.split(',').map(Number), '--buckets') : settings.aging_buckets;
      const entity = values.entity ?? null;
      const asOf = values['as-of'];
      const basis = values.basis as 'due' | 'invoice';
      const report = await withBackend(backend, {
        local: async (db) => {
          await ensureModelsFresh(db, settings);
          if (what === 'aging') return agingReport(db, { asOf, entity, basis, edges });
          if (what === 'dso') return dsoReport(db, entity);
          if (what === 'clients') return clientsReport(db, { asOf, entity, settings });
          return clientItems(db, { clientId: values.client!, asOf, entity });
        },
        remote: async (api): Promise<AgingReport | DsoReport | ClientItemsReport | ClientsReport> => {
          // the server's own bucket edges unless --buckets says otherwise
          if (what === 'aging') return api.aging({ query: { as_of: asOf, entity, basis, buckets: values.buckets && edges.join(',') } });
          if (what === 'dso') return api.dso({ query: { entity } });
          if (what === 'clients') return api.clients({ query: { as_of: asOf, entity } });
          return api.clientItems({ params: { id: values.client! }, query: { as_of: asOf, entity } });
        },
      });
      io.out(values.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : reportCsv(report));
      return 0;
    }
    case 'forecast': {
      if (values.format !== 'csv' && values.format !== 'json') throw new UsageError('--format is csv or json.');
      if (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) throw new UsageError('--as-of is a date written YYYY-MM-DD.');
      const weeks = values.weeks === undefined ? undefined : Number(values.weeks);
      if (weeks !== undefined && !(Number.isInteger(weeks) && weeks >= 1 && weeks <= 52)) throw new UsageError('--weeks is a whole number of weeks from 1 to 52.');
      const base = readSettings(config.settingsPath);
      const entity = values.entity ?? null;
      const report = await withBackend(backend, {
        local: async (db) => {
          await ensureModelsFresh(db, base);
          return forecastPlan(db, withWeeks(base, weeks), { asOf: values['as-of'], entity });
        },
        remote: (api) => api.forecast({ query: { as_of: values['as-of'], entity, weeks } }),
      });
      io.out(values.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : forecastCsv(report));
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      println(USAGE);
      return command ? 0 : 2;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** The server's flags that make sense for the CLI (its database, settings and threads, where the server is); a bad value is a usage error. */
function cliConfig(flags: { db?: string; settings?: string; threads?: string; host?: string; port?: string }): Config {
  const argv = (['db', 'settings', 'threads', 'host', 'port'] as const).flatMap((name) => (flags[name] === undefined ? [] : [`--${name}`, flags[name]]));
  let config: Config;
  try {
    config = loadConfig(argv);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // the server starts without a settings file (the defaults); a file named on the command line must be there
  if (flags.settings && !existsSync(config.settingsPath)) throw new UsageError(`No settings file ${config.settingsPath}.`);
  return config;
}

/** Runs against the database file, or against the server that holds it (through the typed API client). */
async function withBackend<T>(
  backend: { dbPath: string; threads: number | undefined; url: string; forceRemote: boolean },
  run: { local: (db: Database) => Promise<T>; remote: (api: ApiClient) => Promise<T> },
): Promise<T> {
  if (!backend.forceRemote) {
    let db: Database | undefined;
    try {
      db = await Database.open(backend.dbPath, { threads: backend.threads });
    } catch (err) {
      if (!/in use by another Encours process/.test((err as Error).message)) throw err;
    }
    if (db) {
      try {
        return await run.local(db);
      } finally {
        db.close();
      }
    }
  }
  return run.remote(createClient({ baseUrl: backend.url }));
}

/** The plan by week as CSV: the components, the total and its range. */
function forecastCsv(report: ForecastReport): string {
  const columns = ['week', 'start', 'end', 'open_expected', 'disputed_expected', 'new_sales_expected', 'expected', 'p10', 'p90', 'sales_forecast'] as const;
  return toCsv(['as_of_date', ...columns], report.weeks.map((w) => [report.as_of_date, ...columns.map((k) => w[k])]));
}

/** A report's main table as CSV (comma, decimal point: for scripts; the UI exports Excel-ready CSV). */
function reportCsv(report: AgingReport | DsoReport | ClientItemsReport | ClientsReport): string {
  if ('clients' in report && !('buckets' in report)) {
    const columns = Object.keys(report.clients[0] ?? { client_id: '' }) as (keyof ClientBehaviour)[];
    // the risk factors in one cell: "oldest_days_past_due=62 (+1.31); mean_days_late=38.5 (+0.72)"
    const cell = (c: ClientBehaviour, k: keyof ClientBehaviour) =>
      k === 'risk_factors' ? c.risk_factors.map((f) => `${f.feature}=${Math.round(f.value * 100) / 100} (+${f.contribution.toFixed(2)})`).join('; ') : c[k];
    return toCsv(['as_of_date', ...columns], report.clients.map((c) => [report.as_of_date, ...columns.map((k) => cell(c, k))]));
  }
  if ('buckets' in report) {
    const keys = report.buckets.map((b) => b.key);
    return toCsv(
      ['as_of_date', 'entity_id', 'client_id', 'client_name', ...keys, 'total', 'overdue', 'share_overdue', 'oldest_days_past_due'],
      report.clients.map((c) => [report.as_of_date, c.entity_id, c.client_id, c.client_name, ...c.amounts, c.total, c.overdue, c.share_overdue, c.oldest_days_past_due]),
    );
  }
  if ('months' in report) {
    const columns = Object.keys(report.months[0] ?? { month_end: '' });
    return toCsv(['entity_id', ...columns], report.months.map((m) => [report.entity_id, ...columns.map((k) => (m as unknown as Record<string, unknown>)[k])]));
  }
  const columns = ['entity_id', 'client_id', 'piece_ref', 'line_type', 'doc_date', 'due_date', 'amount', 'open_amount', 'days_past_due', 'status', 'allocation_method', 'settled_date', 'days_late', 'import_id', 'line_no'] as const;
  return toCsv([...columns], report.items.map((i) => columns.map((k) => i[k])));
}

function money(n: number | null): string {
  return n === null ? '' : n.toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function describeOutcome(o: ImportOutcome): string {
  if (o.status === 'failed') return `✘ ${o.error?.report ?? o.file_name + ': failed'}`;
  if (o.status === 'duplicate') return `= ${o.file_name}: already imported as #${o.duplicate_of_import_id}, nothing changed`;
  const lines = [
    `✔ ${o.file_name}: import #${o.import_id}, ${o.format?.toUpperCase()}, entity ${o.entity_id}, ${o.period_start} → ${o.period_end}, ${o.line_count} lines, debit ${money(o.total_debit)}, credit ${money(o.total_credit)} (${o.duration_ms} ms)`,
  ];
  for (const w of o.warnings) lines.push(`  ! ${w}`);
  return lines.join('\n');
}

function historyTable(rows: ImportHistoryRow[]): string {
  if (!rows.length) return 'No import yet.';
  const table = rows.map((r) => [String(r.import_id), r.started_at.replace('T', ' ').slice(0, 16), r.status, r.format ?? '', r.entity_id ?? '', r.period_end ?? '', String(r.line_count ?? ''), r.file_name]);
  const header = ['#', 'when (UTC)', 'status', 'format', 'entity', 'period end', 'lines', 'file'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  return [header, ...table].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}
