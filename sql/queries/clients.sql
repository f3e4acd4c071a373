-- clients: how each client pays, as of $as_of — over the invoices settled in the 12 months
-- before $as_of and over all history: count, amount, amount-weighted mean days to pay and days
-- late, median and 90th percentile of days late, share paid on time; the trend; open and overdue
-- amounts, oldest overdue, open disputes, credit notes, last payment; and the segment.
-- The trend compares the mean days late of the last 3 months with the 9 months before. It is
-- labelled only when the change is large and unlikely to be noise: at least $trend_min_recent
-- recent and $trend_min_invoices earlier invoices, a change of $trend_min_days days or more, and a
-- z statistic (change over the earlier months' standard deviation, floored at $trend_min_sd days
-- so that a very regular payer's one-day slip is not "significant", times √(1/n₁ + 1/n₂)) of
-- $trend_min_t or more. A client whose last 3 months are no worse than the same 3 months a year
-- before is seasonal, not deteriorating (summer closings, year-end), so that comparison must agree
-- too when there is a year of history.
-- The recent side also counts the invoices due in the last 3 months and still unpaid, at their days
-- past due (a lower bound of their delay): lateness shows as soon as due dates pass, not months
-- later when the late invoices are finally paid.
-- An invoice counts as settled when a payment or a credit note completed it (not a transfer to
-- doubtful debts nor a write-off: those are defaults, see the risk model).
-- Grain: one row per (entity, client). Parameters: $as_of DATE, $entity VARCHAR or NULL, $client
-- VARCHAR or NULL (one client), the trend thresholds $trend_min_invoices, $trend_min_recent,
-- $trend_min_days, $trend_min_sd, $trend_min_t and the segment thresholds $new_months,
-- $new_min_invoices, $risk_mean_late, $risk_oldest_overdue (see Settings). Reads open_items_at (sql/macros).
WITH settled AS (
  SELECT
    entity_id, client_id, amount::DOUBLE AS amount, settled_date, days_to_pay::DOUBLE AS days_to_pay, days_late::DOUBLE AS days_late,
    settled_date > $as_of::DATE - INTERVAL 12 MONTH AS in_12m,
    settled_date > $as_of::DATE - INTERVAL 3 MONTH AS in_3m,
    settled_date > $as_of::DATE - INTERVAL 15 MONTH AND settled_date <= $as_of::DATE - INTERVAL 12 MONTH AS in_year_ago_3m
  FROM invoice_settlements
  WHERE line_type IN ('invoice', 'opening') AND settled_by IN ('payment', 'credit_note')
    AND settled_date <= $as_of::DATE
    AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
    AND ($client::VARCHAR IS NULL OR client_id = $client::VARCHAR)
),
paid AS (
  SELECT
    entity_id, client_id,
    count(*) FILTER (WHERE in_12m) AS invoices_12m,
    sum(amount) FILTER (WHERE in_12m) AS amount_12m,
    sum(amount * days_to_pay) FILTER (WHERE in_12m) / sum(amount) FILTER (WHERE in_12m) AS mean_days_to_pay_12m,
    sum(amount * days_late) FILTER (WHERE in_12m) / sum(amount) FILTER (WHERE in_12m) AS mean_days_late_12m,
    quantile_cont(days_late, 0.5) FILTER (WHERE in_12m) AS median_days_late_12m,
    quantile_cont(days_late, 0.9) FILTER (WHERE in_12m) AS p90_days_late_12m,
    avg((days_late <= 0)::INTEGER) FILTER (WHERE in_12m) AS on_time_share_12m,
    count(*) AS invoices_all,
    sum(amount) AS amount_all,
    sum(amount * days_late) / sum(amount) AS mean_days_late_all,
    quantile_cont(days_late, 0.5) AS median_days_late_all,
    avg((days_late <= 0)::INTEGER) AS on_time_share_all,
    -- trend baseline: the 9 months before the last 3 (the recent side is in `recent`)
    count(*) FILTER (WHERE in_12m AND NOT in_3m) AS invoices_9m,
    avg(days_late) FILTER (WHERE in_12m AND NOT in_3m) AS mean_late_9m,
    var_samp(days_late) FILTER (WHERE in_12m AND NOT in_3m) AS var_late_9m,
    -- the same 3 months a year before, for seasonality
    count(*) FILTER (WHERE in_year_ago_3m) AS invoices_year_ago_3m,
    avg(days_late) FILTER (WHERE in_year_ago_3m) AS mean_late_year_ago_3m
  FROM settled
  GROUP BY entity_id, client_id
),
recent_open AS (
  SELECT entity_id, client_id, days_past_due::DOUBLE AS days_late
  FROM open_items_at($as_of, $entity)
  WHERE amount > 0 AND days_past_due > 0 AND due_date > $as_of::DATE - INTERVAL 3 MONTH
),
recent AS (
  SELECT entity_id, client_id, count(*) AS invoices_3m, avg(days_late) AS mean_late_3m
  FROM (SELECT entity_id, client_id, days_late FROM settled WHERE in_3m UNION ALL SELECT * FROM recent_open)
  GROUP BY entity_id, client_id
),
open_now AS (
  SELECT
    entity_id, client_id,
    sum(open_amount) AS open_amount,
    sum(open_amount) FILTER (WHERE amount > 0 AND days_past_due > 0) AS overdue_amount,
    max(days_past_due) FILTER (WHERE amount > 0 AND days_past_due > 0) AS oldest_days_past_due,
    count(*) FILTER (WHERE is_disputed AND amount > 0) AS open_disputes
  FROM open_items_at($as_of, $entity)
  GROUP BY entity_id, client_id
),
activity AS (
  SELECT
    entity_id, client_id,
    min(doc_date) FILTER (WHERE line_type IN ('invoice', 'opening')) AS first_invoice_date,
    max(entry_date) FILTER (WHERE line_type = 'payment') AS last_payment_date,
    count(*) FILTER (WHERE line_type = 'credit_note' AND entry_date > $as_of::DATE - INTERVAL 12 MONTH) AS credit_notes_12m
  FROM items
  WHERE entry_date <= $as_of::DATE AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
    AND ($client::VARCHAR IS NULL OR client_id = $client::VARCHAR)
  GROUP BY entity_id, client_id
),
joined AS (
  SELECT
    a.entity_id, a.client_id, c.client_name, a.first_invoice_date, a.last_payment_date, a.credit_notes_12m,
    p.* EXCLUDE (entity_id, client_id),
    r.invoices_3m, r.mean_late_3m,
    coalesce(o.open_amount, 0) AS open_amount, coalesce(o.overdue_amount, 0) AS overdue_amount,
    o.oldest_days_past_due, coalesce(o.open_disputes, 0) AS open_disputes,
    r.mean_late_3m - p.mean_late_9m AS trend_change_days,
    r.mean_late_3m - p.mean_late_year_ago_3m AS change_vs_year_ago,
    (r.mean_late_3m - p.mean_late_9m)
      / (greatest(sqrt(coalesce(p.var_late_9m, 0)), $trend_min_sd::DOUBLE) * sqrt(1 / r.invoices_3m + 1 / p.invoices_9m)) AS trend_z
  FROM activity AS a
  LEFT JOIN paid AS p USING (entity_id, client_id)
  LEFT JOIN recent AS r USING (entity_id, client_id)
  LEFT JOIN open_now AS o USING (entity_id, client_id)
  LEFT JOIN clients AS c USING (entity_id, client_id)
  WHERE a.first_invoice_date IS NOT NULL
),
labelled AS (
  SELECT
    *,
    CASE
      WHEN coalesce(invoices_3m, 0) < $trend_min_recent::INTEGER OR coalesce(invoices_9m, 0) < $trend_min_invoices::INTEGER THEN 'insufficient'
      WHEN trend_change_days >= $trend_min_days::DOUBLE AND trend_z >= $trend_min_t::DOUBLE
        AND (coalesce(invoices_year_ago_3m, 0) < $trend_min_recent::INTEGER OR change_vs_year_ago >= $trend_min_days::DOUBLE) THEN 'deteriorating'
      WHEN trend_change_days <= -$trend_min_days::DOUBLE AND trend_z <= -$trend_min_t::DOUBLE
        AND (coalesce(invoices_year_ago_3m, 0) < $trend_min_recent::INTEGER OR change_vs_year_ago <= -$trend_min_days::DOUBLE) THEN 'improving'
      ELSE 'stable'
    END AS trend
  FROM joined
)
SELECT
  entity_id, client_id, client_name,
  strftime(first_invoice_date, '%Y-%m-%d') AS first_invoice_date,
  strftime(last_payment_date, '%Y-%m-%d') AS last_payment_date,
  coalesce(invoices_12m, 0)::INTEGER AS invoices_12m, round(coalesce(amount_12m, 0), 2) AS amount_12m,
  round(mean_days_to_pay_12m, 1) AS mean_days_to_pay_12m, round(mean_days_late_12m, 1) AS mean_days_late_12m,
  round(median_days_late_12m, 1) AS median_days_late_12m, round(p90_days_late_12m, 1) AS p90_days_late_12m,
  round(on_time_share_12m, 4) AS on_time_share_12m,
  coalesce(invoices_all, 0)::INTEGER AS invoices_all, round(coalesce(amount_all, 0), 2) AS amount_all,
  round(mean_days_late_all, 1) AS mean_days_late_all, round(median_days_late_all, 1) AS median_days_late_all,
  round(on_time_share_all, 4) AS on_time_share_all,
  coalesce(invoices_3m, 0)::INTEGER AS invoices_3m, round(mean_late_3m, 1) AS mean_days_late_3m, round(mean_late_9m, 1) AS mean_days_late_9m,
  round(trend_change_days, 1) AS trend_change_days, round(mean_late_year_ago_3m, 1) AS mean_days_late_year_ago_3m, trend,
  round(open_amount, 2)::DOUBLE AS open_amount, round(overdue_amount, 2)::DOUBLE AS overdue_amount,
  oldest_days_past_due::INTEGER AS oldest_days_past_due, open_disputes::INTEGER AS open_disputes, credit_notes_12m::INTEGER AS credit_notes_12m,
  CASE
    WHEN first_invoice_date > $as_of::DATE - to_months($new_months::INTEGER) OR coalesce(invoices_all, 0) < $new_min_invoices::INTEGER THEN 'new'
    WHEN mean_days_late_12m > $risk_mean_late::DOUBLE OR trend = 'deteriorating' OR oldest_days_past_due > $risk_oldest_overdue::INTEGER THEN 'at_risk'
    ELSE 'regular'
  END AS segment
FROM labelled
ORDER BY open_amount DESC, client_id
