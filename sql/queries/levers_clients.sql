-- levers_clients: per client, what the CFO's levers are computed from at $as_of, over the 12 months
-- before it (the window: the day after $as_of − 12 months to $as_of, 365 or 366 days):
-- - late_amount_days: Σ amount overdue × days late within the window (€·days) — each amount settled
--   on a debit item (an allocation: payment, credit note, transfer, write-off) counts from its due
--   date to the allocation's date, what is still open at $as_of up to $as_of, both only over the
--   days inside the window: the cost of a 12-month window adds up with the next one's without a
--   day counted twice. A doubtful debt (416) counts from its transfer: before, the invoice it
--   moved was late on the client account and counted there (the transfer settled it);
-- - overdue_amount and overdue_amount_days: open and past due at $as_of, and Σ open × days past due;
-- - sales_12m, days_to_pay_12m, terms_days: its trade of the window (client_trade_12m: sales
--   including VAT, mean days to pay of its invoices paid in cash, its terms as the ledger applies them).
-- Grain: one row per (entity, client) with any of these. Parameters: $as_of DATE, $entity VARCHAR
-- or NULL. Reads open_items_at and client_trade_12m (sql/macros), items, allocations, clients.
WITH bounds AS (
  SELECT $as_of::DATE AS as_of, ($as_of::DATE - INTERVAL 12 MONTH)::DATE AS window_start
),
debits AS (
  SELECT
    i.item_id, i.entity_id, i.client_id,
    greatest(CASE WHEN i.account_class = 'doubtful' THEN greatest(i.due_date, i.entry_date) ELSE i.due_date END, b.window_start) AS late_from
  FROM items AS i, bounds AS b
  WHERE i.amount > 0 AND i.entry_date <= b.as_of AND i.due_date < b.as_of
    AND ($entity::VARCHAR IS NULL OR i.entity_id = $entity::VARCHAR)
),
late_settled AS (
  SELECT d.entity_id, d.client_id, sum(a.amount * datediff('day', d.late_from, a.alloc_date))::DOUBLE AS amount_days
  FROM allocations AS a
  JOIN debits AS d ON d.item_id = a.debit_item_id, bounds AS b
  WHERE a.alloc_date > d.late_from AND a.alloc_date <= b.as_of
  GROUP BY ALL
),
open_now AS (
  SELECT o.entity_id, o.client_id, o.open_amount, o.days_past_due, datediff('day', d.late_from, $as_of::DATE) AS late_days
  FROM open_items_at($as_of, $entity) AS o
  JOIN debits AS d USING (item_id)
  WHERE o.amount > 0 AND o.days_past_due > 0
),
late_open AS (
  SELECT
    entity_id, client_id,
    sum(open_amount * late_days)::DOUBLE AS amount_days,
    sum(open_amount)::DOUBLE AS overdue_amount,
    sum(open_amount * days_past_due)::DOUBLE AS overdue_amount_days
  FROM open_now
  GROUP BY ALL
),
trade AS (
  SELECT * FROM client_trade_12m($as_of, $entity)
),
keys AS (
  SELECT entity_id, client_id FROM late_settled
  UNION SELECT entity_id, client_id FROM late_open
  UNION SELECT entity_id, client_id FROM trade
)
SELECT
  k.entity_id, k.client_id, c.client_name,
  coalesce(t.sales_12m, 0) AS sales_12m,
  coalesce(ls.amount_days, 0) + coalesce(lo.amount_days, 0) AS late_amount_days,
  coalesce(lo.overdue_amount, 0) AS overdue_amount,
  coalesce(lo.overdue_amount_days, 0) AS overdue_amount_days,
  t.days_to_pay_12m,
  t.terms_days
FROM keys AS k
LEFT JOIN late_settled AS ls USING (entity_id, client_id)
LEFT JOIN late_open AS lo USING (entity_id, client_id)
LEFT JOIN trade AS t USING (entity_id, client_id)
LEFT JOIN clients AS c USING (entity_id, client_id)
ORDER BY k.entity_id, k.client_id
