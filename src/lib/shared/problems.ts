// One import problem as a sentence: "line 3, column EcritureDate: expected … (20241315)".
import type { Locale } from '../format.ts';
import type { ImportProblem } from '../contract/index.ts';

export function describeProblem(p: ImportProblem, locale: Locale): string {
  const words = locale === 'fr' ? { line: 'ligne', column: 'colonne', colon: '\u00a0: ' } : { line: 'line', column: 'column', colon: ': ' };
  const where = [p.line !== undefined ? `${words.line} ${p.line}` : '', p.column ? `${words.column} ${p.column}` : ''].filter(Boolean).join(', ');
  return `${where ? where + words.colon : ''}${p.message}${p.value !== undefined ? ` (${p.value})` : ''}`;
}
