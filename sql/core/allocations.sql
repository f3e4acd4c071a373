-- allocations: which credit settles which debit, for how much, and from when.
-- Stage 1, lettering: inside each lettering group (entity, account, client, file, code) the group's
-- credits, in date order, are applied to its debits oldest first. Stage 2, FIFO ("balance
-- forward"): what the groups leave — the rest of a partly paid invoice, an overpayment — and the
-- unlettered items of a client account are applied the same way, credits to the oldest debits.
-- Each allocation counts from alloc_date, the later of its two lines' dates, so an aged balance at D
-- applies exactly the allocations dated on or before D and always reconciles with the ledger at D.
-- Both stages cut the amounts into the segments where a debit's and a credit's running totals
-- overlap, found with ASOF joins (sort-merge: linear in the items, whatever the pool's size).
-- Grain: one row per (debit item, credit item, method). Inputs: items.
WITH
stage1_items AS (
  SELECT
    item_id,
    concat_ws('|', entity_id, account_num, client_id, letter_import_id, letter_code) AS pool,
    amount > 0 AS is_debit,
    abs(amount) AS amount,
    doc_date,
    entry_date
  FROM items
  WHERE letter_code IS NOT NULL AND amount <> 0
),
s1_debits AS (
  SELECT pool, item_id, entry_date, sum(amount) OVER (PARTITION BY pool ORDER BY doc_date, entry_date, item_id ROWS UNBOUNDED PRECEDING) - amount AS lo
  FROM stage1_items WHERE is_debit
),
s1_credits AS (
  SELECT pool, item_id, entry_date, sum(amount) OVER (PARTITION BY pool ORDER BY entry_date, item_id ROWS UNBOUNDED PRECEDING) - amount AS lo
  FROM stage1_items WHERE NOT is_debit
),
s1_covered AS (
  SELECT pool, least(sum(amount) FILTER (WHERE is_debit), sum(amount) FILTER (WHERE NOT is_debit)) AS covered
  FROM stage1_items GROUP BY pool HAVING covered > 0
),
s1_segments AS (
  SELECT p.pool, p.lo AS seg_lo, coalesce(lead(p.lo) OVER (PARTITION BY p.pool ORDER BY p.lo), c.covered) AS seg_hi
  FROM (SELECT pool, lo FROM s1_debits UNION SELECT pool, lo FROM s1_credits) AS p
  JOIN s1_covered AS c USING (pool)
  WHERE p.lo < c.covered
),
stage1 AS (
  SELECT d.item_id AS debit_item_id, c.item_id AS credit_item_id, sum(s.seg_hi - s.seg_lo) AS amount,
         greatest(any_value(d.entry_date), any_value(c.entry_date)) AS alloc_date, 'lettering' AS method
  FROM s1_segments AS s
  ASOF JOIN s1_debits AS d ON d.pool = s.pool AND s.seg_lo >= d.lo
  ASOF JOIN s1_credits AS c ON c.pool = s.pool AND s.seg_lo >= c.lo
  GROUP BY d.item_id, c.item_id
),
stage1_applied AS (
  SELECT item_id, sum(amount) AS applied
  FROM (SELECT debit_item_id AS item_id, amount FROM stage1 UNION ALL SELECT credit_item_id, amount FROM stage1)
  GROUP BY item_id
),
stage2_items AS (
  SELECT
    i.item_id,
    concat_ws('|', i.entity_id, i.account_num, i.client_id) AS pool,
    i.amount > 0 AS is_debit,
    abs(i.amount) - coalesce(a.applied, 0) AS amount,
    i.doc_date,
    i.entry_date
  FROM items AS i
  LEFT JOIN stage1_applied AS a USING (item_id)
  WHERE abs(i.amount) - coalesce(a.applied, 0) > 0
),
s2_debits AS (
  SELECT pool, item_id, entry_date, sum(amount) OVER (PARTITION BY pool ORDER BY doc_date, entry_date, item_id ROWS UNBOUNDED PRECEDING) - amount AS lo
  FROM stage2_items WHERE is_debit
),
s2_credits AS (
  SELECT pool, item_id, entry_date, sum(amount) OVER (PARTITION BY pool ORDER BY entry_date, item_id ROWS UNBOUNDED PRECEDING) - amount AS lo
  FROM stage2_items WHERE NOT is_debit
),
s2_covered AS (
  SELECT pool, least(sum(amount) FILTER (WHERE is_debit), sum(amount) FILTER (WHERE NOT is_debit)) AS covered
  FROM stage2_items GROUP BY pool HAVING covered > 0
),
s2_segments AS (
  SELECT p.pool, p.lo AS seg_lo, coalesce(lead(p.lo) OVER (PARTITION BY p.pool ORDER BY p.lo), c.covered) AS seg_hi
  FROM (SELECT pool, lo FROM s2_debits UNION SELECT pool, lo FROM s2_credits) AS p
  JOIN s2_covered AS c USING (pool)
  WHERE p.lo < c.covered
),
stage2 AS (
  SELECT d.item_id AS debit_item_id, c.item_id AS credit_item_id, sum(s.seg_hi - s.seg_lo) AS amount,
         greatest(any_value(d.entry_date), any_value(c.entry_date)) AS alloc_date, 'fifo' AS method
  FROM s2_segments AS s
  ASOF JOIN s2_debits AS d ON d.pool = s.pool AND s.seg_lo >= d.lo
  ASOF JOIN s2_credits AS c ON c.pool = s.pool AND s.seg_lo >= c.lo
  GROUP BY d.item_id, c.item_id
)
SELECT * FROM stage1
UNION ALL
SELECT * FROM stage2
