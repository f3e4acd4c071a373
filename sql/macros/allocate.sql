-- allocate(pool_items, method): applies the credits of each pool to its debits, oldest first.
-- The debits and the credits of a pool are laid end to end (running totals) and cut where either
-- side starts a new item: each segment belongs to the last debit and the last credit started at
-- or before it (a forward fill over the sorted start points — one sort, linear in the items,
-- whatever the size of the pool; a range or ASOF join would be quadratic on large unlettered
-- pools). Each allocation counts from alloc_date, the later of its two lines' dates.
-- Amounts are DECIMAL(18,2): sums of them would otherwise widen to 128-bit decimals, twice as slow to scan.
-- Arguments: pool_items, the name of a relation with (pool, item_id, is_debit, amount > 0,
-- doc_date, entry_date); method, the label of the allocations ('lettering', 'fifo').
-- Grain: one row per (debit item, credit item).
CREATE OR REPLACE MACRO allocate(pool_items, method) AS TABLE
WITH
pool AS (
  SELECT * FROM query_table(pool_items)
),
debits AS (
  SELECT pool, item_id, entry_date, sum(amount) OVER (PARTITION BY pool ORDER BY doc_date, entry_date, item_id ROWS UNBOUNDED PRECEDING)::DECIMAL(18,2) - amount AS lo
  FROM pool WHERE is_debit
),
credits AS (
  SELECT pool, item_id, entry_date, sum(amount) OVER (PARTITION BY pool ORDER BY entry_date, item_id ROWS UNBOUNDED PRECEDING)::DECIMAL(18,2) - amount AS lo
  FROM pool WHERE NOT is_debit
),
covered AS (
  SELECT pool, least(sum(amount) FILTER (WHERE is_debit), sum(amount) FILTER (WHERE NOT is_debit))::DECIMAL(18,2) AS covered
  FROM pool GROUP BY pool HAVING covered > 0
),
points AS (
  SELECT pool, lo, max(debit_item_id) AS debit_item_id, max(credit_item_id) AS credit_item_id
  FROM (
    SELECT pool, lo, item_id AS debit_item_id, NULL::BIGINT AS credit_item_id FROM debits
    UNION ALL
    SELECT pool, lo, NULL::BIGINT, item_id FROM credits
  )
  GROUP BY pool, lo
),
segments AS (
  SELECT
    p.pool,
    p.lo AS seg_lo,
    coalesce(lead(p.lo) OVER w, c.covered) AS seg_hi,
    last_value(p.debit_item_id IGNORE NULLS) OVER (w ROWS UNBOUNDED PRECEDING) AS debit_item_id,
    last_value(p.credit_item_id IGNORE NULLS) OVER (w ROWS UNBOUNDED PRECEDING) AS credit_item_id
  FROM points AS p
  JOIN covered AS c USING (pool)
  WHERE p.lo < c.covered
  WINDOW w AS (PARTITION BY p.pool ORDER BY p.lo)
)
SELECT s.debit_item_id, s.credit_item_id, sum(s.seg_hi - s.seg_lo)::DECIMAL(18,2) AS amount,
       greatest(any_value(d.entry_date), any_value(c.entry_date)) AS alloc_date, method AS method
FROM segments AS s
-- by pool too: an item may stand in several pools (an invoice moved to 416 by two transfers)
JOIN debits AS d ON d.pool = s.pool AND d.item_id = s.debit_item_id
JOIN credits AS c ON c.pool = s.pool AND c.item_id = s.credit_item_id
GROUP BY s.debit_item_id, s.credit_item_id;
