-- line_labels: the free-text label of each FEC line, for the pages that show a client's lines.
-- Labels stay in the ledger (the model tables are narrow for speed): this view reads them on
-- demand, filtered by client where it is used.
-- materialize: view
-- Grain: one row per FEC line. Inputs: stg_ledger_lines.
SELECT line_id, coalesce(aux_num, account_num) AS client_id, line_label
FROM stg_ledger_lines
