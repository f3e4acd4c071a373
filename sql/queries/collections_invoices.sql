-- collections_invoices: every overdue invoice at $as_of and where it stands in the dunning
-- process (DOMAIN.md §5). Its level is the highest of its client's policy whose offset after the
-- due date has passed; it is due unless an action of that level or a higher one, on the invoice
-- or on the whole client, was done once the invoice had reached the level. Out of the reminders:
-- disputed invoices (import flag or a dispute open in the app), invoices on hold, invoices under a
-- promise to pay until its date (and $grace days for the cash to arrive), clients not to remind.
-- Amounts are what forecast_open_items expects still: the client's unapplied payments and credits
-- come off its oldest invoices first, so nobody is reminded of what is already paid.
-- Grain: one row per overdue open invoice on a client account (411; doubtful debts in 416 are
-- litigation, not reminders). Parameters: $as_of DATE, $entity VARCHAR or NULL, $until DATE
-- (actions done up to that day count), $grace INTEGER.
WITH overdue AS (
  SELECT o.*, coalesce(c.policy, 'standard') AS policy, c.owner
  FROM query_forecast_open_items AS o
  LEFT JOIN collection_clients AS c USING (entity_id, client_id)
  WHERE o.account_class = 'client' AND o.days_past_due > 0
),
actions AS (
  SELECT *
  FROM collection_actions
  WHERE done_on <= $until::DATE AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
),
-- the highest level each invoice has reached under its client's policy
reached AS (
  SELECT o.item_id, max(l.level) AS level
  FROM overdue AS o
  JOIN settings_dunning_levels AS l
    ON l.policy = CASE WHEN o.policy = 'key_account' THEN 'key_account' ELSE 'standard' END
   AND l.days <= o.days_past_due
  GROUP BY o.item_id
),
levelled AS (
  SELECT o.*, r.level, l.channel, o.due_date::DATE + l.days AS level_date
  FROM overdue AS o
  LEFT JOIN reached AS r USING (item_id)
  LEFT JOIN settings_dunning_levels AS l
    ON l.policy = CASE WHEN o.policy = 'key_account' THEN 'key_account' ELSE 'standard' END AND l.level = r.level
),
-- what was done about each invoice: its own actions and its client's
done AS (
  SELECT
    v.item_id,
    bool_or(a.level >= v.level AND a.done_on >= v.level_date) AS level_done,
    max(a.level) AS last_level_done,
    bool_or(a.kind = 'hold' AND a.hold_until >= $as_of::DATE) AS on_hold,
    max(a.hold_until) FILTER (WHERE a.kind = 'hold') AS hold_until,
    bool_or(a.promise_date IS NOT NULL AND a.promise_date::DATE + $grace::INTEGER >= $as_of::DATE) AS under_promise,
    max(a.promise_date) AS promise_date
  FROM levelled AS v
  JOIN actions AS a
    ON a.entity_id = v.entity_id AND a.client_id = v.client_id AND (a.invoice_ref IS NULL OR a.invoice_ref = v.piece_ref)
  GROUP BY v.item_id
)
SELECT
  v.item_id, v.entity_id, v.client_id, v.client_name, v.piece_ref, v.doc_date, v.due_date,
  v.amount, v.open_amount, v.days_past_due, v.is_disputed, v.policy, v.owner,
  v.level, v.channel, strftime(v.level_date, '%Y-%m-%d') AS level_date,
  coalesce(d.level_done, false) AS level_done, d.last_level_done,
  strftime(d.hold_until, '%Y-%m-%d') AS hold_until,
  CASE
    WHEN v.policy = 'do_not_remind' THEN 'do_not_remind'
    WHEN v.is_disputed THEN 'disputed'
    WHEN d.on_hold THEN 'on_hold'
    WHEN d.under_promise THEN 'promise'
  END AS held_by,
  -- the level due now: reached, not done, and nothing holding the invoice back
  CASE WHEN v.level IS NOT NULL AND NOT coalesce(d.level_done, false) AND v.policy <> 'do_not_remind'
            AND NOT v.is_disputed AND NOT coalesce(d.on_hold, false) AND NOT coalesce(d.under_promise, false)
       THEN v.level END AS due_level
FROM levelled AS v
LEFT JOIN done AS d USING (item_id)
ORDER BY v.entity_id, v.client_id, v.due_date, v.item_id
