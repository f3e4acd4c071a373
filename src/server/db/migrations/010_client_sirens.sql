-- 010: the SIREN of clients (the French company number, 9 digits), Encours' own data keyed by
-- business keys (entity, client code): the ledger's client accounts carry none, while a credit
-- insurer's list names its buyers by SIREN. A list giving both a client code and a SIREN teaches
-- it; the next lists may give the SIREN only. Only ever added to, with who recorded it and when:
-- a client's SIREN is its latest row.
CREATE TABLE client_sirens (
  entity_id        VARCHAR NOT NULL,
  client_id        VARCHAR NOT NULL,
  siren            VARCHAR NOT NULL,   -- 9 digits (a SIRET's first 9)
  source           VARCHAR NOT NULL,   -- what taught it: the file imported
  recorded_by      VARCHAR NOT NULL,
  recorded_at      TIMESTAMP NOT NULL  -- UTC, written by the server
);
