-- collections_keeping_rate: a client's promise-keeping rate at $as_of — the share of its matured
-- promises kept, shrunk towards the portfolio's by $prior promises (collections_promises) — even
-- when it has made no promise yet (then the portfolio's rate).
-- Grain: one row. Parameters: as collections_promises, and $client VARCHAR.
WITH promises AS (
  SELECT * FROM query_collections_promises
),
portfolio AS (
  SELECT (count(*) FILTER (WHERE status = 'kept') + 1) / (count(*) FILTER (WHERE status IN ('kept', 'broken')) + 2) AS rate FROM promises
),
mine AS (
  SELECT count(*) FILTER (WHERE status IN ('kept', 'broken')) AS matured, count(*) FILTER (WHERE status = 'kept') AS kept
  FROM promises WHERE client_id = $client::VARCHAR
)
SELECT round(coalesce((m.kept + $prior::INTEGER * f.rate) / nullif(m.matured + $prior::INTEGER, 0), f.rate), 4)::DOUBLE AS keeping_rate, m.matured::INTEGER AS matured
FROM mine AS m CROSS JOIN portfolio AS f
