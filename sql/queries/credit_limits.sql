-- credit_limits: the credit limits recorded (credit_limits, the users' own data), oldest first:
-- each client's limit as decided in the app or imported, its insurer and end, who decided it and
-- when; a row without an amount withdrew the limit. Where the client is known to the ledger, its
-- name.
-- Parameters: $entity VARCHAR or NULL, $client VARCHAR or NULL.
-- Grain: one row per limit recorded.
SELECT
  l.limit_id::INTEGER AS limit_id,
  l.entity_id,
  l.client_id,
  c.client_name,
  l.amount::DOUBLE AS amount,
  l.currency,
  l.insurer,
  strftime(l.valid_until, '%Y-%m-%d') AS valid_until,
  l.source,
  l.reason,
  l.decided_by,
  strftime(l.decided_at, '%Y-%m-%dT%H:%M:%SZ') AS decided_at
FROM credit_limits AS l
LEFT JOIN clients AS c USING (entity_id, client_id)
WHERE ($entity::VARCHAR IS NULL OR l.entity_id = $entity::VARCHAR)
  AND ($client::VARCHAR IS NULL OR l.client_id = $client::VARCHAR)
ORDER BY l.decided_at, l.limit_id
