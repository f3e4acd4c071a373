// User-facing import errors: they name the file, the line and the column, and say what to do.
// Never a stack trace: the importer turns anything else into one of these.

import type { ImportProblem as Problem } from '../../lib/contract/index.ts';
import { describeProblem } from '../../lib/shared/problems.ts';

export type { Problem };

export class ImportError extends Error {
  constructor(
    readonly fileName: string,
    readonly summary: string,
    readonly hint: string,
    readonly problems: Problem[] = [],
    readonly totalProblems = problems.length,
  ) {
    super(`${fileName}: ${summary}`);
    this.name = 'ImportError';
  }

  /** The full readable report: what, where, and what to do. */
  report(): string {
    const lines = [`${this.fileName}: ${this.summary}`];
    for (const p of this.problems) lines.push(`  - ${describeProblem(p, 'en')}`);
    if (this.totalProblems > this.problems.length) lines.push(`  … and ${this.totalProblems - this.problems.length} more`);
    lines.push(`What to do: ${this.hint}`);
    return lines.join('\n');
  }

  toJSON() {
    return { file: this.fileName, summary: this.summary, hint: this.hint, problems: this.problems, total_problems: this.totalProblems, report: this.report() };
  }
}

/** A check of one column's values, run over the file to list the bad ones with their lines. */
export interface ValueCheck {
  /** the column as the file names it */
  column: string;
  /** SQL: the row's value is bad */
  bad: string;
  /** SQL: the value as written */
  rawExpr: string;
  /** what was expected, completing "expected …" */
  expected: string;
  /** SQL: a sentence saying better than "expected …" why this value is bad, or NULL */
  reason?: string;
}

/** The message the parsing SQL raises on a value it cannot read: the load stops at once and the
 *  importer lists the bad values with their lines (see fail / failIfPresent). */
export const BAD_VALUE = 'encours:bad-value';

/** SQL: the parsed value, or an error when it is missing or unreadable (required values). */
export const required = (parsed: string) => `coalesce(${parsed}, error('${BAD_VALUE}'))`;

/** SQL: the parsed value; NULL when the raw text is empty; an error when it is unreadable. */
export const optional = (parsed: string, raw: string) => `coalesce(${parsed}, CASE WHEN ${raw} IS NOT NULL THEN error('${BAD_VALUE}') END)`;
