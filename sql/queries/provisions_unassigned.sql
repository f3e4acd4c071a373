-- provisions_unassigned: the provisions for doubtful receivables booked on 491 at $as_of without a
-- client (no auxiliary account on the line), by entity and account: known for the account only.
-- Parameters: $as_of DATE, $entity VARCHAR or NULL. Grain: one row per (entity, account).
SELECT entity_id, account_num, sum(amount)::DOUBLE AS booked
FROM provision_lines
WHERE client_id IS NULL AND entry_date <= $as_of::DATE AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
GROUP BY entity_id, account_num
HAVING sum(amount) <> 0
ORDER BY entity_id, account_num
