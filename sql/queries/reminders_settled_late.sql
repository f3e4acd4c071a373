-- reminders_settled_late: one client's invoices paid late in the twelve months to $as_of — the
-- charges the law gives on them too (late interest for the days late, the fixed indemnity), which
-- a company may still claim once the invoice is paid. Paid: completed by a payment (an invoice
-- closed by a credit note was cancelled, not paid late).
-- Grain: one row per invoice paid late. Parameters: $as_of DATE, $entity VARCHAR, $client VARCHAR.
SELECT
  piece_ref, strftime(invoice_date, '%Y-%m-%d') AS doc_date, strftime(due_date, '%Y-%m-%d') AS due_date,
  amount::DOUBLE AS amount, strftime(settled_date, '%Y-%m-%d') AS settled_date, days_late::INTEGER AS days_late
FROM invoice_settlements
WHERE entity_id = $entity::VARCHAR AND client_id = $client::VARCHAR
  AND line_type = 'invoice' AND account_class = 'client' AND settled_by = 'payment'
  AND settled_date <= $as_of::DATE AND settled_date > $as_of::DATE - INTERVAL 12 MONTH
  AND days_late > 0
ORDER BY settled_date DESC, piece_ref
