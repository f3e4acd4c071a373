// Provision judgements: the rate a person decides for a client's doubtful receivables at a closing
// (a known insolvency, a guarantee, a settlement under way), with its reason — the users' own data
// (provision_judgements), recorded with who decided and when, only ever added to, surviving every
// re-import. A judgement applies from its closing date on, until a later one replaces it; one
// without a rate goes back to the settings' rules (sql/macros/provision_judgements_at.sql).
import type { Database } from '../db/database.ts';
import { query } from '../models/runner.ts';
import { keptLedgerSpan } from '../models/span.ts';
import { bumpCollectionsVersion, clientEntity } from '../collections/actions.ts';
import { addDays, utcTimestamp } from '../util/dates.ts';
import { say, UserError } from '../util/messages.ts';
import type { NewProvisionJudgement, ProvisionJudgement } from '../../lib/contract/index.ts';

export async function recordProvisionJudgement(db: Database, j: NewProvisionJudgement, by: string): Promise<ProvisionJudgement> {
  const { entity } = await clientEntity(db, j.client_id, j.entity);
  const span = await keptLedgerSpan(db, entity);
  // by default for the closing the data reaches; a closing before the data, or more than a year after it, is a typo
  const fromDate = j.from_date ?? span!.last;
  if (fromDate < span!.first) throw new UserError(say.closingBeforeData(fromDate, span!.first));
  const horizon = addDays(span!.last, 366);
  if (fromDate > horizon) throw new UserError(say.tooFarAhead('from_date', fromDate, horizon));
  const reason = j.reason.trim();
  if (reason.length < 3) throw new UserError(say.reasonRequired);
  return db.transaction(async (s) => {
    const row = await s.one<{ id: number }>(
      // decided_at in UTC, as it is read back (…Z): the column's default is the server's local time
      `INSERT INTO provision_judgements (entity_id, client_id, from_date, rate, reason, decided_by, decided_at) VALUES ($entity, $client, $from::DATE, $rate, $reason, $by, $at::TIMESTAMP) RETURNING judgement_id::INTEGER AS id`,
      { entity, client: j.client_id, from: fromDate, rate: j.rate, reason, by, at: utcTimestamp(new Date()) },
    );
    // the provisions read what users write: their kept answers are made again
    await bumpCollectionsVersion(s);
    const [recorded] = (await s.all<ProvisionJudgement>(query('provisions_judgements'), { entity, client: j.client_id })).filter((r) => r.judgement_id === row!.id);
    return recorded;
  });
}

export function provisionJudgements(db: Database, p: { entity: string | null; client: string | null }): Promise<ProvisionJudgement[]> {
  return db.all<ProvisionJudgement>(query('provisions_judgements'), { entity: p.entity, client: p.client });
}
