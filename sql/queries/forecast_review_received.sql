-- forecast_review_received: the cash received by client in ($from, $to] (payments on client
-- accounts), what the weekly review sets against the earlier forecast.
-- Grain: one row per (entity, client) with receipts. Parameters: $from DATE, $to DATE, $entity VARCHAR or NULL.
SELECT i.entity_id, i.client_id, any_value(c.client_name) AS client_name, sum(-i.amount)::DOUBLE AS received
FROM items AS i
LEFT JOIN clients AS c USING (entity_id, client_id)
WHERE i.line_type = 'payment' AND i.entry_date > $from::DATE AND i.entry_date <= $to::DATE
  AND ($entity::VARCHAR IS NULL OR i.entity_id = $entity::VARCHAR)
GROUP BY ALL
