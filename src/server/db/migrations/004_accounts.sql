-- 004: accounts, and who did what. Users sign in with a password (hashed with scrypt, never
-- stored as such) and act with a role: viewer, analyst or admin. Every write records who made it:
-- the imports (and their removal) and the forecasts saved on demand. The database gets an id of
-- its own, which the CLI checks to be sure it talks to the server of its file.

CREATE TABLE users (
  username        VARCHAR PRIMARY KEY,
  role            VARCHAR NOT NULL,       -- viewer | analyst | admin
  password_hash   VARCHAR NOT NULL,       -- scrypt$<N>$<r>$<p>$<salt>$<hash> (base64)
  created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
  created_by      VARCHAR,
  password_changed_at TIMESTAMP,
  disabled_at     TIMESTAMP
);

CREATE TABLE app_meta (
  name            VARCHAR PRIMARY KEY,
  value           VARCHAR NOT NULL
);
INSERT INTO app_meta VALUES ('database_id', uuid()::VARCHAR);

ALTER TABLE imports ADD COLUMN imported_by VARCHAR;
ALTER TABLE imports ADD COLUMN removed_by VARCHAR;
ALTER TABLE imports ADD COLUMN removed_at TIMESTAMP;
ALTER TABLE forecast_snapshots ADD COLUMN created_by VARCHAR;
