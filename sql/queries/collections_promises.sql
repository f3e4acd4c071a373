-- collections_promises: every promise to pay known at $until (a promise action, or a call whose
-- outcome was a promise) and where it stands at $as_of (sql/macros/promise_outcomes.sql):
--   kept     — its cash covered it by its last day (its date plus $grace days), on or before $as_of;
--   replaced — a newer promise on the same invoice (or of the client) was made while it ran;
--   broken   — its last day passed without that;
--   open     — before its last day.
-- With it, its client's promise-keeping rate: the share of its matured promises (kept or broken)
-- kept, shrunk towards the portfolio's by $prior promises (the portfolio's own rate is Laplace's:
-- (kept + 1) / (matured + 2), one half without any history).
-- Grain: one row per promise. Parameters: $as_of DATE, $entity VARCHAR or NULL, $until DATE, $grace INTEGER, $prior INTEGER.
WITH promises AS (
  SELECT * FROM promise_outcomes($grace)
  WHERE done_on <= $until::DATE AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
),
received AS (
  SELECT p.action_id, coalesce(sum(c.amount), 0) AS received
  FROM promises AS p
  LEFT JOIN promise_cash($grace) AS c ON c.action_id = p.action_id AND c.day <= $as_of::DATE
  GROUP BY p.action_id
),
judged AS (
  SELECT
    p.*, least(r.received, p.amount) AS received,
    CASE
      WHEN p.kept_on <= $as_of::DATE THEN 'kept'
      WHEN p.replaced_on <= $until::DATE THEN 'replaced'
      WHEN p.last_day < $as_of::DATE THEN 'broken'
      ELSE 'open'
    END AS status
  FROM promises AS p
  JOIN received AS r USING (action_id)
),
portfolio AS (
  SELECT (count(*) FILTER (WHERE status = 'kept') + 1) / (count(*) FILTER (WHERE status IN ('kept', 'broken')) + 2) AS rate
  FROM judged
),
per_client AS (
  SELECT entity_id, client_id,
         count(*) FILTER (WHERE status IN ('kept', 'broken')) AS matured,
         count(*) FILTER (WHERE status = 'kept') AS kept
  FROM judged
  GROUP BY ALL
)
SELECT
  j.action_id, j.entity_id, j.client_id, j.invoice_ref, strftime(j.done_on, '%Y-%m-%d') AS done_on,
  strftime(j.promise_date, '%Y-%m-%d') AS promise_date, j.amount, j.recorded_by,
  round(j.received, 2) AS received, j.status,
  c.matured::INTEGER AS client_promises_matured, c.kept::INTEGER AS client_promises_kept,
  -- a client without matured promises, with no borrowing ($prior 0): the portfolio's rate
  round(coalesce((c.kept + $prior::INTEGER * f.rate) / nullif(c.matured + $prior::INTEGER, 0), f.rate), 4)::DOUBLE AS keeping_rate,
  round(f.rate, 4)::DOUBLE AS portfolio_keeping_rate
FROM judged AS j
JOIN per_client AS c USING (entity_id, client_id)
CROSS JOIN portfolio AS f
ORDER BY j.promise_date, j.action_id
