// French and English formats of money, numbers and dates, and payment terms.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatMoney, formatNumber, parseTypedAmount } from '../../src/lib/format.ts';
import { dueDay, parseTerms } from '../../src/lib/shared/terms.ts';
import { parseSize } from '../../src/server/config.ts';

const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('formats', () => {
  it('writes money the French way by default and the English way on request', () => {
    expect(nbsp(formatMoney(1234567.891, 'fr'))).toBe('1 234 567,89 €');
    expect(nbsp(formatMoney(-0.5, 'fr'))).toBe('-0,50 €');
    expect(formatMoney(1234567.891, 'en')).toBe('€1,234,567.89');
    expect(formatMoney(null, 'fr')).toBe('');
  });

  it('writes numbers and sizes', () => {
    expect(nbsp(formatNumber(78609, 'fr'))).toBe('78 609');
    expect(formatNumber(73.714, 'en', 2)).toBe('73.71');
    expect(nbsp(formatBytes(2 * 1024 ** 3, 'fr'))).toBe('2,0 Go');
  });

  it('writes calendar dates without a time-zone shift', () => {
    expect(formatDate('2026-10-31', 'fr')).toBe('31/10/2026');
    expect(formatDate('2026-01-01', 'en')).toBe('1 Jan 2026');
    expect(formatDate(null, 'fr')).toBe('');
  });

  it('reads upload limits', () => {
    expect(parseSize('2GB')).toBe(2 * 1024 ** 3);
    expect(parseSize('500 MB')).toBe(500 * 1024 ** 2);
    expect(parseSize('1024')).toBe(1024);
    expect(() => parseSize('lots')).toThrow(/write it like 2GB/);
  });
});

describe('payment terms', () => {
  const day = (iso: string) => Math.round(Date.parse(iso) / 86_400_000);
  const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

  it('reads "N days net" and "N days end of month" in English and French', () => {
    expect(parseTerms('30 days net')).toEqual({ days: 30, endOfMonth: false });
    expect(parseTerms('45 jours fin de mois')).toEqual({ days: 45, endOfMonth: true });
    expect(parseTerms('60')).toEqual({ days: 60, endOfMonth: false });
    expect(parseTerms('soon')).toBeUndefined();
  });

  it('computes due dates: 30 days net, and 45 days end of month (date + 45 days, then month end)', () => {
    expect(iso(dueDay(day('2024-01-15'), { days: 30, endOfMonth: false }))).toBe('2024-02-14');
    expect(iso(dueDay(day('2024-01-15'), { days: 45, endOfMonth: true }))).toBe('2024-02-29');
    expect(iso(dueDay(day('2024-01-31'), { days: 45, endOfMonth: true }))).toBe('2024-03-31');
  });
});

describe('percentages, short amounts and days', () => {
  it('writes a percentage the way each language does', async () => {
    const { formatPercent } = await import('../../src/lib/format.ts');
    expect(formatPercent(0.207, 'fr', 1)).toMatch(/^20,7[\u00a0\u202f]%$/);
    expect(formatPercent(0.207, 'en', 1)).toBe('20.7%');
    expect(formatPercent(null, 'en')).toBe('');
  });

  it('writes an axis amount in k€ and M€', async () => {
    const { formatMoneyShort } = await import('../../src/lib/format.ts');
    expect(formatMoneyShort(5_000_000, 'fr')).toBe('5\u00a0M€');
    expect(formatMoneyShort(800_000, 'fr')).toBe('800\u00a0k€');
    expect(formatMoneyShort(2_500_000, 'fr')).toBe('2,5\u00a0M€');
    expect(formatMoneyShort(950, 'fr')).toBe('950\u00a0€');
    expect(formatMoneyShort(1_500_000, 'en')).toBe('€1.5M');
    expect(formatMoneyShort(-800_000, 'en')).toBe('−€800k');
  });

  it('writes days with their unit, signed for a change', async () => {
    const { formatDays } = await import('../../src/lib/format.ts');
    expect(formatDays(21.8, 'fr', { sign: true })).toBe('+21,8\u00a0j');
    expect(formatDays(-1.4, 'en', { sign: true })).toBe('-1.4\u00a0d');
    expect(formatDays(null, 'fr')).toBe('–');
  });

  it('reads an amount as a person types it, or nothing', () => {
    expect(['15000', '15 000', '15\u202f000,50', '15000.5', '1 200 €'].map(parseTypedAmount)).toEqual([15000, 15000, 15000.5, 15000.5, 1200]);
    expect(['-5', '1e3', '15,000.00', '12,345', '0x1F', '', 'beaucoup'].map(parseTypedAmount)).toEqual([null, null, null, null, null, null, null]);
  });
});
