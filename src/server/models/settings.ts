// Model settings: receivable account prefixes, journal kind overrides, payment terms and ageing
// buckets. Read from a JSON file (data/settings.json by default, ENCOURS_SETTINGS), validated,
// and written into the settings_* tables that the SQL models join — so configuration reaches
// the models as rows, never spliced into SQL text.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Params, Session } from '../db/database.ts';
import { parseTerms } from '../../lib/shared/terms.ts';
import { DUNNING_CHANNELS, type DunningChannel } from '../../lib/contract/collections.ts';
import type { LeversInputs } from '../../lib/contract/levers.ts';

export type AccountClass = 'client' | 'bills' | 'doubtful' | 'advance' | 'unbilled' | 'revenue' | 'bank' | 'bad_debt' | 'vat_collected' | 'provision';
export type JournalKind = 'sales' | 'bank' | 'opening' | 'other';

export interface Settings {
  /** account number prefix → class; the longest matching prefix wins */
  accounts: Record<string, AccountClass>;
  /** journal code → kind for every entity, or "<entity>/<journal code>" → kind for one */
  journals: Record<string, JournalKind>;
  /** "30 days net", "45 days end of month"; per client as "<client>" or "<entity>/<client>" */
  payment_terms: { default: string; clients: Record<string, string> };
  /** upper edges in days past due of the buckets after "not due": [30, 60, 90] → 1-30, 31-60, 61-90, over 90 */
  aging_buckets: number[];
  /** client segments: new (little history), at risk (late, deteriorating, or far overdue), regular */
  segments: {
    new_client_months: number;
    new_client_min_invoices: number;
    at_risk_mean_days_late: number;
    at_risk_oldest_overdue_days: number;
  };
  /**
   * the trend label (last 3 months against the 9 before) needs min_invoices earlier and
   * min_recent_invoices recent invoices, a change of min_change_days, and a z statistic of min_t
   * with the earlier months' standard deviation floored at min_sd_days (see client_behaviour.sql)
   */
  trend: { min_invoices: number; min_recent_invoices: number; min_change_days: number; min_sd_days: number; min_t: number };
  /**
   * the risk model: a default is a transfer to 416, a write-off or an invoice more than late_days
   * past due within horizon_months; fitted on the training_months of month-ends before, with an
   * L2 penalty l2; delays of clients with few invoices weigh as if prior_invoices of their
   * segment's were added; bands are the upper edges in % of low and medium
   */
  risk: { horizon_months: number; late_days: number; training_months: number; prior_invoices: number; l2: number; bands: [number, number] };
  /**
   * the cash forecast: weeks ahead; months of due dates it learns payment delays from; how many
   * invoices of their segment (of the portfolio) clients (segments) with little history borrow;
   * simulations for the range, with their seed; how much the payment dates of two invoices of
   * one client move together in a simulation (one transfer for several invoices, a client late on
   * all), and of any two invoices (a week when everyone pays late: holidays, a tight month); how
   * many weekly origins its backtest forecasts from (fewer: a quicker, rougher backtest), and how
   * many invoice forecasts it may cost (origins × invoices open at the last one): a larger ledger
   * takes fewer origins, spread over the weeks, never fewer than 8; its simulations per origin —
   * as many as the plan's by default: its errors, measured in half-ranges of its origins'
   * simulated ranges, calibrate the plan's range, so both are simulated alike; whether the plan places the
   * receipts of clients with a payment habit (a run on the 10th, on Fridays…) on their run days:
   * auto — once the backtest has shown it lowers the error on this ledger, on, off
   */
  forecast: { weeks: number; history_months: number; prior_invoices: number; segment_prior_invoices: number; simulations: number; seed: number; client_correlation: number; portfolio_correlation: number; backtest_origins: number; backtest_invoice_budget: number; backtest_simulations: number; payment_habits: 'auto' | 'on' | 'off' };
  /**
   * the dunning policy: the levels of reminders, each with its offset in days after the due date
   * and its channel — the standard ones, and those of key accounts (the salesperson calls first);
   * how many days after its date a promise to pay still counts as kept when the cash arrives
   * (transfers take a day or two); how many promises of the portfolio a client with few promises
   * borrows for its keeping rate; the horizon in days of the worklist's ranking (the cash still
   * unpaid that many days from now without action)
   */
  dunning: { standard: DunningLevel[]; key_account: DunningLevel[]; promise_grace_days: number; promise_prior: number; horizon_days: number };
  /** the reminders that go out: see ReminderSettings */
  reminders: ReminderSettings;
  /**
   * Provisions on doubtful receivables (dépréciation), on the amount excluding VAT: the rate by
   * days past due ("over 90 days, 25 %"), and the VAT rate assumed where the sales entry of an
   * invoice is not in the ledger (an opening line, an invoice list).
   */
  provisions: { rules: { over_days: number; rate: number }[]; vat_rate: number; accounts: ProvisionAccounts };
  /** the CFO's levers: the default inputs of /api/levers (see LeversInputs in src/lib/contract/levers.ts) */
  levers: LeversInputs;
}

