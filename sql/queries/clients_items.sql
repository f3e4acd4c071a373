-- clients_items: one client's items — invoices with their open amount at $as_of, due date, days
-- past due, status and how they were matched (lettering or FIFO), and its payments and credits
-- with what is left unapplied. Parameters: $client_id VARCHAR, $as_of DATE, $entity VARCHAR or NULL.
-- Grain: one row per item of the client.
WITH applied AS (
  SELECT item_id, sum(amount) AS applied, bool_or(method = 'lettering') AS by_lettering, bool_or(method = 'fifo') AS by_fifo
  FROM (
    SELECT debit_item_id AS item_id, amount, method FROM allocations WHERE alloc_date <= $as_of::DATE
    UNION ALL
    SELECT credit_item_id, amount, method FROM allocations WHERE alloc_date <= $as_of::DATE
  )
  GROUP BY item_id
)
SELECT
  i.item_id, i.entity_id, i.client_id, n.client_name, i.source, i.import_id, i.line_no, i.account_num, i.line_type,
  i.piece_ref, l.line_label, strftime(i.doc_date, '%Y-%m-%d') AS doc_date, strftime(i.entry_date, '%Y-%m-%d') AS entry_date,
  strftime(i.due_date, '%Y-%m-%d') AS due_date, i.amount::DOUBLE AS amount,
  (CASE WHEN i.amount > 0 THEN i.amount - coalesce(a.applied, 0) ELSE i.amount + coalesce(a.applied, 0) END)::DOUBLE AS open_amount,
  CASE WHEN i.amount > coalesce(a.applied, 0) THEN datediff('day', i.due_date, $as_of::DATE) END::INTEGER AS days_past_due,
  CASE WHEN a.by_lettering AND a.by_fifo THEN 'lettering+fifo' WHEN a.by_fifo THEN 'fifo' WHEN a.by_lettering THEN 'lettering' END AS allocation_method,
  CASE
    WHEN abs(i.amount) <= coalesce(a.applied, 0) THEN CASE WHEN i.amount > 0 THEN 'settled' ELSE 'applied' END
    WHEN i.amount < 0 THEN 'unapplied'
    WHEN i.is_disputed THEN 'disputed'
    WHEN i.due_date < $as_of::DATE THEN 'overdue'
    ELSE 'not_due'
  END AS status,
  strftime(s.settled_date, '%Y-%m-%d') AS settled_date,
  s.settled_by,
  s.days_late::INTEGER AS days_late,
  i.is_disputed
FROM items AS i
LEFT JOIN applied AS a USING (item_id)
LEFT JOIN invoice_settlements AS s ON s.item_id = i.item_id AND s.settled_date <= $as_of::DATE
LEFT JOIN clients AS n ON n.entity_id = i.entity_id AND n.client_id = i.client_id
-- labels stay in the ledger: read for this client's lines only
LEFT JOIN (SELECT line_id, line_label FROM line_labels WHERE client_id = $client_id::VARCHAR) AS l ON l.line_id = i.line_id
WHERE i.client_id = $client_id::VARCHAR
  AND i.entry_date <= $as_of::DATE
  AND ($entity::VARCHAR IS NULL OR i.entity_id = $entity::VARCHAR)
-- in the ledger's order (an invoice moved to 416 stands where its transfer's line does)
ORDER BY i.doc_date, i.import_id, i.line_no, i.item_id
