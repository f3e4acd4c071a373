-- client_allocations: which credit settles which debit on client accounts (411, 413), for how much
-- and from when — stage 1, lettering (allocations_lettering): inside each lettering group the
-- group's credits are applied to its debits oldest first; stage 2, FIFO: what the groups leave and
-- the unlettered items of a client account are applied the same way, credits to the oldest debits
-- (one allocation step for both: macro allocate). A transfer to doubtful debts (416) is such a
-- credit: what it was applied to is what it moved (doubtful_transfers).
-- Grain: one row per (debit item, credit item, method). Inputs: allocations_lettering, fifo_pool_items.
SELECT * FROM allocations_lettering
UNION ALL
SELECT * FROM allocate('fifo_pool_items', 'fifo')
