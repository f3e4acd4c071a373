// A FEC shaped as a user measured the product with (issue #16), independent of the demo generator:
// three fiscal years in one file, many clients (10 000 by default) with few invoices each,
// invoices on 411/706/44571, payments on 512/411 lettered per client, 7 % of invoices never
// paid, 10 % paid in two parts, CRLF line ends, labels and names with accents and the
// Windows-1252 characters outside Latin-1 (€ ’ œ Œ … – “ ”). Written as a stream in Windows-1252
// (as most French accounting software exports it) or UTF-8, byte for byte the same content.
//   npx tsx bench/fec-shape.ts --lines 1000000 --clients 10000 --encoding windows-1252 --out f.txt
import { createWriteStream } from 'node:fs';
import iconv from 'iconv-lite';
import { scriptArgs } from './args.ts';
import { prng } from '../src/server/util/random.ts';

export interface ShapeOptions {
  lines: number;
  clients: number;
  encoding: 'windows-1252' | 'utf-8';
  out: string;
  /** the first of the three calendar fiscal years */
  firstYear?: number;
  seed?: number;
}

const HEADER = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';
const NAMES = ['Société Générale d’Équipement', 'Œuvres Sociales Réunies', 'Bâtiments “Les Châtaigniers”', 'Crèmerie Müller & Fils', 'Électricité Gaëlle – Dépannage', 'Cœur de Forêt SARL', 'Hôtel du Pré…', 'Garage Noël'];
const DAY = 86_400_000;

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
const money = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

/** A lettering code per client: A, B, … Z, AA, AB … */
function letterCode(n: number): string {
  let s = '';
  for (n += 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

interface Line {
  date: number;
  journal: 'VE' | 'BQ';
  text: string[];
}

/** Writes the file; returns the number of lines written (the header excluded). */
export async function writeShapedFec(o: ShapeOptions): Promise<number> {
  // seeded: the same options give the same file
  const rnd = prng(o.seed ?? 16).next;
  const first = Date.UTC(o.firstYear ?? 2023, 0, 1);
  const end = Date.UTC((o.firstYear ?? 2023) + 3, 0, 1) - DAY; // the export date: the third year's last day
  // about 5 lines an invoice: 3 for the sale, 2 for a payment, 4 for 10 % paid in two parts, none for 7 %
  const invoicesPerClient = Math.max(1, Math.round(o.lines / 5 / o.clients));
  const lines: Line[] = [];
  let written = 0;
  const out = createWriteStream(o.out);
  const write = (text: string) => {
    const bytes = o.encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'win1252');
    return out.write(bytes) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  };
  await write(HEADER + '\r\n');
  // clients are written a batch at a time, their entries sorted by date within the batch (a FEC is
  // in entry order; across batches the dates restart, which a FEC of several journals also does)
  const batch = 500;
  const numbers = { VE: 0, BQ: 0 };
  for (let c0 = 0; c0 < o.clients; c0 += batch) {
    for (let c = c0; c < Math.min(o.clients, c0 + batch); c++) {
      const id = `C${String(c + 1).padStart(5, '0')}`;
      const name = `${NAMES[c % NAMES.length]} ${c + 1}`;
      const delay = Math.floor(rnd() * 40) - 5; // the client's habit: days after the due date
      let letters = 0;
      for (let i = 0; i < invoicesPerClient; i++) {
        const date = first + Math.floor(rnd() * ((end - first) / DAY)) * DAY;
        const ht = 5_000 + Math.floor(rnd() * 500_000);
        const vat = Math.round(ht * 0.2);
        const ttc = ht + vat;
        const ref = `F${id}-${i + 1}`;
        const due = date + 30 * DAY;
        const unpaid = rnd() < 0.07;
        const twoParts = !unpaid && rnd() < 0.1 / 0.93;
        const paidOn = (k: number) => due + (delay + Math.floor(rnd() * 20) + k * 15) * DAY;
        const payments = unpaid ? [] : twoParts ? [paidOn(0), paidOn(1)].sort((x, y) => x - y) : [paidOn(0)];
        const settled = payments.length > 0 && payments[payments.length - 1] <= end;
        const letter = settled ? letterCode(letters++) : '';
        const letDate = settled ? ymd(payments[payments.length - 1]) : '';
        const sale = (account: string, label: string, debit: number, credit: number, aux: boolean, let_: string) => [account, label, aux ? id : '', aux ? name : '', ref, ymd(date), `Facture ${ref} – ${name}`, money(debit), money(credit), let_, let_ ? letDate : '', ymd(date), '', ''];
        lines.push({ date, journal: 'VE', text: sale('411000', 'Clients', ttc, 0, true, letter) });
        lines.push({ date, journal: 'VE', text: sale('706000', 'Prestations de services', 0, ht, false, '') });
        lines.push({ date, journal: 'VE', text: sale('445710', 'TVA collectée', 0, vat, false, '') });
        const parts = twoParts ? [Math.round(ttc * 0.4), ttc - Math.round(ttc * 0.4)] : [ttc];
        payments.forEach((on, k) => {
          if (on > end) return;
          const label = `Règlement ${ref} ${name} – ${money(parts[k])} €`;
          const row = (account: string, accountLabel: string, debit: number, credit: number, aux: boolean) => [account, accountLabel, aux ? id : '', aux ? name : '', `VIR${ref}-${k + 1}`, ymd(on), label, money(debit), money(credit), aux ? letter : '', aux && letter ? letDate : '', ymd(on), '', ''];
          lines.push({ date: on, journal: 'BQ', text: row('512000', 'Banque', parts[k], 0, false) });
          lines.push({ date: on, journal: 'BQ', text: row('411000', 'Clients', 0, parts[k], true) });
        });
      }
    }
    // one entry = its lines together, in date order: a sale's three, a payment's two
    lines.sort((a, b) => a.date - b.date);
    let text = '';
    for (let i = 0; i < lines.length; ) {
      const l = lines[i];
      const size = l.journal === 'VE' ? 3 : 2;
      const num = ++numbers[l.journal];
      for (let k = 0; k < size; k++) {
        const m = lines[i + k];
        text += `${m.journal}\t${m.journal === 'VE' ? 'Journal des ventes' : 'Banque'}\t${num}\t${ymd(m.date)}\t${m.text.join('\t')}\r\n`;
      }
      i += size;
      written += size;
    }
    lines.length = 0;
    await write(text);
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return written;
}

if (process.argv[1] === import.meta.filename) {
  const v = scriptArgs(
    `Usage: npx tsx bench/fec-shape.ts --out FILE [--lines 1000000] [--clients 10000] [--encoding windows-1252|utf-8]`,
    { out: { type: 'string' }, lines: { type: 'string', default: '1000000' }, clients: { type: 'string', default: '10000' }, encoding: { type: 'string', default: 'windows-1252' } },
  );
  if (!v.out) throw new Error('--out is needed');
  const n = await writeShapedFec({ lines: Number(v.lines), clients: Number(v.clients), encoding: v.encoding as ShapeOptions['encoding'], out: v.out });
  console.log(`${n} lines written to ${v.out}`);
}
