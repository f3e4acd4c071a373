// npx encours <command>: import ledger exports, read the import history, the reports and the cash forecast from scripts.
// It opens the database file itself when no server runs; when a server holds the file it talks
// to that server's API instead (cli-backend.ts), or to the server named by --server.
// Exit codes: 0 done, 1 an import failed (or the server could not be reached), 2 usage error
// (a flag, or a report asked for an entity or a date outside the data).
// runCli is the whole CLI with its output given (tests run it in-process); cli-main.ts runs it
// for the process.
import { parseArgs } from 'node:util';
import { existsSync, openAsBlob, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadConfig, type Config } from './config.ts';
import { importJobs } from './import/jobs.ts';
import { ensureModelsFresh } from './models/runner.ts';
import { checkBuckets, readSettings } from './models/settings.ts';
import { importHistory } from './reports/imports.ts';
import { agingReport } from './reports/aging.ts';
import { dsoReport } from './reports/dso.ts';
import { clientItems, clientsReport } from './reports/clients.ts';
import { say } from './util/messages.ts';
import { USAGE } from './cli-usage.ts';
import { NotFound, ReportError, resolveAsOf } from './reports/as-of.ts';
import { toSafeCsv } from '../lib/shared/csv.ts';
import { parseTypedAmount } from '../lib/shared/format.ts';
import { habitLabel } from './forecast/habits.ts';
import { ApiError, type ApiClient } from '../lib/contract/client.ts';
import { ROLES, type AgingReport, type ClientBehaviour, type ClientItemsReport, type ClientsReport, type DsoReport, type ForecastReport, type ImportHistoryRow, type ImportOutcome, type ProvisionsReport, type ProvisionMovementReport, type ProvisionWriteOffsReport, type ReminderBatch, type Role, type User, type Worklist } from '../lib/contract/index.ts';
import { cliActor, withBackend, type Backend } from './cli-backend.ts';
import type { Database } from './db/database.ts';
import { addUser, listUsers, updateUser } from './auth/users.ts';


class UsageError extends Error {}

/** A report refused what it was asked (an entity or an as-of date outside the data…): a usage error, but not one the usage text helps with. */
const isRefusedArgument = (err: unknown) => (err instanceof ReportError && !(err instanceof NotFound)) || (err instanceof ApiError && err.status === 400);

/** Where a command writes, and where it reads a password: the process (cli-main.ts), or a test. */
export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
  /** asks for a password: on the terminal without echo, or the first line of standard input */
  readPassword?: (prompt: string) => Promise<string>;
  /** the environment (ENCOURS_URL, ENCOURS_USER, ENCOURS_PASSWORD); the process's by default */
  env?: NodeJS.ProcessEnv;
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
    const hint = err instanceof ApiError && err.status === 401 ? ' Set ENCOURS_USER and ENCOURS_PASSWORD to sign in to the server.' : '';
    io.err(`${(err as Error).message}${hint}\n`);
    return isRefusedArgument(err) ? 2 : 1;
  }
}

