-- collections_effectiveness: what the reminders did, level by level, as a landmark comparison.
-- The landmark is 3 days after an invoice reached a level: the time a team takes to get to it. An
-- invoice still unpaid at the landmark, at least 14 days before $as_of (so that 7 and 14 days
-- after are known), is either reminded — an action of that level or a higher one, on it or on its
-- client, done between the day it reached the level and the landmark — or not reminded: the same
-- lateness, without action. Both groups are counted from the landmark: an invoice paid before
-- anyone could get to it is in neither (it would flatter the group without action), and neither
-- group is picked for having stayed unpaid longer. Invoices held back when they reached the level
-- — disputed, on hold, under a promise, of a client not to remind — are in neither group either:
-- nobody was to remind them. For each group: the share paid in cash within 7 and 14 days of the
-- landmark, and the median days to payment of those paid. Settlements after $as_of are not known
-- yet. Actions count up to $until.
-- Grain: one row per (level, channel, reminded, who did it — NULL for the totals and the not
-- reminded). Parameters: $as_of DATE, $entity VARCHAR or NULL, $until DATE, $grace INTEGER.
WITH invoices AS (
  SELECT s.item_id, s.entity_id, s.client_id, s.piece_ref, s.due_date, s.is_disputed,
         CASE WHEN s.settled_date <= $as_of::DATE THEN s.settled_date END AS settled_date,
         CASE WHEN s.settled_date <= $as_of::DATE THEN s.settled_by END AS settled_by,
         coalesce(c.policy, 'standard') AS policy
  FROM invoice_settlements AS s
  LEFT JOIN collection_clients AS c USING (entity_id, client_id)
  WHERE s.line_type = 'invoice' AND s.account_class = 'client' AND s.entry_date <= $as_of::DATE
    AND ($entity::VARCHAR IS NULL OR s.entity_id = $entity::VARCHAR)
),
all_actions AS (
  SELECT * FROM collection_actions
  WHERE done_on <= $until::DATE AND done_on <= $as_of::DATE
    AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
),
reached AS (
  SELECT i.*, l.level, l.channel, i.due_date + l.days AS level_date, i.due_date + l.days + 3 AS landmark
  FROM invoices AS i
  JOIN settings_dunning_levels AS l ON l.policy = CASE WHEN i.policy = 'key_account' THEN 'key_account' ELSE 'standard' END
  WHERE i.due_date + l.days + 3 <= $as_of::DATE
    AND (i.settled_date IS NULL OR i.settled_date > i.due_date + l.days + 3)
    AND i.policy <> 'do_not_remind' AND NOT i.is_disputed
),
-- held back on the day the invoice reached the level: a dispute open on it, a hold or a promise running
held AS (
  SELECT DISTINCT r.item_id, r.level
  FROM reached AS r
  JOIN all_actions AS h
    ON h.entity_id = r.entity_id AND h.client_id = r.client_id AND (h.invoice_ref IS NULL OR h.invoice_ref = r.piece_ref)
   AND h.done_on <= r.level_date
  WHERE (h.kind = 'hold' AND h.hold_until >= r.level_date)
     OR (h.promise_date IS NOT NULL AND h.promise_date::DATE + $grace::INTEGER >= r.level_date)
     OR (h.dispute_reason IS NOT NULL AND h.invoice_ref = r.piece_ref
         AND NOT EXISTS (SELECT 1 FROM all_actions AS x WHERE x.kind = 'dispute_resolved' AND x.resolves_id = h.action_id AND x.done_on <= r.level_date))
),
actions AS (
  SELECT * FROM all_actions WHERE level IS NOT NULL
),
first_action AS (
  SELECT r.item_id, r.level, min(a.done_on) AS acted_on, arg_min(a.recorded_by, (a.done_on, a.action_id)) AS acted_by
  FROM reached AS r
  JOIN actions AS a
    ON a.entity_id = r.entity_id AND a.client_id = r.client_id AND (a.invoice_ref IS NULL OR a.invoice_ref = r.piece_ref)
   AND a.level >= r.level AND a.done_on >= r.level_date AND a.done_on <= r.landmark
  GROUP BY ALL
),
outcomes AS (
  SELECT
    r.level, r.channel, f.acted_on IS NOT NULL AS reminded, f.acted_by,
    CASE WHEN r.settled_by = 'payment' THEN datediff('day', r.landmark, r.settled_date) END AS days_to_pay
  FROM reached AS r
  LEFT JOIN first_action AS f USING (item_id, level)
  ANTI JOIN held AS h USING (item_id, level)
  WHERE r.landmark <= $as_of::DATE - 14
)
SELECT
  level, channel, reminded, acted_by,
  count(*)::INTEGER AS invoices,
  round(avg(CASE WHEN days_to_pay <= 7 THEN 1 ELSE 0 END), 4)::DOUBLE AS paid_7d_share,
  round(avg(CASE WHEN days_to_pay <= 14 THEN 1 ELSE 0 END), 4)::DOUBLE AS paid_14d_share,
  median(days_to_pay)::DOUBLE AS median_days_to_payment
FROM outcomes
GROUP BY GROUPING SETS ((level, channel, reminded), (level, channel, reminded, acted_by))
HAVING acted_by IS NOT NULL OR grouping(acted_by) = 1
ORDER BY level, channel, reminded DESC, acted_by NULLS FIRST
