-- item_spans: when each item is open — from its entry in the ledger to the date it was fully
-- applied (closed_date; NULL while open) — with what was applied to it and how. An aged balance
-- at D only looks at the items whose span covers D (a scan of two date columns; the allocations of
-- those items are read from allocation_spans, sorted for that purpose).
-- Grain: one row per item. Inputs: items, allocations.
WITH sides AS (
  SELECT debit_item_id AS item_id, credit_item_id AS other_item_id, amount, alloc_date, method FROM allocations
  UNION ALL
  SELECT credit_item_id, debit_item_id, amount, alloc_date, method FROM allocations
),
applied AS (
  SELECT
    item_id,
    sum(amount) AS applied_amount,
    max(alloc_date) AS last_alloc_date,
    arg_max(other_item_id, (alloc_date, other_item_id)) AS last_other_item_id,
    bool_or(method = 'lettering') AS by_lettering,
    bool_or(method = 'fifo') AS by_fifo
  FROM sides
  GROUP BY item_id
)
SELECT
  -- only what an aged balance reads: a narrow table is quick to write (items has the rest)
  i.item_id, i.entity_id, i.client_id, i.account_class, i.entry_date, i.doc_date, i.due_date, i.amount, i.is_disputed,
  coalesce(a.applied_amount, 0)::DECIMAL(18,2) AS applied_amount,
  CASE WHEN coalesce(a.applied_amount, 0) >= abs(i.amount) THEN a.last_alloc_date END AS closed_date,
  CASE WHEN coalesce(a.applied_amount, 0) >= abs(i.amount) THEN a.last_other_item_id END AS closed_by_item_id,
  CASE WHEN a.by_lettering AND a.by_fifo THEN 'lettering+fifo' WHEN a.by_fifo THEN 'fifo' WHEN a.by_lettering THEN 'lettering' END AS allocation_method
FROM items AS i
LEFT JOIN applied AS a USING (item_id)
WHERE i.amount <> 0
