-- collections_disputes: the disputes to resolve at $as_of, for the sales side — those opened in
-- the app and not resolved (with the invoice's open amount, or orphaned when the invoice left the
-- ledger), and the invoices an invoice import flags as disputed that the app does not track.
-- Oldest first, then largest.
-- Grain: one row per open dispute. Parameters: $as_of DATE, $entity VARCHAR or NULL, $until DATE.
WITH app AS (
  SELECT * FROM app_disputes_at($until) WHERE $entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR
),
open_now AS (
  SELECT o.entity_id, o.client_id, i.piece_ref, o.due_date, o.is_disputed AS flagged, sum(o.open_amount) AS open_amount
  FROM open_items_at($as_of, $entity) AS o
  JOIN items AS i USING (item_id)
  WHERE o.open_amount > 0
  GROUP BY ALL
),
known AS (
  SELECT DISTINCT entity_id, client_id, piece_ref FROM items WHERE amount > 0 AND piece_ref IS NOT NULL
)
SELECT
  'app' AS source, a.action_id, a.entity_id, a.client_id, c.client_name, a.invoice_ref,
  a.amount::DOUBLE AS amount, round(o.open_amount, 2)::DOUBLE AS open_amount,
  a.dispute_reason AS reason, a.dispute_owner, strftime(a.opened_on, '%Y-%m-%d') AS opened_on,
  -- a dispute recorded after the last date of the data (today, on a ledger exported last week) is 0 days old
  greatest(datediff('day', a.opened_on, $as_of::DATE), 0)::INTEGER AS age_days, a.recorded_by, a.note,
  k.piece_ref IS NULL AS orphaned
FROM app AS a
LEFT JOIN (SELECT entity_id, client_id, piece_ref, sum(open_amount) AS open_amount FROM open_now GROUP BY ALL) AS o
  ON o.entity_id = a.entity_id AND o.client_id = a.client_id AND o.piece_ref = a.invoice_ref
LEFT JOIN known AS k ON k.entity_id = a.entity_id AND k.client_id = a.client_id AND k.piece_ref = a.invoice_ref
LEFT JOIN clients AS c ON c.entity_id = a.entity_id AND c.client_id = a.client_id
UNION ALL
SELECT
  'ledger', NULL, o.entity_id, o.client_id, c.client_name, o.piece_ref,
  round(o.open_amount, 2)::DOUBLE, round(o.open_amount, 2)::DOUBLE,
  NULL, NULL, NULL, datediff('day', o.due_date, $as_of::DATE)::INTEGER, NULL, NULL, false
FROM open_now AS o
LEFT JOIN clients AS c ON c.entity_id = o.entity_id AND c.client_id = o.client_id
WHERE o.flagged
  AND NOT EXISTS (SELECT 1 FROM app AS a WHERE a.entity_id = o.entity_id AND a.client_id = o.client_id AND a.invoice_ref = o.piece_ref)
ORDER BY age_days DESC NULLS LAST, amount DESC
