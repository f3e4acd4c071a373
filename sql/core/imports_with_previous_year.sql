-- imports_with_previous_year: the active FEC imports whose entity's previous fiscal year is loaded
-- too (ending within a month before this one starts): their opening lines (à-nouveaux) repeat
-- balances that year's lines already hold, so balances taken from the ledger leave them out.
-- Grain: one row per import. Inputs: imports.
SELECT i.import_id
FROM imports AS i
WHERE i.status = 'active' AND i.format = 'fec' AND EXISTS (
  SELECT 1 FROM imports AS p
  WHERE p.status = 'active' AND p.format = 'fec' AND p.entity_id = i.entity_id AND p.import_id <> i.import_id
    AND p.period_end < i.period_start AND p.period_end >= i.period_start - INTERVAL 31 DAY)