async function main(argv: string[], io: CliOutput): Promise<number> {
  const println = (text: string) => io.out(text + '\n');
  const [command, ...rest] = argv;
  // `encours import --help`, `encours report aging -h`: the usage, as `encours --help` gives it
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    println(USAGE);
    return 0;
  }
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
      role: { type: 'string' },
      admin: { type: 'boolean', default: false },
      settings: { type: 'string' },
      threads: { type: 'string' },
      'memory-limit': { type: 'string' },
      'as-of': { type: 'string' },
      basis: { type: 'string', default: 'due' },
      buckets: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      client: { type: 'string' },
      weeks: { type: 'string' },
      owner: { type: 'string' },
      level: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      reason: { type: 'string' },
      insurer: { type: 'string' },
      'valid-until': { type: 'string' },
    },
  });
  const config = cliConfig(values);
  const env = io.env ?? process.env;
  const backend: Backend = { dbPath: config.dbPath, threads: config.threads, memoryLimit: config.memoryLimit, serverUrl: values.server || env.ENCOURS_URL || undefined, env };

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
          for (const f of positionals) out.push(await jobs.start(resolve(f), { source: 'cli', fileName: basename(f), entity: values.entity, mapping, by: cliActor() }).done);
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
      if (positionals[0] === 'remove') {
        const id = Number(positionals[1]);
        if (!Number.isInteger(id) || id < 1) throw new UsageError('encours imports remove needs the number of an import (see encours imports).');
        const row = await withBackend(backend, {
          local: async (db) => {
            await importJobs(db, readSettings(config.settingsPath)).remove(id, cliActor());
            return (await importHistory(db, 1, id))[0];
          },
          remote: (api) => api.removeImport({ params: { id } }),
        });
        println(`✔ import #${row.import_id} (${row.file_name}) removed: its lines left the store and the figures were computed again.`);
        return 0;
      }
      if (positionals.length) throw new UsageError(`encours imports takes no argument but remove (got "${positionals[0]}").`);
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
      if (!['aging', 'dso', 'items', 'clients', 'provisions', 'write-offs', 'movement', 'expected-loss', 'levers', 'credit'].includes(what)) throw new UsageError('encours report needs aging, dso, items, clients, provisions, write-offs, movement, expected-loss, levers or credit.');
      if (values.format !== 'csv' && values.format !== 'json' && !(what === 'provisions' && values.format === 'fec')) throw new UsageError(`--format is csv or json${what === 'provisions' ? ', or fec' : ''}.`);
      if (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) throw new UsageError('--as-of is a date written YYYY-MM-DD.');
      if (what === 'write-offs' || what === 'movement') return provisionHistoryCommand(what, values, backend, config, io);
      if (what === 'expected-loss') return expectedLossCommand(values, backend, config, io);
      if (what === 'levers') return leversCommand(values, backend, config, io);
      if (what === 'credit') return creditCommand(values, backend, config, io);
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
          if (what === 'provisions') return (await import('./reports/provisions.ts')).provisionsReport(db, { asOf, entity, settings });
          return clientItems(db, { clientId: values.client!, asOf, entity });
        },
        remote: async (api): Promise<AgingReport | DsoReport | ClientItemsReport | ClientsReport | ProvisionsReport> => {
          // the server's own bucket edges unless --buckets says otherwise
          if (what === 'aging') return api.aging({ query: { as_of: asOf, entity, basis, buckets: values.buckets && edges.join(',') } });
          if (what === 'dso') return api.dso({ query: { entity } });
          if (what === 'clients') return api.clients({ query: { as_of: asOf, entity } });
          if (what === 'provisions') return api.provisions({ query: { as_of: asOf, entity } });
          return api.clientItems({ params: { id: values.client! }, query: { as_of: asOf, entity } });
        },
      });
      if (values.format === 'fec' && 'rules' in report) {
        // the entries to book, to save under the FEC's own name for the accounting software
        const { provisionsFec } = await import('./reports/provisions.ts');
        const fec = provisionsFec(report, settings.provisions.accounts);
        io.out(fec.text);
        io.err(`(a FEC of ${fec.text.split('\r\n').length - 2} lines: save it as ${fec.fileName})\n`);
        return 0;
      }
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
          const { forecastPlan, forecastQuality } = await import('./reports/forecast.ts');
          const { finishedBacktest } = await import('./forecast/backtest.ts');
          // a date or an entity without data is said before anything is computed
          const asOf = await resolveAsOf(db, values['as-of'], entity);
          // the plan's range and its payment habits come from the backtest, as on the dashboard:
          // computed here when no server has kept it for these figures (then kept for the next)
          if (!(await finishedBacktest(db, base, entity))) {
            io.err('Backtesting the forecast on this ledger, once per import (its range is calibrated on it)…\n');
            await forecastQuality(db, base, entity);
          }
          return forecastPlan(db, base, { asOf, entity, weeks });
        },
        remote: (api) => api.forecast({ query: { as_of: values['as-of'], entity, weeks } }),
      });
      io.out(values.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : forecastCsv(report));
      return 0;
    }
    case 'collections':
      return collectionsCommand(positionals, values, backend, config, io);
    case 'credit':
      return creditLimitsCommand(positionals, values, backend, config, io);
    case 'users':
      return usersCommand(positionals, values, backend, io);
    case undefined:
    case 'help':
    case '--help':
      println(USAGE);
      return command ? 0 : 2;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** The server's flags that make sense for the CLI (its database, settings, threads and memory); a bad value is a usage error. */
