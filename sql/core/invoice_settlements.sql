-- invoice_settlements: for every debit item (invoice, refund, doubtful debt, opening balance), what
-- was applied to it and, once fully applied, its settlement: the date of the credit that completed
-- it (the payment's EcritureDate, never DateLet), what that credit was, days to pay and days late.
-- Grain: one row per debit item. Inputs: items, allocations.
WITH applied AS (
  SELECT
    a.debit_item_id AS item_id,
    sum(a.amount) AS applied_amount,
    max(a.alloc_date) AS last_alloc_date,
    arg_max(c.line_type, (a.alloc_date, a.credit_item_id)) AS last_credit_type,
    bool_or(a.method = 'lettering') AS by_lettering,
    bool_or(a.method = 'fifo') AS by_fifo
  FROM allocations AS a
  JOIN items AS c ON c.item_id = a.credit_item_id
  GROUP BY a.debit_item_id
)
SELECT
  i.item_id, i.source, i.import_id, i.line_no, i.entity_id, i.account_num, i.account_class, i.client_id,
  i.line_type, i.piece_ref, i.entry_date, i.doc_date AS invoice_date, i.due_date, i.amount, i.is_disputed,
  coalesce(a.applied_amount, 0) AS applied_amount,
  CASE WHEN coalesce(a.applied_amount, 0) >= i.amount THEN a.last_alloc_date END AS settled_date,
  CASE WHEN coalesce(a.applied_amount, 0) >= i.amount THEN a.last_credit_type END AS settled_by,
  CASE WHEN a.by_lettering AND a.by_fifo THEN 'lettering+fifo' WHEN a.by_fifo THEN 'fifo' WHEN a.by_lettering THEN 'lettering' END AS allocation_method,
  CASE WHEN coalesce(a.applied_amount, 0) >= i.amount THEN a.last_alloc_date - i.doc_date END AS days_to_pay,
  CASE WHEN coalesce(a.applied_amount, 0) >= i.amount THEN a.last_alloc_date - i.due_date END AS days_late
FROM items AS i
LEFT JOIN applied AS a USING (item_id)
WHERE i.amount > 0
