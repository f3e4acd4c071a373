-- provisions_writeoffs: the write-offs (passages en perte) booked up to $as_of (write_off_lines: a
-- credit to 411/413/416 in an entry debiting 654), each with its fiscal year (fiscal_year_at), the
-- invoices it closed (the debit items its credit was applied to by $as_of — lettering or FIFO,
-- matched_by), the amount written off including VAT, its loss excluding VAT (654) and the VAT
-- recovered (4457 debit), and the provision reversed on its client in that fiscal year up to
-- $as_of (491 debits on the client's auxiliary account, opening lines aside) — shown on the
-- client's first write-off of the year only, so that the column adds up.
-- Parameters: $as_of DATE, $entity VARCHAR or NULL. Grain: one row per write-off line.
WITH written_off AS (
  SELECT w.*, fiscal_year_at(w.entity_id, w.entry_date) AS fy
  FROM write_off_lines AS w
  WHERE w.entry_date <= $as_of::DATE AND ($entity::VARCHAR IS NULL OR w.entity_id = $entity::VARCHAR)
),
applied AS (
  SELECT a.credit_item_id AS line_id, i.piece_ref, min(i.doc_date) AS doc_date, min(a.method) AS first_method, max(a.method) AS last_method
  FROM allocations AS a
  JOIN items AS i ON i.item_id = a.debit_item_id
  WHERE a.credit_item_id IN (SELECT line_id FROM written_off) AND a.alloc_date <= $as_of::DATE
  GROUP BY a.credit_item_id, i.piece_ref
),
closed AS (
  SELECT
    line_id,
    list(piece_ref ORDER BY doc_date, piece_ref) FILTER (WHERE piece_ref IS NOT NULL) AS invoices,
    CASE WHEN min(first_method) = max(last_method) THEN min(first_method) ELSE 'both' END AS matched_by
  FROM applied
  GROUP BY line_id
),
client_years AS (
  SELECT DISTINCT entity_id, client_id, fy.previous_closing, fy.closing FROM written_off
),
reversed AS (
  SELECT y.entity_id, y.client_id, y.previous_closing, (-sum(p.amount))::DECIMAL(18,2) AS reversed
  FROM client_years AS y
  JOIN provision_lines AS p
    ON p.entity_id = y.entity_id AND p.client_id = y.client_id
    AND p.entry_date > y.previous_closing AND p.entry_date <= least(y.closing, $as_of::DATE)
    AND p.amount < 0 AND NOT p.is_opening
  GROUP BY ALL
),
numbered AS (
  SELECT w.*, row_number() OVER (PARTITION BY w.entity_id, w.client_id, w.fy.previous_closing ORDER BY w.entry_date, w.line_id) AS nth_of_year
  FROM written_off AS w
)
SELECT
  w.entity_id,
  w.client_id,
  c.client_name,
  w.line_id AS item_id,
  w.import_id,
  w.line_no,
  strftime(w.entry_date, '%Y-%m-%d') AS entry_date,
  strftime(w.fy.previous_closing + 1, '%Y-%m-%d') AS fiscal_year_start,
  strftime(w.fy.closing, '%Y-%m-%d') AS fiscal_year_end,
  w.fy.basis AS fiscal_year_basis,
  w.account_num,
  w.account_class = 'doubtful' AS from_doubtful,
  w.piece_ref,
  coalesce(k.invoices, []::VARCHAR[]) AS invoices,
  k.matched_by,
  w.amount::DOUBLE AS amount,
  w.bad_debt::DOUBLE AS bad_debt,
  w.vat_recovered::DOUBLE AS vat_recovered,
  (CASE WHEN w.nth_of_year = 1 THEN coalesce(r.reversed, 0) ELSE 0 END)::DOUBLE AS provision_reversed
FROM numbered AS w
LEFT JOIN closed AS k USING (line_id)
LEFT JOIN reversed AS r ON r.entity_id = w.entity_id AND r.client_id = w.client_id AND r.previous_closing = w.fy.previous_closing
LEFT JOIN clients AS c ON c.entity_id = w.entity_id AND c.client_id = w.client_id
ORDER BY w.entity_id, w.entry_date, w.client_id, w.line_id
