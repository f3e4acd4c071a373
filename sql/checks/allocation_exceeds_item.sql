-- more is allocated to an item than its amount
-- Grain: one row per over-allocated item. Inputs: items, allocations.
WITH applied AS (
  SELECT item_id, sum(amount) AS applied
  FROM (SELECT debit_item_id AS item_id, amount FROM allocations UNION ALL SELECT credit_item_id, amount FROM allocations)
  GROUP BY item_id
)
SELECT i.item_id, i.client_id, i.piece_ref, i.amount, a.applied
FROM items AS i JOIN applied AS a USING (item_id)
WHERE a.applied > abs(i.amount) OR a.applied < 0
