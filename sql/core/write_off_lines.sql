-- write_off_lines: the write-offs (passages en perte) — each credit to a client account (411, 413)
-- or a doubtful one (416) in an entry debiting bad debts (654): receivable_lines' write_off lines —
-- with the amount written off (TTC) and its share of the entry's loss excluding VAT (its 654
-- debits, net) and of the VAT recovered on it (its 4457 debits, net: −vat_collected). An entry
-- writing off several clients at once shares its 654 and VAT between its write-off lines in
-- proportion to their amounts, by cumulative rounding in decimal arithmetic, so that the shares
-- add up to the entry's amounts to the cent; an entry of one line keeps them whole.
-- Grain: one row per write-off line (line_id: its item in items). Inputs: receivable_lines,
-- stg_ledger_lines, entries.
WITH written_off AS (
  SELECT
    r.line_id, r.import_id, r.line_no, r.entity_id, r.entry_date, r.account_num, r.account_class, r.client_id, r.piece_ref,
    l.journal_code, l.entry_num,
    (-r.amount)::DECIMAL(18,2) AS amount
  FROM receivable_lines AS r
  JOIN stg_ledger_lines AS l ON l.line_id = r.line_id
  WHERE r.line_type = 'write_off'
),
shared AS (
  SELECT
    w.*,
    e.bad_debt AS entry_bad_debt,
    (-e.vat_collected)::DECIMAL(18,2) AS entry_vat_recovered,
    sum(w.amount) OVER entry AS entry_amount,
    sum(w.amount) OVER (entry ORDER BY w.line_id ROWS UNBOUNDED PRECEDING) AS upto
  FROM written_off AS w
  JOIN entries AS e ON e.import_id = w.import_id AND e.journal_code = w.journal_code AND e.entry_num = w.entry_num
  WINDOW entry AS (PARTITION BY w.import_id, w.journal_code, w.entry_num)
),
-- the entry's share of the lines up to this one, and up to the one before (the last ends on 1); wide
-- decimals: DuckDB multiplies two DECIMAL(18) in 64 bits, which 30 000,00 × 1,000000000000 overflows
fractions AS (
  SELECT *, (upto::DOUBLE / nullif(entry_amount, 0)::DOUBLE)::DECIMAL(38,12) AS upto_share, ((upto - amount)::DOUBLE / nullif(entry_amount, 0)::DOUBLE)::DECIMAL(38,12) AS before_share
  FROM shared
)
SELECT
  line_id, import_id, line_no, entity_id, journal_code, entry_num, entry_date, account_num, account_class, client_id, piece_ref, amount,
  (round(entry_bad_debt * upto_share, 2) - round(entry_bad_debt * before_share, 2))::DECIMAL(18,2) AS bad_debt,
  (round(entry_vat_recovered * upto_share, 2) - round(entry_vat_recovered * before_share, 2))::DECIMAL(18,2) AS vat_recovered
FROM fractions
