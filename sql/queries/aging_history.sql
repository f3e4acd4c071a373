-- aging_history: the aged balance by bucket of days past due at every month-end (and at the last
-- ledger date): for each date, the items open then, less the allocations dated by then.
-- Grain: one row per (date, bucket). Parameters: $entity VARCHAR or NULL, $edges VARCHAR (e.g. 30,60,90).
WITH months AS (
  SELECT DISTINCT month_end FROM dso_monthly
),
open_then AS (
  SELECT m.month_end, s.item_id, s.amount, s.due_date
  FROM months AS m
  JOIN item_spans AS s
    ON s.entry_date <= m.month_end AND coalesce(s.closed_date, DATE '9999-12-31') > m.month_end
  WHERE $entity::VARCHAR IS NULL OR s.entity_id = $entity::VARCHAR
),
applied_then AS (
  SELECT m.month_end, a.item_id, sum(a.amount) AS applied
  FROM months AS m
  JOIN allocation_spans AS a
    ON a.alloc_date <= m.month_end AND coalesce(a.item_closed_date, DATE '9999-12-31') > m.month_end
  GROUP BY ALL
)
SELECT
  strftime(o.month_end, '%Y-%m-%d') AS month_end,
  (CASE
    WHEN o.amount < 0 THEN -1
    WHEN datediff('day', o.due_date, o.month_end) <= 0 THEN 0
    ELSE 1 + len(list_filter(string_split($edges::VARCHAR, ',')::INTEGER[], e -> e < datediff('day', o.due_date, o.month_end)))
  END)::INTEGER AS bucket,
  sum(CASE WHEN o.amount > 0 THEN o.amount - coalesce(a.applied, 0) ELSE o.amount + coalesce(a.applied, 0) END)::DOUBLE AS open_amount
FROM open_then AS o
LEFT JOIN applied_then AS a USING (month_end, item_id)
GROUP BY ALL
ORDER BY month_end, bucket
