-- allocations: which credit settles which debit, for how much, and from when.
-- Stage 1, lettering: inside each lettering group (entity, account, client, file, code) the group's
-- credits, in date order, are applied to its debits oldest first. Stage 2, FIFO ("balance
-- forward"): what the groups leave — the rest of a partly paid invoice, an overpayment — and the
-- unlettered items of a client account are applied the same way, credits to the oldest debits.
-- Each allocation counts from alloc_date, the later of its two lines' dates, so an aged balance at D
-- applies exactly the allocations dated on or before D and always reconciles with the ledger at D.
-- Both stages lay the debits and the credits of a pool end to end (running totals) and cut them
-- where either side starts a new item: each segment belongs to the last debit and the last credit
-- started at or before it (a forward fill over the sorted start points — one sort, linear in the
-- items, whatever the size of the pool; a range join would be quadratic on large unlettered pools).
-- Amounts are DECIMAL(18,2): sums of them would otherwise widen to 128-bit decimals, twice as slow to scan.
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
  SELECT pool, item_id, entry_date, sum(amount) OVER (PARTITION BY pool ORDER BY doc_date, entry_date, item_id ROWS UNBOUNDED PRECEDING)::DECIMAL(18,2) - amount AS lo
  FROM stage1_items WHERE is_debit
),
s1_credits AS (
  SELECT pool, item_id, entry_date, sum(amount) OVER (PARTITION BY pool ORDER BY entry_date, item_id ROWS UNBOUNDED PRECEDING)::DECIMAL(18,2) - amount AS lo
  FROM stage1_items WHERE NOT is_debit
),
s1_covered AS (
  SELECT pool, least(sum(amount) FILTER (WHERE is_debit), sum(amount) FILTER (WHERE NOT is_debit))::DECIMAL(18,2) AS covered
  FROM stage1_items GROUP BY pool HAVING covered > 0
),
s1_points AS (
  SELECT pool, lo, max(debit_item_id) AS debit_item_id, max(credit_item_id) AS credit_item_id
  FROM (
    SELECT pool, lo, item_id AS debit_item_id, NULL::BIGINT AS credit_item_id FROM s1_debits
    UNION ALL
    SELECT pool, lo, NULL::BIGINT, item_id FROM s1_credits
  )
  GROUP BY pool, lo
),
s1_segments AS (
  SELECT
    p.pool,
    p.lo AS seg_lo,
    coalesce(lead(p.lo) OVER w, c.covered) AS seg_hi,
    last_value(p.debit_item_id IGNORE NULLS) OVER (w ROWS UNBOUNDED PRECEDING) AS debit_item_id,
    last_value(p.credit_item_id IGNORE NULLS) OVER (w ROWS UNBOUNDED PRECEDING) AS credit_item_id
  FROM s1_points AS p
  JOIN s1_covered AS c USING (pool)
  WHERE p.lo < c.covered
  WINDOW w AS (PARTITION BY p.pool ORDER BY p.lo)
),
stage1 AS (
  SELECT s.debit_item_id, s.credit_item_id, sum(s.seg_hi - s.seg_lo)::DECIMAL(18,2) AS amount,
         greatest(any_value(d.entry_date), any_value(c.entry_date)) AS alloc_date, 'lettering' AS method
  FROM s1_segments AS s
  JOIN s1_debits AS d ON d.item_id = s.debit_item_id
  JOIN s1_credits AS c ON c.item_id = s.credit_item_id
  GROUP BY s.debit_item_id, s.credit_item_id
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
    (abs(i.amount) - coalesce(a.applied, 0))::DECIMAL(18,2) AS amount,
    i.doc_date,
    i.entry_date
  FROM items AS i
  LEFT JOIN stage1_applied AS a USING (item_id)
  WHERE abs(i.amount) - coalesce(a.applied, 0) > 0
),
s2_debits AS (
  SELECT pool, item_id, entry_date, sum(amount) OVER (PARTITION BY pool ORDER BY doc_date, entry_date, item_id ROWS UNBOUNDED PRECEDING)::DECIMAL(18,2) - amount AS lo
  FROM stage2_items WHERE is_debit
),
s2_credits AS (
  SELECT pool, item_id, entry_date, sum(amount) OVER (PARTITION BY pool ORDER BY entry_date, item_id ROWS UNBOUNDED PRECEDING)::DECIMAL(18,2) - amount AS lo
  FROM stage2_items WHERE NOT is_debit
),
s2_covered AS (
  SELECT pool, least(sum(amount) FILTER (WHERE is_debit), sum(amount) FILTER (WHERE NOT is_debit))::DECIMAL(18,2) AS covered
  FROM stage2_items GROUP BY pool HAVING covered > 0
),
s2_points AS (
  SELECT pool, lo, max(debit_item_id) AS debit_item_id, max(credit_item_id) AS credit_item_id
  FROM (
    SELECT pool, lo, item_id AS debit_item_id, NULL::BIGINT AS credit_item_id FROM s2_debits
    UNION ALL
    SELECT pool, lo, NULL::BIGINT, item_id FROM s2_credits
  )
  GROUP BY pool, lo
),
s2_segments AS (
  SELECT
    p.pool,
    p.lo AS seg_lo,
    coalesce(lead(p.lo) OVER w, c.covered) AS seg_hi,
    last_value(p.debit_item_id IGNORE NULLS) OVER (w ROWS UNBOUNDED PRECEDING) AS debit_item_id,
    last_value(p.credit_item_id IGNORE NULLS) OVER (w ROWS UNBOUNDED PRECEDING) AS credit_item_id
  FROM s2_points AS p
  JOIN s2_covered AS c USING (pool)
  WHERE p.lo < c.covered
  WINDOW w AS (PARTITION BY p.pool ORDER BY p.lo)
),
stage2 AS (
  SELECT s.debit_item_id, s.credit_item_id, sum(s.seg_hi - s.seg_lo)::DECIMAL(18,2) AS amount,
         greatest(any_value(d.entry_date), any_value(c.entry_date)) AS alloc_date, 'fifo' AS method
  FROM s2_segments AS s
  JOIN s2_debits AS d ON d.item_id = s.debit_item_id
  JOIN s2_credits AS c ON c.item_id = s.credit_item_id
  GROUP BY s.debit_item_id, s.credit_item_id
)
SELECT * FROM stage1
UNION ALL
SELECT * FROM stage2
