// The demo ledger: a deterministic simulation of a fictional French SME's receivables over three
// fiscal years, written as one FEC file per fiscal year, exactly as accounting software would
// export them (Windows-1252, tab separated, decimal comma, CRLF, detailed opening entries that
// carry the lettering of items settled in a later year). Next to the files it writes its ground
// truth: each client's true behaviour and default events, so models can be checked against what
// was put in. Scales by `clients` to the 1M and 10M line ledgers used by the benchmarks.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { dueDay, formatTerms, type PaymentTerms } from '../../lib/shared/terms.ts';
// the run days of a client paying in runs are the forecast's own rule (a weekend run paid the Monday after, the month-end on its last business day)
import { habitLabel, MONTH_END, nextRunDay, type PaymentHabit } from '../forecast/habits.ts';
import { prng } from '../util/random.ts';

export type Segment = 'punctual' | 'mildly_late' | 'chronically_late' | 'deteriorating' | 'seasonal' | 'defaulting';

/**
 * The shape of the company's clients, for backtests on ledgers unlike the demo's (issue #18):
 * demo — the demo's mix; few-large — large invoices, several a month; many-small — small
 * invoices, clients that pay regularly; terms-60 — most clients on 60 days net; runs — most
 * clients pay on fixed days (a monthly run on the 10th, on the 10th and 25th, on the last
 * business day of the month, or every Friday), all their invoices due by then in one transfer.
 */
export const LEDGER_SHAPES = ['demo', 'few-large', 'many-small', 'terms-60', 'runs'] as const;
export type LedgerShape = (typeof LEDGER_SHAPES)[number];

export interface DemoOptions {
  outDir: string;
  seed?: number;
  clients?: number;
  /** first fiscal year (calendar years) */
  firstYear?: number;
  years?: number;
  /** date of the last export (the current fiscal year is exported up to this date) */
  exportDate?: string;
  encoding?: 'windows-1252' | 'utf-8';
  siren?: string;
  /** write per-invoice truth (skipped automatically for very large ledgers) */
  invoiceTruth?: boolean;
  /** the clients' shape (default: demo) */
  shape?: LedgerShape;
}

export interface ClientTruth {
  client_id: string;
  name: string;
  segment: Segment;
  terms: string;
  first_invoice_date: string | null;
  /** the behaviour parameter: mean days late drawn for this client (before any change) */
  param_mean_days_late: number;
  param_mean_days_late_after_change: number | null;
  change_date: string | null;
  /** realised over invoices fully settled by payments (days late = last payment − due date) */
  settled_invoices: number;
  mean_days_late: number | null;
  weighted_mean_days_late: number | null;
  default_start: string | null;
  transfer_to_doubtful_date: string | null;
  write_off_date: string | null;
  /** the days it pays on (the runs shape): '10', '10, 25', 'month-end', 'friday'; absent: none */
  payment_run?: string;
}

export interface DemoTruth {
  seed: number;
  siren: string;
  files: { file: string; fiscal_year_end: string; lines: number }[];
  export_date: string;
  clients: ClientTruth[];
  invoices?: { client_id: string; invoice_num: string; invoice_date: string; due_date: string; amount: number; settled_date: string | null; is_disputed: boolean }[];
}

const DAY_MS = 86_400_000;
const toDay = (iso: string) => Math.round(Date.parse(iso + 'T00:00:00Z') / DAY_MS);
const isoOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

type Rng = ReturnType<typeof prng>;

const TRADES = ['Boulangerie', 'Menuiserie', 'Société', 'Garage', 'Pharmacie', 'Électricité', 'Transports', 'Hôtel', 'Brasserie', 'Atelier', 'Cabinet', 'Imprimerie', 'Fromagerie', 'Bâtiment', 'Ébénisterie', 'Librairie', 'Clinique', 'Coopérative', 'Maçonnerie', 'Plâtrerie', 'Pâtisserie', 'Épicerie fine', 'Crèmerie', 'Hôpital privé', 'Tôlerie'];
const NAMES = ['Lefèvre', 'Dubois', 'Gérard', 'Mercier', 'Bénard', 'Rousseau', 'Faure', 'Perrin', 'Lemaître', 'Noël', 'Chevalier', 'François', 'Boëdec', 'Cœur', 'Lœuilliet', 'Hébert', 'Mégret', 'Sénéchal', 'Bréhier', 'Dufaÿ', 'Péquignot', 'Thévenin', 'Crémieux', 'Fénelon', 'Æbischer', 'Guérin', 'Lévêque', 'Méline', 'Désiré', 'Jérôme'];
const FORMS = ['SARL', 'SAS', 'SA', '& Fils', 'EURL', 'SNC', 'et Cie'];
const CITIES = ['Besançon', 'Orléans', 'Nîmes', 'Sète', 'Évreux', 'Angoulême', 'Châlons', 'Béziers', 'Périgueux', 'Saint-Étienne', 'Lyon', 'Lille', 'Nantes', 'Reims'];

