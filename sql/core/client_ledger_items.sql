-- client_ledger_items: the booked items on client accounts (411 clients, 413 bills): the first
-- allocations are made among them (client_allocations), doubtful debts after (allocations).
-- materialize: view
-- Grain: one row per item. Inputs: booked_items.
SELECT * FROM booked_items WHERE account_class <> 'doubtful'
