-- 011: the long computations' answers (the forecast's and the risk score's backtests: minutes at
-- 10M lines), kept in the file so that a restarted server, or a command-line process, reads the
-- answer the server computed instead of computing it again — or, for the command line, showing a
-- plan whose range and payment habits wait for a backtest it never runs. Derived data, neither the
-- ledger nor the users': an answer is read only for the model build, the settings and the code it
-- was computed with (models/cache.ts), and rows of an older build go at the next write.
CREATE TABLE kept_answers (
  name          VARCHAR PRIMARY KEY,   -- what it answers: 'forecast-backtest|<entity or null>', 'quality|…'
  build         VARCHAR NOT NULL,      -- the model build it was computed on (model_state.built_at)
  settings      VARCHAR NOT NULL,      -- the hash of the settings it was computed with
  code          VARCHAR NOT NULL,      -- the hash of the code that computed it (util/code-version.ts)
  answer        VARCHAR NOT NULL,      -- the answer (JSON)
  computed_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);
