-- lettering_pool_items: the items of each lettering group (entity, account, client, file, code),
-- the pools of the first allocation stage (allocations_lettering).
-- materialize: view
-- Grain: one row per lettered item. Inputs: items.
SELECT
  item_id,
  concat_ws('|', entity_id, account_num, client_id, letter_import_id, letter_code) AS pool,
  amount > 0 AS is_debit,
  abs(amount) AS amount,
  doc_date,
  entry_date
FROM items
WHERE letter_code IS NOT NULL AND amount <> 0