/** The accounts of the provision entries exported to book: the provision (491), the allowance (6817), the reversal (7817). */
export interface ProvisionAccounts {
  provision: string;
  allowance: string;
  reversal: string;
}

export interface DunningLevel {
  days: number;
  channel: DunningChannel;
  /** the letter of a written level (reminder_email, reminder_letter, formal_notice): by default the first written reminder is friendly, the next ones firm, a formal notice a formal notice */
  template?: 'friendly' | 'firm' | 'formal_notice';
  /** its letters need one confirmation each before they go (by default: formal notices) */
  manual?: boolean;
}

/**
 * The letters and e-mails of the reminders: our company as the letters name it; the credit
 * controllers' e-mail addresses (by the name clients are assigned to: replies go to them); a folder
 * of templates overriding the shipped ones file by file; the days a formal notice (or a firm
 * reminder) gives to pay; the late-payment charges — the points added to the ECB rate, the fixed
 * indemnity, and semesters' rates added to the shipped tables (src/server/reminders/rates.ts); the
 * SMTP server (the environment's ENCOURS_SMTP_* variables win; the password is best left there).
 */
export interface ReminderSettings {
  company: { name: string; siren: string; address: string[]; city: string; iban: string; bic: string; email: string; phone: string };
  team: Record<string, string>;
  templates_dir: string | null;
  payment_days: number;
  charges: { enabled: boolean; points: number; indemnity: number; ecb_rates: Record<string, number>; legal_rates: Record<string, number> };
  smtp: { host: string | null; port: number; secure: boolean; user: string | null; password: string | null; from: string | null };
}

