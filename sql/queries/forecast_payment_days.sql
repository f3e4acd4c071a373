-- forecast_payment_days: the days each client's payments came in over the forecast's history
-- ($history_months months up to $as_of), from which its payment habit is found (a monthly run on
-- the 10th, a weekly one on Fridays…: src/server/forecast/habits.ts).
-- Grain: one row per (entity, client) with at least $min_days distinct payment days.
-- Parameters: $as_of DATE, $entity VARCHAR or NULL, $client VARCHAR or NULL (one client's),
-- $history_months INTEGER, $min_days INTEGER.
SELECT entity_id, client_id, list(DISTINCT strftime(entry_date, '%Y-%m-%d') ORDER BY strftime(entry_date, '%Y-%m-%d')) AS days
FROM items
WHERE line_type = 'payment'
  AND entry_date <= $as_of::DATE
  AND entry_date > $as_of::DATE - to_months($history_months::INTEGER)
  AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
  AND ($client::VARCHAR IS NULL OR client_id = $client::VARCHAR)
GROUP BY entity_id, client_id
HAVING count(DISTINCT entry_date) >= $min_days::INTEGER
