-- collections_actions: the actions recorded (all, a client's, an invoice's, or one by id), newest
-- first, each with whether its invoice is still in the ledger (orphaned when a re-import dropped
-- it: shown, never dropped) and, for a promise, whether it was kept at $as_of; for a dispute,
-- whether it is still open.
-- Grain: one row per action. Parameters: $as_of DATE, $entity, $client, $invoice VARCHAR or NULL,
-- $id BIGINT or NULL, $until DATE, $grace INTEGER, $prior INTEGER, $limit INTEGER.
WITH picked AS (
  SELECT *
  FROM collection_actions
  WHERE ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
    AND ($client::VARCHAR IS NULL OR client_id = $client::VARCHAR)
    AND ($invoice::VARCHAR IS NULL OR invoice_ref = $invoice::VARCHAR)
    AND ($id::BIGINT IS NULL OR action_id = $id::BIGINT)
),
invoices AS (
  SELECT DISTINCT i.entity_id, i.client_id, i.piece_ref
  FROM items AS i
  JOIN (SELECT DISTINCT entity_id, client_id, invoice_ref FROM picked WHERE invoice_ref IS NOT NULL) AS p
    ON p.entity_id = i.entity_id AND p.client_id = i.client_id AND p.invoice_ref = i.piece_ref
),
promises AS (
  SELECT action_id, status FROM query_collections_promises
),
resolved AS (
  SELECT DISTINCT resolves_id FROM collection_actions WHERE kind = 'dispute_resolved' AND done_on <= $until::DATE
)
SELECT
  a.action_id, a.entity_id, a.client_id, a.invoice_ref, a.kind, a.level, strftime(a.done_on, '%Y-%m-%d') AS done_on, a.outcome,
  strftime(a.promise_date, '%Y-%m-%d') AS promise_date, a.amount::DOUBLE AS amount, a.dispute_reason, a.dispute_owner, a.resolves_id,
  strftime(a.hold_until, '%Y-%m-%d') AS hold_until, a.note, a.recorded_by,
  strftime(a.recorded_at, '%Y-%m-%dT%H:%M:%SZ') AS recorded_at,
  a.invoice_ref IS NOT NULL AND i.piece_ref IS NULL AS orphaned,
  CASE
    WHEN a.promise_date IS NOT NULL THEN p.status
    WHEN a.dispute_reason IS NOT NULL THEN CASE WHEN r.resolves_id IS NULL THEN 'open' ELSE 'resolved' END
  END AS status
FROM picked AS a
LEFT JOIN invoices AS i ON i.entity_id = a.entity_id AND i.client_id = a.client_id AND i.piece_ref = a.invoice_ref
LEFT JOIN promises AS p USING (action_id)
LEFT JOIN resolved AS r ON r.resolves_id = a.action_id
ORDER BY a.done_on DESC, a.action_id DESC
LIMIT $limit