export const DEFAULT_SETTINGS: Settings = {
  accounts: { '411': 'client', '413': 'bills', '416': 'doubtful', '4191': 'advance', '418': 'unbilled', '70': 'revenue', '51': 'bank', '654': 'bad_debt', '4457': 'vat_collected', '491': 'provision' },
  journals: {},
  payment_terms: { default: '30 days net', clients: {} },
  aging_buckets: [30, 60, 90],
  segments: { new_client_months: 6, new_client_min_invoices: 5, at_risk_mean_days_late: 30, at_risk_oldest_overdue_days: 90 },
  trend: { min_invoices: 3, min_recent_invoices: 2, min_change_days: 10, min_sd_days: 5, min_t: 2 },
  risk: { horizon_months: 6, late_days: 90, training_months: 24, prior_invoices: 5, l2: 30, bands: [5, 15] },
  forecast: { weeks: 13, history_months: 24, prior_invoices: 5, segment_prior_invoices: 20, simulations: 300, seed: 1, client_correlation: 0.5, portfolio_correlation: 0.2, backtest_origins: 26, backtest_invoice_budget: 600_000, backtest_simulations: 300, payment_habits: 'auto' },
  dunning: {
    standard: [
      { days: 1, channel: 'reminder_email' },
      { days: 7, channel: 'call' },
      { days: 20, channel: 'formal_notice' },
      { days: 45, channel: 'escalation' },
    ],
    key_account: [
      { days: 1, channel: 'call' },
      { days: 10, channel: 'reminder_email' },
      { days: 20, channel: 'formal_notice' },
      { days: 45, channel: 'escalation' },
    ],
    promise_grace_days: 3,
    promise_prior: 3,
    horizon_days: 14,
  },
  provisions: {
    rules: [
      { over_days: 90, rate: 0.25 },
      { over_days: 180, rate: 0.5 },
      { over_days: 270, rate: 0.75 },
      { over_days: 360, rate: 1 },
    ],
    vat_rate: 0.2,
    accounts: { provision: '491100', allowance: '681700', reversal: '781700' },
  },
  levers: {
    cost_of_funds: 0.05,
    dso_reduction_days: 10,
    discount_rate: 0.02,
    discount_days: 10,
    net_days: null,
    factoring_commission: 0.005,
    factoring_rate: 0.04,
    factoring_reserve: 0.1,
    factoring_exclude_disputed: true,
    factoring_exclude_doubtful: true,
    factoring_exclude_past_due: true,
    factoring_past_due_days: 90,
  },
  reminders: {
    company: { name: '', siren: '', address: [], city: '', iban: '', bic: '', email: '', phone: '' },
    team: {},
    templates_dir: null,
    payment_days: 8,
    charges: { enabled: true, points: 10, indemnity: 40, ecb_rates: {}, legal_rates: {} },
    smtp: { host: null, port: 587, secure: false, user: null, password: null, from: null },
  },
};

const ACCOUNT_CLASSES: AccountClass[] = ['client', 'bills', 'doubtful', 'advance', 'unbilled', 'revenue', 'bank', 'bad_debt', 'vat_collected', 'provision'];
const JOURNAL_KINDS: JournalKind[] = ['sales', 'bank', 'opening', 'other'];

export class SettingsError extends Error {}

/** The defaults, overlaid with the settings file when there is one; every value checked. */
export function readSettings(path: string | undefined): Settings {
  if (!path || !existsSync(path)) return DEFAULT_SETTINGS;
  let raw: Partial<Settings>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    // the parser's message quotes the file (where an SMTP password may be): only where it broke
    const at = /position (\d+)/.exec((err as Error).message);
    const text = readFileSync(path, 'utf8');
    const where = at ? text.slice(0, Number(at[1])).split('\n') : null;
    throw new SettingsError(`The settings file ${path} is not valid JSON${where ? ` (line ${where.length}, column ${where.at(-1)!.length + 1})` : ''}: check its quotes, commas and braces.`);
  }
  const reminders = mergeReminders(raw.reminders);
  // a templates folder is read from where the settings file is
  if (reminders.templates_dir && typeof reminders.templates_dir === 'string') reminders.templates_dir = resolve(dirname(path), reminders.templates_dir);
  return checkSettings(
    {
      accounts: { ...DEFAULT_SETTINGS.accounts, ...(raw.accounts ?? {}) },
      journals: { ...(raw.journals ?? {}) },
      payment_terms: { default: raw.payment_terms?.default ?? DEFAULT_SETTINGS.payment_terms.default, clients: { ...(raw.payment_terms?.clients ?? {}) } },
      aging_buckets: raw.aging_buckets ?? DEFAULT_SETTINGS.aging_buckets,
      segments: { ...DEFAULT_SETTINGS.segments, ...(raw.segments ?? {}) },
      trend: { ...DEFAULT_SETTINGS.trend, ...(raw.trend ?? {}) },
      risk: { ...DEFAULT_SETTINGS.risk, ...(raw.risk ?? {}) },
      forecast: { ...DEFAULT_SETTINGS.forecast, ...(raw.forecast ?? {}) },
      dunning: { ...DEFAULT_SETTINGS.dunning, ...(raw.dunning ?? {}) },
      provisions: { ...DEFAULT_SETTINGS.provisions, ...(raw.provisions ?? {}), accounts: { ...DEFAULT_SETTINGS.provisions.accounts, ...(raw.provisions?.accounts ?? {}) } },
      levers: { ...DEFAULT_SETTINGS.levers, ...(raw.levers ?? {}) },
      reminders,
    },
    path,
  );
}

