-- forecast_snapshots: the saved forecasts — one by its id ($id), or those of an entity ($id NULL;
-- $entity NULL: the consolidated ones), newest as-of date first — with the plan's total, its
-- first week and the number of invoices it holds.
-- Grain: one row per snapshot. Parameters: $id INTEGER or NULL, $entity VARCHAR or NULL.
SELECT
  snapshot_id, strftime(as_of, '%Y-%m-%d') AS as_of, entity_id, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at, reason, created_by,
  json_extract(report, '$.totals.expected')::DOUBLE AS expected, json_extract(report, '$.weeks[0].expected')::DOUBLE AS expected_week1,
  (SELECT count(*) FROM forecast_snapshot_items i WHERE i.snapshot_id = s.snapshot_id)::INTEGER AS items
FROM forecast_snapshots AS s
WHERE CASE WHEN $id::INTEGER IS NULL THEN entity_id IS NOT DISTINCT FROM $entity::VARCHAR ELSE snapshot_id = $id::INTEGER END
ORDER BY as_of DESC, snapshot_id DESC
