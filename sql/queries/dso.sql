-- dso: the DSO series of one entity (or '*' for all entities consolidated), month by month, with
-- the receivables and sales behind it, rounded to cents and hundredths of a day for the wire.
-- Grain: one row per month-end. Parameters: $entity VARCHAR ('*': consolidated). Reads dso_monthly.
SELECT
  strftime(month_start, '%Y-%m-%d') AS month_start, strftime(month_end, '%Y-%m-%d') AS month_end, days::INTEGER AS days,
  round(receivables, 2) AS receivables, round(client_receivables, 2) AS client_receivables, round(advances, 2) AS advances,
  round(sales, 2) AS sales, round(not_due, 2) AS not_due, round(overdue, 2) AS overdue,
  round(dso_simple_3m, 2) AS dso_simple_3m, round(dso_simple_12m, 2) AS dso_simple_12m, round(dso_countback, 2) AS dso_countback,
  round(best_dso_simple_3m, 2) AS best_dso_simple_3m, round(best_dso_simple_12m, 2) AS best_dso_simple_12m, round(best_dso_countback, 2) AS best_dso_countback,
  round(add_simple_3m, 2) AS add_simple_3m, round(add_simple_12m, 2) AS add_simple_12m, round(add_countback, 2) AS add_countback, round(cei, 2) AS cei
FROM dso_monthly
WHERE entity_id = $entity::VARCHAR
ORDER BY month_end
