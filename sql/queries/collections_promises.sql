-- collections_promises: every promise to pay known at $until (a promise action, or a call whose
-- outcome was a promise) and where it stands at $as_of:
--   kept     — covered by its last day (its date plus $grace days): a promise on an invoice by
--              what was applied to that invoice (any credit, from the day it was made), a promise
--              of the client by the client's receipts from the day it was made;
--   replaced — a newer promise on the same invoice (or, for the client, a newer promise of the
--              client) made while it was still running: renegotiated, it counts no more;
--   broken   — its last day passed without that;
--   open     — before its last day.
-- With it, its client's promise-keeping rate: the share of its matured promises (kept or broken)
-- kept, shrunk towards the portfolio's by $prior promises (the portfolio's own rate is Laplace's:
-- (kept + 1) / (matured + 2), one half without any history).
-- Grain: one row per promise. Parameters: $as_of DATE, $entity VARCHAR or NULL, $until DATE, $grace INTEGER, $prior INTEGER.
WITH promises AS (
  SELECT action_id, entity_id, client_id, invoice_ref, done_on, promise_date, amount, recorded_by, outcome, kind,
         promise_date::DATE + $grace::INTEGER AS last_day
  FROM collection_actions
  WHERE promise_date IS NOT NULL AND done_on <= $until::DATE
    AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
),
-- the client's receipts, for the promises of the client
client_received AS (
  SELECT p.action_id, coalesce(-sum(i.amount), 0) AS received
  FROM promises AS p
  LEFT JOIN items AS i
    ON i.entity_id = p.entity_id AND i.client_id = p.client_id AND i.line_type = 'payment'
   AND i.entry_date >= p.done_on AND i.entry_date <= least(p.last_day, $as_of::DATE)
  WHERE p.invoice_ref IS NULL
  GROUP BY p.action_id
),
-- what was applied to the invoice, for the promises of an invoice
invoice_received AS (
  SELECT p.action_id, coalesce(sum(a.amount), 0) AS received
  FROM promises AS p
  LEFT JOIN items AS d
    ON d.entity_id = p.entity_id AND d.client_id = p.client_id AND d.piece_ref = p.invoice_ref AND d.amount > 0
  LEFT JOIN allocations AS a
    ON a.debit_item_id = d.item_id AND a.alloc_date >= p.done_on AND a.alloc_date <= least(p.last_day, $as_of::DATE)
  WHERE p.invoice_ref IS NOT NULL
  GROUP BY p.action_id
),
received AS (
  SELECT * FROM client_received UNION ALL SELECT * FROM invoice_received
),
replaced AS (
  SELECT DISTINCT p.action_id
  FROM promises AS p
  JOIN promises AS n
    ON n.entity_id = p.entity_id AND n.client_id = p.client_id AND n.invoice_ref IS NOT DISTINCT FROM p.invoice_ref
   AND (n.done_on, n.action_id) > (p.done_on, p.action_id) AND n.done_on <= p.last_day AND n.done_on <= $as_of::DATE
),
judged AS (
  SELECT
    p.*, least(r.received, p.amount)::DOUBLE AS received,
    CASE
      WHEN r.received >= p.amount - 0.005 THEN 'kept'
      WHEN x.action_id IS NOT NULL THEN 'replaced'
      WHEN p.last_day < $as_of::DATE THEN 'broken'
      ELSE 'open'
    END AS status
  FROM promises AS p
  JOIN received AS r USING (action_id)
  LEFT JOIN replaced AS x USING (action_id)
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
  strftime(j.promise_date, '%Y-%m-%d') AS promise_date, j.amount::DOUBLE AS amount, j.recorded_by,
  round(j.received, 2) AS received, j.status,
  c.matured::INTEGER AS client_promises_matured, c.kept::INTEGER AS client_promises_kept,
  -- a client without matured promises, with no borrowing ($prior 0): the portfolio's rate
  round(coalesce((c.kept + $prior::INTEGER * f.rate) / nullif(c.matured + $prior::INTEGER, 0), f.rate), 4)::DOUBLE AS keeping_rate
FROM judged AS j
JOIN per_client AS c USING (entity_id, client_id)
CROSS JOIN portfolio AS f
ORDER BY j.promise_date, j.action_id
