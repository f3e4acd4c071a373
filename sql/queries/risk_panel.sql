-- risk_panel: for each as-of date in $dates and each client active then (an invoice in the 12
-- months before, or something open) and not already in default, the behaviour features the risk
-- model reads and what happened next: whether a default event followed within $horizon_months.
-- A default event is a transfer to doubtful debts (416), a write-off (654), or an invoice more than
-- $late_days days past due; a client is already in default at a date when it was transferred or
-- written off by then, or has an invoice open more than $late_days days past due.
-- Everything about a date reads only what was dated on or before it (settlements, payments,
-- allocations): the model is fitted on the past and judged on what came after. The outcome columns
-- read the following months; the caller uses them only where those months are known.
-- Delay figures of clients with few settled invoices are shrunk towards their segment's (new or
-- established clients at that date): (n × own + $prior_invoices × segment) / (n + $prior_invoices).
-- Two candidate features come from the collections recorded in the app, as known at each date:
-- the share of the client's matured promises to pay that were broken, and the share of its open
-- amount under a dispute opened in the app (risk/backtest.ts keeps them only if they help) —
-- those recorded before the model build in force (the promises that replace them and the disputes'
-- resolutions too), so that the scores of a build do not depend on when they were first asked for.
-- Grain: one row per (as_of, entity, client). Parameters: $dates VARCHAR (ISO dates separated by
-- commas), $entity VARCHAR or NULL, $horizon_months, $late_days, $new_months, $new_min_invoices
-- INTEGER, $prior_invoices DOUBLE, $grace INTEGER (a promise's days of grace).
WITH dates AS (
  SELECT DISTINCT unnest(string_split($dates::VARCHAR, ','))::DATE AS as_of
),
invoices AS (
  SELECT item_id, entity_id, client_id, entry_date, invoice_date, due_date, amount::DOUBLE AS amount, is_disputed,
    settled_date, settled_by, days_late::DOUBLE AS days_late
  FROM invoice_settlements
  WHERE line_type IN ('invoice', 'opening') AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
),
settled AS (
  SELECT * FROM invoices WHERE settled_by IN ('payment', 'credit_note')
),
-- payment history of the 12 months before each date
history AS (
  SELECT
    d.as_of, s.entity_id, s.client_id,
    count(*) AS invoices_12m,
    sum(s.amount * s.days_late) / sum(s.amount) AS mean_late_12m,
    count(*) FILTER (WHERE s.settled_date <= d.as_of - INTERVAL 3 MONTH) AS invoices_9m,
    avg(s.days_late) FILTER (WHERE s.settled_date <= d.as_of - INTERVAL 3 MONTH) AS mean_late_9m,
    count(*) FILTER (WHERE s.settled_date > d.as_of - INTERVAL 3 MONTH) AS paid_3m,
    sum(s.days_late) FILTER (WHERE s.settled_date > d.as_of - INTERVAL 3 MONTH) AS sum_late_paid_3m
  FROM dates AS d
  JOIN settled AS s ON s.settled_date <= d.as_of AND s.settled_date > d.as_of - INTERVAL 12 MONTH
  GROUP BY ALL
),
-- settled invoices since the first, at each date (for the "new client" segment)
settled_running AS (
  SELECT entity_id, client_id, settled_date, count(*) OVER (PARTITION BY entity_id, client_id ORDER BY settled_date, item_id) AS invoices_all
  FROM settled
),
-- invoices open at each date, with what had been applied to them by then
open_at AS (
  SELECT d.as_of, i.item_id, i.entity_id, i.client_id, i.amount, i.due_date, i.is_disputed
  FROM dates AS d
  JOIN invoices AS i ON i.entry_date <= d.as_of AND (i.settled_date IS NULL OR i.settled_date > d.as_of)
),
applied_at AS (
  SELECT o.as_of, o.item_id, sum(a.amount)::DOUBLE AS applied
  FROM open_at AS o
  JOIN allocation_spans AS a ON a.item_id = o.item_id AND a.alloc_date <= o.as_of
  GROUP BY ALL
),
open_amounts AS (
  SELECT o.*, o.amount - coalesce(a.applied, 0) AS open_amount
  FROM open_at AS o
  LEFT JOIN applied_at AS a USING (as_of, item_id)
),
open_state AS (
  SELECT
    as_of, entity_id, client_id,
    sum(open_amount) AS open_amount,
    coalesce(sum(open_amount) FILTER (WHERE due_date < as_of), 0) AS overdue_amount,
    coalesce(sum(open_amount) FILTER (WHERE is_disputed), 0) AS disputed_amount,
    max(as_of - due_date) FILTER (WHERE due_date < as_of) AS oldest_days_past_due,
    count(*) FILTER (WHERE due_date < as_of AND due_date > as_of - INTERVAL 3 MONTH) AS open_due_3m,
    sum(as_of - due_date) FILTER (WHERE due_date < as_of AND due_date > as_of - INTERVAL 3 MONTH) AS sum_late_open_3m
  FROM open_amounts
  WHERE open_amount > 0
  GROUP BY ALL
),
sales AS (
  SELECT d.as_of, i.entity_id, i.client_id, sum(i.amount) AS invoiced_12m
  FROM dates AS d
  JOIN invoices AS i ON i.entry_date <= d.as_of AND i.entry_date > d.as_of - INTERVAL 12 MONTH
  GROUP BY ALL
),
first_invoices AS (
  SELECT entity_id, client_id, min(invoice_date) AS first_invoice_date FROM invoices GROUP BY ALL
),
-- default events, dated: transfers, write-offs, and the day an invoice passes $late_days past due unpaid
default_events AS (
  SELECT entity_id, client_id, entry_date AS event_date, line_type AS event_kind
  FROM items
  WHERE line_type IN ('doubtful_transfer', 'write_off') AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
  UNION ALL
  SELECT entity_id, client_id, due_date + $late_days::INTEGER + 1, 'late'
  FROM invoices
  WHERE coalesce(settled_date, DATE '9999-12-31') > due_date + $late_days::INTEGER
),
population AS (
  SELECT as_of, entity_id, client_id FROM sales
  UNION
  SELECT as_of, entity_id, client_id FROM open_state
),
outcome AS (
  SELECT
    p.as_of, p.entity_id, p.client_id,
    bool_or(e.event_kind IN ('doubtful_transfer', 'write_off') AND e.event_date <= p.as_of) AS transferred_before,
    min(e.event_date) FILTER (WHERE e.event_date > p.as_of AND e.event_date <= p.as_of + to_months($horizon_months::INTEGER)) AS event_date,
    -- the first event's kind: on a day with a lateness and a transfer or write-off, the latter (arg_min would pick either)
    (min({'day': e.event_date, 'late': e.event_kind = 'late', 'kind': e.event_kind}) FILTER (WHERE e.event_date > p.as_of AND e.event_date <= p.as_of + to_months($horizon_months::INTEGER))).kind AS event_kind
  FROM population AS p
  LEFT JOIN default_events AS e ON e.entity_id = p.entity_id AND e.client_id = p.client_id
  GROUP BY ALL
),
-- promises to pay and how they went (sql/macros/promise_outcomes.sql), recorded before the build
promises AS (
  SELECT * FROM promise_outcomes($grace, recorded_until := (SELECT max(built_at) FROM model_state))
  WHERE ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
),
promise_state AS (
  -- at each date: kept by then, or past its last day without cash; a promise replaced by then counts no more
  SELECT d.as_of, p.entity_id, p.client_id,
         count(*) FILTER (WHERE p.kept_on <= d.as_of OR (p.last_day < d.as_of AND NOT coalesce(p.replaced_on <= d.as_of, false))) AS matured,
         count(*) FILTER (WHERE p.last_day < d.as_of AND p.kept_on IS NULL AND NOT coalesce(p.replaced_on <= d.as_of, false)) AS broken
  FROM dates AS d
  JOIN promises AS p ON p.done_on <= d.as_of
  GROUP BY ALL
),
-- disputes opened in the app and not resolved at each date
dispute_state AS (
  SELECT d.as_of, a.entity_id, a.client_id, sum(a.amount)::DOUBLE AS disputed
  FROM dates AS d
  JOIN collection_actions AS a ON a.dispute_reason IS NOT NULL AND a.done_on <= d.as_of
  WHERE ($entity::VARCHAR IS NULL OR a.entity_id = $entity::VARCHAR) AND a.recorded_at <= (SELECT max(built_at) FROM model_state)
    AND NOT EXISTS (SELECT 1 FROM collection_actions AS r WHERE r.kind = 'dispute_resolved' AND r.resolves_id = a.action_id AND r.done_on <= d.as_of
                    AND r.recorded_at <= (SELECT max(built_at) FROM model_state))
  GROUP BY ALL
),
features AS (
  SELECT
    p.as_of, p.entity_id, p.client_id,
    f.first_invoice_date > p.as_of - to_months($new_months::INTEGER) OR coalesce(r.invoices_all, 0) < $new_min_invoices::INTEGER AS is_new,
    coalesce(h.invoices_12m, 0) AS invoices_12m,
    h.mean_late_12m,
    coalesce(o.oldest_days_past_due, 0) AS oldest_days_past_due,
    coalesce(o.open_amount, 0) AS open_amount,
    coalesce(o.overdue_amount, 0) AS overdue_amount,
    coalesce(o.disputed_amount / o.open_amount, 0) AS disputed_share,
    coalesce(ps.broken / nullif(ps.matured, 0), 0) AS broken_promise_share,
    least(coalesce(ds.disputed / nullif(o.open_amount, 0), 0), 1) AS open_dispute_share,
    -- months of this client's sales outstanding (its monthly sales over the last 12 months, or since its first invoice)
    least(coalesce(o.open_amount, 0) / greatest(coalesce(s.invoiced_12m, 0) / least(greatest((p.as_of - f.first_invoice_date) / 30.4, 1), 12), 1), 24) AS months_outstanding,
    -- the last 3 months: invoices settled, and unpaid invoices that fell due, at their current delay
    coalesce(h.paid_3m, 0) + coalesce(o.open_due_3m, 0) AS recent_invoices,
    (coalesce(h.sum_late_paid_3m, 0) + coalesce(o.sum_late_open_3m, 0)) / nullif(coalesce(h.paid_3m, 0) + coalesce(o.open_due_3m, 0), 0) AS recent_late,
    h.invoices_9m, h.mean_late_9m,
    coalesce(oc.transferred_before, false) OR coalesce(o.oldest_days_past_due, 0) > $late_days::INTEGER AS in_default,
    oc.event_date, oc.event_kind
  FROM population AS p
  JOIN first_invoices AS f USING (entity_id, client_id)
  LEFT JOIN history AS h USING (as_of, entity_id, client_id)
  LEFT JOIN open_state AS o USING (as_of, entity_id, client_id)
  LEFT JOIN sales AS s USING (as_of, entity_id, client_id)
  LEFT JOIN outcome AS oc USING (as_of, entity_id, client_id)
  LEFT JOIN promise_state AS ps USING (as_of, entity_id, client_id)
  LEFT JOIN dispute_state AS ds USING (as_of, entity_id, client_id)
  ASOF LEFT JOIN settled_running AS r ON r.entity_id = p.entity_id AND r.client_id = p.client_id AND p.as_of >= r.settled_date
),
-- each segment's pooled delay at each date: where clients with little history are drawn to
priors AS (
  SELECT as_of, is_new, sum(invoices_12m * mean_late_12m) / nullif(sum(invoices_12m), 0) AS prior_mean_late
  FROM features
  WHERE NOT in_default AND invoices_12m > 0
  GROUP BY ALL
),
shrunk AS (
  SELECT
    f.*,
    (f.invoices_12m * coalesce(f.mean_late_12m, 0) + $prior_invoices::DOUBLE * coalesce(p.prior_mean_late, 0)) / (f.invoices_12m + $prior_invoices::DOUBLE) AS mean_days_late,
    -- the recent level, shrunk towards the client's 12-month figure
    (f.recent_invoices * coalesce(f.recent_late, 0) + $prior_invoices::DOUBLE * coalesce(f.mean_late_12m, p.prior_mean_late, 0)) / (f.recent_invoices + $prior_invoices::DOUBLE) AS recent_days_late
  FROM features AS f
  LEFT JOIN priors AS p USING (as_of, is_new)
)
SELECT
  strftime(as_of, '%Y-%m-%d') AS as_of, entity_id, client_id, is_new, invoices_12m,
  mean_late_12m AS raw_mean_days_late, mean_days_late, recent_days_late,
  -- the trend: the last 3 months against the 9 before (0 without both)
  CASE WHEN invoices_9m > 0 AND recent_invoices > 0 THEN least(greatest(recent_late - mean_late_9m, -60), 120) ELSE 0 END AS trend_days,
  oldest_days_past_due::DOUBLE AS oldest_days_past_due,
  months_outstanding, disputed_share, broken_promise_share::DOUBLE AS broken_promise_share, open_dispute_share::DOUBLE AS open_dispute_share,
  open_amount, overdue_amount, in_default,
  strftime(event_date, '%Y-%m-%d') AS event_date, event_kind
FROM shrunk
ORDER BY as_of, entity_id, client_id
