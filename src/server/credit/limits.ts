// Credit limits (encours autorisé): the users' own data (credit_limits, migration 009), keyed by
// entity and client code, only ever added to, each row with who decided it and when (UTC, written
// here). A limit is decided in the app — with its reason — or imported from a CSV list such as a
// credit insurer's: the file is read like the contacts file (any encoding, separator and line end
// sniff.ts knows; read_csv; columns by French and English names; the amounts with the file's one
// decimal mark, as the invoice lists' — import/amounts.ts), every line is checked before
// anything is written, and the whole file is written in one transaction. A line names its client
// by code or by SIREN: the ledger keeps no SIREN, so a line giving both teaches Encours the
// client's SIREN (client_sirens, migration 010) and the next lists may give the SIREN only, as
// credit insurers do. Writes bump the users' data version: the kept answers (cached
// …{ userData: true }) are made again.
import type { Database, Session } from '../db/database.ts';
import { query } from '../models/runner.ts';
import { keptLedgerSpan } from '../models/span.ts';
import { ImportError, type Problem } from '../import/errors.ts';
import { cellSql, loadCsvRows, matchColumns, withUserCsv, type ColumnLayout, type UserCsv } from '../import/user-csv.ts';
import { amountReason, amountSql, detectAmountStyle, type AmountStyle } from '../import/amounts.ts';
import { bumpCollectionsVersion, clientEntity } from '../collections/actions.ts';
import { CONTACT_FIELDS } from '../collections/contacts-import.ts';
import { say, UserError } from '../util/messages.ts';
import { utcTimestamp } from '../util/dates.ts';
import type { CreditImportResult, CreditLimit, NewCreditLimit } from '../../lib/contract/index.ts';


/** Records a client's limit (amount null: withdrawn). `now` is the moment decided (tests set it). */
export async function recordCreditLimit(db: Database, l: NewCreditLimit, by: string, now: Date = new Date()): Promise<CreditLimit> {
  const { entity } = await clientEntity(db, l.client_id, l.entity);
  const reason = l.reason.trim();
  if (reason.length < 3) throw new UserError(say.creditReasonRequired);
  if (l.amount !== null && !(l.amount >= 0)) throw new UserError(say.creditAmountNegative);
  const insurer = l.insurer?.trim() || null;
  const validUntil = l.valid_until ?? null;
  if (validUntil) {
    const span = await keptLedgerSpan(db, entity);
    if (span && validUntil < span.first) throw new UserError(say.creditEndsBeforeData(validUntil, span.first));
  }
  return db.transaction(async (s) => {
    const row = await s.one<{ id: number }>(
      `INSERT INTO credit_limits (entity_id, client_id, amount, insurer, valid_until, source, reason, decided_by, decided_at)
       VALUES ($entity, $client, $amount, $insurer, $until::DATE, 'app', $reason, $by, $at::TIMESTAMP) RETURNING limit_id::INTEGER AS id`,
      { entity, client: l.client_id, amount: l.amount, insurer, until: validUntil, reason, by, at: utcTimestamp(now) },
    );
    await bumpCollectionsVersion(s);
    return (await s.all<CreditLimit>(query('credit_limits'), { entity, client: l.client_id })).find((r) => r.limit_id === row!.id)!;
  });
}

export function creditLimits(db: Database, p: { entity: string | null; client: string | null }): Promise<CreditLimit[]> {
  return db.all<CreditLimit>(query('credit_limits'), p);
}

/** The columns of a limits file and the names they are known by (compared after normaliseName, without spaces). */
export const CREDIT_FIELDS = {
  client_id: [...CONTACT_FIELDS.client_id, 'code', 'client ref', 'customer ref', 'buyer id', 'code acheteur', 'reference client', 'ref client'],
  siren: ['siren', 'siren client', 'numero siren', 'n siren', 'siret', 'company number', 'registration number', 'buyer siren'],
  amount: ['limit', 'credit limit', 'limit amount', 'amount', 'approved limit', 'approved amount', 'insured limit', 'cover', 'covered amount', 'guaranteed amount', 'encours autorise', 'encours', 'limite', 'limite de credit', 'plafond', 'montant', 'montant garanti', 'montant autorise', 'garantie', 'agrement', 'montant agree', 'decision'],
  insurer: ['insurer', 'credit insurer', 'insurance', 'assureur', 'assureur credit', 'organisme', 'garant', 'guarantor'],
  valid_until: ['valid until', 'valid to', 'end date', 'expiry', 'expiry date', 'expires', 'expiration', 'expiration date', 'date de fin', 'fin', 'fin de validite', 'date fin', 'valable jusqu au', 'valide jusqu au', 'echeance', 'date d echeance', 'date d expiration'],
  entity_id: ['entity', 'entity id', 'entite', 'code societe', 'company code', 'code entite'],
  reason: ['reason', 'note', 'comment', 'motif', 'commentaire', 'remarque', 'observation'],
} as const;
type Field = keyof typeof CREDIT_FIELDS;

