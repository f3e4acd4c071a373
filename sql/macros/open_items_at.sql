-- open_items_at(as_of, entity): every item open at as_of (an invoice not fully applied, a payment
-- or credit not fully used), with its account class (a doubtful debt is on 416), its days past
-- due and days since issue. Only allocations dated
-- on or before as_of are applied: a later payment never shows in an earlier aged balance. Only
-- the items whose open span covers as_of are looked at (item_spans, allocation_spans).
-- Shared by the aged balance, the client behaviour and the forecast (a table macro: one
-- definition, inlined where it is used, parameters bound by the caller).
-- Grain: one row per open item. Arguments: as_of DATE, entity VARCHAR (NULL: every entity).
-- after: models
CREATE OR REPLACE MACRO open_items_at(as_of, entity) AS TABLE
WITH candidates AS (
  SELECT *
  FROM item_spans
  WHERE entry_date <= as_of::DATE
    AND (closed_date IS NULL OR closed_date > as_of::DATE)
    AND (entity::VARCHAR IS NULL OR entity_id = entity::VARCHAR)
),
applied AS (
  SELECT item_id, sum(amount) AS applied
  FROM allocation_spans
  WHERE alloc_date <= as_of::DATE AND (item_closed_date IS NULL OR item_closed_date > as_of::DATE)
  GROUP BY item_id
)
SELECT
  c.item_id, c.entity_id, c.client_id, c.account_class, c.doc_date, c.entry_date, c.due_date, c.amount, c.is_disputed,
  CASE WHEN c.amount > 0 THEN c.amount - coalesce(a.applied, 0) ELSE c.amount + coalesce(a.applied, 0) END AS open_amount,
  CASE WHEN c.amount > 0 THEN datediff('day', c.due_date, as_of::DATE) END AS days_past_due,
  datediff('day', c.doc_date, as_of::DATE) AS days_since_issue
FROM candidates AS c
LEFT JOIN applied AS a USING (item_id)
WHERE abs(c.amount) > coalesce(a.applied, 0);
