-- allocation_spans: each allocation seen from each of its two items, with that item's closed_date
-- (item_spans): the open amount at D of an item open at D is its amount less its allocations dated
-- on or before D, and only these rows are needed for it. Sorted by the item's closed_date, like
-- item_spans, so the aged balance at D reads only the row groups of items still open at D.
-- Grain: one row per (allocation, side). Inputs: allocations, item_spans.
SELECT a.debit_item_id AS item_id, a.amount, a.alloc_date, s.closed_date AS item_closed_date
FROM allocations AS a
JOIN item_spans AS s ON s.item_id = a.debit_item_id
UNION ALL
SELECT a.credit_item_id, a.amount, a.alloc_date, s.closed_date
FROM allocations AS a
JOIN item_spans AS s ON s.item_id = a.credit_item_id
ORDER BY item_closed_date NULLS LAST, item_id
