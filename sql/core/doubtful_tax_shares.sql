-- doubtful_tax_shares: for each debit item on doubtful debts (416), the share of its amount that
-- excludes VAT — the base of its provision —, read from the sales entry of its invoice (the
-- invoice it was moved from, or the item itself when booked on 416): 1 − VAT collected (4457) /
-- the entry's amount on client accounts (411, 413, 416). A sale without VAT (exempt, export) has a
-- share of 1. A sales entry that holds several invoices gives them its average share.
-- NULL when the invoice's entry is not a sale (an opening line, another entry) or the item comes
-- from an invoice list: the report then assumes the VAT rate of the settings, and says so.
-- Grain: one row per doubtful debit item. Inputs: items, stg_ledger_lines, entries.
WITH doubtful AS (
  SELECT item_id, coalesce(origin_item_id, item_id) AS invoice_item_id
  FROM items
  WHERE account_class = 'doubtful' AND amount > 0 AND source = 'fec'
)
SELECT
  d.item_id,
  CASE WHEN e.touches_revenue AND e.client_amount > 0 THEN 1 - e.vat_collected / e.client_amount END::DECIMAL(18,10) AS ht_share
FROM doubtful AS d
JOIN stg_ledger_lines AS l ON l.line_id = d.invoice_item_id
JOIN entries AS e ON e.import_id = l.import_id AND e.journal_code = l.journal_code AND e.entry_num = l.entry_num
