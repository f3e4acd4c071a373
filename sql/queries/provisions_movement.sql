-- provisions_movement: the movement of the doubtful receivables (416) and of their provisions (491)
-- since the previous closing, as the notes to the accounts present it (tableau de variation), per
-- entity. The previous closing is the end of the fiscal year before the one $as_of falls in
-- (fiscal_year_at: from the FEC imports, else a known closing carried by whole years, else 12
-- months before).
-- Doubtful receivables, from the 416 lines (receivable_lines, the opening lines that repeat a
-- loaded previous year aside, as in the ledger's balance): opening = the balance at the previous
-- closing, with the opening lines (à-nouveaux) of a year whose previous one is not loaded; then,
-- dated after it up to $as_of, transfers in (a transfer's 416 debit), receipts (payments), credit
-- notes and write-offs (as positive amounts taken off), and other (signed: an invoice booked
-- straight on 416, a refund, a transfer back to 411…). Closing = the 416 balance of the ledger at
-- $as_of (receivable_balance_daily), apart from these lines: difference = closing − (opening +
-- transfers in − receipts − credit notes − write-offs + other) is 0 when the movement reconciles.
-- Provisions, from the 491 lines (provision_lines): opening the same way; allowances (credits:
-- dotations, 6817) and reversals (debits: reprises, 7817) after it; closing = the 491 balance at
-- $as_of; difference = closing − (opening + allowances − reversals).
-- Parameters: $as_of DATE, $entity VARCHAR or NULL. Grain: one row per entity with an active import.
WITH scope AS (
  SELECT entity_id, fiscal_year_at(entity_id, $as_of::DATE) AS fy
  FROM (SELECT DISTINCT entity_id FROM imports WHERE status = 'active')
  WHERE $entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR
),
doubtful AS (
  SELECT
    s.entity_id,
    r.amount,
    CASE
      WHEN r.entry_date <= s.fy.previous_closing OR r.line_type = 'opening' THEN 'opening'
      WHEN r.line_type = 'doubtful_transfer' AND r.amount > 0 THEN 'transfers_in'
      WHEN r.line_type = 'payment' THEN 'receipts'
      WHEN r.line_type = 'credit_note' THEN 'credit_notes'
      WHEN r.line_type = 'write_off' THEN 'write_offs'
      ELSE 'other'
    END AS movement
  FROM scope AS s
  JOIN receivable_lines AS r ON r.entity_id = s.entity_id
  WHERE r.account_class = 'doubtful' AND r.entry_date <= $as_of::DATE
    AND NOT (r.line_type = 'opening' AND r.import_id IN (SELECT import_id FROM imports_with_previous_year))
),
doubtful_sums AS (
  SELECT
    entity_id,
    coalesce(sum(amount) FILTER (WHERE movement = 'opening'), 0)::DECIMAL(18,2) AS opening,
    coalesce(sum(amount) FILTER (WHERE movement = 'transfers_in'), 0)::DECIMAL(18,2) AS transfers_in,
    coalesce(-sum(amount) FILTER (WHERE movement = 'receipts'), 0)::DECIMAL(18,2) AS receipts,
    coalesce(-sum(amount) FILTER (WHERE movement = 'credit_notes'), 0)::DECIMAL(18,2) AS credit_notes,
    coalesce(-sum(amount) FILTER (WHERE movement = 'write_offs'), 0)::DECIMAL(18,2) AS write_offs,
    coalesce(sum(amount) FILTER (WHERE movement = 'other'), 0)::DECIMAL(18,2) AS other
  FROM doubtful
  GROUP BY entity_id
),
doubtful_closing AS (
  SELECT b.entity_id, sum(b.doubtful_movement)::DECIMAL(18,2) AS closing
  FROM receivable_balance_daily AS b
  JOIN scope AS s USING (entity_id)
  WHERE b.balance_date <= $as_of::DATE
  GROUP BY b.entity_id
),
provision AS (
  SELECT
    s.entity_id,
    coalesce(sum(p.amount) FILTER (WHERE p.entry_date <= s.fy.previous_closing OR p.is_opening), 0)::DECIMAL(18,2) AS opening,
    coalesce(sum(p.amount) FILTER (WHERE p.entry_date > s.fy.previous_closing AND NOT p.is_opening AND p.amount > 0), 0)::DECIMAL(18,2) AS allowances,
    coalesce(-sum(p.amount) FILTER (WHERE p.entry_date > s.fy.previous_closing AND NOT p.is_opening AND p.amount < 0), 0)::DECIMAL(18,2) AS reversals,
    coalesce(sum(p.amount), 0)::DECIMAL(18,2) AS closing
  FROM scope AS s
  JOIN provision_lines AS p ON p.entity_id = s.entity_id
  WHERE p.entry_date <= $as_of::DATE
  GROUP BY s.entity_id
),
joined AS (
  SELECT
    s.entity_id,
    s.fy,
    coalesce(d.opening, 0) AS d_opening, coalesce(d.transfers_in, 0) AS d_in, coalesce(d.receipts, 0) AS d_receipts,
    coalesce(d.credit_notes, 0) AS d_credit_notes, coalesce(d.write_offs, 0) AS d_write_offs, coalesce(d.other, 0) AS d_other,
    coalesce(dc.closing, 0)::DECIMAL(18,2) AS d_closing,
    coalesce(p.opening, 0) AS p_opening, coalesce(p.allowances, 0) AS p_allowances, coalesce(p.reversals, 0) AS p_reversals,
    coalesce(p.closing, 0) AS p_closing
  FROM scope AS s
  LEFT JOIN doubtful_sums AS d USING (entity_id)
  LEFT JOIN doubtful_closing AS dc USING (entity_id)
  LEFT JOIN provision AS p USING (entity_id)
)
SELECT
  entity_id,
  strftime(fy.previous_closing, '%Y-%m-%d') AS previous_closing,
  fy.basis AS closing_basis,
  {
    'opening': d_opening::DOUBLE, 'transfers_in': d_in::DOUBLE, 'receipts': d_receipts::DOUBLE, 'credit_notes': d_credit_notes::DOUBLE,
    'write_offs': d_write_offs::DOUBLE, 'other': d_other::DOUBLE, 'closing': d_closing::DOUBLE,
    'difference': (d_closing - (d_opening + d_in - d_receipts - d_credit_notes - d_write_offs + d_other))::DOUBLE
  } AS doubtful,
  {
    'opening': p_opening::DOUBLE, 'allowances': p_allowances::DOUBLE, 'reversals': p_reversals::DOUBLE, 'closing': p_closing::DOUBLE,
    'difference': (p_closing - (p_opening + p_allowances - p_reversals))::DOUBLE
  } AS provision
FROM joined
ORDER BY entity_id
