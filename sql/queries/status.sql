-- status: what the header shows — each entity with data, its line count and the first and last
-- dates of its active imports (entry dates of a FEC, invoice dates of an invoice list).
-- Grain: one row per entity. No parameters.
SELECT entity_id, sum(line_count)::BIGINT AS line_count, strftime(min(period_start), '%Y-%m-%d') AS first_date, strftime(max(last_date), '%Y-%m-%d') AS last_date
FROM (
  SELECT i.entity_id, i.line_count, i.period_start,
         coalesce((SELECT max(entry_date) FROM ledger_lines l WHERE l.import_id = i.import_id),
                  (SELECT max(invoice_date) FROM invoice_rows r WHERE r.import_id = i.import_id)) AS last_date
  FROM imports i
  WHERE i.status = 'active'
)
GROUP BY entity_id
ORDER BY entity_id
