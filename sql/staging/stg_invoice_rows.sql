-- stg_invoice_rows: the rows of the active invoice / open-item imports, with the import's date.
-- Grain: one row per invoice row. Inputs: invoice_rows, imports.
SELECT
  r.import_id::BIGINT * 100000000 + r.line_no AS row_id,
  r.*,
  i.period_end AS import_period_end
FROM invoice_rows AS r
JOIN imports AS i ON i.import_id = r.import_id AND i.status = 'active'
