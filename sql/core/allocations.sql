-- allocations: which credit settles which debit, for how much, and from when.
-- Stage 1, lettering (allocations_lettering): inside each lettering group the group's credits are
-- applied to its debits oldest first. Stage 2, FIFO ("balance forward"): what the groups leave and
-- the unlettered items of a client account (fifo_pool_items) are applied the same way, credits
-- to the oldest debits — one allocation step for both (macro allocate, sql/macros/allocate.sql).
-- Each allocation counts from alloc_date, the later of its two lines' dates, so an aged balance at D
-- applies exactly the allocations dated on or before D and always reconciles with the ledger at D.
-- Grain: one row per (debit item, credit item, method). Inputs: allocations_lettering, fifo_pool_items.
SELECT * FROM allocations_lettering
UNION ALL
SELECT * FROM allocate('fifo_pool_items', 'fifo')
