-- The pools of the two allocation stages (macro allocate), for a relation of items: lettering_pool,
-- the items of each lettering group (entity, account, client, file, code); fifo_pool, what the
-- lettering stage (its allocations in lettering_rel) leaves — the rest of a partly paid invoice, an
-- overpayment — and the unlettered items, pooled by client account ("balance forward").
-- Used for the client accounts (booked items) and again for the doubtful debts (items, once the
-- transfers have given back their invoices).
-- Arguments: items_rel, a relation of items; lettering_rel, the lettering stage's allocations.
-- Grain: one row per item with an amount to allocate.
CREATE OR REPLACE MACRO lettering_pool(items_rel) AS TABLE
SELECT
  item_id,
  concat_ws('|', entity_id, account_num, client_id, letter_import_id, letter_code) AS pool,
  amount > 0 AS is_debit,
  abs(amount) AS amount,
  doc_date,
  entry_date
FROM query_table(items_rel)
WHERE letter_code IS NOT NULL AND amount <> 0;

CREATE OR REPLACE MACRO fifo_pool(items_rel, lettering_rel) AS TABLE
WITH lettering_applied AS (
  SELECT item_id, sum(amount) AS applied
  FROM (SELECT debit_item_id AS item_id, amount FROM query_table(lettering_rel) UNION ALL SELECT credit_item_id, amount FROM query_table(lettering_rel))
  GROUP BY item_id
)
SELECT
  i.item_id,
  concat_ws('|', i.entity_id, i.account_num, i.client_id) AS pool,
  i.amount > 0 AS is_debit,
  (abs(i.amount) - coalesce(a.applied, 0))::DECIMAL(18,2) AS amount,
  i.doc_date,
  i.entry_date
FROM query_table(items_rel) AS i
LEFT JOIN lettering_applied AS a USING (item_id)
WHERE abs(i.amount) - coalesce(a.applied, 0) > 0;
