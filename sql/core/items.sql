-- items: the receivable items the models age and settle — the booked items (booked_items), with
-- each transfer to doubtful debts (416) as the invoices it moved: one item per invoice and 416
-- line (doubtful_transfers) with the invoice's document date, due date and number, entered on the
-- transfer's date and lettered as the 416 line (origin_item_id: the invoice on the client account).
-- What a 416 debit holds beyond the invoices it moved stays an item of its own.
-- Signed: debit items (invoices, refunds, doubtful debts) positive, credit items (payments, credit
-- notes, transfers, write-offs) negative.
-- Grain: one row per item. Inputs: booked_items, doubtful_transfers.
WITH moved AS (
  SELECT credit_item_id AS item_id, sum(amount) AS moved
  FROM doubtful_transfers
  GROUP BY ALL
),
pieces AS (
  SELECT
    -- an id of its own: negative beyond 2^52, apart from the ledger's line ids (positive) and an
    -- invoice list's settling credits (minus their row ids, below 2^52), and within the 2^53 a
    -- JavaScript number holds exactly (the API's ids are numbers); numbered in the ledger's order
    -(4503599627370496 + row_number() OVER (ORDER BY t.credit_item_id, inv.doc_date, inv.entry_date, inv.item_id))::BIGINT AS item_id,
    l.source, l.import_id, l.line_no, l.entity_id, l.account_num, l.account_class, l.client_id, l.line_type,
    l.entry_date, inv.doc_date, inv.piece_ref, t.amount::DECIMAL(18,2) AS amount,
    l.letter_import_id, l.letter_code, l.lettered_in_later_year, inv.due_date, inv.is_disputed,
    inv.item_id AS origin_item_id,
    l.item_id AS line_id
  FROM doubtful_transfers AS t
  JOIN booked_items AS l ON l.item_id = t.credit_item_id
  JOIN booked_items AS inv ON inv.item_id = t.debit_item_id
)
SELECT b.* REPLACE ((b.amount - coalesce(m.moved, 0))::DECIMAL(18,2) AS amount), NULL::BIGINT AS origin_item_id, b.item_id AS line_id
FROM booked_items AS b
LEFT JOIN moved AS m USING (item_id)
WHERE m.item_id IS NULL OR b.amount <> m.moved
UNION ALL BY NAME
SELECT * FROM pieces
