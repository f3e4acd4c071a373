// The demo ledger generator: deterministic, importable (every entry balanced), in Windows-1252,
// with opening entries that carry the previous year's open receivables and their lettering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoLedger, type DemoTruth } from '../../src/server/demo/generate.ts';
import { openDemoCopy, type DemoDb } from '../helpers.ts';

// the demo as the test run prepared it (generated and imported once: tests/setup/demo-database.ts)
let demoDir: string;
let truth: DemoTruth;
let t: DemoDb;
let ids: number[];

beforeAll(async () => {
  t = await openDemoCopy();
  ({ truth, demoDir, importIds: ids } = t);
});
afterAll(() => t.cleanup());

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('demo ledger', () => {
  it('is deterministic for a seed', async () => {
    const again = await generateDemoLedger({ outDir: join(t.dir, 'again') });
    for (const f of truth.files) expect(sha(join(t.dir, 'again', f.file))).toBe(sha(join(demoDir, f.file)));
    expect(again.clients).toEqual(truth.clients);
  });

  it('covers three fiscal years of about 250 clients of every behaviour', () => {
    expect(truth.files.map((f) => f.file)).toEqual(['552081317FEC20241231.txt', '552081317FEC20251231.txt', '552081317FEC20261231.txt']);
    expect(truth.clients).toHaveLength(250);
    const segments = new Set(truth.clients.map((c) => c.segment));
    expect([...segments].sort()).toEqual(['chronically_late', 'defaulting', 'deteriorating', 'mildly_late', 'punctual', 'seasonal']);
    expect(new Set(truth.clients.map((c) => c.terms))).toEqual(new Set(['30 days net', '45 days end of month']));
    expect(truth.clients.filter((c) => c.write_off_date).length).toBeGreaterThan(3);
    expect(truth.clients.filter((c) => c.transfer_to_doubtful_date).length).toBeGreaterThanOrEqual(truth.clients.filter((c) => c.write_off_date).length);
  });

  it('is written in Windows-1252 with accents, € and typographic dashes', () => {
    const bytes = readFileSync(join(demoDir, truth.files[1].file));
    expect(isUtf8(bytes)).toBe(false);
    expect(bytes.includes(0x80)).toBe(true); // €
    expect(bytes.includes(0x97)).toBe(true); // —
    expect(bytes.includes(0xe9)).toBe(true); // é
  });

  it('has invoices with 20% VAT on 411/706/44571, credit notes, bank receipts, transfers to 416 and write-offs', async () => {
    const kinds = await t.db.all<{ journal_code: string; account_num: string }>(`SELECT DISTINCT journal_code, account_num FROM ledger_lines ORDER BY ALL`);
    const pairs = kinds.map((k) => `${k.journal_code}:${k.account_num}`);
    for (const p of ['VE:411000', 'VE:706000', 'VE:445710', 'BQ:411000', 'BQ:512000', 'OD:416000', 'OD:654000', 'AN:411000']) expect(pairs).toContain(p);
    const vat = await t.db.one<{ bad: number }>(
      `SELECT count(*)::INTEGER AS bad FROM (
         SELECT entry_num, sum(credit) FILTER (WHERE account_num = '706000') AS ht, sum(credit) FILTER (WHERE account_num = '445710') AS tva
           FROM ledger_lines WHERE journal_code = 'VE' AND import_id = $id GROUP BY entry_num) WHERE ht > 0 AND abs(tva - round(ht * 0.2, 2)) > 0.01`,
      { id: ids[0] },
    );
    expect(vat!.bad).toBe(0);
  });

  it('opens each year with the previous year-end receivables, detailed per open item', async () => {
    for (let y = 1; y < ids.length; y++) {
      const closing = await t.db.one<{ bal: number }>(`SELECT sum(debit - credit)::DOUBLE AS bal FROM ledger_lines WHERE import_id = $id AND account_num IN ('411000', '416000')`, { id: ids[y - 1] });
      const opening = await t.db.one<{ bal: number }>(`SELECT sum(debit - credit)::DOUBLE AS bal FROM ledger_lines WHERE import_id = $id AND journal_code = 'AN' AND account_num IN ('411000', '416000')`, { id: ids[y] });
      expect(opening!.bal).toBeCloseTo(closing!.bal, 2);
    }
  });

  it('letters an invoice paid in the next year on its AN line, not on the original', async () => {
    const row = await t.db.one<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ledger_lines o JOIN ledger_lines a
          ON a.import_id = $y2 AND a.journal_code = 'AN' AND a.aux_num = o.aux_num AND a.piece_ref = o.piece_ref AND a.debit = o.debit AND a.piece_date = o.piece_date
        WHERE o.import_id = $y1 AND o.journal_code = 'VE' AND o.account_num = '411000' AND o.debit > 0 AND o.letter_code IS NULL AND a.letter_code IS NOT NULL`,
      { y1: ids[0], y2: ids[1] },
    );
    expect(row!.n).toBeGreaterThan(50);
  });

  it('writes ground truth of realised delays for clients with settled invoices', () => {
    const settled = truth.clients.filter((c) => c.settled_invoices >= 20);
    expect(settled.length).toBeGreaterThan(100);
    const punctual = settled.filter((c) => c.segment === 'punctual').map((c) => c.mean_days_late!);
    const chronic = settled.filter((c) => c.segment === 'chronically_late').map((c) => c.mean_days_late!);
    expect(Math.max(...punctual)).toBeLessThan(Math.min(...chronic));
  });
});
