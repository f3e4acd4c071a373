-- invoice_settlements: for every debit item (invoice, refund, doubtful debt, opening balance), what
-- was applied to it and, once fully applied, its settlement: the date of the credit that completed
-- it (the payment's EcritureDate, never DateLet), what that credit was, days to pay and days late.
-- materialize: view (items with their span)
-- Grain: one row per debit item. Inputs: item_spans, items.
SELECT
  i.item_id, i.source, i.import_id, i.line_no, i.entity_id, i.account_num, i.account_class, i.client_id,
  i.line_type, i.piece_ref, i.entry_date, i.doc_date AS invoice_date, i.due_date, i.amount, i.is_disputed,
  s.applied_amount,
  s.closed_date AS settled_date,
  c.line_type AS settled_by,
  s.allocation_method,
  s.closed_date - s.doc_date AS days_to_pay,
  s.closed_date - s.due_date AS days_late
FROM items AS i
JOIN item_spans AS s USING (item_id)
LEFT JOIN items AS c ON c.item_id = s.closed_by_item_id
WHERE i.amount > 0