interface Client {
  idx: number;
  id: string;
  name: string;
  segment: Segment;
  terms: PaymentTerms;
  startDay: number;
  invoicesPerMonth: number;
  amountMedian: number;
  muLate: number;
  sdLate: number;
  muAfter: number | null;
  changeDay: number | null;
  batchPayer: boolean;
  defaultStartDay: number | null;
  transferDay: number | null;
  writeOffDay: number | null;
  letterSeq: number;
  /** pays on fixed days (the runs shape); null: when each invoice's delay says */
  run: PaymentHabit | null;
}

/** A line on a receivable account (411/416): the unit of lettering and of AN carry-forward. */
interface RecvLine {
  client: number;
  account: '411000' | '416000';
  debit: number;
  credit: number;
  pieceRef: string;
  pieceDay: number;
  label: string;
  /** lettering group (undefined: never lettered) */
  group?: Group;
}

interface Group {
  code: string;
  completeDay: number;
  letterDay: number;
}

interface Entry {
  day: number;
  journal: 'VE' | 'BQ' | 'OD';
  pieceRef: string;
  label: string;
  /** lines on receivable accounts */
  recv: RecvLine[];
  /** other lines: [account, label, debit, credit] */
  other: [string, string, number, number][];
}

const ACCOUNT_LABELS: Record<string, string> = {
  '411000': 'Clients',
  '416000': 'Clients douteux ou litigieux',
  '706000': 'Prestations de services',
  '445710': 'TVA collectée',
  '512000': 'Banque Crédit Régional',
  '654000': 'Pertes sur créances irrécouvrables',
  '110000': 'Report à nouveau',
};
const JOURNAL_LABELS = { VE: 'Journal des ventes', BQ: 'Banque Crédit Régional', OD: 'Opérations diverses', AN: 'À-nouveaux' } as const;

const round2 = (x: number) => Math.round(x * 100) / 100;