function cliConfig(flags: { db?: string; settings?: string; threads?: string; 'memory-limit'?: string }): Config {
  const argv = (['db', 'settings', 'threads', 'memory-limit'] as const).flatMap((name) => (flags[name] === undefined ? [] : [`--${name}`, flags[name]]));
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

/** encours users …: list the accounts, add one, set a password or a role, disable or enable one. */
async function usersCommand(positionals: string[], values: { json?: boolean; role?: string; admin?: boolean }, backend: Backend, io: CliOutput): Promise<number> {
  const println = (text: string) => io.out(text + '\n');
  const [action = 'list', name, extra] = positionals;
  const role = (text: string | undefined, where: string): Role => {
    if (!ROLES.includes(text as Role)) throw new UsageError(`${where} is one of ${ROLES.join(', ')}.`);
    return text as Role;
  };
  const needName = () => {
    if (!name) throw new UsageError(`encours users ${action} needs a user name.`);
    return name;
  };
  const newPassword = async () => {
    if (!io.readPassword) throw new UsageError('This command needs a password: run it on a terminal, or give the password on the first line of standard input.');
    const password = await io.readPassword(`Password for ${name} (at least 10 characters): `);
    if (password.length < 10) throw new UsageError('The password is too short: at least 10 characters.');
    return password;
  };
  const change = async (body: { role?: Role; password?: string; disabled?: boolean }): Promise<User> =>
    withBackend(backend, { local: (db) => updateUser(db, needName(), body, cliActor()), remote: (api) => api.updateUser({ params: { username: needName() }, body }) });

  switch (action) {
    case 'list': {
      const users = await withBackend(backend, { local: listUsers, remote: async (api) => (await api.users()).users });
      if (values.json) println(JSON.stringify(users, null, 2));
      else println(usersTable(users));
      return 0;
    }
    case 'add': {
      const username = needName();
      if (!/^[A-Za-z0-9._@-]{2,64}$/.test(username)) throw new UsageError('A user name is 2 to 64 letters, digits or . _ @ -.');
      if (values.admin && values.role && values.role !== 'admin') throw new UsageError('Give either --admin or --role, not both.');
      const body = { username, role: role(values.admin ? 'admin' : values.role, '--role'), password: await newPassword() };
      const user = await withBackend(backend, { local: (db) => addUser(db, body, cliActor()), remote: (api) => api.addUser({ body }) });
      println(`✔ ${user.username} can sign in, as ${user.role}.`);
      return 0;
    }
    case 'passwd': {
      needName();
      const user = await change({ password: await newPassword() });
      println(`✔ new password for ${user.username}; their sessions were ended.`);
      return 0;
    }
    case 'role': {
      needName();
      const user = await change({ role: role(extra, 'The role') });
      println(`✔ ${user.username} is now ${user.role}.`);
      return 0;
    }
    case 'disable':
    case 'enable': {
      needName();
      const user = await change({ disabled: action === 'disable' });
      println(user.disabled ? `✔ ${user.username} can no longer sign in (what they did keeps their name).` : `✔ ${user.username} can sign in again.`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown users command "${action}": list, add, passwd, role, disable or enable.`);
  }
}

function usersTable(users: User[]): string {
  if (!users.length) return 'No account yet: Encours answers this machine only, without signing in. Add the first admin with: encours users add <name> --admin';
  const table = users.map((u) => [u.username, u.role, u.disabled ? 'disabled' : 'active', u.created_at.replace('T', ' ').slice(0, 16), u.created_by ?? '']);
  return textTable(['user', 'role', 'state', 'created (UTC)', 'by'], table);
}

/** Columns padded to their widest cell, for a terminal. */
function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  return [header, ...rows].map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** encours report write-offs | movement: the write-offs up to the date, or the movement of 416 and 491 since the previous closing. */
async function provisionHistoryCommand(what: 'write-offs' | 'movement', values: { 'as-of'?: string; entity?: string; format?: string }, backend: Backend, config: Config, io: CliOutput): Promise<number> {
  const settings = readSettings(config.settingsPath);
  const q = { asOf: values['as-of'], entity: values.entity ?? null };
  const report = await withBackend(backend, {
    local: async (db): Promise<ProvisionWriteOffsReport | ProvisionMovementReport> => {
      await ensureModelsFresh(db, settings);
      const { provisionMovementReport, provisionWriteOffsReport } = await import('./reports/provisions.ts');
      return what === 'write-offs' ? provisionWriteOffsReport(db, q) : provisionMovementReport(db, q);
    },
    remote: (api): Promise<ProvisionWriteOffsReport | ProvisionMovementReport> =>
      what === 'write-offs' ? api.provisionWriteOffs({ query: { as_of: q.asOf, entity: q.entity } }) : api.provisionMovement({ query: { as_of: q.asOf, entity: q.entity } }),
  });
  if (values.format === 'json') io.out(JSON.stringify(report, null, 2) + '\n');
  else if ('write_offs' in report) {
    const columns = ['entity_id', 'fiscal_year_end', 'entry_date', 'client_id', 'client_name', 'account_num', 'piece_ref', 'amount', 'bad_debt', 'vat_recovered', 'provision_reversed'] as const;
    io.out(toSafeCsv(['as_of_date', ...columns, 'invoices'], report.write_offs.map((w) => [report.as_of_date, ...columns.map((k) => w[k]), w.invoices.join(' ')])));
  } else {
    // one line per entity and account (416, 491): the opening, the movements (decreases as positive amounts), the closing
    const header = ['as_of_date', 'entity_id', 'previous_closing', 'closing_basis', 'account', 'opening', 'transfers_in', 'receipts', 'credit_notes', 'write_offs', 'allowances', 'reversals', 'other', 'closing', 'difference'];
    io.out(
      toSafeCsv(
        header,
        report.entities.flatMap(({ doubtful: d, provision: p, ...e }) => [
          [report.as_of_date, e.entity_id, e.previous_closing, e.closing_basis, '416', d.opening, d.transfers_in, d.receipts, d.credit_notes, d.write_offs, null, null, d.other, d.closing, d.difference],
          [report.as_of_date, e.entity_id, e.previous_closing, e.closing_basis, '491', p.opening, null, null, null, null, p.allowances, p.reversals, null, p.closing, p.difference],
        ]),
      ),
    );
  }
  return 0;
}

/** encours report expected-loss: the provision matrix at the date, one CSV line per bucket, then the doubtful debts and the unapplied credits. */
async function expectedLossCommand(values: { 'as-of'?: string; entity?: string; format?: string }, backend: Backend, config: Config, io: CliOutput): Promise<number> {
  const settings = readSettings(config.settingsPath);
  const q = { asOf: values['as-of'], entity: values.entity ?? null };
  const report = await withBackend(backend, {
    local: async (db) => {
      await ensureModelsFresh(db, settings);
      return (await import('./reports/expected-loss.ts')).expectedLossReport(db, { ...q, settings });
    },
    remote: (api) => api.expectedLoss({ query: { as_of: q.asOf, entity: q.entity } }),
  });
  if (values.format === 'json') {
    io.out(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const common = [report.as_of_date, report.entity_id, report.status, report.month_ends];
  io.out(
    toSafeCsv(
      ['as_of_date', 'entity_id', 'status', 'month_ends', 'bucket', 'open_amount', 'history_open', 'history_lost', 'lost_clients', 'rate', 'expected_loss'],
      [
        ...report.matrix.map((m) => [...common, m.key, m.open_amount, m.history_open, m.history_lost, m.lost_clients, m.rate, m.expected_loss]),
        [...common, 'doubtful', report.doubtful.open_amount, null, null, null, null, report.doubtful.provision],
        [...common, 'unapplied', report.unapplied, null, null, null, null, null],
      ],
    ),
  );
  return 0;
}

/**
 * encours report levers: the CFO's levers at the date with the settings' inputs (`levers`). The CSV
 * is one line per client — its lateness and what it costs, the escompte on its delays and its rank
 * among the clients to offer it to — then a line of the totals (client_id *); the JSON is the whole
 * answer of /api/levers, with the inputs, the formulas, the cash freed and factoring.
 */
async function leversCommand(values: { 'as-of'?: string; entity?: string; format?: string }, backend: Backend, config: Config, io: CliOutput): Promise<number> {
  const settings = readSettings(config.settingsPath);
  const q = { asOf: values['as-of'], entity: values.entity ?? null };
  const report = await withBackend(backend, {
    local: async (db) => {
      await ensureModelsFresh(db, settings);
      return (await import('./reports/levers.ts')).leversReport(db, settings, q);
    },
    remote: (api) => api.levers({ query: { as_of: q.asOf, entity: q.entity } }),
  });
  if (values.format === 'json') {
    io.out(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const columns = ['client_name', 'sales_12m', 'late_amount_days_12m', 'late_payment_cost_12m', 'overdue_amount', 'late_payment_cost_per_day', 'days_to_pay_12m', 'net_days', 'escompte_annual_cost', 'escompte_net_gain', 'escompte_rank'] as const;
  const { late_payment: late, escompte } = report;
  io.out(
    toSafeCsv(
      ['as_of_date', 'entity_id', 'client_id', ...columns],
      [
        ...report.clients.map((c) => [report.as_of_date, c.entity_id, c.client_id, ...columns.map((k) => c[k])]),
        [report.as_of_date, report.entity_id, '*', null, report.cash_freed.sales_12m, late.amount_days_12m, late.cost_12m, late.overdue_amount, late.cost_per_day, null, escompte.net_days, escompte.annual_cost, escompte.net_gain, null],
      ],
    ),
  );
  return 0;
}

/**
 * encours report credit: the clients' exposure against their credit limits at the date. The CSV is
 * one line per client — exposure, limit in force, use, status, who decided it, the suggested limit
 * and its arithmetic — then a line of the totals (client_id *); the JSON is the whole answer of
 * /api/credit.
 */
async function creditCommand(values: { 'as-of'?: string; entity?: string; format?: string }, backend: Backend, config: Config, io: CliOutput): Promise<number> {
  const settings = readSettings(config.settingsPath);
  const q = { asOf: values['as-of'], entity: values.entity ?? null };
  const report = await withBackend(backend, {
    local: async (db) => {
      await ensureModelsFresh(db, settings);
      return (await import('./reports/credit.ts')).creditReport(db, settings, q);
    },
    remote: (api) => api.credit({ query: { as_of: q.asOf, entity: q.entity ?? undefined } }),
  });
  if (values.format === 'json') {
    io.out(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const columns = ['client_name', 'exposure', 'limit_amount', 'insurer', 'valid_until', 'use_pct', 'status', 'source', 'decided_by', 'decided_at'] as const;
  const suggestion = ['amount', 'sales_12m', 'monthly_sales', 'terms_days', 'days_late', 'risk_factor'] as const;
  const t = report.totals;
  io.out(
    toSafeCsv(
      ['as_of_date', 'entity_id', 'client_id', ...columns, ...suggestion.map((k) => `suggested_${k === 'amount' ? 'limit' : k}`)],
      [
        ...report.clients.map((c) => [report.as_of_date, c.entity_id, c.client_id, ...columns.map((k) => c[k]), ...suggestion.map((k) => c.suggested[k])]),
        [report.as_of_date, report.entity_id, '*', null, t.exposure, t.covered_by_insurer, null, null, t.covered_share === null ? null : Math.round(t.covered_share * 10000) / 100, null, null, null, null, null, null, null, null, null, null],
      ],
    ),
  );
  return 0;
}

/**
 * A CSV file of the users' own data (contacts, credit limits) imported by the CLI's user: into the
 * database file (its models brought up to date first), or sent to the server as the page sends it.
 */
async function importUsersFile<T>(
  file: string | undefined,
  command: string,
  backend: Backend,
  config: Config,
  run: { local: (db: Database, file: string, by: string) => Promise<T>; remote: (api: ApiClient, form: FormData) => Promise<T> },
): Promise<T> {
  if (!file || !existsSync(file)) throw new UsageError(file ? `No such file: ${file}` : `${command} needs a CSV file.`);
  return withBackend(backend, {
    local: async (db) => {
      await ensureModelsFresh(db, readSettings(config.settingsPath));
      return run.local(db, file, cliActor());
    },
    remote: (api) => {
      const form = new FormData();
      form.append('file', new Blob([readFileSync(file)]), basename(file));
      return run.remote(api, form);
    },
  });
}

/**
 * encours credit: the credit limits, the users' own data — a list such as a credit insurer's
 * imported (every line checked first, as on the Clients page), one client's limit recorded or
 * withdrawn with its reason, and the limits recorded (oldest first), each with who decided it and
 * when. The CLI's user is the author (cli:<system user>, or the server's account).
 */
async function creditLimitsCommand(
  positionals: string[],
  values: { entity?: string; client?: string; format?: string; reason?: string; insurer?: string; 'valid-until'?: string },
  backend: Backend,
  config: Config,
  io: CliOutput,
): Promise<number> {
  const [what, ...args] = positionals;
  if (what === 'import') {
    const result = await importUsersFile(args[0], 'encours credit import', backend, config, {
      local: async (db, file, by) => (await import('./credit/limits.ts')).importCreditLimits(db, file, basename(file), by),
      remote: (api, form) => api.importCreditLimits({ form }),
    });
    io.out(`✔ ${result.file_name}: ${result.limits} limits recorded${result.warnings.length ? `\n${result.warnings.map((w) => `  ! ${w}`).join('\n')}` : ''}\n`);
    return 0;
  }
  if (what === 'set') {
    const [client, given] = args;
    if (!client || given === undefined) throw new UsageError('encours credit set needs a client code and an amount (or none to withdraw the limit), and --reason.');
    const amount = given === 'none' ? null : parseTypedAmount(given);
    if (given !== 'none' && amount === null) throw new UsageError(`"${given}" is not an amount in euros (such as 15000 or 15000.50), nor none.`);
    if (!values.reason || values.reason.trim().length < 3) throw new UsageError('encours credit set needs --reason "why" (3 characters at least): it is kept with the limit.');
    const until = values['valid-until'];
    // a date of the calendar: 2026-02-30 is not one (Date rolls it over to 2 March)
    const time = until ? Date.parse(until + 'T00:00:00Z') : NaN;
    if (until && !(/^\d{4}-\d{2}-\d{2}$/.test(until) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(until))) throw new UsageError('--valid-until is a date written YYYY-MM-DD.');
    const body = { client_id: client, amount, reason: values.reason, insurer: values.insurer ?? null, valid_until: until ?? null, ...(values.entity ? { entity: values.entity } : {}) };
    const limit = await withBackend(backend, {
      local: async (db) => {
        await ensureModelsFresh(db, readSettings(config.settingsPath));
        return (await import('./credit/limits.ts')).recordCreditLimit(db, body, cliActor());
      },
      remote: (api) => api.recordCreditLimit({ body }),
    });
    io.out(`✔ ${limit.entity_id} ${limit.client_id}: ${limit.amount === null ? 'limit withdrawn' : `limit ${limit.amount.toFixed(2)} EUR${limit.insurer ? ` (${limit.insurer})` : ''}${limit.valid_until ? ` until ${limit.valid_until}` : ''}`}, recorded by ${limit.decided_by}\n`);
    return 0;
  }
  if (what !== 'limits') throw new UsageError('encours credit needs import, set or limits.');
  if (values.format !== 'csv' && values.format !== 'json') throw new UsageError('--format is csv or json.');
  const q = { entity: values.entity ?? null, client: values.client ?? null };
  const limits = await withBackend(backend, {
    local: async (db) => {
      await ensureModelsFresh(db, readSettings(config.settingsPath));
      return (await import('./credit/limits.ts')).creditLimits(db, q);
    },
    remote: async (api) => (await api.creditLimits({ query: { entity: q.entity ?? undefined, client: q.client ?? undefined } })).limits,
  });
  if (values.format === 'json') io.out(JSON.stringify({ limits }, null, 2) + '\n');
  else {
    const columns = ['limit_id', 'entity_id', 'client_id', 'client_name', 'amount', 'currency', 'insurer', 'valid_until', 'source', 'reason', 'decided_by', 'decided_at'] as const;
    io.out(toSafeCsv([...columns], limits.map((l) => columns.map((k) => l[k]))));
  }
  return 0;
}

/** The morning's worklist, or a contacts file imported. */
async function collectionsCommand(
  positionals: string[],
  values: { 'as-of'?: string; entity?: string; owner?: string; level?: string; format?: string; 'dry-run'?: boolean },
  backend: Backend,
  config: Config,
  io: CliOutput,
): Promise<number> {
  const [what, file] = positionals;
  if (what === 'contacts') {
    const result = await importUsersFile(file, 'encours collections contacts', backend, config, {
      local: async (db, path, by) => (await import('./collections/contacts-import.ts')).importContacts(db, path, basename(path), by),
      remote: (api, form) => api.importContacts({ form }),
    });
    io.out(`✔ ${result.file_name}: ${result.contacts} contacts, ${result.profiles} client profiles${result.warnings.length ? `\n${result.warnings.map((w) => `  ! ${w}`).join('\n')}` : ''}\n`);
    return 0;
  }
  if (what !== 'worklist' && what !== 'send') throw new UsageError('encours collections needs worklist, contacts or send.');
  if (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) throw new UsageError('--as-of is a date written YYYY-MM-DD.');
  const level = values.level === undefined ? undefined : Number(values.level);
  if (level !== undefined && !(Number.isInteger(level) && level >= 1 && level <= 20)) throw new UsageError('--level is a dunning level: a whole number from 1.');
  if (what === 'send') return sendCommand({ asOf: values['as-of'], entity: values.entity, owner: values.owner, level, dryRun: values['dry-run'] ?? false, json: values.format === 'json' }, backend, config, io);
  if (values.format !== 'csv' && values.format !== 'json') throw new UsageError('--format is csv or json.');
  const q = { as_of: values['as-of'], entity: values.entity ?? null, owner: values.owner, level };
  const list = await withBackend(backend, {
    local: async (db) => {
      const settings = readSettings(config.settingsPath);
      await ensureModelsFresh(db, settings);
      return (await import('./reports/collections.ts')).worklist(db, settings, { asOf: q.as_of, entity: q.entity, owner: q.owner ?? null, level: q.level ?? null });
    },
    remote: (api) => api.worklist({ query: { as_of: q.as_of, entity: q.entity, owner: q.owner, level: q.level } }),
  });
  io.out(values.format === 'json' ? JSON.stringify(list, null, 2) + '\n' : worklistCsv(list));
  return 0;
}

/**
 * The morning's reminders: the batch at the latest date of the data; with --dry-run only shown.
 * Sent: the e-mails that need no confirmation. A formal notice (a manual level) is confirmed one
 * by one in the app; a client without an e-mail address gets a printed letter (letters.pdf).
 */
async function sendCommand(p: { asOf?: string; entity?: string; owner?: string; level?: number; dryRun: boolean; json: boolean }, backend: Backend, config: Config, io: CliOutput): Promise<number> {
  const q = { as_of: p.asOf, entity: p.entity, owner: p.owner, level: p.level };
  const done = await withBackend(backend, {
    local: async (db) => {
      const settings = readSettings(config.settingsPath);
      await ensureModelsFresh(db, settings);
      const [{ reminderBatch }, { sendReminders }] = await Promise.all([import('./reports/reminders.ts'), import('./reminders/send.ts')]);
      const batch = await reminderBatch(db, settings, { asOf: q.as_of, entity: q.entity ?? null, owner: q.owner ?? null, level: q.level ?? null });
      if (p.dryRun) return { batch, result: null };
      if (!batch.is_latest) throw new ReportError(say.notLatestDate(q.as_of!, batch.as_of_date));
      const keys = sendable(batch);
      return { batch, result: keys.length ? await sendReminders(db, settings, { entity: q.entity, keys, delivery: 'email' }, cliActor()) : null };
    },
    remote: async (api) => {
      const batch = await api.reminderBatch({ query: q });
      if (p.dryRun) return { batch, result: null };
      if (!batch.is_latest) throw new ReportError(say.notLatestDate(q.as_of!, batch.as_of_date));
      const keys = sendable(batch);
      return { batch, result: keys.length ? await api.sendReminders({ body: { entity: q.entity, keys, delivery: 'email' } }) : null };
    },
  });
  const { batch, result } = done;
  if (!p.dryRun && !batch.smtp.configured && sendableAll(batch).length) throw new ReportError(say.noSmtp);
  if (p.json) {
    io.out(JSON.stringify({ batch, result }, null, 2) + '\n');
  } else {
    const outcome = new Map((result?.results ?? []).map((r) => [r.key, r]));
    const rows = batch.letters.map((l) => {
      const o = outcome.get(l.key);
      const state = o ? (o.status === 'skipped' ? `skipped (${o.reason})` : o.status === 'failed' ? `FAILED: ${o.error}` : 'sent') : l.error ? `cannot be written: ${l.error.en}` : l.manual ? 'to confirm in the app' : l.delivery === 'letter' ? 'to print (no e-mail address)' : p.dryRun ? 'would be sent' : '';
      return [l.client_id, l.client_name ?? '', String(l.level), l.template, l.recipients.join(', '), money(l.total_due), String(l.invoices.length), state];
    });
    io.out(`Reminders at ${batch.as_of_date}: ${batch.totals.letters} letters (${batch.totals.emails} by e-mail, ${batch.totals.to_print} to print, ${batch.totals.manual} to confirm)\n`);
    if (rows.length) io.out(textTable(['client', 'name', 'level', 'letter', 'to', 'total due', 'invoices', ''], rows) + '\n');
    if (result) io.out(`${result.sent} sent, ${result.failed} failed, ${result.skipped} skipped\n`);
    if (batch.totals.errors) io.out(`${batch.totals.errors} letters cannot be written (see above): they did not go\n`);
  }
  // a letter that failed, or that could not be written (a rate missing, a template broken), fails the run
  return (result && result.failed > 0) || batch.totals.errors > 0 ? 1 : 0;
}

/** The letters a morning run sends by itself: by e-mail, written, no confirmation needed. */
const sendable = (batch: ReminderBatch) => sendableAll(batch).map((l) => l.key);
const sendableAll = (batch: ReminderBatch) => batch.letters.filter((l) => !l.error && !l.manual && l.delivery === 'email');

/** One line per client to contact, in the order of the list. */
function worklistCsv(list: Worklist): string {
  const header = ['as_of_date', 'rank', 'entity_id', 'client_id', 'client_name', 'owner', 'next_level', 'next_channel', 'reason', 'overdue_amount', 'amount_due', 'invoices_due', 'oldest_days_past_due', 'cash_at_stake', 'priority', 'risk_band', 'segment', 'last_action', 'last_action_on', 'open_promise_date', 'open_promise_amount', 'open_disputes'];
  return toSafeCsv(
    header,
    list.clients.map((c) => [
      list.as_of_date, c.rank, c.entity_id, c.client_id, c.client_name, c.owner, c.next_level, c.next_channel, c.reason, c.overdue_amount, c.amount_due, c.invoices_due,
      c.oldest_days_past_due, c.cash_at_stake, c.priority, c.risk_band, c.segment, c.last_action ? `${c.last_action.kind}${c.last_action.outcome ? ` (${c.last_action.outcome})` : ''}` : null,
      c.last_action?.done_on ?? null, c.open_promise?.promise_date ?? null, c.open_promise?.amount ?? null, c.open_disputes,
    ]),
  );
}

/** The plan by week as CSV: the components, the total and its range. */
function forecastCsv(report: ForecastReport): string {
  const columns = ['week', 'start', 'end', 'open_expected', 'disputed_expected', 'promised_expected', 'new_sales_expected', 'expected', 'p10', 'p90', 'sales_forecast'] as const;
  return toSafeCsv(['as_of_date', ...columns], report.weeks.map((w) => [report.as_of_date, ...columns.map((k) => w[k])]));
}

/** A report's main table as CSV (comma, decimal point: for scripts; the UI exports Excel-ready CSV); text that would run as a formula is neutralised all the same. */
function reportCsv(report: AgingReport | DsoReport | ClientItemsReport | ClientsReport | ProvisionsReport): string {
  if ('rules' in report) {
    const columns = ['entity_id', 'client_id', 'client_name', 'piece_ref', 'doc_date', 'due_date', 'days_past_due', 'open_amount', 'vat_from_ledger', 'base', 'rate', 'provision'] as const;
    return toSafeCsv(['as_of_date', ...columns], report.invoices.map((i) => [report.as_of_date, ...columns.map((k) => i[k])]));
  }
  if ('clients' in report && !('buckets' in report)) {
    const columns = Object.keys(report.clients[0] ?? { client_id: '' }) as (keyof ClientBehaviour)[];
    // the risk factors in one cell: "oldest_days_past_due=62 (+1.31); mean_days_late=38.5 (+0.72)"
    const cell = (c: ClientBehaviour, k: keyof ClientBehaviour) =>
      k === 'risk_factors'
        ? c.risk_factors.map((f) => `${f.feature}=${Math.round(f.value * 100) / 100} (+${f.contribution.toFixed(2)})`).join('; ')
        : k === 'payment_habit'
          ? c.payment_habit && habitLabel(c.payment_habit)
          : c[k];
    return toSafeCsv(['as_of_date', ...columns], report.clients.map((c) => [report.as_of_date, ...columns.map((k) => cell(c, k))]));
  }
  if ('buckets' in report) {
    const keys = report.buckets.map((b) => b.key);
    return toSafeCsv(
      ['as_of_date', 'entity_id', 'client_id', 'client_name', ...keys, 'total', 'overdue', 'share_overdue', 'oldest_days_past_due', 'doubtful'],
      report.clients.map((c) => [report.as_of_date, c.entity_id, c.client_id, c.client_name, ...c.amounts, c.total, c.overdue, c.share_overdue, c.oldest_days_past_due, c.doubtful]),
    );
  }
  if ('months' in report) {
    const columns = Object.keys(report.months[0] ?? { month_end: '' });
    return toSafeCsv(['entity_id', ...columns], report.months.map((m) => [report.entity_id, ...columns.map((k) => (m as unknown as Record<string, unknown>)[k])]));
  }
  const columns = ['entity_id', 'client_id', 'piece_ref', 'line_type', 'doc_date', 'due_date', 'amount', 'open_amount', 'days_past_due', 'status', 'allocation_method', 'settled_date', 'days_late', 'import_id', 'line_no'] as const;
  return toSafeCsv([...columns], report.items.map((i) => columns.map((k) => i[k])));
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
  const table = rows.map((r) => [String(r.import_id), r.started_at.replace('T', ' ').slice(0, 16), r.status, r.format ?? '', r.entity_id ?? '', r.period_end ?? '', String(r.line_count ?? ''), r.imported_by ?? r.source, r.file_name]);
  return textTable(['#', 'when (UTC)', 'status', 'format', 'entity', 'period end', 'lines', 'by', 'file'], table);
}
