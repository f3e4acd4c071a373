-- collections_client_open: one client's open debit items at $as_of, each with what is still
-- expected of it once the client's unapplied payments and credits are taken off its oldest items
-- (as forecast_open_items does for everyone) — what a promise or a dispute can be about.
-- Grain: one row per open debit item of the client. Parameters: $as_of DATE, $entity VARCHAR, $client VARCHAR.
WITH open_items AS (
  SELECT o.item_id, o.due_date, o.open_amount, i.piece_ref, i.account_class
  FROM open_items_at($as_of, $entity) AS o
  JOIN items AS i USING (item_id)
  WHERE o.client_id = $client::VARCHAR
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
SELECT item_id, piece_ref, account_class, strftime(due_date, '%Y-%m-%d') AS due_date,
       round(open_amount - least(open_amount, greatest(credit - owed_before, 0)), 2)::DOUBLE AS open_amount
FROM debits
ORDER BY due_date, item_id
