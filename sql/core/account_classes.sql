-- account_classes: the class of every account number in the ledger, by its longest configured prefix.
-- Grain: one row per account number. Inputs: stg_ledger_lines, settings_account_classes.
WITH accounts AS (
  SELECT DISTINCT account_num FROM stg_ledger_lines
),
matches AS (
  SELECT a.account_num, c.account_class, length(c.prefix) AS prefix_length
  FROM accounts AS a
  JOIN settings_account_classes AS c ON starts_with(a.account_num, c.prefix)
)
SELECT account_num, arg_max(account_class, prefix_length) AS account_class
FROM matches
GROUP BY account_num
