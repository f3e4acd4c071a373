// What every report shares: the scope asked for — an entity, or all of them — checked against the
// data; the as-of date asked for, checked to lie within the data, or else the latest date of the
// data; and the errors a report answers when it cannot be made (a 4xx with a sentence in English
// and in French, never a stack trace).
import type { Database } from '../db/database.ts';
import { cached } from '../models/cache.ts';
import { itemSpansByEntity } from '../models/span.ts';
import { say, UserError, type Text } from '../util/messages.ts';
import { readStatus } from './status.ts';

/** A report that cannot be made from what was asked: answered 400 with its sentence. */
export class ReportError extends UserError {}

/** A report about something that does not exist (a client, a snapshot): answered 404. */
export class NotFound extends ReportError {
  constructor(text: Text) {
    super(text, 404);
  }
}

/** Where the data of a scope lies, `first` to `last`; `latest`, its last receivable item, is the default as-of date. */
export interface DataSpan {
  first: string;
  last: string;
  latest: string;
}

const earlier = (a: string, b: string) => (a < b ? a : b);
const later = (a: string, b: string) => (a > b ? a : b);

/**
 * The span of the data of an entity, or of all of them (null); null when there is no data at all.
 * An entity without data is refused, naming those with data. A span runs over the dates of the
 * imports in force, as the header shows them, and of the receivable items (the settlements of an
 * invoice list run past its last invoice date).
 */
export async function checkEntity(db: Database, entity: string | null): Promise<DataSpan | null> {
  const spans = await dataSpans(db);
  if (entity === null) {
    const all = [...spans.values()];
    return all.length ? all.reduce((a, b) => ({ first: earlier(a.first, b.first), last: later(a.last, b.last), latest: later(a.latest, b.latest) })) : null;
  }
  const span = spans.get(entity);
  if (!span) throw new ReportError(say.unknownEntity(entity, [...spans.keys()].sort()));
  return span;
}

/** Each entity's span, read once per model build (an import or a removal makes a new one): every report asks. */
function dataSpans(db: Database): Promise<Map<string, DataSpan>> {
  return cached(db, null, 'data-spans', async () => {
    const [items, status] = await Promise.all([itemSpansByEntity(db), readStatus(db)]);
    const spans = new Map<string, DataSpan>();
    for (const e of status.entities) if (e.first_date && e.last_date) spans.set(e.entity_id, { first: e.first_date, last: e.last_date, latest: e.last_date });
    for (const i of items) {
      const imported = spans.get(i.entity_id);
      spans.set(i.entity_id, { first: earlier(i.first, imported?.first ?? i.first), last: later(i.last, imported?.last ?? i.last), latest: i.last });
    }
    return spans;
  });
}

/**
 * The as-of date asked for, or the latest date of the data. Refused: an entity without data, a
 * date after the data (what comes after is the forecast's) or before it, and no data at all.
 */
export async function resolveAsOf(db: Database, asOf: string | null | undefined, entity: string | null): Promise<string> {
  const span = await checkEntity(db, entity);
  if (!span) throw new ReportError(say.noData);
  if (!asOf) return span.latest;
  if (asOf > span.last) throw new ReportError(say.afterData(asOf, span.last, entity));
  if (asOf < span.first) throw new ReportError(say.beforeData(asOf, span.first, entity));
  return asOf;
}