export function checkSettings(settings: Settings, where = 'settings'): Settings {
  for (const [prefix, cls] of Object.entries(settings.accounts)) {
    if (!/^\d+$/.test(prefix)) throw new SettingsError(`${where}: account prefix "${prefix}" must be digits.`);
    if (!ACCOUNT_CLASSES.includes(cls)) throw new SettingsError(`${where}: account class "${cls}" for ${prefix} is not one of ${ACCOUNT_CLASSES.join(', ')}.`);
  }
  for (const [code, kind] of Object.entries(settings.journals)) {
    if (!JOURNAL_KINDS.includes(kind)) throw new SettingsError(`${where}: journal kind "${kind}" for ${code} is not one of ${JOURNAL_KINDS.join(', ')}.`);
  }
  for (const terms of [settings.payment_terms.default, ...Object.values(settings.payment_terms.clients)]) {
    if (!parseTerms(terms)) throw new SettingsError(`${where}: payment terms "${terms}" are not understood; write "30 days net" or "45 days end of month".`);
  }
  checkBuckets(settings.aging_buckets, where);
  const { bands, ...risk } = settings.risk;
  // the forecast's numbers (payment_habits is a word, checked below)
  const forecast = Object.fromEntries(Object.entries(settings.forecast).filter(([k]) => k !== 'payment_habits'));
  for (const [group, values] of [['segments', settings.segments], ['trend', settings.trend], ['risk', risk], ['forecast', forecast]] as const) {
    for (const [k, v] of Object.entries(values)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new SettingsError(`${where}: ${group}.${k} must be a positive number.`);
    }
  }
  if (!Array.isArray(bands) || bands.length !== 2 || !(bands[0] > 0 && bands[0] < bands[1] && bands[1] < 100)) {
    throw new SettingsError(`${where}: risk.bands must be two increasing percentages between 0 and 100, such as [5, 15] (low below 5 %, high from 15 %).`);
  }
  for (const k of ['horizon_months', 'late_days', 'training_months'] as const) {
    if (!Number.isInteger(settings.risk[k]) || settings.risk[k] < 1) throw new SettingsError(`${where}: risk.${k} must be a whole number of at least 1.`);
  }
  for (const k of ['weeks', 'history_months', 'simulations'] as const) {
    if (!Number.isInteger(settings.forecast[k]) || settings.forecast[k] < 1) throw new SettingsError(`${where}: forecast.${k} must be a whole number of at least 1.`);
  }
  if (!Number.isInteger(settings.forecast.backtest_origins) || settings.forecast.backtest_origins < 4) throw new SettingsError(`${where}: forecast.backtest_origins must be a whole number of at least 4.`);
  if (!Number.isInteger(settings.forecast.backtest_invoice_budget) || settings.forecast.backtest_invoice_budget < 1) throw new SettingsError(`${where}: forecast.backtest_invoice_budget must be a whole number of invoices, at least 1.`);
  if (!['auto', 'on', 'off'].includes(settings.forecast.payment_habits)) throw new SettingsError(`${where}: forecast.payment_habits is auto (once the backtest shows they help), on or off.`);
  const { client_correlation: client, portfolio_correlation: portfolio } = settings.forecast;
  if (!(portfolio <= client && client < 1)) throw new SettingsError(`${where}: forecast.portfolio_correlation and client_correlation are correlations with 0 ≤ portfolio ≤ client < 1.`);
  checkDunning(settings.dunning, where);
  checkReminders(settings.reminders, where);
  checkProvisions(settings.provisions, where);
  checkLevers(settings.levers, where);
  return settings;
}

