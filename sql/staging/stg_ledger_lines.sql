-- stg_ledger_lines: the lines of the active FEC imports, with a stable id and the import's period.
-- Grain: one row per FEC line. Inputs: ledger_lines (view over fec_lines_<id>), imports.
SELECT
  l.import_id::BIGINT * 100000000 + l.line_no AS line_id,
  l.*,
  i.period_start AS import_period_start,
  i.period_end AS import_period_end
FROM ledger_lines AS l
JOIN imports AS i ON i.import_id = l.import_id AND i.status = 'active'
