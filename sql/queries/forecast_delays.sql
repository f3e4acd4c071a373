-- forecast_delays: the payment experience the forecast learns from at $as_of — for the invoices
-- due in the $history_months before $as_of, how many were paid in cash, settled without cash
-- (credit note, transfer to doubtful debts, write-off) or were still open, at each number of
-- days after their due date ($basis 'due') or their invoice date ($basis 'invoice'). Still open
-- at $as_of is "censored": known unpaid for that many days, outcome unknown. Days outside
-- [$min_day, $max_day] count at the nearest end. Only what was dated on or before $as_of is read.
-- Grain: one row per (entity, client, day, outcome), or per (day, outcome) for the whole
-- portfolio when $by_client is false (entity and client '*'). Parameters: $as_of DATE, $entity
-- VARCHAR or NULL, $history_months INTEGER, $basis VARCHAR, $min_day, $max_day INTEGER,
-- $by_client BOOLEAN, $new_months, $new_min_invoices INTEGER.
WITH invoices AS (
  SELECT
    entity_id, client_id, amount,
    CASE WHEN $basis::VARCHAR = 'invoice' THEN invoice_date ELSE due_date END AS start_date,
    invoice_date,
    CASE WHEN settled_date <= $as_of::DATE THEN settled_date END AS settled_date,
    CASE WHEN settled_date <= $as_of::DATE THEN settled_by END AS settled_by
  FROM invoice_settlements
  WHERE line_type IN ('invoice', 'opening')
    AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
    AND entry_date <= $as_of::DATE
),
observed AS (
  SELECT
    entity_id, client_id,
    least(greatest(datediff('day', start_date, coalesce(settled_date, $as_of::DATE)), $min_day::INTEGER), $max_day::INTEGER) AS day,
    CASE WHEN settled_date IS NULL THEN 'open' WHEN settled_by = 'payment' THEN 'cash' ELSE 'nocash' END AS outcome
  FROM invoices
  WHERE start_date > $as_of::DATE - to_months($history_months::INTEGER) AND start_date <= $as_of::DATE
),
segments AS (
  -- new clients (first invoice recent, or few settled invoices) learn from new clients first;
  -- only by client: the portfolio's rows carry no segment (every observed client has a row here)
  SELECT
    entity_id, client_id,
    min(invoice_date) > $as_of::DATE - to_months($new_months::INTEGER)
      OR count(*) FILTER (WHERE settled_by IN ('payment', 'credit_note')) < $new_min_invoices::INTEGER AS is_new
  FROM invoices
  WHERE $by_client::BOOLEAN
  GROUP BY ALL
)
SELECT
  CASE WHEN $by_client::BOOLEAN THEN o.entity_id ELSE '*' END AS entity_id,
  CASE WHEN $by_client::BOOLEAN THEN o.client_id ELSE '*' END AS client_id,
  CASE WHEN $by_client::BOOLEAN THEN s.is_new ELSE false END AS is_new,
  o.day, o.outcome, count(*)::INTEGER AS n
FROM observed AS o
LEFT JOIN segments AS s USING (entity_id, client_id)
GROUP BY ALL
ORDER BY 1, 2, o.day
