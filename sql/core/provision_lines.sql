-- provision_lines: the movements of the provisions for doubtful receivables (491, dépréciation des
-- comptes clients): an allowance is a credit, a reversal a debit (amount = credit − debit). A line
-- names its client by its auxiliary account (CompAuxNum) when the ledger keeps one; otherwise the
-- provision is known for the account only. Opening lines that repeat a loaded previous year are
-- left out, as for the receivables' balance (receivable_balance_daily); those left (is_opening)
-- carry the balance of a previous year that is not loaded (the movement's opening balance).
-- Grain: one row per ledger line on a provision account. Inputs: stg_ledger_lines, account_classes,
-- journal_kinds, imports_with_previous_year.
SELECT
  l.entity_id,
  l.entry_date,
  l.account_num,
  l.aux_num AS client_id,
  (l.credit - l.debit)::DECIMAL(18,2) AS amount,
  j.journal_kind = 'opening' AS is_opening
FROM stg_ledger_lines AS l
JOIN account_classes AS c ON c.account_num = l.account_num AND c.account_class = 'provision'
JOIN journal_kinds AS j ON j.entity_id = l.entity_id AND j.journal_code = l.journal_code
WHERE l.debit <> l.credit
  AND NOT (j.journal_kind = 'opening' AND l.import_id IN (SELECT import_id FROM imports_with_previous_year))
