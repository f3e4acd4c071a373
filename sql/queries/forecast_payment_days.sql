-- forecast_payment_days: the days each client's payments came in over the forecast's history
-- ($history_months months up to $as_of), from which its payment habit is found (a monthly run on
-- the 10th, a weekly one on Fridays…: src/server/forecast/habits.ts).
-- Grain: one row per (entity, client) with at least $min_days distinct payment days, as day
-- numbers (days since 1970-01-01) in order.
-- Parameters: $as_of DATE, $entity VARCHAR or NULL, $client VARCHAR or NULL (one client's),
-- $history_months INTEGER, $min_days INTEGER.
-- days as day numbers (days since 1970-01-01): at 10M lines, formatting them as text took a second
SELECT entity_id, client_id, list(DISTINCT (entry_date - DATE '1970-01-01')::INTEGER ORDER BY (entry_date - DATE '1970-01-01')::INTEGER) AS days
FROM items
WHERE line_type = 'payment'
  AND entry_date <= $as_of::DATE
  AND entry_date > $as_of::DATE - to_months($history_months::INTEGER)
  AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
  AND ($client::VARCHAR IS NULL OR client_id = $client::VARCHAR)
GROUP BY entity_id, client_id
HAVING count(DISTINCT entry_date) >= $min_days::INTEGER