const MAX_LISTED = 20;

type Layout = ColumnLayout<Field>;

/** Finds the columns by their names (French, English, PascalCase); the first column that matches a field takes it. */
export function creditLayout(fileName: string, columns: string[]): Layout {
  const layout = matchColumns(columns, CREDIT_FIELDS);
  const { index } = layout;
  const missing: Problem[] = [];
  if (index.client_id === undefined && index.siren === undefined) {
    missing.push({ line: 1, column: 'client_id', message: `no header names the client code or its SIREN (known names: client, code client, customer id, compte client, SIREN…) / aucun en-tête ne nomme le code client ni son SIREN` });
  }
  if (index.amount === undefined) missing.push({ line: 1, column: 'amount', message: 'no header names the limit (known names: limit, credit limit, encours autorisé, montant garanti, plafond…) / aucun en-tête ne nomme la limite' });
  if (missing.length) {
    throw new ImportError(fileName, `required ${missing.length === 1 ? 'column' : 'columns'} not found: ${missing.map((m) => m.column).join(', ')}.`, `A limits file has a header line naming its columns: at least the client code and the limit. Rename the columns and import it again. Nothing was imported. Columns found: ${columns.join(', ')}.`, missing);
  }
  return layout;
}


/** SQL: a date cell as YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY; NULL otherwise. */
const dateSql = (expr: string) => `coalesce(try_strptime(${expr}, '%Y-%m-%d'), try_strptime(${expr}, '%d/%m/%Y'), try_strptime(${expr}, '%d-%m-%Y'), try_strptime(${expr}, '%d.%m.%Y'))::DATE`;

