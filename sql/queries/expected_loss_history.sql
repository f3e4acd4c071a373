-- expected_loss_history: the history behind the provision matrix (IFRS 9 simplified approach). At
-- each past month-end M whose outcome is known — the $outcome_months months after it, to the
-- month-end that many months later, lie on or before $as_of —, the amount open on client accounts
-- (411 clients, 413 bills) in each bucket of days past due, and what of it was lost within those
-- months: applied by a write-off (line_type write_off, a credit against 654) or moved to doubtful
-- debts (doubtful_transfer, 411 → 416), the allocations of those credits dated after M and by the
-- end of the window. Doubtful debts already on 416 at M are not in it: they were lost before M
-- (their later write-off is the same loss, not a new one). Buckets as the aged balance's
-- (aging.sql): 0 not due (due on M or later), k ≥ 1 between edge k−1 and edge k days past due.
-- Month-ends from the first one on or after the first item of the ledger (of the entity); only
-- what was known by $as_of is read, so a closing reviewed later gives the same matrix.
-- Parameters: $as_of DATE, $entity VARCHAR or NULL, $edges VARCHAR (e.g. 30,60,90), $outcome_months INTEGER.
-- Grain: one row per (month-end, bucket) with an amount open; lost_clients: the clients whose loss
-- it holds ('entity|client': the events the rates rest on), NULL when none. Amounts to the cent as DECIMAL.
WITH bounds AS (
  SELECT min(entry_date) AS first_date
  FROM item_spans
  WHERE $entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR
),
months AS (
  SELECT m.month_end, last_day(m.month_end + to_months($outcome_months::INTEGER))::DATE AS outcome_end
  FROM bounds AS b,
       unnest(generate_series(date_trunc('month', b.first_date), date_trunc('month', $as_of::DATE), INTERVAL 1 MONTH)) AS g(s),
       LATERAL (SELECT last_day(g.s)::DATE AS month_end) AS m
  WHERE last_day(m.month_end + to_months($outcome_months::INTEGER)) <= $as_of::DATE
),
-- the debit items on client accounts open at each month-end
open_then AS (
  SELECT m.month_end, m.outcome_end, s.item_id, s.entity_id || '|' || s.client_id AS client_key, s.amount, datediff('day', s.due_date, m.month_end) AS days_past_due
  FROM months AS m
  JOIN item_spans AS s
    ON s.entry_date <= m.month_end AND coalesce(s.closed_date, DATE '9999-12-31') > m.month_end
  WHERE s.amount > 0 AND s.account_class IN ('client', 'bills')
    AND ($entity::VARCHAR IS NULL OR s.entity_id = $entity::VARCHAR)
),
applied_then AS (
  SELECT o.month_end, o.item_id, sum(a.amount) AS applied
  FROM open_then AS o
  JOIN allocation_spans AS a ON a.item_id = o.item_id AND a.alloc_date <= o.month_end
  GROUP BY ALL
),
-- what write-offs and transfers to 416 applied to the items of client accounts, and when
losses AS (
  SELECT a.debit_item_id AS item_id, a.alloc_date, a.amount
  FROM allocations AS a
  JOIN items AS c ON c.item_id = a.credit_item_id
  WHERE c.line_type IN ('write_off', 'doubtful_transfer') AND c.account_class IN ('client', 'bills')
    AND ($entity::VARCHAR IS NULL OR c.entity_id = $entity::VARCHAR)
),
lost_then AS (
  SELECT o.month_end, o.item_id, sum(l.amount) AS lost
  FROM open_then AS o
  JOIN losses AS l ON l.item_id = o.item_id AND l.alloc_date > o.month_end AND l.alloc_date <= o.outcome_end
  GROUP BY ALL
),
bucketed AS (
  SELECT
    o.month_end,
    o.outcome_end,
    o.client_key,
    CASE
      WHEN o.days_past_due <= 0 THEN 0
      ELSE 1 + len(list_filter(string_split($edges::VARCHAR, ',')::INTEGER[], e -> e < o.days_past_due))
    END AS bucket,
    (o.amount - coalesce(a.applied, 0))::DECIMAL(18,2) AS open_amount,
    coalesce(l.lost, 0)::DECIMAL(18,2) AS lost_amount
  FROM open_then AS o
  LEFT JOIN applied_then AS a USING (month_end, item_id)
  LEFT JOIN lost_then AS l USING (month_end, item_id)
)
SELECT
  strftime(month_end, '%Y-%m-%d') AS month_end,
  strftime(outcome_end, '%Y-%m-%d') AS outcome_end,
  bucket::INTEGER AS bucket,
  sum(open_amount)::DECIMAL(18,2) AS open_amount,
  sum(lost_amount)::DECIMAL(18,2) AS lost_amount,
  list(DISTINCT client_key ORDER BY client_key) FILTER (WHERE lost_amount > 0) AS lost_clients
FROM bucketed
GROUP BY month_end, outcome_end, bucket
ORDER BY month_end, bucket
