-- doubtful_transfers: which invoice each 416 debit of a transfer stands for, and for how much
-- (debit_item_id: the invoice on the client account; credit_item_id: the 416 line). A receivable
-- does not become younger by being moved to 416: items gives it the invoice's dates and number.
-- Grain: one row per (invoice, 416 debit line). Inputs: transfer_pool_items.
SELECT * FROM allocate('transfer_pool_items', 'transfer')