/** The levers' defaults: rates as fractions a year (0.05 for 5 %), days as whole numbers, the factoring's exclusions true or false. */
function checkLevers(l: LeversInputs, where: string): void {
  const rate = (k: keyof LeversInputs, below1: boolean) => {
    const v = l[k];
    if (typeof v !== 'number' || !(v >= 0 && (below1 ? v < 1 : v <= 1))) throw new SettingsError(`${where}: levers.${k} must be a rate from 0 to ${below1 ? 'less than 1' : '1'}, as a fraction (0.05 for 5 %).`);
  };
  rate('cost_of_funds', false);
  rate('factoring_rate', false);
  rate('discount_rate', true);
  rate('factoring_commission', true);
  rate('factoring_reserve', true);
  const days = (k: keyof LeversInputs, min: number, nullable = false) => {
    const v = l[k];
    if (nullable && v === null) return;
    if (!Number.isInteger(v) || (v as number) < min || (v as number) > 365) throw new SettingsError(`${where}: levers.${k} must be a whole number of days from ${min} to 365${nullable ? ', or null' : ''}.`);
  };
  if (typeof l.dso_reduction_days !== 'number' || !(l.dso_reduction_days >= 0 && l.dso_reduction_days <= 365)) throw new SettingsError(`${where}: levers.dso_reduction_days must be a number of days from 0 to 365.`);
  days('discount_days', 0);
  days('net_days', 1, true);
  days('factoring_past_due_days', 0);
  if (l.net_days !== null && l.discount_days >= l.net_days) throw new SettingsError(`${where}: levers.discount_days (${l.discount_days}) must be fewer than levers.net_days (${l.net_days}).`);
  for (const k of ['factoring_exclude_disputed', 'factoring_exclude_doubtful', 'factoring_exclude_past_due'] as const) {
    if (typeof l[k] !== 'boolean') throw new SettingsError(`${where}: levers.${k} must be true or false.`);
  }
}

function checkProvisions(p: Settings['provisions'], where: string): void {
  const example = 'such as [{ "over_days": 90, "rate": 0.25 }, { "over_days": 180, "rate": 0.5 }]';
  if (!Array.isArray(p.rules) || !p.rules.length) throw new SettingsError(`${where}: provisions.rules must list the rates by days past due, ${example}.`);
  p.rules.forEach((r, i) => {
    if (!Number.isInteger(r?.over_days) || r.over_days < 0 || typeof r.rate !== 'number' || !(r.rate >= 0 && r.rate <= 1)) {
      throw new SettingsError(`${where}: provisions.rules[${i}] must be a whole number of days (over_days) and a rate between 0 and 1, ${example}.`);
    }
    if (i > 0 && !(r.over_days > p.rules[i - 1].over_days && r.rate >= p.rules[i - 1].rate)) {
      throw new SettingsError(`${where}: provisions.rules must go by increasing days, each rate at least the one before (rules[${i}]).`);
    }
  });
  if (typeof p.vat_rate !== 'number' || !(p.vat_rate >= 0 && p.vat_rate < 1)) throw new SettingsError(`${where}: provisions.vat_rate must be a rate between 0 and 1, such as 0.2.`);
  for (const [k, prefix] of [['provision', '491'], ['allowance', '6817'], ['reversal', '7817']] as const) {
    const account = p.accounts?.[k];
    if (typeof account !== 'string' || !/^\d{3,}$/.test(account) || !account.startsWith(prefix)) throw new SettingsError(`${where}: provisions.accounts.${k} must be an account number starting with ${prefix}, such as "${DEFAULT_SETTINGS.provisions.accounts[k]}".`);
  }
}

