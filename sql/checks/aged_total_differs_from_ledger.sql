-- the aged balance (open items) does not add up to the ledger balance of the client accounts
-- Checked per entity at every month-end and at the last ledger date: the items' amounts less the
-- allocations applied by then, against the ledger's own balance (receivable_balance_daily).
-- Grain: one row per (entity, date) that does not reconcile. Inputs: items, allocations, receivable_balance_daily.
WITH dates AS (
  SELECT DISTINCT last_day(balance_date) AS as_of FROM receivable_balance_daily
  UNION SELECT max(balance_date) FROM receivable_balance_daily
),
ledger_moves AS (
  SELECT entity_id, balance_date AS move_date, sum(movement) AS ledger_move, 0 AS aged_move
  FROM receivable_balance_daily WHERE class_group = 'receivable' GROUP BY ALL
),
aged_moves AS (
  SELECT entity_id, entry_date AS move_date, 0 AS ledger_move, sum(amount) AS aged_move FROM items GROUP BY ALL
  UNION ALL
  SELECT i.entity_id, a.alloc_date, 0, -sum(a.amount) FROM allocations AS a JOIN items AS i ON i.item_id = a.debit_item_id GROUP BY ALL
  UNION ALL
  SELECT i.entity_id, a.alloc_date, 0, sum(a.amount) FROM allocations AS a JOIN items AS i ON i.item_id = a.credit_item_id GROUP BY ALL
),
daily AS (
  SELECT entity_id, move_date, sum(ledger_move) AS ledger_move, sum(aged_move) AS aged_move
  FROM (SELECT * FROM ledger_moves UNION ALL SELECT * FROM aged_moves)
  GROUP BY ALL
)
SELECT m.entity_id, d.as_of, sum(m.ledger_move) AS ledger_balance, sum(m.aged_move) AS aged_total
FROM dates AS d
JOIN daily AS m ON m.move_date <= d.as_of
GROUP BY ALL
HAVING sum(m.ledger_move) <> sum(m.aged_move)
