-- forecast_history: the past weeks of the plan — for each saved forecast whose first week is over
-- by $last (the latest of each as-of date), what it expected in that week (with its range) and the
-- cash received in it: the "forecast a week before" next to the actual.
-- Grain: one row per as-of date, the $weeks latest. Parameters: $entity VARCHAR or NULL, $last DATE,
-- $weeks INTEGER.
WITH snapshots AS (
  SELECT
    snapshot_id, as_of, json_extract(report, '$.weeks[0]') AS w,
    row_number() OVER (PARTITION BY as_of ORDER BY snapshot_id DESC) AS newest
  FROM forecast_snapshots
  WHERE entity_id IS NOT DISTINCT FROM $entity::VARCHAR AND as_of + 7 <= $last::DATE
)
SELECT
  s.snapshot_id, strftime(s.as_of, '%Y-%m-%d') AS as_of,
  s.w ->> 'start' AS start, s.w ->> 'end' AS "end",
  (s.w ->> 'expected')::DOUBLE AS forecast, (s.w ->> 'p10')::DOUBLE AS p10, (s.w ->> 'p90')::DOUBLE AS p90,
  round(coalesce(sum(-i.amount), 0), 2)::DOUBLE AS received
FROM snapshots AS s
LEFT JOIN items AS i
  ON i.line_type = 'payment' AND i.entry_date > s.as_of AND i.entry_date <= s.as_of + 7
  AND ($entity::VARCHAR IS NULL OR i.entity_id = $entity::VARCHAR)
WHERE s.newest = 1
GROUP BY ALL
ORDER BY 2 DESC
LIMIT $weeks::INTEGER
