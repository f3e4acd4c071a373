-- app_disputes_at(until): the disputes opened in the app (a dispute, or a call that ended in one)
-- and not resolved by `until`: the actions done up to that day count (see models/span.ts,
-- actionsUntil: the as-of date, or every action when the as-of date is the latest of the data).
-- They act like a dispute flag of an invoice import: the invoice leaves the reminders and goes
-- to the forecast's disputed component.
-- Grain: one row per open dispute. Arguments: until DATE. Reads collection_actions only.
CREATE OR REPLACE MACRO app_disputes_at(until) AS TABLE
SELECT
  d.action_id, d.entity_id, d.client_id, d.invoice_ref, d.amount, d.dispute_reason, d.dispute_owner,
  d.done_on AS opened_on, d.recorded_by, d.note
FROM collection_actions AS d
WHERE d.dispute_reason IS NOT NULL
  AND d.done_on <= until::DATE
  AND NOT EXISTS (
    SELECT 1 FROM collection_actions AS r
    WHERE r.kind = 'dispute_resolved' AND r.resolves_id = d.action_id AND r.done_on <= until::DATE
  );
