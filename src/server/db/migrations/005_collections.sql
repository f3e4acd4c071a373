-- 005: collections — what the credit controllers do about what is late, Encours' own data.
-- Keyed by business keys (entity, client code, invoice number), never by import or line ids, so
-- that a re-import or the replacement of a fiscal year keeps every action on its invoice; an
-- action whose invoice is no longer in the ledger is shown as orphaned, never dropped. Every row
-- records who wrote it and when. Actions are only ever added: a dispute is closed by a resolution
-- that names it, a promise by the cash that comes (or does not).

CREATE SEQUENCE collection_action_seq START 1;

CREATE TABLE collection_actions (
  action_id        BIGINT PRIMARY KEY DEFAULT nextval('collection_action_seq'),
  entity_id        VARCHAR NOT NULL,
  client_id        VARCHAR NOT NULL,
  invoice_ref      VARCHAR,            -- the invoice number (piece ref); NULL: the whole client
  -- reminder_email | reminder_letter | call | formal_notice | escalation | promise | dispute |
  -- dispute_resolved | hold | note
  kind             VARCHAR NOT NULL,
  level            INTEGER,            -- the dunning level it carries out (1 = the first), if any
  done_on          DATE NOT NULL,      -- the day it was done
  outcome          VARCHAR,            -- reached | no_answer | promise | dispute | wrong_contact | sent
  promise_date     DATE,               -- a promise to pay: when …
  amount           DECIMAL(18,2),      -- … how much (a promise), or the amount contested (a dispute)
  dispute_reason   VARCHAR,            -- price | quantity | quality | delivery | invoicing_error | other
  dispute_owner    VARCHAR,            -- who resolves it on the sales side
  resolves_id      BIGINT,             -- dispute_resolved: the dispute it closes
  hold_until       DATE,               -- hold: no reminder until then
  note             VARCHAR,
  recorded_by      VARCHAR NOT NULL,
  recorded_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE collection_contact_seq START 1;

-- The people to contact at a client; imported from a CSV or edited in the app.
CREATE TABLE collection_contacts (
  contact_id       BIGINT PRIMARY KEY DEFAULT nextval('collection_contact_seq'),
  entity_id        VARCHAR NOT NULL,
  client_id        VARCHAR NOT NULL,
  name             VARCHAR NOT NULL,
  role             VARCHAR,
  email            VARCHAR,
  phone            VARCHAR,
  updated_by       VARCHAR NOT NULL,
  updated_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Per client: its credit controller and its dunning policy (standard | key_account | do_not_remind).
CREATE TABLE collection_clients (
  entity_id        VARCHAR NOT NULL,
  client_id        VARCHAR NOT NULL,
  owner            VARCHAR,
  policy           VARCHAR NOT NULL DEFAULT 'standard',
  updated_by       VARCHAR NOT NULL,
  updated_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
  PRIMARY KEY (entity_id, client_id)
);

-- The dunning levels of the settings (written with the other settings_* tables): per policy, the
-- levels in order, each with its offset in days after the due date and its channel.
CREATE TABLE settings_dunning_levels (
  policy           VARCHAR NOT NULL,   -- standard | key_account
  level            INTEGER NOT NULL,
  days             INTEGER NOT NULL,
  channel          VARCHAR NOT NULL    -- reminder_email | reminder_letter | call | formal_notice | escalation
);

-- Bumped by every write to the tables above: answers kept per model build that include them
-- (the forecast, the clients) are kept per this version too.
INSERT INTO app_meta VALUES ('collections_version', '0');
