-- invoice_settlements: for every debit item (invoice, refund, doubtful debt, opening balance), what
-- was applied to it and, once fully applied, its settlement: the date of the credit that completed
-- it (the payment's EcritureDate, never DateLet), what that credit was, days to pay and days late.
-- materialize: view (a projection of item_spans)
-- Grain: one row per debit item. Inputs: item_spans, items.
SELECT
  s.item_id, s.source, s.import_id, s.line_no, s.entity_id, s.account_num, s.account_class, s.client_id,
  s.line_type, s.piece_ref, s.entry_date, s.doc_date AS invoice_date, s.due_date, s.amount, s.is_disputed,
  s.applied_amount,
  s.closed_date AS settled_date,
  c.line_type AS settled_by,
  s.allocation_method,
  s.closed_date - s.doc_date AS days_to_pay,
  s.closed_date - s.due_date AS days_late
FROM item_spans AS s
LEFT JOIN items AS c ON c.item_id = s.closed_by_item_id
WHERE s.amount > 0
