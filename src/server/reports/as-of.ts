// What every report at a date shares: the as-of date asked for, or the latest date of the data,
// and the error a report answers when it cannot be made (a 400 with a sentence, never a stack).
import type { Database } from '../db/database.ts';
import { ledgerSpan } from '../models/span.ts';

/** A report that cannot be made from what was asked: answered 400 with its message. */
export class ReportError extends Error {
  readonly statusCode: number = 400;
}

/** A report about something that does not exist (a client, a snapshot): answered 404. */
export class NotFound extends ReportError {
  override readonly statusCode = 404;
}

export const NO_DATA = 'There is no data yet: import a FEC or an invoice list first.';

/** The last entry date of the receivable items (of one entity, or all), or null without data. */
export async function latestDate(db: Database, entity: string | null): Promise<string | null> {
  return (await ledgerSpan(db, entity))?.last ?? null;
}

/** The as-of date asked for, or the latest date of the data; a ReportError without data. */
export async function resolveAsOf(db: Database, asOf: string | null | undefined, entity: string | null): Promise<string> {
  const date = asOf || (await latestDate(db, entity));
  if (!date) throw new ReportError(NO_DATA);
  return date;
}
