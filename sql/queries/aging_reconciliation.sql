-- aging_reconciliation: the balance of the client accounts (411, 413, 416) in the ledger at $as_of —
-- what the aged balance must add up to —, of which on doubtful-debt accounts (416), and the
-- advances received (4191).
-- Grain: one row. Parameters: $as_of DATE, $entity VARCHAR or NULL.
SELECT
  coalesce(sum(movement) FILTER (WHERE class_group = 'receivable'), 0)::DOUBLE AS ledger_balance,
  coalesce(sum(movement) FILTER (WHERE class_group = 'advance'), 0)::DOUBLE AS advances,
  coalesce(sum(doubtful_movement), 0)::DOUBLE AS doubtful_balance
FROM receivable_balance_daily
WHERE balance_date <= $as_of::DATE
  AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
