-- forecast_cash: cash received per day in ($from, $to] — every payment on a client account (the
-- plan's actual receipts), and the part of it applied to the items open at $from (what the
-- forecast of those items is judged against; credit notes bring no cash and are left out).
-- Grain: one row per day with receipts. Parameters: $from DATE, $to DATE, $entity VARCHAR or NULL.
-- Reads open_items_at (sql/macros) at $as_of (the backtest passes $from).
WITH open_at AS (
  SELECT item_id FROM open_items_at($as_of, $entity) WHERE amount > 0
),
payments AS (
  SELECT item_id, entry_date, -amount AS amount
  FROM items
  WHERE line_type = 'payment' AND entry_date > $from::DATE AND entry_date <= $to::DATE
    AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
),
applied AS (
  SELECT a.alloc_date AS day, sum(a.amount) AS amount
  FROM allocations AS a
  JOIN open_at AS o ON o.item_id = a.debit_item_id
  JOIN payments AS p ON p.item_id = a.credit_item_id
  WHERE a.alloc_date > $from::DATE AND a.alloc_date <= $to::DATE
  GROUP BY ALL
),
received AS (
  SELECT entry_date AS day, sum(amount) AS amount FROM payments GROUP BY ALL
)
SELECT strftime(day, '%Y-%m-%d') AS day, coalesce(r.amount, 0)::DOUBLE AS received, coalesce(a.amount, 0)::DOUBLE AS received_on_open_items
FROM received AS r
FULL JOIN applied AS a USING (day)
ORDER BY day
