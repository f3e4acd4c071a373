-- 008: provision judgements — the rate a person decides for a client's doubtful receivables, with
-- its reason, overriding the settings' rules (by days past due) from a closing date on. Encours'
-- own data, keyed by business keys: it survives every re-import. Only ever added to, each with who
-- decided and when: a later judgement replaces an earlier one from its own closing date, and one
-- without a rate withdraws the override (back to the rules).
CREATE SEQUENCE provision_judgement_seq;
CREATE TABLE provision_judgements (
  judgement_id     BIGINT PRIMARY KEY DEFAULT nextval('provision_judgement_seq'),
  entity_id        VARCHAR NOT NULL,
  client_id        VARCHAR NOT NULL,
  from_date        DATE NOT NULL,      -- the closing it was decided for: it applies there and after
  rate             DECIMAL(7,6),       -- share of the base excluding VAT, 0 to 1; NULL: back to the rules
  reason           VARCHAR NOT NULL,
  decided_by       VARCHAR NOT NULL,
  decided_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);
