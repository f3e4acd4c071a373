// Table exports: CSV that Excel opens right in French and English, formula injection neutralised,
// and XLSX with typed cells.
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { neutralise, tableCsv, tableXlsx, type ExportColumn } from '../../src/lib/export.ts';

interface Row {
  code: string;
  name: string;
  date: string;
  amount: number;
  days: number | null;
}
const columns: ExportColumn<Row>[] = [
  { label: 'Code', type: 'text', value: (r) => r.code },
  { label: 'Client', type: 'text', value: (r) => r.name },
  { label: 'Date', type: 'date', value: (r) => r.date },
  { label: 'Montant', type: 'money', value: (r) => r.amount },
  { label: 'Jours', type: 'number', value: (r) => r.days },
];
const rows: Row[] = [
  { code: '00042', name: 'Boulangerie Lefèvre; fils', date: '2026-10-31', amount: 1234567.891, days: 12 },
  { code: 'C2', name: '=HYPERLINK("http://x","clic")', date: '2026-01-05', amount: -50, days: null },
  { code: '+33', name: '@SUM(A1)', date: '2026-01-05', amount: 0.5, days: 0 },
];

describe('CSV export', () => {
  it('French: BOM, ";" separator, decimal comma, DD/MM/YYYY, quoted text, leading zeros kept', () => {
    expect(tableCsv(columns, rows.slice(0, 1), 'fr')).toBe('\uFEFFCode;Client;Date;Montant;Jours\r\n00042;"Boulangerie Lefèvre; fils";31/10/2026;1234567,89;12\r\n');
  });

  it('English: "," separator, decimal point, ISO dates', () => {
    expect(tableCsv(columns, rows.slice(0, 1), 'en')).toBe('\uFEFFCode,Client,Date,Montant,Jours\r\n00042,Boulangerie Lefèvre; fils,2026-10-31,1234567.89,12\r\n');
    expect(tableCsv(columns, [{ ...rows[0], name: 'Acme, Inc.' }], 'en').split('\r\n')[1]).toBe('00042,"Acme, Inc.",2026-10-31,1234567.89,12');
  });

  it('neutralises text cells that would start a formula, not negative amounts', () => {
    const csv = tableCsv(columns, rows.slice(1), 'fr').split('\r\n');
    expect(csv[1]).toBe(`C2;"'=HYPERLINK(""http://x"",""clic"")";05/01/2026;-50,00;`);
    expect(csv[2]).toBe("'+33;'@SUM(A1);05/01/2026;0,50;0");
    expect(neutralise('-1+2')).toBe("'-1+2");
    expect(neutralise('Dupont')).toBe('Dupont');
  });
});

describe('XLSX export', () => {
  it('writes a workbook whose cells are typed: numbers stay numbers, text stays text', async () => {
    const blob = await tableXlsx(columns, rows, 'Balance âgée');
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    const shared = strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array());
    expect(strFromU8(files['xl/workbook.xml'])).toContain('name="Balance âgée"');
    expect(sheet).toMatch(/<v>1234567\.891<\/v>/); // the number itself, formatted by Excel
    expect(shared + sheet).toContain('00042');
    expect(shared + sheet).toContain('=HYPERLINK("http://x","clic")'); // a string cell, never a formula
    expect(sheet).not.toContain('<f>');
  });
});
