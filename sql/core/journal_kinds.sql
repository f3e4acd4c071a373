-- journal_kinds: each journal's kind — sales (its entries hit 70* revenue), bank (51*), opening
-- (à-nouveaux: AN, RAN…) or other — inferred from content, with explicit overrides from settings.
-- Grain: one row per (entity, journal code). Inputs: entries, stg_ledger_lines, settings_journal_kinds.
WITH content AS (
  SELECT
    entity_id,
    journal_code,
    count(*) FILTER (WHERE touches_revenue) AS revenue_entries,
    count(*) FILTER (WHERE touches_bank) AS bank_entries
  FROM entries
  GROUP BY ALL
),
labels AS (
  SELECT entity_id, journal_code, any_value(journal_lib) AS journal_lib
  FROM stg_ledger_lines
  GROUP BY ALL
),
inferred AS (
  SELECT
    c.entity_id,
    c.journal_code,
    l.journal_lib,
    CASE
      WHEN upper(c.journal_code) IN ('AN', 'RAN', 'ANO', 'ANX', 'AN0') OR l.journal_lib ILIKE '%nouveau%' THEN 'opening'
      WHEN c.revenue_entries > 0 AND c.revenue_entries >= c.bank_entries THEN 'sales'
      WHEN c.bank_entries > 0 THEN 'bank'
      ELSE 'other'
    END AS inferred_kind
  FROM content AS c
  JOIN labels AS l USING (entity_id, journal_code)
)
SELECT
  i.entity_id,
  i.journal_code,
  i.journal_lib,
  coalesce(
    (SELECT o.journal_kind FROM settings_journal_kinds AS o WHERE o.journal_code = i.journal_code AND o.entity_id = i.entity_id),
    (SELECT o.journal_kind FROM settings_journal_kinds AS o WHERE o.journal_code = i.journal_code AND o.entity_id IS NULL),
    i.inferred_kind
  ) AS journal_kind,
  i.inferred_kind
FROM inferred AS i
