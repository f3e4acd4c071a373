-- 009: credit limits (encours autorisé) — the most a client may owe, decided in the app or imported
-- from a credit insurer's list, Encours' own data keyed by business keys (entity, client code): it
-- survives every re-import. Only ever added to, each row with who decided (or imported) it and
-- when: the limit in force for a client is its latest row, and a row without an amount withdraws
-- the limit; the history stays.
CREATE SEQUENCE credit_limit_seq;
CREATE TABLE credit_limits (
  limit_id         BIGINT PRIMARY KEY DEFAULT nextval('credit_limit_seq'),
  entity_id        VARCHAR NOT NULL,
  client_id        VARCHAR NOT NULL,
  amount           DECIMAL(18,2),      -- including VAT, like the receivables; NULL: the limit withdrawn
  currency         VARCHAR NOT NULL DEFAULT 'EUR',
  insurer          VARCHAR,            -- the credit insurer who guarantees it; NULL: decided in-house
  valid_until      DATE,               -- the last day it holds; NULL: until replaced
  source           VARCHAR NOT NULL,   -- app | import
  reason           VARCHAR,            -- why (required in the app; an import names its file)
  decided_by       VARCHAR NOT NULL,
  decided_at       TIMESTAMP NOT NULL DEFAULT current_timestamp   -- UTC, written by the server
);
