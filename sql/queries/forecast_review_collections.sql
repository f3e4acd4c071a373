-- forecast_review_collections: what the weekly review lists from the collections for the period
-- ($from, $to]: the promises broken in it (their date plus the grace days passed in the period,
-- the cash not in at $to), the disputes opened and those resolved (actions done up to $until; at
-- the latest date of the data, those recorded since count too: the review is held today).
-- Grain: one row per promise or dispute event. Parameters: $from DATE, $as_of DATE (the period's
-- end), $entity VARCHAR or NULL, $until DATE, $grace INTEGER, $prior INTEGER.
WITH promises AS (
  SELECT * FROM query_collections_promises
),
period_end AS (
  SELECT CASE WHEN $until::DATE > $as_of::DATE THEN $until::DATE ELSE $as_of::DATE END AS last_day
),
events AS (
  SELECT 'broken_promise' AS event, action_id, entity_id, client_id, invoice_ref, promise_date::DATE AS event_date,
         amount, received, NULL AS reason, recorded_by
  FROM promises
  WHERE status = 'broken' AND promise_date::DATE + $grace::INTEGER >= $from::DATE
  UNION ALL
  SELECT 'dispute_opened', a.action_id, a.entity_id, a.client_id, a.invoice_ref, a.done_on, a.amount::DOUBLE, NULL, a.dispute_reason, a.recorded_by
  FROM collection_actions AS a, period_end AS p
  WHERE a.dispute_reason IS NOT NULL AND a.done_on > $from::DATE AND a.done_on <= p.last_day
  UNION ALL
  SELECT 'dispute_resolved', r.action_id, r.entity_id, r.client_id, d.invoice_ref, r.done_on, d.amount::DOUBLE, NULL, d.dispute_reason, r.recorded_by
  FROM collection_actions AS r
  JOIN collection_actions AS d ON d.action_id = r.resolves_id, period_end AS p
  WHERE r.kind = 'dispute_resolved' AND r.done_on > $from::DATE AND r.done_on <= p.last_day
)
SELECT e.event, e.action_id, e.entity_id, e.client_id, c.client_name, e.invoice_ref,
       strftime(e.event_date, '%Y-%m-%d') AS event_date, round(e.amount, 2)::DOUBLE AS amount,
       round(e.received, 2)::DOUBLE AS received, e.reason, e.recorded_by
FROM events AS e
LEFT JOIN clients AS c USING (entity_id, client_id)
WHERE $entity::VARCHAR IS NULL OR e.entity_id = $entity::VARCHAR
ORDER BY e.event, e.event_date, e.action_id
