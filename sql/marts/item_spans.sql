-- item_spans: when each item is open — from its entry in the ledger to the date it was fully
-- applied (closed_date; NULL while it is open). An aged balance at D only looks at the items whose
-- span covers D, and applies allocations to those alone: fast at any date on large ledgers. Rows
-- are sorted by closed_date so that a scan for the items open at D skips the row groups of items
-- closed before D (zone maps).
-- Grain: one row per item. Inputs: items, allocations.
WITH applied AS (
  SELECT item_id, sum(amount) AS applied, max(alloc_date) AS last_alloc_date
  FROM (
    SELECT debit_item_id AS item_id, amount, alloc_date FROM allocations
    UNION ALL
    SELECT credit_item_id, amount, alloc_date FROM allocations
  )
  GROUP BY item_id
)
SELECT
  i.item_id, i.entity_id, i.client_id, i.account_num, i.account_class, i.line_type, i.piece_ref,
  i.entry_date, i.doc_date, i.due_date, i.amount, i.is_disputed,
  CASE WHEN coalesce(a.applied, 0) >= abs(i.amount) THEN a.last_alloc_date END AS closed_date
FROM items AS i
LEFT JOIN applied AS a USING (item_id)
WHERE i.amount <> 0
ORDER BY closed_date NULLS LAST, item_id
