// The Levers page's inputs (src/lib/components/levers/inputs.ts): rates typed as percentages and
// kept in the URL as the API's fractions, and a refusal of the API placed beside the fields it names.
import { describe, expect, it } from 'vitest';
import { formatInputRate, fractionOf, groupOf, inputsNamed, LEVER_INPUTS, percentOf } from '../../src/lib/components/levers/inputs.ts';

const norm = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('levers page inputs', () => {
  it('a percentage typed is sent as a fraction, and shown back as the same percentage, without binary noise', () => {
    expect(['2', '1', '10', '0.5', '7', '2.5', '0.125', ''].map(fractionOf)).toEqual(['0.02', '0.01', '0.1', '0.005', '0.07', '0.025', '0.00125', null]);
    expect(['0.02', '0.01', '0.1', '0.005', '0.07', '0.00125'].map(percentOf)).toEqual(['2', '1', '10', '0.5', '7', '0.125']);
    // what the API must refuse goes as it was typed
    expect([percentOf('abc'), fractionOf('abc')]).toEqual(['abc', 'abc']);
  });

  it('every input of the API, once', () => {
    expect(new Set(LEVER_INPUTS).size).toBe(12);
  });

  it('a refusal is said beside the fields it names, the top of the page otherwise', () => {
    const kn = 'discount_days (40) doit être inférieur à net_days (30) : l’escompte rémunère un paiement plus tôt que l’échéance.';
    expect(inputsNamed(kn)).toEqual(['discount_days', 'net_days']);
    expect(groupOf(inputsNamed(kn))).toBe('escompte');
    expect(inputsNamed('Le paramètre factoring_past_due_days (400) doit être un nombre entier de 0 à 365.')).toEqual(['factoring_past_due_days']);
    expect(groupOf(inputsNamed('Le paramètre factoring_rate (2) doit être un nombre de 0 à 1, comme 0.04.'))).toBe('factoring');
    expect(groupOf(inputsNamed('The parameter cost_of_funds (2) must be a number from 0 to 1.'))).toBe('common');
    expect(groupOf(inputsNamed('Les données s’arrêtent au 31/10/2026.'))).toBe('common');
  });

  it('an input rate with the digits it needs', () => {
    expect([0.1, 0.005, 0.0125, 0.02].map((r) => norm(formatInputRate(r, 'fr')))).toEqual(['10 %', '0,5 %', '1,25 %', '2 %']);
    expect(formatInputRate(0.005, 'en')).toBe('0.5%');
  });
});
