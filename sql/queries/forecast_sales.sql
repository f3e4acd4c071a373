-- forecast_sales: invoiced amounts per day up to $as_of (invoices, less credit notes: the sales
-- the plan extends into the coming weeks), from $from.
-- Grain: one row per day with sales. Parameters: $from DATE, $as_of DATE, $entity VARCHAR or NULL.
SELECT strftime(entry_date, '%Y-%m-%d') AS day, sum(amount)::DOUBLE AS sales
FROM items
WHERE line_type IN ('invoice', 'credit_note') AND entry_date > $from::DATE AND entry_date <= $as_of::DATE
  AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
GROUP BY ALL
ORDER BY day
