-- collections_promises: every promise to pay known at $until (a promise action, or a call whose
-- outcome was a promise) and where it stands at $as_of: kept when the client's receipts from the
-- day it was made to its date plus $grace days cover its amount; broken when that day has passed
-- without them; open before. With it, its client's promise-keeping rate: the share of its matured
-- promises kept, shrunk towards the portfolio's by $prior promises (the portfolio's own rate is
-- Laplace's: (kept + 1) / (matured + 2), one half without any history).
-- Grain: one row per promise. Parameters: $as_of DATE, $entity VARCHAR or NULL, $until DATE, $grace INTEGER, $prior INTEGER.
WITH promises AS (
  SELECT action_id, entity_id, client_id, invoice_ref, done_on, promise_date, amount, recorded_by, outcome, kind,
         promise_date::DATE + $grace::INTEGER AS last_day
  FROM collection_actions
  WHERE promise_date IS NOT NULL AND done_on <= $until::DATE
    AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
),
received AS (
  SELECT p.action_id, coalesce(-sum(i.amount), 0) AS received, max(i.entry_date) AS last_receipt
  FROM promises AS p
  LEFT JOIN items AS i
    ON i.entity_id = p.entity_id AND i.client_id = p.client_id AND i.line_type = 'payment'
   AND i.entry_date >= p.done_on AND i.entry_date <= least(p.last_day, $as_of::DATE)
  GROUP BY p.action_id
),
judged AS (
  SELECT
    p.*, r.received::DOUBLE AS received, r.last_receipt,
    CASE
      WHEN r.received >= p.amount - 0.005 THEN 'kept'
      WHEN p.last_day < $as_of::DATE THEN 'broken'
      ELSE 'open'
    END AS status
  FROM promises AS p
  JOIN received AS r USING (action_id)
),
portfolio AS (
  SELECT (count(*) FILTER (WHERE status = 'kept') + 1) / (count(*) FILTER (WHERE status <> 'open') + 2) AS rate
  FROM judged
),
per_client AS (
  SELECT entity_id, client_id,
         count(*) FILTER (WHERE status <> 'open') AS matured,
         count(*) FILTER (WHERE status = 'kept') AS kept
  FROM judged
  GROUP BY ALL
)
SELECT
  j.action_id, j.entity_id, j.client_id, j.invoice_ref, strftime(j.done_on, '%Y-%m-%d') AS done_on,
  strftime(j.promise_date, '%Y-%m-%d') AS promise_date, j.amount::DOUBLE AS amount, j.recorded_by,
  round(j.received, 2) AS received, j.status,
  c.matured::INTEGER AS client_promises_matured, c.kept::INTEGER AS client_promises_kept,
  round((c.kept + $prior::INTEGER * f.rate) / (c.matured + $prior::INTEGER), 4)::DOUBLE AS keeping_rate
FROM judged AS j
JOIN per_client AS c USING (entity_id, client_id)
CROSS JOIN portfolio AS f
ORDER BY j.promise_date, j.action_id
