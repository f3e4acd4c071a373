-- forecast_promises: the promises to pay the cash forecast counts on at $as_of — those still open
-- (not kept yet, their date plus the grace days not passed), with their client's keeping rate.
-- Grain: one row per open promise. Parameters: as collections_promises.
SELECT action_id, entity_id, client_id, invoice_ref, promise_date, amount, received, keeping_rate
FROM query_collections_promises
WHERE status = 'open'
ORDER BY entity_id, client_id, promise_date, action_id
