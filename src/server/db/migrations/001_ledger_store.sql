-- 001: the ledger store. Imported files, their ledger lines (FEC) and invoice rows (open-item
-- exports), each line keeping its source (import id, file line number), entity and period.

CREATE SEQUENCE import_id_seq START 1;

-- One row per import attempt, successful or not: the import history.
CREATE TABLE imports (
  import_id       INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
  file_name       VARCHAR NOT NULL,
  file_hash       VARCHAR,              -- sha256 of the bytes as received
  file_bytes      BIGINT,
  source          VARCHAR NOT NULL,     -- upload | inbox | cli | demo
  format          VARCHAR,              -- fec | invoices
  format_detail   VARCHAR,              -- JSON: encoding, delimiter, layout, date format…
  entity_id       VARCHAR,              -- SIREN when known, else 'default' or the name given
  period_start    DATE,
  period_end      DATE,                 -- fiscal year closing date (from the file name) or last date
  line_count      BIGINT,
  total_debit     DECIMAL(18,2),
  total_credit    DECIMAL(18,2),
  warnings        VARCHAR,              -- JSON array of strings
  error           VARCHAR,              -- the user-facing error of a failed import
  status          VARCHAR NOT NULL,     -- active | replaced | duplicate | failed
  replaces_import_id INTEGER,
  replaced_by_import_id INTEGER,
  duplicate_of_import_id INTEGER,
  started_at      TIMESTAMP NOT NULL,
  duration_ms     INTEGER
);

-- FEC lines live in one table per import, fec_lines_<import_id>, created by the import and
-- never modified (so each row's rowid is its place in the file: line_no = rowid + 2); replacing
-- an export drops its table. ledger_lines is the view over the active imports' tables, rebuilt
-- by every import; this empty table gives it its columns when there is no import yet.
CREATE TABLE ledger_lines_empty (
  import_id       INTEGER NOT NULL,
  line_no         INTEGER NOT NULL,     -- line number in the file (header = 1)
  entity_id       VARCHAR NOT NULL,
  journal_code    VARCHAR NOT NULL,
  journal_lib     VARCHAR,
  entry_num       VARCHAR NOT NULL,
  entry_date      DATE NOT NULL,
  account_num     VARCHAR NOT NULL,
  account_lib     VARCHAR,
  aux_num         VARCHAR,
  aux_lib         VARCHAR,
  piece_ref       VARCHAR,
  piece_date      DATE,
  line_label      VARCHAR,
  debit           DECIMAL(18,2) NOT NULL,
  credit          DECIMAL(18,2) NOT NULL,
  letter_code     VARCHAR,
  letter_date     DATE,
  valid_date      DATE,
  fx_amount       DECIMAL(18,2),
  currency        VARCHAR
);
CREATE VIEW ledger_lines AS SELECT * FROM ledger_lines_empty;

-- One row per invoice of an active invoice/open-item import.
CREATE TABLE invoice_rows (
  import_id       INTEGER NOT NULL,
  line_no         INTEGER NOT NULL,
  entity_id       VARCHAR NOT NULL,
  client_id       VARCHAR NOT NULL,
  client_name     VARCHAR,
  invoice_num     VARCHAR NOT NULL,
  invoice_date    DATE NOT NULL,
  due_date        DATE,
  amount          DECIMAL(18,2) NOT NULL,  -- TTC; negative for a credit note
  currency        VARCHAR,
  settled_date    DATE,
  open_amount     DECIMAL(18,2),
  is_disputed     BOOLEAN NOT NULL
);

-- Parses an amount written the French or the English way: '1 234,56', '0000012,50',
-- '1.234,56', '1234.56', '-12,5'. The last '.' or ',' is the decimal mark; spaces (including
-- non-breaking ones) and the other mark are thousands separators. Returns NULL when unparseable.
CREATE MACRO parse_amount(v) AS (
  CASE
    WHEN v IS NULL OR trim(v) = '' THEN NULL
    ELSE coalesce(
      TRY_CAST(replace(v, ',', '.') AS DECIMAL(18,2)),
      TRY_CAST(
        CASE
          WHEN strpos(reverse(regexp_replace(v, '[\s\x{00A0}\x{202F}'']', '', 'g')), ',') BETWEEN 1 AND
               coalesce(nullif(strpos(reverse(regexp_replace(v, '[\s\x{00A0}\x{202F}'']', '', 'g')), '.'), 0), 1000)
            THEN replace(replace(regexp_replace(v, '[\s\x{00A0}\x{202F}'']', '', 'g'), '.', ''), ',', '.')
          ELSE replace(regexp_replace(v, '[\s\x{00A0}\x{202F}'']', '', 'g'), ',', '')
        END AS DECIMAL(18,2)))
  END
);
