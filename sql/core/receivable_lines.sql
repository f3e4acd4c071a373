-- receivable_lines: the lines on client accounts (411 clients, 413 bills, 416 doubtful), each with
-- its client and its type: invoice, credit_note, payment, refund, doubtful_transfer (411 → 416),
-- write_off (against 654), opening (à-nouveau) or other. Free text (labels, names) stays in the
-- ledger: this table is as narrow as the models need, for speed on large ledgers (see clients).
-- An entry that moves a client's invoices to 416 and writes them off at once (debit 416 / credit 411,
-- debit 654 and 44571 / credit 416) is a transfer and a write-off: its credit on the client account
-- is the transfer (the client has a 416 debit in the entry), only its credit on 416 the write-off.
-- Grain: one row per ledger line on a client account. Inputs: stg_ledger_lines, account_classes,
-- journal_kinds, entries.
WITH moved_in_write_off AS (
  -- the clients an entry touching 654 debits on 416 (few entries: a small table to join)
  SELECT DISTINCT l.import_id, l.journal_code, l.entry_num, coalesce(l.aux_num, l.account_num) AS client_id
  FROM stg_ledger_lines AS l
  JOIN account_classes AS c ON c.account_num = l.account_num AND c.account_class = 'doubtful'
  JOIN entries AS e ON e.import_id = l.import_id AND e.journal_code = l.journal_code AND e.entry_num = l.entry_num
  WHERE e.touches_bad_debt AND e.touches_client AND l.debit > l.credit
)
SELECT
  l.line_id,
  l.import_id,
  l.line_no,
  l.entity_id,
  l.journal_code,
  j.journal_kind,
  l.entry_date,
  l.account_num,
  c.account_class,
  coalesce(l.aux_num, l.account_num) AS client_id,
  l.piece_ref,
  coalesce(l.piece_date, l.entry_date) AS doc_date,
  l.debit - l.credit AS amount,
  l.letter_code,
  l.import_period_start,
  CASE
    WHEN j.journal_kind = 'opening' THEN 'opening'
    WHEN coalesce(e.touches_bad_debt, false) AND l.credit > 0 AND c.account_class <> 'doubtful' AND m.client_id IS NOT NULL THEN 'doubtful_transfer'
    WHEN coalesce(e.touches_bad_debt, false) AND l.credit > 0 THEN 'write_off'
    WHEN coalesce(e.touches_doubtful AND e.touches_client, false) THEN 'doubtful_transfer'
    WHEN j.journal_kind = 'sales' AND l.debit > l.credit THEN 'invoice'
    WHEN j.journal_kind = 'sales' THEN 'credit_note'
    WHEN j.journal_kind = 'bank' AND l.credit > l.debit THEN 'payment'
    WHEN j.journal_kind = 'bank' THEN 'refund'
    ELSE 'other'
  END AS line_type
FROM stg_ledger_lines AS l
JOIN account_classes AS c ON c.account_num = l.account_num AND c.account_class IN ('client', 'bills', 'doubtful')
JOIN journal_kinds AS j ON j.entity_id = l.entity_id AND j.journal_code = l.journal_code
-- only the few entries touching 416 or 654 matter here: a small table to join
LEFT JOIN (SELECT * FROM entries WHERE touches_bad_debt OR touches_doubtful) AS e
  ON e.import_id = l.import_id AND e.journal_code = l.journal_code AND e.entry_num = l.entry_num
LEFT JOIN moved_in_write_off AS m
  ON m.import_id = l.import_id AND m.journal_code = l.journal_code AND m.entry_num = l.entry_num AND m.client_id = coalesce(l.aux_num, l.account_num)
WHERE l.debit <> l.credit
