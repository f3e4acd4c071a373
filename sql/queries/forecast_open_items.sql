-- forecast_open_items: what is still to be collected at $as_of, invoice by invoice (to_collect_at:
-- the open debit items on client accounts less the client's unapplied payments and credits, taken
-- off its oldest items first). Doubtful debts (416) come with their account class: the plan does
-- not count on them. An invoice is disputed when an invoice import says so or a dispute opened in
-- the app is still open (actions done up to $until).
-- Grain: one row per open item still expected. Parameters: $as_of DATE, $entity VARCHAR or NULL,
-- $until DATE. Reads to_collect_at (sql/macros), clients.
SELECT
  d.item_id, d.entity_id, d.client_id, c.client_name, d.piece_ref, d.line_type, d.account_class,
  strftime(d.doc_date, '%Y-%m-%d') AS doc_date, strftime(d.due_date, '%Y-%m-%d') AS due_date,
  d.amount::DOUBLE AS amount,
  round(d.open_amount, 2)::DOUBLE AS open_amount,
  d.days_past_due,
  d.is_disputed
FROM to_collect_at($as_of, $entity, $until) AS d
LEFT JOIN clients AS c USING (entity_id, client_id)
ORDER BY d.entity_id, d.client_id, d.due_date, d.item_id
