// The reminders UI's pure helpers: which ticked letters a send takes (a formal notice only once
// confirmed), the links to the letters built from the contract's routes, the semesters and rates
// in words, the outcome of a send in one line, and the latest written level due of a client.
import { describe, expect, it } from 'vitest';
import { letterUrl, lettersPdfUrl, ratePercent, semesterLabel, semesterRates, sendPlan, sendSummary, statementUrl, tickedLetters, writtenLevelDue } from '../../src/lib/components/reminders/reminders.ts';
import { en, fr } from '../../src/lib/i18n/messages.ts';

const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
const letter = (key: string, o: { delivery?: 'email' | 'letter'; manual?: boolean; error?: boolean } = {}) => ({
  key,
  delivery: o.delivery ?? 'email',
  manual: o.manual ?? false,
  error: o.error ? { en: 'no rate', fr: 'pas de taux' } : null,
});

describe('what a send takes', () => {
  const letters = [letter('E/A/1'), letter('E/B/1', { delivery: 'letter' }), letter('E/C/3', { manual: true }), letter('E/D/1', { error: true }), letter('E/F/3', { manual: true, delivery: 'letter' })];

  it('ticks every letter that can be written by default, and leaves the unticked out', () => {
    expect(tickedLetters(letters, {}).map((l) => l.key)).toEqual(['E/A/1', 'E/B/1', 'E/C/3', 'E/F/3']);
    expect(tickedLetters(letters, { 'E/A/1': true, 'E/B/1': false }).map((l) => l.key)).toEqual(['E/B/1', 'E/C/3', 'E/F/3']);
  });

  it('sends by e-mail the ticked letters with an address, a formal notice only once confirmed', () => {
    expect(sendPlan(letters, {}, {}, 'email')).toEqual({ keys: ['E/A/1'], confirmed: [], waiting: 1 });
    expect(sendPlan(letters, {}, { 'E/C/3': true }, 'email')).toEqual({ keys: ['E/A/1', 'E/C/3'], confirmed: ['E/C/3'], waiting: 0 });
    expect(sendPlan(letters, { 'E/A/1': true, 'E/C/3': true }, { 'E/C/3': true }, 'email')).toEqual({ keys: [], confirmed: [], waiting: 0 });
  });

  it('marks as sent by hand every ticked letter, printed or e-mailed, the confirmed notices with them', () => {
    expect(sendPlan(letters, {}, {}, 'manual')).toEqual({ keys: ['E/A/1', 'E/B/1'], confirmed: [], waiting: 2 });
    expect(sendPlan(letters, { 'E/A/1': true }, { 'E/F/3': true }, 'manual')).toEqual({ keys: ['E/B/1', 'E/F/3'], confirmed: ['E/F/3'], waiting: 1 });
  });
});

describe('links', () => {
  it('names a letter by its level, date and entity, as PDF or .eml', () => {
    const l = { entity_id: '552081317', client_id: 'C 01/é', level: 3 };
    expect(letterUrl(l, '2026-10-31')).toBe('/api/reminders/clients/C%2001%2F%C3%A9/letter?level=3&as_of=2026-10-31&entity=552081317');
    expect(letterUrl(l, null, 'eml')).toBe('/api/reminders/clients/C%2001%2F%C3%A9/letter?level=3&entity=552081317&format=eml');
    expect(statementUrl('C00036', '552081317', null)).toBe('/api/reminders/clients/C00036/letter?template=statement&entity=552081317');
  });

  it('prints the letters named, with the batch’s filters', () => {
    const url = new URL(lettersPdfUrl(['E/A/1', 'E/C/3'], { asOf: '2026-10-31', entity: null, owner: 'marc', level: null }), 'http://x');
    expect(url.pathname).toBe('/api/reminders/letters.pdf');
    expect(Object.fromEntries(url.searchParams)).toEqual({ keys: 'E/A/1,E/C/3', as_of: '2026-10-31', owner: 'marc' });
  });
});

describe('words', () => {
  it('names the semesters and their rates', () => {
    expect(semesterLabel('2025-H1', 'fr')).toBe('1er semestre 2025');
    expect(semesterLabel('2026-H2', 'fr')).toBe('2e semestre 2026');
    expect(semesterLabel('2026-H2', 'en')).toBe('second half of 2026');
    expect(semesterLabel('nonsense', 'fr')).toBe('nonsense');
    expect(nbsp(ratePercent(13.15, 'fr'))).toBe('13,15 %');
    expect(ratePercent(12.15, 'en')).toBe('12.15%');
    expect(semesterRates([{ semester: '2025-H1', rate: 13.15 }], 'fr', fr).map(nbsp)).toEqual(['1er semestre 2025 : 13,15 %']);
    expect(semesterRates([{ semester: '2025-H1', rate: 13.15 }], 'en', en)).toEqual(['first half of 2025: 13.15%']);
  });

  it('sums up a send', () => {
    expect(sendSummary({ sent: 2, failed: 0, skipped: 1 }, fr, 'fr')).toBe('2 envoyées, 0 en échec, 1 ignorée');
    expect(sendSummary({ sent: 1, failed: 3, skipped: 4 }, fr, 'fr')).toBe('1 envoyée, 3 en échec, 4 ignorées');
    expect(sendSummary({ sent: 2, failed: 1, skipped: 0 }, en, 'en')).toBe('2 sent, 1 failed, 0 skipped');
  });
});

describe('the latest reminder of a client', () => {
  const levels = [
    { level: 1, days: 1, channel: 'reminder_email' as const },
    { level: 2, days: 7, channel: 'call' as const },
    { level: 3, days: 20, channel: 'formal_notice' as const },
    { level: 4, days: 45, channel: 'escalation' as const },
  ];

  it('is the highest level due whose channel writes a letter', () => {
    expect(writtenLevelDue([{ due_level: 1 }, { due_level: 4 }, { due_level: 3 }], levels)?.level).toBe(3);
    expect(writtenLevelDue([{ due_level: 1 }, { due_level: 2 }], levels)?.level).toBe(1);
    expect(writtenLevelDue([{ due_level: 2 }, { due_level: null }], levels)).toBeNull();
    expect(writtenLevelDue([], levels)).toBeNull();
  });
});
