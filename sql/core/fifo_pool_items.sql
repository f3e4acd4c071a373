-- fifo_pool_items: what the lettering leaves — the rest of a partly paid invoice, an overpayment —
-- and the unlettered items, pooled by client account: the pools of the second allocation stage
-- (FIFO, "balance forward").
-- materialize: view
-- Grain: one row per item with an amount left to allocate. Inputs: items, allocations_lettering.
WITH lettering_applied AS (
  SELECT item_id, sum(amount) AS applied
  FROM (SELECT debit_item_id AS item_id, amount FROM allocations_lettering UNION ALL SELECT credit_item_id, amount FROM allocations_lettering)
  GROUP BY item_id
)
SELECT
  i.item_id,
  concat_ws('|', i.entity_id, i.account_num, i.client_id) AS pool,
  i.amount > 0 AS is_debit,
  (abs(i.amount) - coalesce(a.applied, 0))::DECIMAL(18,2) AS amount,
  i.doc_date,
  i.entry_date
FROM items AS i
LEFT JOIN lettering_applied AS a USING (item_id)
WHERE abs(i.amount) - coalesce(a.applied, 0) > 0
