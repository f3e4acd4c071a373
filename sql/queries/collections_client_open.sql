-- collections_client_open: one client's open debit items at $as_of, each with what is still
-- expected of it once the client's unapplied payments and credits are taken off its oldest items
-- (as forecast_open_items does for everyone) — what a promise or a dispute can be about. Read for
-- every action recorded: the client's items alone, and their allocations alone (open_items_at
-- would apply the allocations of every open item of the ledger first).
-- Grain: one row per open debit item of the client. Parameters: $as_of DATE, $entity VARCHAR, $client VARCHAR.
WITH candidates AS (
  SELECT item_id, doc_date, due_date, amount
  FROM item_spans
  WHERE client_id = $client::VARCHAR AND entity_id = $entity::VARCHAR
    AND entry_date <= $as_of::DATE AND (closed_date IS NULL OR closed_date > $as_of::DATE)
),
applied AS (
  SELECT a.item_id, sum(a.amount) AS applied
  FROM allocation_spans AS a
  JOIN candidates AS c USING (item_id)
  WHERE a.alloc_date <= $as_of::DATE
  GROUP BY a.item_id
),
open_items AS (
  SELECT c.item_id, c.doc_date, c.due_date, c.amount, i.piece_ref, i.account_class,
         CASE WHEN c.amount > 0 THEN c.amount - coalesce(a.applied, 0) ELSE c.amount + coalesce(a.applied, 0) END AS open_amount
  FROM candidates AS c
  LEFT JOIN applied AS a USING (item_id)
  JOIN items AS i USING (item_id)
  WHERE abs(c.amount) > coalesce(a.applied, 0)
),
credit AS (
  SELECT coalesce(-sum(open_amount), 0) AS credit FROM open_items WHERE open_amount < 0
),
debits AS (
  SELECT d.*, c.credit,
         coalesce(sum(d.open_amount) OVER (ORDER BY d.due_date, d.item_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS owed_before
  FROM open_items AS d CROSS JOIN credit AS c
  WHERE d.open_amount > 0
)
SELECT item_id, piece_ref, account_class, strftime(doc_date, '%Y-%m-%d') AS doc_date, strftime(due_date, '%Y-%m-%d') AS due_date,
       amount::DOUBLE AS amount, datediff('day', due_date, $as_of::DATE)::INTEGER AS days_past_due,
       round(open_amount - least(open_amount, greatest(credit - owed_before, 0)), 2)::DOUBLE AS open_amount
FROM debits
ORDER BY due_date, item_id
