-- collections_keeping_rate: a client's promise-keeping rate at $as_of (collections_promises) —
-- even when it has made no promise yet: then the portfolio's, one half without any promise at all.
-- Grain: one row. Parameters: as collections_promises, and $client VARCHAR.
SELECT
  coalesce(max(keeping_rate) FILTER (WHERE client_id = $client::VARCHAR), max(portfolio_keeping_rate), 0.5)::DOUBLE AS keeping_rate,
  coalesce(max(client_promises_matured) FILTER (WHERE client_id = $client::VARCHAR), 0)::INTEGER AS matured
FROM query_collections_promises
