-- receivable_balance_daily: the daily movement of the receivable accounts taken straight from the
-- ledger — client accounts (411 clients, 413 bills, 416 doubtful) and advances received (4191) —
-- counting an import's opening lines only when the previous fiscal year of its entity is not
-- loaded (the rule is applied per import here, independently of the line matching of
-- opening_links, so that the reconciliation tests the items against the ledger). Entities known
-- only from invoice lists contribute their invoices and settlements.
-- Grain: one row per (entity, date, class group). Inputs: stg_ledger_lines, account_classes,
-- journal_kinds, imports_with_previous_year, items.
SELECT
  l.entity_id,
  l.entry_date AS balance_date,
  CASE WHEN c.account_class = 'advance' THEN 'advance' ELSE 'receivable' END AS class_group,
  sum(l.debit - l.credit)::DECIMAL(18,2) AS movement,
  -- of which on doubtful-debt accounts (416): what the aged balance's doubtful items reconcile to
  coalesce(sum(l.debit - l.credit) FILTER (WHERE c.account_class = 'doubtful'), 0)::DECIMAL(18,2) AS doubtful_movement
FROM stg_ledger_lines AS l
JOIN account_classes AS c ON c.account_num = l.account_num AND c.account_class IN ('client', 'bills', 'doubtful', 'advance')
JOIN journal_kinds AS j ON j.entity_id = l.entity_id AND j.journal_code = l.journal_code
WHERE NOT (j.journal_kind = 'opening' AND l.import_id IN (SELECT import_id FROM imports_with_previous_year))
GROUP BY ALL
UNION ALL
SELECT entity_id, entry_date, 'receivable', sum(amount)::DECIMAL(18,2), 0::DECIMAL(18,2)
FROM items
WHERE source = 'invoices'
GROUP BY ALL
