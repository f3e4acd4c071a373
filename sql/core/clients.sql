-- clients: every client of every entity with its name — the latest CompAuxLib (or CompteLib) on its
-- client-account lines, or the name an invoice import gives — and its first and last dates.
-- Grain: one row per (entity, client). Inputs: stg_ledger_lines, account_classes, stg_invoice_rows.
WITH named AS (
  SELECT l.entity_id, coalesce(l.aux_num, l.account_num) AS client_id, coalesce(l.aux_lib, l.account_lib) AS client_name, l.entry_date
  FROM stg_ledger_lines AS l
  JOIN account_classes AS c ON c.account_num = l.account_num AND c.account_class IN ('client', 'bills', 'doubtful')
  UNION ALL
  SELECT entity_id, client_id, client_name, invoice_date FROM stg_invoice_rows
)
SELECT
  entity_id,
  client_id,
  arg_max(client_name, entry_date) FILTER (WHERE client_name IS NOT NULL) AS client_name,
  min(entry_date) AS first_date,
  max(entry_date) AS last_date
FROM named
GROUP BY entity_id, client_id
