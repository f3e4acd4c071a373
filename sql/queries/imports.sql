-- imports: the import history, newest first — every attempt with its file, format, entity,
-- period, counts, warnings, error, status and timing (JSON columns are parsed by the report).
-- Grain: one row per import attempt. Parameters: $limit INTEGER, $id INTEGER or NULL (one import).
SELECT
  import_id, file_name, source, format, format_detail, entity_id,
  strftime(period_start, '%Y-%m-%d') AS period_start, strftime(period_end, '%Y-%m-%d') AS period_end,
  line_count::BIGINT AS line_count, total_debit::DOUBLE AS total_debit, total_credit::DOUBLE AS total_credit,
  warnings, error, status, replaced_by_import_id, duplicate_of_import_id,
  strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') AS started_at, duration_ms,
  imported_by, removed_by, strftime(removed_at, '%Y-%m-%dT%H:%M:%SZ') AS removed_at
FROM imports
WHERE $id::INTEGER IS NULL OR import_id = $id::INTEGER
ORDER BY import_id DESC
LIMIT $limit
