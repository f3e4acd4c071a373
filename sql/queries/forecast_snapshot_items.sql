-- forecast_snapshot_items: the invoices of a saved forecast with their expected cash by week.
-- Grain: one row per invoice of the snapshot. Parameters: $id INTEGER.
SELECT entity_id, client_id, client_name, piece_ref, strftime(doc_date, '%Y-%m-%d') AS doc_date, strftime(due_date, '%Y-%m-%d') AS due_date, open_amount, expected
FROM forecast_snapshot_items
WHERE snapshot_id = $id::INTEGER
