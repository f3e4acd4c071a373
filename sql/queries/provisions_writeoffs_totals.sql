-- provisions_writeoffs_totals: the write-offs of provisions_writeoffs totalled by fiscal year
-- (client_id NULL) and by client within each fiscal year: how many, the amount written off
-- including VAT, the loss excluding VAT (654), the VAT recovered, the provision reversed.
-- Parameters: as provisions_writeoffs. Grain: one row per (entity, fiscal year), and one per
-- (entity, fiscal year, client).
SELECT
  entity_id,
  fiscal_year_start,
  fiscal_year_end,
  any_value(fiscal_year_basis) AS fiscal_year_basis,
  client_id,
  CASE WHEN client_id IS NOT NULL THEN any_value(client_name) END AS client_name,
  count(*)::INTEGER AS write_offs,
  count(DISTINCT client_id)::INTEGER AS clients,
  sum(amount::DECIMAL(18,2))::DOUBLE AS amount,
  sum(bad_debt::DECIMAL(18,2))::DOUBLE AS bad_debt,
  sum(vat_recovered::DECIMAL(18,2))::DOUBLE AS vat_recovered,
  sum(provision_reversed::DECIMAL(18,2))::DOUBLE AS provision_reversed
FROM query_provisions_writeoffs
GROUP BY GROUPING SETS ((entity_id, fiscal_year_start, fiscal_year_end), (entity_id, fiscal_year_start, fiscal_year_end, client_id))
ORDER BY entity_id, fiscal_year_end, client_id NULLS FIRST
