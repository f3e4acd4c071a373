-- reminders_client_items: one client's open invoices at $as_of for its letters (a statement of
-- account lists them all, a reminder those with a level due): the client account's open debit
-- items, less its unapplied payments and credits taken off the oldest first — the amounts the
-- worklist and the forecast expect (collections_client_open). Doubtful debts (416) are litigation,
-- not letters.
-- Grain: one row per open invoice. Parameters: $as_of DATE, $entity VARCHAR, $client VARCHAR.
SELECT item_id, piece_ref, doc_date, due_date, amount, open_amount, days_past_due
FROM query_collections_client_open
WHERE account_class = 'client' AND open_amount > 0
ORDER BY due_date, item_id
