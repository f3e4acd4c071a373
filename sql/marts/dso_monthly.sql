-- dso_monthly: for each month-end, per entity and consolidated (entity_id '*'): receivables incl.
-- VAT (411 + 413 + 416, less 4191 advances), the month's sales incl. VAT (client-account debits
-- less credits in sales journals), receivables not yet due, and the DSO measures — simple over 3
-- and 12 months, countback, best possible DSO (not-due receivables only) and ADD (DSO − best) for
-- each, and CEI. The last month ends at the last ledger date.
-- Grain: one row per (entity or '*', month). Inputs: receivable_balance_daily, stg_ledger_lines, items, allocations.
WITH bounds AS (
  -- from the first receivable movement to the last date of the ledger (any account)
  SELECT min(balance_date) AS first_date,
         greatest(max(balance_date), (SELECT max(entry_date) FROM stg_ledger_lines)) AS last_date
  FROM receivable_balance_daily
),
months AS (
  SELECT least(last_day(m::DATE), b.last_date) AS month_end, date_trunc('month', m)::DATE AS month_start
  FROM bounds AS b, unnest(generate_series(date_trunc('month', b.first_date), date_trunc('month', b.last_date), INTERVAL 1 MONTH)) AS g(m)
),
entities AS (
  SELECT DISTINCT entity_id FROM receivable_balance_daily
),
grid AS (
  SELECT e.entity_id, m.month_start, m.month_end, datediff('day', m.month_start, m.month_end) + 1 AS days FROM entities AS e, months AS m
),
balances AS (
  SELECT
    g.entity_id, g.month_end,
    sum(b.movement) FILTER (WHERE b.class_group = 'receivable') AS client_balance,
    sum(b.movement) FILTER (WHERE b.class_group = 'advance') AS advance_balance
  FROM grid AS g
  JOIN receivable_balance_daily AS b ON b.entity_id = g.entity_id AND b.balance_date <= g.month_end
  GROUP BY ALL
),
sales AS (
  SELECT g.entity_id, g.month_end, sum(i.amount) AS sales
  FROM grid AS g
  JOIN items AS i ON i.entity_id = g.entity_id AND i.line_type IN ('invoice', 'credit_note') AND i.entry_date BETWEEN g.month_start AND g.month_end
  GROUP BY ALL
),
-- not yet due at a month-end M (due on M or later, as in the aged balance): debit items entered by M,
-- less what was applied to them by M
not_due_events AS (
  SELECT i.entity_id, i.entry_date AS from_date, i.due_date, i.amount AS amount
  FROM items AS i WHERE i.amount > 0 AND i.due_date >= last_day(i.entry_date)
  UNION ALL
  SELECT i.entity_id, a.alloc_date, i.due_date, -a.amount
  FROM allocations AS a JOIN items AS i ON i.item_id = a.debit_item_id
  WHERE i.due_date >= last_day(a.alloc_date)
),
not_due AS (
  SELECT g.entity_id, g.month_end, sum(e.amount) AS not_due
  FROM not_due_events AS e
  JOIN grid AS g ON g.entity_id = e.entity_id AND g.month_end >= e.from_date AND g.month_end <= e.due_date
  GROUP BY ALL
),
facts AS (
  SELECT
    g.entity_id, g.month_start, g.month_end, g.days,
    coalesce(b.client_balance, 0) + coalesce(b.advance_balance, 0) AS receivables,
    coalesce(b.client_balance, 0) AS client_receivables,
    coalesce(b.advance_balance, 0) AS advances,
    coalesce(s.sales, 0) AS sales,
    coalesce(n.not_due, 0) AS not_due
  FROM grid AS g
  LEFT JOIN balances AS b USING (entity_id, month_end)
  LEFT JOIN sales AS s USING (entity_id, month_end)
  LEFT JOIN not_due AS n USING (entity_id, month_end)
),
with_consolidated AS (
  SELECT * FROM facts
  UNION ALL
  SELECT '*', month_start, month_end, any_value(days), sum(receivables), sum(client_receivables), sum(advances), sum(sales), sum(not_due)
  FROM facts GROUP BY month_start, month_end
),
history AS (
  SELECT
    *,
    list(sales::DOUBLE) OVER w AS sales_back,
    list(days) OVER w AS days_back,
    lag(receivables) OVER (PARTITION BY entity_id ORDER BY month_end) AS opening_receivables
  FROM with_consolidated
  WINDOW w AS (PARTITION BY entity_id ORDER BY month_end DESC ROWS BETWEEN CURRENT ROW AND 35 FOLLOWING)
)
SELECT
  entity_id, month_start, month_end, days,
  receivables::DOUBLE AS receivables, client_receivables::DOUBLE AS client_receivables, advances::DOUBLE AS advances,
  sales::DOUBLE AS sales, not_due::DOUBLE AS not_due, (receivables - not_due)::DOUBLE AS overdue,
  simple_dso(receivables::DOUBLE, sales_back, days_back, 3) AS dso_simple_3m,
  simple_dso(receivables::DOUBLE, sales_back, days_back, 12) AS dso_simple_12m,
  countback_dso(receivables::DOUBLE, sales_back, days_back) AS dso_countback,
  simple_dso(not_due::DOUBLE, sales_back, days_back, 3) AS best_dso_simple_3m,
  simple_dso(not_due::DOUBLE, sales_back, days_back, 12) AS best_dso_simple_12m,
  countback_dso(not_due::DOUBLE, sales_back, days_back) AS best_dso_countback,
  dso_simple_3m - best_dso_simple_3m AS add_simple_3m,
  dso_simple_12m - best_dso_simple_12m AS add_simple_12m,
  dso_countback - best_dso_countback AS add_countback,
  cei(opening_receivables::DOUBLE, sales::DOUBLE, receivables::DOUBLE, not_due::DOUBLE) AS cei
FROM history
