-- levers_factoring: the invoices a factor could be offered at $as_of — what is still to be
-- collected, as the forecast counts it (to_collect_at: the open debit items on client accounts less
-- the client's unapplied payments and credits, taken off its oldest items first) — each with what
-- could exclude it: a doubtful debt (on 416), a disputed invoice (an invoice import's flag, or a
-- dispute opened in the app and still open with the actions done up to $until), its days past due.
-- Which exclusions apply is the report's choice.
-- Grain: one row per open item with something still to collect, by client and due date.
-- Parameters: $as_of DATE, $entity VARCHAR or NULL, $until DATE. Reads to_collect_at (sql/macros).
SELECT
  item_id, entity_id, client_id,
  open_amount::DOUBLE AS open_amount,
  days_past_due,
  account_class = 'doubtful' AS is_doubtful,
  is_disputed
FROM to_collect_at($as_of, $entity, $until)
ORDER BY entity_id, client_id, due_date, item_id
