-- levers_dso: the DSO family at $as_of, as sql/marts/dso_monthly.sql defines it for a month-end, for
-- the scope asked (an entity, or all of them consolidated) — receivables incl. VAT (411 + 413 + 416,
-- less the 4191 advances) at $as_of, those not yet due (due on $as_of or later), and the sales
-- (invoices − credit notes incl. VAT) of $as_of's month up to $as_of and of each of the 35 calendar
-- months before; countback DSO, best possible DSO (not-due receivables only) and ADD = DSO − best,
-- with the same macros (sql/macros/dso.sql): at a month-end, or at the last date of the ledger,
-- they are the DSO page's figures. Plus the sales of the 12 months before $as_of (the day after
-- $as_of − 12 months to $as_of): the year of sales the levers turn days into cash with.
-- Grain: one row. Parameters: $as_of DATE, $entity VARCHAR or NULL. Reads receivable_balance_daily,
-- items, open_items_at (sql/macros), countback_dso (sql/macros).
WITH months AS (
  -- month 1 is $as_of's, up to $as_of; month k the calendar month k − 1 before it
  SELECT
    g.k,
    date_trunc('month', $as_of::DATE - to_months(g.k::INTEGER - 1))::DATE AS month_start,
    CASE WHEN g.k = 1 THEN $as_of::DATE ELSE last_day($as_of::DATE - to_months(g.k::INTEGER - 1)) END AS month_end
  FROM range(1, 37) AS g(k)
),
monthly AS (
  SELECT m.k, datediff('day', m.month_start, m.month_end) + 1 AS days, coalesce(sum(i.amount), 0)::DOUBLE AS sales
  FROM months AS m
  LEFT JOIN items AS i
    ON i.line_type IN ('invoice', 'credit_note') AND i.entry_date BETWEEN m.month_start AND m.month_end
    AND ($entity::VARCHAR IS NULL OR i.entity_id = $entity::VARCHAR)
  GROUP BY ALL
),
history AS (
  SELECT list(sales ORDER BY k) AS sales_back, list(days ORDER BY k) AS days_back FROM monthly
),
receivables AS (
  SELECT coalesce(sum(movement), 0)::DOUBLE AS receivables
  FROM receivable_balance_daily
  WHERE balance_date <= $as_of::DATE AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
),
not_due AS (
  SELECT coalesce(sum(open_amount), 0)::DOUBLE AS not_due
  FROM open_items_at($as_of, $entity)
  WHERE amount > 0 AND due_date >= $as_of::DATE
),
sales_12m AS (
  SELECT coalesce(sum(amount), 0)::DOUBLE AS sales_12m
  FROM items
  WHERE line_type IN ('invoice', 'credit_note')
    AND entry_date > ($as_of::DATE - INTERVAL 12 MONTH)::DATE AND entry_date <= $as_of::DATE
    AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
)
SELECT
  r.receivables, n.not_due, s.sales_12m,
  countback_dso(r.receivables, h.sales_back, h.days_back) AS dso_countback,
  countback_dso(n.not_due, h.sales_back, h.days_back) AS best_dso_countback,
  dso_countback - best_dso_countback AS add_countback
FROM receivables AS r, not_due AS n, sales_12m AS s, history AS h
