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
-- Parameters: $as_of DATE, $until DATE, $entity VARCHAR or NULL. Reads open_items_at (sql/macros),
-- items, invoice_settlements, clients, credit_limits.
WITH bounds AS (
  SELECT $as_of::DATE AS as_of, ($as_of::DATE - INTERVAL 12 MONTH)::DATE AS window_start
),
exposure AS (
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
sales AS (
  SELECT
    i.entity_id, i.client_id,
    sum(i.amount)::DOUBLE AS sales_12m,
    (sum(i.amount * datediff('day', i.doc_date, i.due_date)) FILTER (WHERE i.line_type = 'invoice')
      / sum(i.amount) FILTER (WHERE i.line_type = 'invoice'))::DOUBLE AS terms_days
  FROM items AS i, bounds AS b
  WHERE i.line_type IN ('invoice', 'credit_note') AND i.entry_date > b.window_start AND i.entry_date <= b.as_of
    AND ($entity::VARCHAR IS NULL OR i.entity_id = $entity::VARCHAR)
  GROUP BY ALL
),
late AS (
  SELECT s.entity_id, s.client_id, (sum(s.amount * s.days_late) / sum(s.amount))::DOUBLE AS days_late_12m
  FROM invoice_settlements AS s, bounds AS b
  WHERE s.line_type IN ('invoice', 'opening') AND s.settled_by = 'payment'
    AND s.settled_date > b.window_start AND s.settled_date <= b.as_of
    AND ($entity::VARCHAR IS NULL OR s.entity_id = $entity::VARCHAR)
  GROUP BY ALL
),
keys AS (
  SELECT entity_id, client_id FROM exposure
  UNION SELECT entity_id, client_id FROM sales
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
  coalesce(s.sales_12m, 0) AS sales_12m,
  s.terms_days,
  lt.days_late_12m
FROM keys AS k
LEFT JOIN exposure AS e USING (entity_id, client_id)
LEFT JOIN latest AS l USING (entity_id, client_id)
LEFT JOIN sales AS s USING (entity_id, client_id)
LEFT JOIN late AS lt USING (entity_id, client_id)
LEFT JOIN clients AS c USING (entity_id, client_id)
ORDER BY k.entity_id, k.client_id