/** Imports a file of limits: one row per line, source 'import', decided by who imported it, now. */
export async function importCreditLimits(db: Database, path: string, fileName: string, by: string, now: Date = new Date()): Promise<CreditImportResult> {
  return withUserCsv(db, path, fileName, 'code client, encours autorisé, assureur, date de fin…', async (csv) => {
    const layout = creditLayout(fileName, csv.columns);
    return db.transaction(async (s) => {
      const amounts = await loadRows(s, fileName, csv, layout);
      await checkRows(s, fileName, layout, amounts.style);
      const warnings: string[] = [...amounts.warnings];
      if (layout.unused.length) warnings.push(`Columns not used: ${layout.unused.join(', ')}.`);
      const learnt = await learnSirens(s, fileName, by, now);
      if (learnt) warnings.push(`${learnt} client ${learnt === 1 ? 'SIREN' : 'SIRENs'} recorded from the lines giving both the client code and the SIREN: the next lists may give the SIREN only.`);
      await s.run(
        `INSERT INTO credit_limits (entity_id, client_id, amount, insurer, valid_until, source, reason, decided_by, decided_at)
         SELECT entity_id, client_id, amount, insurer, valid_until, 'import', coalesce(reason, 'import of ' || $file), $by, $at::TIMESTAMP + to_microseconds(line_no)
         FROM credit_import ORDER BY line_no`,
        { file: fileName, by, at: utcTimestamp(now) },
      );
      const n = (await s.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM credit_import`))!.n;
      await bumpCollectionsVersion(s);
      return { file_name: fileName, limits: n, warnings };
    });
  });
}

/**
 * The file's lines in credit_import, each with its client and entity, its limit and end date read;
 * the amounts read with the file's one decimal mark (import/amounts.ts, as the invoice lists').
 */
async function loadRows(s: Session, fileName: string, csv: UserCsv, layout: Layout): Promise<{ style: AmountStyle; warnings: string[] }> {
  const r = (f: Field) => cellSql(layout, f);
  const ledger = await s.one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (SELECT table_name AS name FROM duckdb_tables() WHERE NOT temporary UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT temporary) WHERE name = 'clients'`);
  if (!ledger?.n) throw new ImportError(fileName, 'there is no ledger yet to check the client codes against.', 'Import the ledger (a FEC or an invoice list) first, then the limits file. Nothing was imported.');
  const select = `${r('entity_id')} AS entity_given, ${r('client_id')} AS client_given, ${r('siren')} AS siren_given, ${r('amount')} AS amount_given,
    ${r('insurer')} AS insurer, ${r('valid_until')} AS valid_until_given, ${r('reason')} AS reason`;
  if (!(await loadCsvRows(s, fileName, csv, 'credit_import_rows', select, { file: 'a limits file', line: 'client' }))) {
    throw new ImportError(fileName, 'the file has a header but no limit lines.', 'Add one line per client under the header (client code, limit, and its insurer and end date if any), then import it again.');
  }
  const amounts = await detectAmountStyle(s, fileName, 'credit_import_rows', {}, [{ name: layout.found.amount ?? 'amount', raw: 'amount_given' }], undefined, {
    line: 'line_no',
    hints: {
      mixed: 'Write every limit with the same decimal mark (15 000,50 or 15,000.50 throughout), then import the file again. Nothing was imported.',
      ambiguous: 'Write the limits without a thousands separator (15000) or with their cents (15 000,00 or 15,000.00), then import the file again. Nothing was imported.',
    },
  });
  // each client's latest SIREN recorded: what the lines are matched on, and learnSirens adds to
  await s.run(
    `CREATE OR REPLACE TEMP TABLE credit_known_sirens AS
     SELECT entity_id, client_id, siren FROM client_sirens
     QUALIFY row_number() OVER (PARTITION BY entity_id, client_id ORDER BY recorded_at DESC) = 1`,
  );
  // a line's client: its code, else the client whose latest SIREN recorded is the line's (within
  // the entity given, if any) — none when no client or several have it
  await s.run(
    `CREATE OR REPLACE TEMP TABLE credit_import AS
     WITH entities AS (SELECT client_id, list(DISTINCT entity_id ORDER BY entity_id) AS entities FROM main.clients GROUP BY client_id),
     rows AS (
       SELECT *, ${sirenSql('siren_given')} AS siren FROM credit_import_rows
     ),
     by_siren AS (
       SELECT r.line_no, list(DISTINCT {'entity_id': k.entity_id, 'client_id': k.client_id}) AS matches
       FROM rows AS r JOIN credit_known_sirens AS k ON k.siren = r.siren AND (r.entity_given IS NULL OR k.entity_id = r.entity_given)
       WHERE r.client_given IS NULL
       GROUP BY r.line_no
     ),
     resolved AS (
       -- a SIREN names the client and its entity (a code may be in several entities)
       SELECT r.*, list_sort(list_distinct(list_transform(coalesce(b.matches, []), m -> m.client_id))) AS siren_clients,
              coalesce(r.client_given, CASE WHEN len(b.matches) = 1 THEN b.matches[1].client_id END) AS client_id,
              CASE WHEN r.client_given IS NULL AND len(b.matches) = 1 THEN b.matches[1].entity_id END AS siren_entity
       FROM rows AS r LEFT JOIN by_siren AS b USING (line_no)
     )
     SELECT r.*, ${amountSql('r.amount_given', amounts.style)} AS amount, ${dateSql('r.valid_until_given')} AS valid_until, coalesce(e.entities, []) AS entities,
            CASE WHEN r.siren_entity IS NOT NULL THEN CASE WHEN list_contains(e.entities, r.siren_entity) THEN r.siren_entity END
                 WHEN r.entity_given IS NOT NULL THEN CASE WHEN list_contains(e.entities, r.entity_given) THEN r.entity_given END
                 WHEN len(e.entities) = 1 THEN e.entities[1] END AS entity_id
     FROM resolved AS r LEFT JOIN entities AS e USING (client_id)`,
  );
  return amounts;
}

/**
 * SQL: a SIREN cell — 9 digits, or a SIRET's 14 (its first 9 are the SIREN), spaces, dots and
 * dashes between the groups allowed — as its 9 digits; NULL when it is none of these.
 */
function sirenSql(expr: string): string {
  const digits = `regexp_replace(${expr}, '[\\s.\\-\\x{00A0}\\x{202F}]', '', 'g')`;
  return `CASE WHEN regexp_full_match(${digits}, '\\d{9}(\\d{5})?') THEN left(${digits}, 9) END`;
}

/**
 * Records the SIREN of each client a line names both by code and by SIREN, where it is not already
 * the client's latest; returns how many were recorded.
 */
async function learnSirens(s: Session, fileName: string, by: string, now: Date): Promise<number> {
  const taught = await s.all<{ siren: string }>(
    `INSERT INTO client_sirens (entity_id, client_id, siren, source, recorded_by, recorded_at)
     SELECT i.entity_id, i.client_id, i.siren, $file, $by, $at::TIMESTAMP
     FROM credit_import AS i LEFT JOIN credit_known_sirens AS k USING (entity_id, client_id)
     WHERE i.client_given IS NOT NULL AND i.siren IS NOT NULL AND k.siren IS DISTINCT FROM i.siren
     RETURNING siren`,
    { file: fileName, by, at: utcTimestamp(now) },
  );
  return taught.length;
}

/** Every problem of the file, in line order; throws when there is one (nothing is written). */
async function checkRows(s: Session, fileName: string, layout: Layout, amounts: AmountStyle): Promise<void> {
  const col = (f: Field) => layout.found[f] ?? f;
  const problems = await s.all<{ line: number; col: string; value: string | null; message: string; total: number }>(
    `WITH problems AS (
       SELECT line_no, 1 AS k, $client_col AS col, NULL AS value, 'no client code nor SIREN / ni code client ni SIREN' AS message FROM credit_import WHERE client_given IS NULL AND siren_given IS NULL
       UNION ALL
       SELECT line_no, 1, $siren_col, siren_given, 'not a SIREN (9 digits) nor a SIRET (14 digits) / ni un SIREN (9 chiffres) ni un SIRET (14)' FROM credit_import WHERE siren_given IS NOT NULL AND siren IS NULL
       UNION ALL
       SELECT line_no, 1, $siren_col, siren_given,
              CASE WHEN len(siren_clients) = 0 THEN 'no client of Encours has this SIREN yet: give the client code on this line once (a column Code client), Encours keeps the SIREN for the next lists / aucun client n’a encore ce SIREN : donnez une fois son code client sur cette ligne'
                   ELSE 'several clients have this SIREN (' || array_to_string(siren_clients, ', ') || '): give the client code on this line / plusieurs clients ont ce SIREN : donnez le code client' END
       FROM credit_import WHERE client_given IS NULL AND siren IS NOT NULL AND client_id IS NULL
       UNION ALL
       SELECT line_no, 2, $client_col, client_id,
              CASE WHEN len(entities) = 0 THEN 'client ' || client_id || ' is not a client of the ledger / ce client n’est pas dans le grand livre'
                   WHEN entity_given IS NOT NULL THEN 'client ' || client_id || ' is not a client of entity ' || entity_given || ' / ce client n’est pas dans cette entité'
                   ELSE 'client ' || client_id || ' is in several entities (' || array_to_string(entities, ', ') || '): say which in an entity column / dites laquelle dans une colonne entité' END
       FROM credit_import WHERE client_id IS NOT NULL AND entity_id IS NULL
       UNION ALL
       SELECT line_no, 3, $amount_col, amount_given, 'no limit: write an amount (0 for a limit refused) / pas de limite : écrivez un montant (0 pour un refus)' FROM credit_import WHERE amount_given IS NULL
       UNION ALL
       SELECT line_no, 4, $amount_col, amount_given, coalesce(${amountReason('amount_given', amounts)}, 'not an amount in euros (such as 15 000,00 or 15000.00) / pas un montant en euros') FROM credit_import WHERE amount_given IS NOT NULL AND amount IS NULL
       UNION ALL
       SELECT line_no, 5, $amount_col, amount_given, 'a limit cannot be negative / une limite ne peut pas être négative' FROM credit_import WHERE amount < 0
       UNION ALL
       SELECT line_no, 6, $until_col, valid_until_given, 'not a date (YYYY-MM-DD or DD/MM/YYYY) / pas une date (JJ/MM/AAAA)' FROM credit_import WHERE valid_until_given IS NOT NULL AND valid_until IS NULL
       UNION ALL
       SELECT line_no, 7, $client_col, client_id, 'client ' || client_id || ' is given on lines ' || array_to_string(lines, ', ') || ' / client sur plusieurs lignes'
       FROM (SELECT *, list(line_no ORDER BY line_no) OVER w AS lines, count(*) OVER w AS n FROM credit_import WHERE entity_id IS NOT NULL WINDOW w AS (PARTITION BY entity_id, client_id))
       WHERE n > 1
     )
     SELECT line_no AS line, col, value, message, count(*) OVER ()::INTEGER AS total FROM problems ORDER BY line_no, k LIMIT ${MAX_LISTED}`,
    { client_col: col('client_id'), siren_col: col('siren'), amount_col: col('amount'), until_col: col('valid_until') },
  );
  if (!problems.length) return;
  const total = problems[0].total;
  const listed: Problem[] = problems.map((p) => ({ line: p.line, column: p.col, ...(p.value === null ? {} : { value: p.value }), message: p.message }));
  throw new ImportError(
    fileName,
    `${total} ${total === 1 ? 'problem' : 'problems'} in the limits file (${[...new Set(listed.map((p) => p.column))].join(', ')}) / ${total} ${total === 1 ? 'problème' : 'problèmes'} dans le fichier de limites.`,
    'Correct these lines in the file, then import it again. Client codes are those of the ledger; a SIREN is known once a list gave it with the client code. Nothing was imported. / Corrigez ces lignes puis importez de nouveau le fichier ; rien n’a été importé.',
    listed,
    total,
  );
}
