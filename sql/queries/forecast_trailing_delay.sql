-- forecast_trailing_delay: each client's mean days late over the invoices it paid in cash in the
-- 12 months before $as_of — the naive "due date shifted by the client's average delay" forecast
-- the backtest compares with (entity_id and client_id '*': the portfolio's, for clients without).
-- Grain: one row per (entity, client), and the portfolio row. Parameters: $as_of DATE, $entity
-- VARCHAR or NULL.
WITH paid AS (
  SELECT entity_id, client_id, days_late::DOUBLE AS days_late
  FROM invoice_settlements
  WHERE line_type IN ('invoice', 'opening') AND settled_by = 'payment'
    AND settled_date <= $as_of::DATE AND settled_date > $as_of::DATE - INTERVAL 12 MONTH
    AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
)
SELECT entity_id, client_id, avg(days_late) AS mean_days_late FROM paid GROUP BY ALL
UNION ALL
SELECT '*', '*', avg(days_late) FROM paid
