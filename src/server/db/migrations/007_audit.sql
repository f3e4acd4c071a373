-- Who changed what, for the writes that keep no author of their own: an account's role, password
-- or state changed (the users table keeps the account as it is now), a contact removed (the row is
-- gone). Only ever added to. detail: what changed, as JSON (never a password).
CREATE SEQUENCE audit_seq;
CREATE TABLE audit_log (
  audit_id    BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
  done_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
  done_by     VARCHAR NOT NULL,
  action      VARCHAR NOT NULL,     -- user_changed | contact_removed
  target      VARCHAR NOT NULL,     -- the user name; entity/client/contact id
  detail      VARCHAR
);
