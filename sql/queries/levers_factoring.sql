-- levers_factoring: the invoices a factor could be offered at $as_of — the open debit items on client
-- accounts (invoices, opening balances, refunds, doubtful debts), less the client's unapplied
-- payments and credits taken off its oldest items first (they will be lettered against them: that
-- part is paid already), as the forecast counts what is still to collect
-- (forecast_open_items.sql) — each with what could exclude it: a doubtful debt (on 416), a
-- disputed invoice (an invoice import's flag, or a dispute opened in the app and still open with
-- the actions done up to $until), its days past due. Which exclusions apply is the report's choice.
-- Grain: one row per open item with something still to collect, by client and due date.
-- Parameters: $as_of DATE, $entity VARCHAR or NULL, $until DATE. Reads open_items_at and
-- app_disputes_at (sql/macros), items.
WITH open_items AS (
  SELECT o.*, i.piece_ref
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
    coalesce(sum(d.open_amount) OVER (PARTITION BY d.entity_id, d.client_id ORDER BY d.due_date, d.item_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS owed_before
  FROM open_items AS d
  LEFT JOIN unapplied AS u USING (entity_id, client_id)
  WHERE d.open_amount > 0
),
disputes AS (
  SELECT DISTINCT entity_id, client_id, invoice_ref FROM app_disputes_at($until)
)
SELECT
  d.item_id, d.entity_id, d.client_id,
  (d.open_amount - least(d.open_amount, greatest(d.client_credit - d.owed_before, 0)))::DOUBLE AS open_amount,
  datediff('day', d.due_date, $as_of::DATE)::INTEGER AS days_past_due,
  d.account_class = 'doubtful' AS is_doubtful,
  d.is_disputed OR a.invoice_ref IS NOT NULL AS is_disputed
FROM debits AS d
LEFT JOIN disputes AS a ON a.entity_id = d.entity_id AND a.client_id = d.client_id AND a.invoice_ref = d.piece_ref
WHERE d.open_amount - greatest(d.client_credit - d.owed_before, 0) > 0.005
ORDER BY d.entity_id, d.client_id, d.due_date, d.item_id
