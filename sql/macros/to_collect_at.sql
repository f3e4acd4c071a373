-- to_collect_at(as_of, entity, until): what is still to be collected at as_of, invoice by invoice —
-- the open debit items on client accounts (invoices, opening balances, refunds, doubtful debts),
-- less the client's unapplied payments and credits, taken off its oldest items first (they will be
-- lettered against them: no more cash comes for that part). An invoice is disputed when an invoice
-- import says so or a dispute opened in the app is still open (actions done up to until).
-- Shared by the cash forecast (forecast_open_items) and factoring (levers_factoring): what a
-- forecast expects to collect is what a factor could be offered.
-- Grain: one row per open item with something still to collect (open_amount, unrounded).
-- Arguments: as_of DATE, entity VARCHAR (NULL: every entity), until DATE. Reads open_items_at,
-- app_disputes_at (sql/macros), items.
-- after: models
CREATE OR REPLACE MACRO to_collect_at(as_of, entity, until) AS TABLE
WITH open_items AS (
  SELECT o.*, i.piece_ref, i.line_type
  FROM open_items_at(as_of, entity) AS o
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
  d.item_id, d.entity_id, d.client_id, d.piece_ref, d.line_type, d.account_class, d.doc_date, d.due_date, d.amount,
  d.open_amount - least(d.open_amount, greatest(d.client_credit - d.owed_before, 0)) AS open_amount,
  datediff('day', d.due_date, as_of::DATE)::INTEGER AS days_past_due,
  d.is_disputed OR a.invoice_ref IS NOT NULL AS is_disputed
FROM debits AS d
LEFT JOIN (SELECT DISTINCT entity_id, client_id, invoice_ref FROM app_disputes_at(until)) AS a
  ON a.entity_id = d.entity_id AND a.client_id = d.client_id AND a.invoice_ref = d.piece_ref
WHERE d.open_amount - greatest(d.client_credit - d.owed_before, 0) > 0.005
