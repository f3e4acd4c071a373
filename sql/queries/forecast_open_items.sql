-- forecast_open_items: what is still to be collected at $as_of, invoice by invoice — the open
-- debit items on client accounts (invoices, opening balances, refunds), less the client's
-- unapplied payments and credits, taken off its oldest items first (they will be lettered against
-- them: no more cash comes for that part). Doubtful debts (416) come with their account class:
-- the plan does not count on them. An invoice is disputed when an invoice import says so or a
-- dispute opened in the app is still open (actions done up to $until).
-- Grain: one row per open item still expected. Parameters: $as_of DATE, $entity VARCHAR or NULL,
-- $until DATE. Reads open_items_at and app_disputes_at (sql/macros).
WITH open_items AS (
  SELECT o.*, i.piece_ref, i.line_type
  FROM open_items_at($as_of, $entity) AS o
  JOIN items AS i USING (item_id)
),
unapplied AS (
  SELECT entity_id, client_id, -sum(open_amount) AS credit
  FROM open_items
  WHERE open_amount < 0
  GROUP BY ALL
),
debits AS (
  SELECT
    d.*,
    coalesce(u.credit, 0) AS client_credit,
    -- what the client owes on its older items, before this one
    coalesce(sum(d.open_amount) OVER (PARTITION BY d.entity_id, d.client_id ORDER BY d.due_date, d.item_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS owed_before
  FROM open_items AS d
  LEFT JOIN unapplied AS u USING (entity_id, client_id)
  WHERE d.open_amount > 0
)
SELECT
  d.item_id, d.entity_id, d.client_id, c.client_name, d.piece_ref, d.line_type, d.account_class,
  strftime(d.doc_date, '%Y-%m-%d') AS doc_date, strftime(d.due_date, '%Y-%m-%d') AS due_date,
  d.amount::DOUBLE AS amount,
  round(d.open_amount - least(d.open_amount, greatest(d.client_credit - d.owed_before, 0)), 2)::DOUBLE AS open_amount,
  datediff('day', d.due_date, $as_of::DATE)::INTEGER AS days_past_due,
  d.is_disputed OR a.invoice_ref IS NOT NULL AS is_disputed
FROM debits AS d
LEFT JOIN clients AS c USING (entity_id, client_id)
LEFT JOIN (SELECT DISTINCT entity_id, client_id, invoice_ref FROM app_disputes_at($until)) AS a
  ON a.entity_id = d.entity_id AND a.client_id = d.client_id AND a.invoice_ref = d.piece_ref
WHERE d.open_amount - greatest(d.client_credit - d.owed_before, 0) > 0.005
ORDER BY d.entity_id, d.client_id, d.due_date, d.item_id
