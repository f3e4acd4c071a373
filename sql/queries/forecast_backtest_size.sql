-- forecast_backtest_size: how many invoices the forecast would take at the backtest's last origin
-- (open and positive at $as_of): the size that decides how many origins the backtest can afford.
-- Parameters: $as_of DATE, $entity VARCHAR or NULL.
SELECT count(*)::BIGINT AS open_invoices
FROM open_items_at($as_of, $entity)
WHERE amount > 0
