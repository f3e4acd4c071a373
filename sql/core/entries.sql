-- entries: what each accounting entry touches, to classify journals and receivable lines by content,
-- and its amounts on client accounts (411, 413, 416) and on VAT collected (4457): the share excluding VAT of a
-- sale, which a provision on a doubtful invoice is based on (doubtful_tax_shares); and on bad debts
-- (654, debit − credit): the loss excluding VAT of a write-off (write_off_lines), whose VAT
-- recovered is its 4457 debit (−vat_collected).
-- Grain: one row per entry (import, journal, entry number). Inputs: stg_ledger_lines, account_classes.
SELECT
  l.import_id,
  l.entity_id,
  l.journal_code,
  l.entry_num,
  bool_or(c.account_class = 'revenue') AS touches_revenue,
  bool_or(c.account_class = 'bank') AS touches_bank,
  bool_or(c.account_class = 'bad_debt') AS touches_bad_debt,
  bool_or(c.account_class = 'doubtful') AS touches_doubtful,
  bool_or(c.account_class IN ('client', 'bills')) AS touches_client,
  coalesce(sum(l.debit - l.credit) FILTER (WHERE c.account_class IN ('client', 'bills', 'doubtful')), 0)::DECIMAL(18,2) AS client_amount,
  coalesce(sum(l.credit - l.debit) FILTER (WHERE c.account_class = 'vat_collected'), 0)::DECIMAL(18,2) AS vat_collected,
  coalesce(sum(l.debit - l.credit) FILTER (WHERE c.account_class = 'bad_debt'), 0)::DECIMAL(18,2) AS bad_debt
FROM stg_ledger_lines AS l
LEFT JOIN account_classes AS c USING (account_num)
GROUP BY ALL
