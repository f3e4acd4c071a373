-- collections_client_facts: for each client with collections history, what the worklist shows
-- beside its invoices: its last action and outcome, its open promise (the soonest), the latest
-- promise it broke that nobody followed up yet (no action since its date), its open disputes
-- opened in the app.
-- Grain: one row per client with an action. Parameters: as collections_promises.
WITH actions AS (
  SELECT *
  FROM collection_actions
  WHERE done_on <= $until::DATE AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
),
last_action AS (
  SELECT entity_id, client_id,
         arg_max(action_id, (done_on, action_id)) AS action_id,
         max(done_on) AS last_done_on
  FROM actions
  GROUP BY ALL
),
promises AS (
  SELECT * FROM query_collections_promises
),
open_promise AS (
  SELECT entity_id, client_id, arg_min(action_id, (promise_date, action_id)) AS action_id
  FROM promises WHERE status = 'open'
  GROUP BY ALL
),
broken_promise AS (
  SELECT p.entity_id, p.client_id, arg_max(p.action_id, (p.promise_date, p.action_id)) AS action_id
  FROM promises AS p
  JOIN last_action AS l USING (entity_id, client_id)
  WHERE p.status = 'broken' AND l.last_done_on <= p.promise_date::DATE + $grace::INTEGER
  GROUP BY ALL
),
disputes AS (
  SELECT entity_id, client_id, count(*) AS open_disputes, sum(amount) AS disputed_amount
  FROM app_disputes_at($until)
  WHERE $entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR
  GROUP BY ALL
)
SELECT
  l.entity_id, l.client_id,
  a.action_id AS last_action_id, a.kind AS last_kind, a.outcome AS last_outcome, strftime(a.done_on, '%Y-%m-%d') AS last_done_on, a.recorded_by AS last_recorded_by,
  op.action_id AS open_promise_id, strftime(opp.promise_date::DATE, '%Y-%m-%d') AS open_promise_date, opp.amount AS open_promise_amount, opp.received AS open_promise_received,
  bp.action_id AS broken_promise_id, strftime(bpp.promise_date::DATE, '%Y-%m-%d') AS broken_promise_date, bpp.amount AS broken_promise_amount, bpp.received AS broken_promise_received,
  coalesce(d.open_disputes, 0)::INTEGER AS app_disputes, coalesce(d.disputed_amount, 0)::DOUBLE AS app_disputed_amount
FROM last_action AS l
JOIN actions AS a USING (action_id)
LEFT JOIN open_promise AS op ON op.entity_id = l.entity_id AND op.client_id = l.client_id
LEFT JOIN promises AS opp ON opp.action_id = op.action_id
LEFT JOIN broken_promise AS bp ON bp.entity_id = l.entity_id AND bp.client_id = l.client_id
LEFT JOIN promises AS bpp ON bpp.action_id = bp.action_id
LEFT JOIN disputes AS d ON d.entity_id = l.entity_id AND d.client_id = l.client_id
