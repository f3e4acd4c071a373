-- booked_items: the receivable items as booked. From FEC: every counted line on a client account (opening lines
-- only when they stand for an unloaded year). From invoice / open-item imports, for entities with
-- no FEC: each invoice, and a settling credit on its settled date (or, when only an open amount is
-- given, on the export date). Signed: debit items (invoices, refunds, doubtful debts) positive,
-- credit items (payments, credit notes, transfers, write-offs) negative. Debit items carry a due
-- date: the invoice import's when it gives one, else the client's payment terms, else the default.
-- A transfer to doubtful debts is booked here as it is in the ledger (the 416 debit as one new
-- item); `items` gives it back the invoices it moved (doubtful_transfers).
-- Grain: one row per item. Inputs: receivable_lines, opening_links, lettering, stg_invoice_rows, settings_payment_terms.
WITH fec_items AS (
  -- every line on a client account but the opening lines that duplicate a loaded previous year
  SELECT
    r.line_id AS item_id,
    'fec' AS source,
    r.import_id, r.line_no, r.entity_id, r.account_num, r.account_class, r.client_id,
    r.line_type, r.entry_date, r.doc_date, r.piece_ref, r.amount,
    coalesce(l.letter_import_id, CASE WHEN r.letter_code IS NOT NULL THEN r.import_id END) AS letter_import_id,
    coalesce(l.letter_code, r.letter_code) AS letter_code,
    l.line_id IS NOT NULL AS lettered_in_later_year,
    NULL::DATE AS given_due_date,
    NULL::BOOLEAN AS given_disputed
  FROM receivable_lines AS r
  ANTI JOIN (SELECT opening_line_id FROM opening_links WHERE is_duplicate) AS d ON d.opening_line_id = r.line_id
  LEFT JOIN lettering AS l ON l.line_id = r.line_id
),
fec_entities AS (
  SELECT DISTINCT entity_id FROM fec_items
),
csv_rows AS (
  SELECT r.*, amount > 0 AND (settled_date IS NOT NULL OR open_amount < amount) AS is_settled_in_part
  FROM stg_invoice_rows AS r
  ANTI JOIN fec_entities AS f USING (entity_id)
),
csv_items AS (
  SELECT
    row_id AS item_id, 'invoices' AS source, import_id, line_no, entity_id, '411' AS account_num, 'client' AS account_class,
    client_id, CASE WHEN amount >= 0 THEN 'invoice' ELSE 'credit_note' END AS line_type,
    invoice_date AS entry_date, invoice_date AS doc_date, invoice_num AS piece_ref, amount,
    CASE WHEN is_settled_in_part THEN import_id END AS letter_import_id,
    CASE WHEN is_settled_in_part THEN 'row ' || line_no END AS letter_code,
    false AS lettered_in_later_year,
    due_date AS given_due_date,
    is_disputed AS given_disputed
  FROM csv_rows
  UNION ALL
  -- the settling credit: the whole invoice on its settled date, or the part no longer open at the export date
  SELECT
    -row_id, 'invoices', import_id, line_no, entity_id, '411', 'client', client_id, 'payment',
    coalesce(settled_date, import_period_end), coalesce(settled_date, import_period_end), invoice_num,
    -CASE WHEN settled_date IS NOT NULL THEN amount ELSE amount - open_amount END,
    import_id, 'row ' || line_no, false, NULL, NULL
  FROM csv_rows
  WHERE is_settled_in_part
),
all_items AS (
  SELECT * FROM fec_items
  UNION ALL BY NAME
  SELECT * FROM csv_items
),
-- due dates and disputes that invoice imports give for FEC invoices of the same entity and number
given AS (
  SELECT entity_id, invoice_num, any_value(due_date) AS due_date, bool_or(is_disputed) AS is_disputed
  FROM stg_invoice_rows
  GROUP BY ALL
  HAVING count(DISTINCT due_date) <= 1
),
-- payment terms per client: its own for its entity, its own, the entity's default, the default
client_terms AS (
  SELECT
    c.entity_id,
    c.client_id,
    arg_min(t.days, (t.client_id IS NULL)::INTEGER * 2 + (t.entity_id IS NULL)::INTEGER) AS terms_days,
    arg_min(t.end_of_month, (t.client_id IS NULL)::INTEGER * 2 + (t.entity_id IS NULL)::INTEGER) AS terms_end_of_month
  FROM (SELECT DISTINCT entity_id, client_id FROM all_items) AS c
  JOIN settings_payment_terms AS t
    ON (t.client_id = c.client_id OR t.client_id IS NULL) AND (t.entity_id = c.entity_id OR t.entity_id IS NULL)
  GROUP BY ALL
)
SELECT
  a.* EXCLUDE (given_due_date, given_disputed),
  CASE
    WHEN a.amount <= 0 THEN NULL
    ELSE coalesce(a.given_due_date, g.due_date,
                  CASE WHEN t.terms_end_of_month THEN last_day(a.doc_date + t.terms_days) ELSE a.doc_date + t.terms_days END)
  END AS due_date,
  coalesce(a.given_disputed, g.is_disputed, false) AS is_disputed
FROM all_items AS a
JOIN client_terms AS t USING (entity_id, client_id)
LEFT JOIN given AS g ON a.source = 'fec' AND a.amount > 0 AND g.entity_id = a.entity_id AND g.invoice_num = a.piece_ref