function letterCode(n: number): string {
  let s = '';
  n += 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function makeClients(rng: Rng, count: number, firstDay: number, lastDay: number): Client[] {
  const segments: [Segment, number][] = [
    ['punctual', 0.38],
    ['mildly_late', 0.25],
    ['chronically_late', 0.12],
    ['deteriorating', 0.08],
    ['seasonal', 0.1],
    ['defaulting', 0.07],
  ];
  const names = new Set<string>();
  const clients: Client[] = [];
  for (let i = 0; i < count; i++) {
    let u = rng.next();
    let segment: Segment = 'punctual';
    for (const [s, share] of segments) {
      if (u < share) {
        segment = s;
        break;
      }
      u -= share;
    }
    let name: string;
    do {
      name = `${rng.pick(TRADES)} ${rng.pick(NAMES)} ${rng.pick(FORMS)}`;
      if (names.has(name)) name += ` (${rng.pick(CITIES)})`;
    } while (names.has(name) && names.size < count * 4 && rng.next() < 0.999);
    if (names.has(name)) name += ` ${i}`;
    names.add(name);
    const span = lastDay - firstDay;
    const startDay = rng.next() < 0.72 ? firstDay + rng.int(0, 20) : firstDay + rng.int(30, Math.floor(span * 0.85));
    const c: Client = {
      idx: i,
      id: `C${String(i + 1).padStart(5, '0')}`,
      name,
      segment,
      terms: rng.next() < 0.6 ? { days: 30, endOfMonth: false } : { days: 45, endOfMonth: true },
      startDay,
      invoicesPerMonth: Math.exp(rng.uniform(Math.log(0.6), Math.log(6))),
      amountMedian: Math.exp(rng.uniform(Math.log(400), Math.log(9000))),
      muLate: 0,
      sdLate: 3,
      muAfter: null,
      changeDay: null,
      batchPayer: rng.next() < 0.2,
      defaultStartDay: null,
      transferDay: null,
      writeOffDay: null,
      letterSeq: 0,
      run: null,
    };
    switch (segment) {
      case 'punctual':
        c.muLate = rng.uniform(-4, 2);
        c.sdLate = rng.uniform(1.5, 4);
        break;
      case 'mildly_late':
        c.muLate = rng.uniform(6, 16);
        c.sdLate = rng.uniform(4, 8);
        break;
      case 'chronically_late':
        c.muLate = rng.uniform(35, 65);
        c.sdLate = rng.uniform(10, 18);
        break;
      case 'deteriorating':
        c.muLate = rng.uniform(0, 8);
        c.sdLate = rng.uniform(3, 6);
        c.muAfter = c.muLate + rng.uniform(28, 50);
        c.changeDay = Math.max(startDay + 120, firstDay + rng.int(300, Math.floor(span * 0.75)));
        break;
      case 'seasonal':
        c.muLate = rng.uniform(2, 10);
        c.sdLate = rng.uniform(3, 6);
        break;
      case 'defaulting':
        c.muLate = rng.uniform(8, 20);
        c.sdLate = rng.uniform(5, 10);
        c.defaultStartDay = Math.max(startDay + 150, firstDay + rng.int(240, Math.floor(span * 0.8)));
        break;
    }
    clients.push(c);
  }
  return clients;
}

/**
 * Reshapes the demo's clients (a generator of its own, so that the demo shape's clients stay the
 * same for a given seed).
 */
function reshapeClients(clients: Client[], shape: LedgerShape, seed: number): void {
  if (shape === 'demo') return;
  const rng = prng(seed ^ 0x5eed);
  for (const c of clients) {
    if (shape === 'few-large') {
      c.amountMedian = Math.exp(rng.uniform(Math.log(15_000), Math.log(90_000)));
      c.invoicesPerMonth = Math.exp(rng.uniform(Math.log(2), Math.log(10)));
    } else if (shape === 'many-small') {
      c.amountMedian = Math.exp(rng.uniform(Math.log(150), Math.log(1_500)));
      c.invoicesPerMonth = Math.exp(rng.uniform(Math.log(0.5), Math.log(2.5)));
      // regular payers: the late, changing and seasonal ones pay about on time
      if (c.segment === 'chronically_late' || c.segment === 'deteriorating' || c.segment === 'seasonal') {
        c.segment = 'punctual';
        c.muLate = rng.uniform(-3, 3);
        c.sdLate = rng.uniform(1, 3);
        c.muAfter = null;
        c.changeDay = null;
      }
    } else if (shape === 'terms-60') {
      c.terms = rng.next() < 0.8 ? { days: 60, endOfMonth: false } : { days: 45, endOfMonth: true };
    } else {
      const u = rng.next();
      c.run = u < 0.3 ? { kind: 'monthly', days: [10] } : u < 0.45 ? { kind: 'monthly', days: [10, 25] } : u < 0.7 ? { kind: 'monthly', days: [MONTH_END] } : u < 0.9 ? { kind: 'weekly', weekday: 5 } : null;
    }
  }
}


/** Pre-default slide: how many more days late a defaulting client pays, at most, just before it stops paying. */
const PRE_DEFAULT_EXTRA_DAYS = 40;
const PRE_DEFAULT_DAYS = 180;

/** Days late the client means for an invoice (segment behaviour, season, change, pre-default slide). */
function meanLate(c: Client, invoiceDay: number, dueDay: number): number {
  let mu = c.muLate;
  // A company heading for default pays later and later in the months before it stops paying (the
  // warning sign credit controllers watch for): over the PRE_DEFAULT_DAYS before its default, the
  // delay of the invoices falling due grows linearly up to PRE_DEFAULT_EXTRA_DAYS.
  if (c.defaultStartDay !== null && dueDay > c.defaultStartDay - PRE_DEFAULT_DAYS) {
    mu += PRE_DEFAULT_EXTRA_DAYS * Math.min(1, (dueDay - (c.defaultStartDay - PRE_DEFAULT_DAYS)) / PRE_DEFAULT_DAYS);
  }
  if (c.changeDay !== null && invoiceDay >= c.changeDay) mu = c.muAfter!;
  if (c.segment === 'seasonal') {
    const month = new Date(invoiceDay * DAY_MS).getUTCMonth();
    if (month === 6 || month === 7) mu += 25; // summer closing
    if (month === 11) mu += 15; // year-end
  }
  return mu;
}

export async function generateDemoLedger(options: DemoOptions): Promise<DemoTruth> {
  const seed = options.seed ?? 20240101;
  const rng = prng(seed);
  const firstYear = options.firstYear ?? 2024;
  const years = options.years ?? 3;
  const exportDay = toDay(options.exportDate ?? `${firstYear + years - 1}-10-31`);
  const firstDay = toDay(`${firstYear}-01-01`);
  const siren = options.siren ?? '552081317';
  const encoding = options.encoding ?? 'windows-1252';
  const clients = makeClients(rng, options.clients ?? 250, firstDay, exportDay);
  reshapeClients(clients, options.shape ?? 'demo', seed);

  const entries: Entry[] = [];
  const truthInvoices: NonNullable<DemoTruth['invoices']> = [];
  const settledStats = clients.map(() => ({ n: 0, sum: 0, wsum: 0, w: 0 }));
  let invoiceSeq = 0;
  let creditSeq = 0;
  let paymentSeq = 0;
  const newGroup = (c: Client, completeDay: number): Group => ({ code: letterCode(c.letterSeq++), completeDay, letterDay: completeDay + rng.int(0, 6) });

  for (const c of clients) {
    // 1. invoices
    type Inv = { num: string; day: number; due: number; ttc: number; ht: number; disputed: boolean; line: RecvLine; credited: number };
    const invoices: Inv[] = [];
    const stopInvoicing = c.defaultStartDay !== null ? c.defaultStartDay + 75 : Infinity;
    for (let monthStart = c.startDay; monthStart <= exportDay && monthStart < stopInvoicing; monthStart += 30) {
      let lambda = c.invoicesPerMonth;
      if (c.segment === 'seasonal') {
        const month = new Date(monthStart * DAY_MS).getUTCMonth();
        lambda *= [0.6, 0.7, 1, 1.2, 1.5, 1.8, 1.6, 0.5, 1.2, 1, 0.8, 1.4][month];
      }
      const n = rng.poisson(lambda);
      for (let k = 0; k < n; k++) {
        const day = monthStart + rng.int(0, 29);
        if (day > exportDay || day >= stopInvoicing) continue;
        const ht = round2(c.amountMedian * Math.exp(0.7 * rng.normal()));
        const vat = round2(ht * 0.2);
        const ttc = round2(ht + vat);
        const num = `FA${String(new Date(day * DAY_MS).getUTCFullYear()).slice(2)}-${String(++invoiceSeq).padStart(6, '0')}`;
        const line: RecvLine = { client: c.idx, account: '411000', debit: ttc, credit: 0, pieceRef: num, pieceDay: day, label: `Facture ${num} ${c.name}` };
        entries.push({ day, journal: 'VE', pieceRef: num, label: `Facture ${num}`, recv: [line], other: [['706000', `Facture ${num} — prestations`, 0, ht], ['445710', `TVA 20 % facture ${num}`, 0, vat]] });
        invoices.push({ num, day, due: dueDay(day, c.terms), ttc, ht, disputed: rng.next() < 0.03, line, credited: 0 });
      }
    }
    invoices.sort((a, b) => a.day - b.day);

    // 2. credit notes: lettered with their invoice (a share of it), and a few standalone gestures
    const creditNote = (inv: Inv | undefined, day: number, ttc: number, why: string): RecvLine => {
      const ht = round2(ttc / 1.2);
      const vat = round2(ttc - ht);
      const num = `AV${String(new Date(day * DAY_MS).getUTCFullYear()).slice(2)}-${String(++creditSeq).padStart(5, '0')}`;
      const line: RecvLine = { client: c.idx, account: '411000', debit: 0, credit: ttc, pieceRef: num, pieceDay: day, label: `Avoir ${num} ${why}` };
      entries.push({ day, journal: 'VE', pieceRef: num, label: `Avoir ${num}${inv ? ' sur ' + inv.num : ''}`, recv: [line], other: [['706000', `Avoir ${num} — ${why}`, ht, 0], ['445710', `TVA 20 % avoir ${num}`, vat, 0]] });
      return line;
    };

    // 3. payments, per invoice, following the client's behaviour
    type Planned = { inv: Inv; payDay: number; credit?: RecvLine };
    const planned: Planned[] = [];
    for (const inv of invoices) {
      const inDefault = c.defaultStartDay !== null && inv.due >= c.defaultStartDay - 20;
      let credit: RecvLine | undefined;
      if (rng.next() < 0.03 || (inv.disputed && rng.next() < 0.5)) {
        const share = inv.disputed ? 1 : rng.pick([0.1, 0.15, 0.2, 0.3, 1]);
        const amount = round2(inv.ttc * share);
        const day = inv.day + rng.int(5, 25);
        if (day <= exportDay) {
          credit = creditNote(inv, day, amount, share === 1 ? 'annulation facture' : `remise ${Math.round(share * 100)} %`);
          inv.credited = amount;
        }
      }
      if (inv.credited >= inv.ttc) {
        inv.line.group = newGroup(c, credit!.pieceDay);
        credit!.group = inv.line.group;
        continue;
      }
      if (inDefault) {
        if (credit) credit.group = undefined; // stays open with its invoice
        planned.push({ inv, payDay: Infinity, credit });
        continue;
      }
      let late = meanLate(c, inv.day, inv.due) + c.sdLate * rng.normal();
      if (inv.disputed) late += rng.uniform(30, 90);
      // a payment never precedes the credit note it takes into account
      const payDay = Math.max(inv.day + 1, credit ? credit.pieceDay : 0, Math.round(inv.due + late));
      planned.push({ inv, payDay: c.run ? nextRunDay(c.run, payDay) : payDay, credit });
    }

    // batch payers settle every invoice planned in the same half-month with one transfer
    planned.sort((a, b) => a.payDay - b.payDay);
    const batches: Planned[][] = [];
    for (const p of planned) {
      const last = batches[batches.length - 1];
      // a client paying in runs pays everything of a run in one transfer
      if (last && p.payDay !== Infinity && (c.run ? p.payDay === last[0].payDay : c.batchPayer && p.payDay - last[0].payDay <= 15)) last.push(p);
      else batches.push([p]);
    }
    for (const batch of batches) {
      const payDay = batch[batch.length - 1].payDay;
      if (payDay === Infinity || payDay > exportDay) continue; // not paid (yet)
      const due = round2(batch.reduce((s, p) => s + p.inv.ttc - p.inv.credited, 0));
      const partial = batch.length === 1 && rng.next() < 0.06 && due > 200;
      const unlettered = rng.next() < 0.025;
      const parts: [number, number][] = partial
        ? [
            [Math.max(batch[0].inv.day + 1, payDay - rng.int(20, 40)), round2(due * rng.pick([0.3, 0.4, 0.5, 0.6]))],
            [payDay, 0],
          ]
        : [[payDay, due]];
      if (partial) parts[1][1] = round2(due - parts[0][1]);
      const group = unlettered ? undefined : newGroup(c, payDay);
      for (const [day, amount] of parts) {
        const ref = `VIR${String(++paymentSeq).padStart(7, '0')}`;
        const what = batch.length > 1 ? `${batch.length} factures` : batch[0].inv.num;
        const label = `Virement reçu ${c.name} — règlement ${what}`;
        const line: RecvLine = { client: c.idx, account: '411000', debit: 0, credit: amount, pieceRef: ref, pieceDay: day, label, group };
        entries.push({ day, journal: 'BQ', pieceRef: ref, label, recv: [line], other: [['512000', label, amount, 0]] });
      }
      for (const p of batch) {
        p.inv.line.group = group;
        if (p.credit) p.credit.group = group;
        const late = payDay - p.inv.due;
        const s = settledStats[c.idx];
        s.n++;
        s.sum += late;
        s.wsum += late * p.inv.ttc;
        s.w += p.inv.ttc;
      }
    }

    // 4. standalone credit notes (commercial gestures), never lettered: they are applied FIFO
    const gestures = Math.floor(invoices.length * 0.01);
    for (let g = 0; g < gestures; g++) {
      const inv = rng.pick(invoices);
      const day = inv.day + rng.int(10, 60);
      if (day <= exportDay) creditNote(undefined, day, round2(Math.min(inv.ttc, rng.pick([50, 100, 150, 250]))), `geste commercial ${rng.pick([50, 100, 150, 250])} €`);
    }

    // 5. default: unpaid invoices move to 416 some months in, then are written off
    if (c.defaultStartDay !== null) {
      const open = planned.filter((p) => p.payDay === Infinity);
      if (open.length) {
        const transferDay = open[0].inv.due + rng.int(110, 170);
        if (transferDay <= exportDay) {
          c.transferDay = transferDay;
          const transfer: Entry = { day: transferDay, journal: 'OD', pieceRef: `DOUT-${c.id}`, label: `Transfert en clients douteux ${c.name}`, recv: [], other: [] };
          const doubtful: RecvLine[] = [];
          for (const p of open) {
            const amount = round2(p.inv.ttc - (p.credit ? p.credit.credit : 0));
            const g = newGroup(c, transferDay);
            p.inv.line.group = g;
            if (p.credit) p.credit.group = g;
            transfer.recv.push({ client: c.idx, account: '411000', debit: 0, credit: amount, pieceRef: p.inv.num, pieceDay: p.inv.day, label: `Transfert 416 facture ${p.inv.num}`, group: g });
            const d: RecvLine = { client: c.idx, account: '416000', debit: amount, credit: 0, pieceRef: p.inv.num, pieceDay: p.inv.day, label: `Créance douteuse facture ${p.inv.num}` };
            transfer.recv.push(d);
            doubtful.push(d);
          }
          entries.push(transfer);
          const writeOffDay = transferDay + rng.int(150, 300);
          if (writeOffDay <= exportDay) {
            c.writeOffDay = writeOffDay;
            const total = round2(doubtful.reduce((s, d) => s + d.debit, 0));
            const ht = round2(total / 1.2);
            const g = newGroup(c, writeOffDay);
            for (const d of doubtful) d.group = g;
            entries.push({
              day: writeOffDay,
              journal: 'OD',
              pieceRef: `PERTE-${c.id}`,
              label: `Créance irrécouvrable ${c.name}`,
              recv: [{ client: c.idx, account: '416000', debit: 0, credit: total, pieceRef: `PERTE-${c.id}`, pieceDay: writeOffDay, label: `Passage en perte ${c.name}`, group: g }],
              other: [
                ['654000', `Perte sur créance ${c.name}`, ht, 0],
                ['445710', `Régularisation TVA créance irrécouvrable ${c.name}`, round2(total - ht), 0],
              ],
            });
          }
        }
      }
    }

    if (options.invoiceTruth ?? clients.length <= 5000) {
      for (const inv of invoices) {
        const g = inv.line.group;
        truthInvoices.push({
          client_id: c.id,
          invoice_num: inv.num,
          invoice_date: isoOf(inv.day),
          due_date: isoOf(inv.due),
          amount: inv.ttc,
          settled_date: g && g.completeDay <= exportDay ? isoOf(g.completeDay) : null,
          is_disputed: inv.disputed,
        });
      }
    }
  }

  // 6. monthly VAT payment: the VAT collected in a month is paid on the 20th of the next
  const vatByMonth = new Map<number, number>();
  for (const e of entries) {
    for (const [account, , debit, credit] of e.other) {
      if (account !== '445710') continue;
      const d = new Date(e.day * DAY_MS);
      const key = d.getUTCFullYear() * 12 + d.getUTCMonth();
      vatByMonth.set(key, round2((vatByMonth.get(key) ?? 0) + credit - debit));
    }
  }
  for (const [key, vat] of vatByMonth) {
    const day = Math.round(Date.UTC(Math.floor((key + 1) / 12), (key + 1) % 12, 20) / DAY_MS);
    if (day > exportDay || vat === 0) continue;
    const label = `TVA à payer ${String((key % 12) + 1).padStart(2, '0')}/${Math.floor(key / 12)}`;
    entries.push({ day, journal: 'BQ', pieceRef: `TVA${key}`, label, recv: [], other: [['445710', label, vat, 0], ['512000', label, 0, vat]] });
  }

  entries.sort((a, b) => a.day - b.day || a.journal.localeCompare(b.journal) || a.pieceRef.localeCompare(b.pieceRef));

  // 7. one FEC per fiscal year
  mkdirSync(options.outDir, { recursive: true });
  const files: DemoTruth['files'] = [];
  let carried: RecvLine[] = [];
  let bank = 0;
  let vatBalance = 0;
  let entryIndex = 0;
  for (let y = 0; y < years; y++) {
    const year = firstYear + y;
    const fyStart = toDay(`${year}-01-01`);
    const fyEnd = toDay(`${year}-12-31`);
    const exportAt = Math.min(fyEnd, exportDay);
    const fileName = `${siren}FEC${year}1231.txt`;
    const out = new FecWriter(join(options.outDir, fileName), encoding, clients);
    const lettered = (l: RecvLine) => (l.group && l.group.completeDay <= exportAt ? l.group : undefined);

    // opening entry: detailed receivable items still open, bank and VAT balances
    if (y > 0) {
      const lines: [string, string, number, number, RecvLine?][] = [];
      let total = 0;
      for (const l of carried) {
        lines.push([l.account, l.label, l.debit, l.credit, l]);
        total += l.debit - l.credit;
      }
      if (bank) lines.push(['512000', 'À-nouveau banque', Math.max(bank, 0), Math.max(-bank, 0)]);
      if (vatBalance) lines.push(['445710', 'À-nouveau TVA collectée', Math.max(-vatBalance, 0), Math.max(vatBalance, 0)]);
      const balance = round2(total + bank - vatBalance);
      lines.push(['110000', 'Report à nouveau', Math.max(-balance, 0), Math.max(balance, 0)]);
      for (const [account, label, debit, credit, recv] of lines) {
        out.line('AN', '1', fyStart, account, recv, recv ? recv.pieceRef : `AN${year}`, recv ? recv.pieceDay : fyStart, label, debit, credit, recv ? lettered(recv) : undefined);
      }
    }

    const seq: Record<string, number> = { VE: 0, BQ: 0, OD: 0 };
    const open: RecvLine[] = carried.filter((l) => !lettered(l));
    while (entryIndex < entries.length && entries[entryIndex].day <= exportAt) {
      const e = entries[entryIndex++];
      const num = String(++seq[e.journal]);
      for (const l of e.recv) {
        out.line(e.journal, num, e.day, l.account, l, l.pieceRef, l.pieceDay, l.label, l.debit, l.credit, lettered(l));
        if (!lettered(l)) open.push(l);
      }
      for (const [account, label, debit, credit] of e.other) {
        out.line(e.journal, num, e.day, account, undefined, e.pieceRef, e.day, label, debit, credit, undefined);
        if (account === '512000') bank = round2(bank + debit - credit);
        if (account === '445710') vatBalance = round2(vatBalance + credit - debit);
      }
    }
    carried = open;
    files.push({ file: fileName, fiscal_year_end: isoOf(fyEnd), lines: out.count });
    await out.close();
    if (exportAt < fyEnd) break;
  }

  const truth: DemoTruth = {
    seed,
    siren,
    files,
    export_date: isoOf(exportDay),
    clients: clients.map((c, i) => {
      const s = settledStats[i];
      return {
        client_id: c.id,
        name: c.name,
        segment: c.segment,
        terms: formatTerms(c.terms),
        first_invoice_date: null,
        param_mean_days_late: round2(c.muLate),
        param_mean_days_late_after_change: c.muAfter === null ? null : round2(c.muAfter),
        change_date: c.changeDay === null ? null : isoOf(c.changeDay),
        settled_invoices: s.n,
        mean_days_late: s.n ? round2(s.sum / s.n) : null,
        weighted_mean_days_late: s.w ? round2(s.wsum / s.w) : null,
        default_start: c.defaultStartDay === null ? null : isoOf(c.defaultStartDay),
        transfer_to_doubtful_date: c.transferDay === null ? null : isoOf(c.transferDay),
        write_off_date: c.writeOffDay === null ? null : isoOf(c.writeOffDay),
        ...(c.run ? { payment_run: habitLabel(c.run) } : {}),
      };
    }),
  };
  if (truthInvoices.length) {
    truth.invoices = truthInvoices;
    const first = new Map<string, string>();
    for (const inv of truthInvoices) if (!first.has(inv.client_id) || inv.invoice_date < first.get(inv.client_id)!) first.set(inv.client_id, inv.invoice_date);
    for (const c of truth.clients) c.first_invoice_date = first.get(c.client_id) ?? null;
  }
  writeFileSync(join(options.outDir, 'ground-truth.json'), JSON.stringify(truth, null, 1));
  // The FEC carries no payment terms: the company's settings do (default and per-client overrides).
  const terms = Object.fromEntries(clients.filter((c) => c.terms.endOfMonth || c.terms.days !== 30).map((c) => [c.id, formatTerms(c.terms)]));
  // The letters' letterhead and the credit controllers' addresses (a fictitious company). The rates
  // of the second half of 2026 are not shipped (src/server/reminders/rates.ts stops at the last
  // semester known for certain): the demo assumes the ECB's and the legal rate unchanged since the
  // first half (2.15 %, 2.62 %) — a real company enters the rates published.
  const reminders = {
    company: { name: 'Démo Distribution SAS', siren, address: ['12 rue des Entrepreneurs', '69007 Lyon'], city: 'Lyon', iban: 'FR76 3000 4000 0500 0012 3456 789', bic: 'BNPAFRPPXXX', email: 'relances@demo-distribution.example', phone: '04 72 00 00 00' },
    team: { claire: 'Claire Martin <claire.martin@demo-distribution.example>', marc: 'Marc Durand <marc.durand@demo-distribution.example>', sophie: 'Sophie Bernard <sophie.bernard@demo-distribution.example>' },
    charges: { ecb_rates: { '2026-H2': 2.15 }, legal_rates: { '2026-H2': 2.62 } },
  };
  writeFileSync(join(options.outDir, 'settings.json'), JSON.stringify({ payment_terms: { default: '30 days net', clients: terms }, reminders }, null, 1));
  return truth;
}

/** Writes FEC lines in batches, encoded as the export's encoding. */
class FecWriter {
  private readonly stream;
  private buffer: string[] = [];
  count = 0;
  private static dates = new Map<number, string>();

  constructor(
    path: string,
    private readonly encoding: 'windows-1252' | 'utf-8',
    private readonly clients: Client[],
  ) {
    this.stream = createWriteStream(path);
    this.buffer.push(
      'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise',
    );
  }

  private static ymd(day: number): string {
    let s = FecWriter.dates.get(day);
    if (!s) {
      s = isoOf(day).replace(/-/g, '');
      FecWriter.dates.set(day, s);
    }
    return s;
  }

  line(journal: keyof typeof JOURNAL_LABELS, num: string, day: number, account: string, recv: RecvLine | undefined, pieceRef: string, pieceDay: number, label: string, debit: number, credit: number, group: Group | undefined): void {
    const c = recv ? this.clients[recv.client] : undefined;
    const amount = (x: number) => x.toFixed(2).replace('.', ',');
    this.buffer.push(
      [
        journal,
        JOURNAL_LABELS[journal],
        num,
        FecWriter.ymd(day),
        account,
        ACCOUNT_LABELS[account],
        c ? c.id : '',
        c ? c.name : '',
        pieceRef,
        FecWriter.ymd(pieceDay),
        label,
        amount(debit),
        amount(credit),
        group ? group.code : '',
        group ? FecWriter.ymd(group.letterDay) : '',
        FecWriter.ymd(day),
        '',
        '',
      ].join('\t'),
    );
    this.count++;
    if (this.buffer.length >= 20_000) this.flush();
  }

  private flush(): void {
    const text = this.buffer.join('\r\n') + '\r\n';
    this.buffer = [];
    this.stream.write(this.encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'win1252'));
  }

  close(): Promise<void> {
    this.flush();
    return new Promise((resolve, reject) => {
      this.stream.on('error', reject);
      this.stream.end(resolve);
    });
  }
}
