-- open_items: every item open at $as_of (an invoice not fully applied, a payment or credit not
-- fully used), with its days past due and days since issue. Only allocations dated on or before
-- $as_of are applied: a later payment never shows in an earlier aged balance.
-- Grain: one row per open item. Parameters: $as_of DATE, $entity VARCHAR (NULL: every entity).
WITH applied AS (
  SELECT item_id, sum(amount) AS applied
  FROM (
    SELECT debit_item_id AS item_id, amount FROM allocations WHERE alloc_date <= $as_of::DATE
    UNION ALL
    SELECT credit_item_id, amount FROM allocations WHERE alloc_date <= $as_of::DATE
  )
  GROUP BY item_id
)
SELECT
  i.item_id, i.entity_id, i.client_id, i.client_name, i.account_num, i.account_class, i.line_type,
  i.piece_ref, i.doc_date, i.entry_date, i.due_date, i.amount, i.is_disputed,
  CASE WHEN i.amount > 0 THEN i.amount - coalesce(a.applied, 0) ELSE i.amount + coalesce(a.applied, 0) END AS open_amount,
  CASE WHEN i.amount > 0 THEN datediff('day', i.due_date, $as_of::DATE) END AS days_past_due,
  datediff('day', i.doc_date, $as_of::DATE) AS days_since_issue
FROM items AS i
LEFT JOIN applied AS a USING (item_id)
WHERE i.entry_date <= $as_of::DATE
  AND ($entity::VARCHAR IS NULL OR i.entity_id = $entity::VARCHAR)
  AND abs(i.amount) > coalesce(a.applied, 0)