function mergeReminders(raw: Partial<ReminderSettings> | undefined): ReminderSettings {
  const d = DEFAULT_SETTINGS.reminders;
  return {
    company: { ...d.company, ...(raw?.company ?? {}) },
    team: { ...(raw?.team ?? {}) },
    templates_dir: raw?.templates_dir ?? null,
    payment_days: raw?.payment_days ?? d.payment_days,
    charges: { ...d.charges, ...(raw?.charges ?? {}) },
    smtp: { ...d.smtp, ...(raw?.smtp ?? {}) },
  };
}

/** A credit controller's signature and address: "claire@x.fr", or "Claire Martin <claire@x.fr>". */
export function teamAddress(text: string): { name: string | null; email: string } | null {
  const m = /^\s*(?:(.*?)\s*<([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>|([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+))\s*$/.exec(text);
  return m ? { name: m[1] || null, email: (m[2] ?? m[3])! } : null;
}

const SEMESTER = /^\d{4}-H[12]$/;

function checkReminders(r: ReminderSettings, where: string): void {
  const { company, charges, smtp } = r;
  for (const [k, v] of Object.entries(company)) {
    const ok = k === 'address' ? Array.isArray(v) && v.every((l) => typeof l === 'string') : typeof v === 'string';
    if (!ok) throw new SettingsError(`${where}: reminders.company.${k} must be ${k === 'address' ? 'a list of lines, such as ["12 rue de la Paix", "75002 Paris"]' : 'text'}.`);
  }
  if (company.siren && !/^\d{9}$/.test(company.siren.replace(/\s/g, ''))) throw new SettingsError(`${where}: reminders.company.siren must be the 9 digits of the SIREN.`);
  for (const [name, address] of Object.entries(r.team)) {
    if (typeof address !== 'string' || !teamAddress(address)) throw new SettingsError(`${where}: reminders.team["${name}"] must be an e-mail address, or a name and an address: "Claire Martin <claire.martin@example.fr>".`);
  }
  if (r.templates_dir !== null && typeof r.templates_dir !== 'string') throw new SettingsError(`${where}: reminders.templates_dir must be the path of a folder, or null for the shipped templates.`);
  if (!Number.isInteger(r.payment_days) || r.payment_days < 0 || r.payment_days > 90) throw new SettingsError(`${where}: reminders.payment_days must be a whole number of days between 0 and 90.`);
  if (typeof charges.enabled !== 'boolean') throw new SettingsError(`${where}: reminders.charges.enabled must be true or false.`);
  for (const k of ['points', 'indemnity'] as const) {
    if (typeof charges[k] !== 'number' || !Number.isFinite(charges[k]) || charges[k] < 0) throw new SettingsError(`${where}: reminders.charges.${k} must be a positive number.`);
  }
  for (const table of ['ecb_rates', 'legal_rates'] as const) {
    for (const [semester, rate] of Object.entries(charges[table] ?? {})) {
      if (!SEMESTER.test(semester)) throw new SettingsError(`${where}: reminders.charges.${table}: "${semester}" is not a semester; write "2026-H2" (July to December 2026) or "2027-H1".`);
      if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < -5 || rate > 50) throw new SettingsError(`${where}: reminders.charges.${table}["${semester}"] must be a rate in % a year, such as 2.15.`);
    }
  }
  if (smtp.host !== null && typeof smtp.host !== 'string') throw new SettingsError(`${where}: reminders.smtp.host must be a host name, or null.`);
  if (!Number.isInteger(smtp.port) || smtp.port < 1 || smtp.port > 65535) throw new SettingsError(`${where}: reminders.smtp.port must be a port number (587, 465, 25).`);
  if (typeof smtp.secure !== 'boolean') throw new SettingsError(`${where}: reminders.smtp.secure must be true (TLS from the start, port 465) or false (STARTTLS when offered).`);
}

function checkDunning(d: Settings['dunning'], where: string): void {
  for (const policy of ['standard', 'key_account'] as const) {
    const levels = d[policy];
    const ok =
      Array.isArray(levels) &&
      levels.length > 0 &&
      levels.every(
        (l, i) =>
          Number.isInteger(l?.days) &&
          l.days >= 1 &&
          (i === 0 || l.days > levels[i - 1].days) &&
          DUNNING_CHANNELS.includes(l.channel) &&
          (l.template === undefined || ['friendly', 'firm', 'formal_notice'].includes(l.template)) &&
          (l.manual === undefined || typeof l.manual === 'boolean'),
      );
    if (!ok) {
      throw new SettingsError(
        `${where}: dunning.${policy} must list levels with increasing whole days after the due date (from 1) and a channel among ${DUNNING_CHANNELS.join(', ')} (optionally a template, friendly, firm or formal_notice, and manual: true when each letter needs a confirmation), such as [{ "days": 1, "channel": "reminder_email" }, { "days": 7, "channel": "call" }].`,
      );
    }
  }
  for (const k of ['promise_grace_days', 'promise_prior', 'horizon_days'] as const) {
    if (!Number.isInteger(d[k]) || d[k] < 0 || (k === 'horizon_days' && d[k] < 1)) throw new SettingsError(`${where}: dunning.${k} must be a whole number${k === 'horizon_days' ? ' of at least 1' : ' of at least 0'}.`);
  }
}

export function checkBuckets(edges: unknown, where = 'aging buckets'): number[] {
  const ok = Array.isArray(edges) && edges.length > 0 && edges.every((e, i) => Number.isInteger(e) && e > 0 && (i === 0 || e > edges[i - 1]));
  if (!ok) throw new SettingsError(`${where}: bucket edges must be increasing positive whole numbers of days, such as [30, 60, 90].`);
  return edges as number[];
}

const scoped = (key: string): [string | null, string] => (key.includes('/') ? (key.split('/', 2) as [string, string]) : [null, key]);

/** Replaces the rows of the settings_* tables (inside the rebuild's transaction). */
/**
 * What the SQL models read of the settings (the settings_* tables): account classes, journal
 * kinds, payment terms and dunning levels. The other settings are parameters of the reports and
 * the forecast, given at each query: changing them does not rebuild the models.
 */
export function modelSettings(settings: Settings) {
  const { accounts, journals, payment_terms, dunning } = settings;
  return { accounts, journals, payment_terms, dunning_levels: { standard: dunning.standard, key_account: dunning.key_account } };
}

/** Inserts rows in statements of up to 500 rows (a statement per row costs ~1 ms each: hundreds of clients' terms). */
async function insertRows(s: Session, table: string, rows: unknown[][]): Promise<void> {
  for (let at = 0; at < rows.length; at += 500) {
    const chunk = rows.slice(at, at + 500);
    let n = 0;
    const values = chunk.map((r) => `(${r.map(() => `$${++n}`).join(', ')})`).join(', ');
    await s.run(`INSERT INTO ${table} VALUES ${values}`, chunk.flat() as Params);
  }
}

export async function writeSettings(s: Session, settings: Settings): Promise<void> {
  await s.run('DELETE FROM settings_account_classes; DELETE FROM settings_journal_kinds; DELETE FROM settings_payment_terms; DELETE FROM settings_dunning_levels;');
  const { accounts, journals, payment_terms, dunning_levels } = modelSettings(settings);
  await insertRows(s, 'settings_dunning_levels', (['standard', 'key_account'] as const).flatMap((policy) => dunning_levels[policy].map((l, i) => [policy, i + 1, l.days, l.channel])));
  await insertRows(s, 'settings_account_classes', Object.entries(accounts));
  await insertRows(s, 'settings_journal_kinds', Object.entries(journals).map(([key, kind]) => [...scoped(key), kind]));
  const def = parseTerms(payment_terms.default)!;
  const terms = Object.entries(payment_terms.clients).map(([key, text]) => {
    const t = parseTerms(text)!;
    return [...scoped(key), t.days, t.endOfMonth];
  });
  await insertRows(s, 'settings_payment_terms', [[null, null, def.days, def.endOfMonth], ...terms]);
}
