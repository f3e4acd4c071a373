-- promise_cash(grace), promise_outcomes(grace): how each promise to pay recorded in the app went,
-- one rule for the collections (collections_promises) and the risk panel (risk_panel), which
-- judge it at one date or at many.
-- promise_cash: the cash that counts for a promise, day by day, from the day it was made to its
-- last day (its date plus `grace` days: transfers take a day or two) — for a promise on an invoice,
-- what was applied to that invoice; for a promise of the client, the client's receipts.
-- promise_outcomes: each promise with its last day, the day its cash covered it (kept_on, or NULL)
-- and the day a newer promise on the same invoice (or, for the client, of the client) was made
-- while it was still running (replaced_on, or NULL: renegotiated, it counts no more from then) —
-- the promises recorded up to `recorded_until` (by default every one; the risk panel: those
-- recorded before the model build, so that a promise recorded since replaces none of its scores).
-- Grain: one row per (promise, day with cash); one row per promise. Arguments: grace INTEGER,
-- recorded_until TIMESTAMP.
-- after: models
CREATE OR REPLACE MACRO promise_cash(grace) AS TABLE
WITH promises AS (
  SELECT action_id, entity_id, client_id, invoice_ref, done_on, promise_date::DATE + grace::INTEGER AS last_day
  FROM collection_actions
  WHERE promise_date IS NOT NULL
)
SELECT p.action_id, i.entry_date AS day, -sum(i.amount)::DOUBLE AS amount
FROM promises AS p
JOIN items AS i
  ON i.entity_id = p.entity_id AND i.client_id = p.client_id AND i.line_type = 'payment'
 AND i.entry_date >= p.done_on AND i.entry_date <= p.last_day
WHERE p.invoice_ref IS NULL
GROUP BY ALL
UNION ALL
SELECT p.action_id, a.alloc_date, sum(a.amount)::DOUBLE
FROM promises AS p
JOIN items AS d ON d.entity_id = p.entity_id AND d.client_id = p.client_id AND d.piece_ref = p.invoice_ref AND d.amount > 0
JOIN allocations AS a ON a.debit_item_id = d.item_id AND a.alloc_date >= p.done_on AND a.alloc_date <= p.last_day
WHERE p.invoice_ref IS NOT NULL
GROUP BY ALL;

CREATE OR REPLACE MACRO promise_outcomes(grace, recorded_until := TIMESTAMP '9999-12-31 23:59:59') AS TABLE
WITH promises AS (
  SELECT action_id, entity_id, client_id, invoice_ref, kind, outcome, done_on, promise_date, amount::DOUBLE AS amount,
         recorded_by, recorded_at, promise_date::DATE + grace::INTEGER AS last_day
  FROM collection_actions
  WHERE promise_date IS NOT NULL AND recorded_at <= recorded_until
),
running AS (
  SELECT action_id, day, sum(amount) OVER (PARTITION BY action_id ORDER BY day ROWS UNBOUNDED PRECEDING) AS received
  FROM promise_cash(grace)
),
kept AS (
  SELECT r.action_id, min(r.day) AS kept_on
  FROM running AS r JOIN promises AS p USING (action_id)
  WHERE r.received >= p.amount - 0.005
  GROUP BY ALL
),
replaced AS (
  SELECT p.action_id, min(n.done_on) AS replaced_on
  FROM promises AS p
  JOIN promises AS n
    ON n.entity_id = p.entity_id AND n.client_id = p.client_id AND n.invoice_ref IS NOT DISTINCT FROM p.invoice_ref
   AND (n.done_on, n.action_id) > (p.done_on, p.action_id) AND n.done_on <= p.last_day
  GROUP BY ALL
)
SELECT p.*, k.kept_on, x.replaced_on
FROM promises AS p
LEFT JOIN kept AS k USING (action_id)
LEFT JOIN replaced AS x USING (action_id);
