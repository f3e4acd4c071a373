-- 002: configuration the SQL models read (written from the settings file before each rebuild,
-- so parameters reach the models as rows, never spliced into SQL text), and the model state.

-- Account classes by number prefix; the longest matching prefix wins.
CREATE TABLE settings_account_classes (
  prefix        VARCHAR PRIMARY KEY,
  account_class VARCHAR NOT NULL   -- client | bills | doubtful | advance | unbilled | revenue | bank | bad_debt
);

-- Explicit journal kinds, overriding the kinds inferred from the journals' content.
CREATE TABLE settings_journal_kinds (
  entity_id     VARCHAR,           -- NULL: every entity
  journal_code  VARCHAR NOT NULL,
  journal_kind  VARCHAR NOT NULL   -- sales | bank | opening | other
);

-- Payment terms: the company default (client_id NULL) and per-client overrides.
CREATE TABLE settings_payment_terms (
  entity_id     VARCHAR,           -- NULL: every entity
  client_id     VARCHAR,           -- NULL: the default
  days          INTEGER NOT NULL,
  end_of_month  BOOLEAN NOT NULL
);

-- What the current model tables were built from: rebuilt at start when this is stale.
CREATE TABLE model_state (
  built_at          TIMESTAMP NOT NULL,
  fingerprint       VARCHAR NOT NULL,  -- hash of the SQL files, the settings and the active imports
  duration_ms       INTEGER NOT NULL,
  check_warnings    VARCHAR            -- JSON array
);
