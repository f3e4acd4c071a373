-- 006: reminders that go out — the letters and e-mails Encours sends, and the clients' terms for
-- late-payment charges. Encours' own data, keyed by business keys like the collections' (005).

-- Per client: whether French late-payment charges apply (b2b: interest and the 40 € indemnity;
-- consumer: neither, the law does not apply to consumers; none: waived for this client), the
-- late-interest rate of its terms when they set one (% a year; NULL: the legal default), and the
-- language its letters are written in (fr | en; NULL: French).
ALTER TABLE collection_clients ADD COLUMN charges VARCHAR DEFAULT 'b2b';
ALTER TABLE collection_clients ADD COLUMN late_rate DECIMAL(7,3);
ALTER TABLE collection_clients ADD COLUMN language VARCHAR;

-- A reminder sent by Encours: the message that carried it out (reminder_messages.message_id).
ALTER TABLE collection_actions ADD COLUMN message_id BIGINT;

CREATE SEQUENCE reminder_message_seq START 1;

-- Every message Encours sent, or tried to send, or that a user marked as sent by hand (a printed
-- letter, an .eml sent from their own mail client). A failure is kept with its error: nothing is
-- marked sent that was not, and the next batch offers the letter again.
CREATE TABLE reminder_messages (
  message_id       BIGINT PRIMARY KEY DEFAULT nextval('reminder_message_seq'),
  entity_id        VARCHAR NOT NULL,
  client_id        VARCHAR NOT NULL,
  level            INTEGER,            -- NULL: a statement of account
  template         VARCHAR NOT NULL,   -- friendly | firm | formal_notice | statement
  language         VARCHAR NOT NULL,
  delivery         VARCHAR NOT NULL,   -- email (through SMTP) | manual (printed, or sent by the user)
  status           VARCHAR NOT NULL,   -- sending (claimed, not finished: in doubt if it stays) | sent | failed
  recipients       VARCHAR,            -- the addresses, comma-separated (e-mail)
  subject          VARCHAR NOT NULL,
  invoice_refs     VARCHAR[] NOT NULL,
  total_due        DECIMAL(18,2) NOT NULL,
  interest         DECIMAL(18,2) NOT NULL,
  indemnity        DECIMAL(18,2) NOT NULL,
  as_of            DATE NOT NULL,      -- the letter's date (its charges run to it)
  smtp_id          VARCHAR,            -- the Message-ID the SMTP server accepted
  error            VARCHAR,            -- why it failed
  -- what went, as it went (base64): the e-mail as an .eml file (with its attachment), or the PDF
  -- of a letter printed — the record of what the client was sent
  content          VARCHAR,
  content_type     VARCHAR,            -- message/rfc822 | application/pdf
  recorded_by      VARCHAR NOT NULL,
  recorded_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- The levels of invoices a message carries out, claimed before it is sent: one level of one
-- invoice goes out once, even when two people press send together. A failed send gives its
-- claims back; a sent one keeps them.
CREATE TABLE reminder_claims (
  entity_id        VARCHAR NOT NULL,
  client_id        VARCHAR NOT NULL,
  invoice_ref      VARCHAR NOT NULL,   -- the invoice's number (or date/amount) @ its due date: one instalment
  level            INTEGER NOT NULL,
  message_id       BIGINT NOT NULL,    -- the message that carries it out (reminder_messages)
  claimed_by       VARCHAR NOT NULL,
  claimed_at       TIMESTAMP NOT NULL DEFAULT current_timestamp,
  PRIMARY KEY (entity_id, client_id, invoice_ref, level)
);
