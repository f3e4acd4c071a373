-- doubtful_items: the items on doubtful-debt accounts (416), the invoices moved there by their
-- transfers among them: their payments, credit notes and write-offs are allocated to them (allocations).
-- materialize: view
-- Grain: one row per item. Inputs: items.
SELECT * FROM items WHERE account_class = 'doubtful'
