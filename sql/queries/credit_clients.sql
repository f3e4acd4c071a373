-- credit_clients: per client at $as_of, its exposure against its credit limit, and the facts of its
-- suggested limit:
-- - exposure: what it owes at $as_of on its receivable accounts (411, 413, and 416 doubtful debts),
--   net of its unapplied payments and credits — the client's total of the aged balance (the same
--   open_items_at);
-- - the limit in force: its latest row of credit_limits recorded by $until (the as-of date in the
--   past of the data; every row at its latest date, like the collections actions) — none when that
--   row withdrew the limit (no amount) or ended before $as_of (valid_until);
-- - sales_12m: invoices − credit notes of the 12 months to $as_of, including VAT; terms_days: the
--   amount-weighted mean days from invoice to due date of its invoices of the 12 months;
--   days_late_12m: the amount-weighted mean days late of its invoices paid in the 12 months.
-- Grain: one row per (entity, client) with an exposure, sales in the 12 months or a limit row.
-- Parameters: $as_of DATE, $until DATE, $entity VARCHAR or NULL. Reads open_items_at and
-- client_trade_12m (sql/macros), clients, credit_limits.
WITH exposure AS (
  SELECT entity_id, client_id, sum(open_amount)::DOUBLE AS exposure
  FROM open_items_at($as_of, $entity)
  GROUP BY ALL
),
latest AS (
  SELECT *
  FROM credit_limits
  WHERE decided_at::DATE <= $until::DATE
    AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
  QUALIFY row_number() OVER (PARTITION BY entity_id, client_id ORDER BY decided_at DESC, limit_id DESC) = 1
),
trade AS (
  SELECT * FROM client_trade_12m($as_of, $entity)
),
keys AS (
  SELECT entity_id, client_id FROM exposure
  UNION SELECT entity_id, client_id FROM trade WHERE sales_12m IS NOT NULL
  UNION SELECT entity_id, client_id FROM latest
)
SELECT
  k.entity_id, k.client_id, c.client_name,
  coalesce(e.exposure, 0) AS exposure,
  l.limit_id::INTEGER AS limit_id,
  CASE WHEN l.valid_until IS NULL OR l.valid_until >= $as_of::DATE THEN l.amount END::DOUBLE AS limit_amount,
  l.insurer,
  strftime(l.valid_until, '%Y-%m-%d') AS valid_until,
  l.source,
  l.reason,
  l.decided_by,
  strftime(l.decided_at, '%Y-%m-%dT%H:%M:%SZ') AS decided_at,
  coalesce(t.sales_12m, 0) AS sales_12m,
  t.terms_days,
  t.days_late_12m
FROM keys AS k
LEFT JOIN exposure AS e USING (entity_id, client_id)
LEFT JOIN latest AS l USING (entity_id, client_id)
LEFT JOIN trade AS t USING (entity_id, client_id)
LEFT JOIN clients AS c USING (entity_id, client_id)
ORDER BY k.entity_id, k.client_id
