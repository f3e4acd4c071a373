// A client's terms for the letters: whether late-payment charges apply (b2b, consumer, none), the
// late-interest rate of its terms, and its letters' language — the users' data, kept with the
// client's collections profile (collection_clients) through every re-import.
import type { Database } from '../db/database.ts';
import { bumpCollectionsVersion, clientEntity } from '../collections/actions.ts';
import type { CHARGE_TERMS, LETTER_LANGUAGES } from '../../lib/contract/reminders.ts';

type Terms = (typeof CHARGE_TERMS)[number];
type Language = (typeof LETTER_LANGUAGES)[number];

export async function setChargeTerms(db: Database, client: string, p: { entity?: string; terms?: Terms; late_rate?: number | null; language?: Language }, by: string) {
  const { entity } = await clientEntity(db, client, p.entity);
  return db.transaction(async (s) => {
    const now = await s.one<{ charges: Terms; late_rate: number | null; language: Language | null }>(
      `SELECT charges, late_rate::DOUBLE AS late_rate, language FROM collection_clients WHERE entity_id = $entity AND client_id = $client`,
      { entity, client },
    );
    const terms = p.terms ?? now?.charges ?? 'b2b';
    const lateRate = p.late_rate === undefined ? (now?.late_rate ?? null) : p.late_rate;
    const language = p.language ?? now?.language ?? 'fr';
    // the owner and the policy stay as they are (INSERT OR REPLACE keeps the columns it does not name)
    await s.run(
      `INSERT OR REPLACE INTO collection_clients (entity_id, client_id, charges, late_rate, language, updated_by, updated_at) VALUES ($entity, $client, $terms, $rate, $language, $by, current_timestamp)`,
      { entity, client, terms, rate: lateRate, language, by },
    );
    await bumpCollectionsVersion(s);
    return { entity_id: entity, client_id: client, terms, late_rate: lateRate, language };
  });
}
