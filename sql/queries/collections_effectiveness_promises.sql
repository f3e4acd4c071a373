-- collections_effectiveness_promises: how the promises to pay and the disputes went at $as_of —
-- promises made, kept, broken and still open (collections_promises), amounts promised and
-- received; disputes opened, resolved (with the median days to resolve) and still open (with
-- their median age); each in total (recorded_by NULL) and by who recorded them.
-- Grain: one row per recorder, and one for all. Parameters: as collections_promises.
WITH promises AS (
  SELECT * FROM query_collections_promises
),
disputes AS (
  SELECT d.action_id, d.recorded_by, d.done_on,
         min(r.done_on) FILTER (WHERE r.done_on <= $until::DATE) AS resolved_on
  FROM collection_actions AS d
  LEFT JOIN collection_actions AS r ON r.kind = 'dispute_resolved' AND r.resolves_id = d.action_id
  WHERE d.dispute_reason IS NOT NULL AND d.done_on <= $until::DATE
    AND ($entity::VARCHAR IS NULL OR d.entity_id = $entity::VARCHAR)
  GROUP BY ALL
),
p AS (
  SELECT recorded_by,
         count(*) AS promises, count(*) FILTER (WHERE status = 'kept') AS kept, count(*) FILTER (WHERE status = 'broken') AS broken,
         count(*) FILTER (WHERE status = 'open') AS open, sum(amount) AS promised, sum(least(received, amount)) AS received
  FROM promises
  GROUP BY GROUPING SETS ((), (recorded_by))
),
d AS (
  SELECT recorded_by,
         count(*) AS disputes, count(resolved_on) AS resolved,
         median(datediff('day', done_on, resolved_on)) AS median_days_to_resolve,
         count(*) FILTER (WHERE resolved_on IS NULL) AS open_disputes,
         median(datediff('day', done_on, $as_of::DATE)) FILTER (WHERE resolved_on IS NULL) AS median_open_age
  FROM disputes
  GROUP BY GROUPING SETS ((), (recorded_by))
)
SELECT
  coalesce(p.recorded_by, d.recorded_by) AS recorded_by,
  coalesce(p.promises, 0)::INTEGER AS promises, coalesce(p.kept, 0)::INTEGER AS kept, coalesce(p.broken, 0)::INTEGER AS broken,
  coalesce(p.open, 0)::INTEGER AS open_promises,
  round(coalesce(p.promised, 0), 2)::DOUBLE AS promised_amount, round(coalesce(p.received, 0), 2)::DOUBLE AS received_amount,
  coalesce(d.disputes, 0)::INTEGER AS disputes, coalesce(d.resolved, 0)::INTEGER AS resolved,
  d.median_days_to_resolve::DOUBLE AS median_days_to_resolve, coalesce(d.open_disputes, 0)::INTEGER AS open_disputes,
  d.median_open_age::DOUBLE AS median_open_age_days
FROM p
FULL JOIN d ON p.recorded_by IS NOT DISTINCT FROM d.recorded_by
ORDER BY recorded_by NULLS FIRST
