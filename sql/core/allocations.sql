-- allocations: which credit settles which debit, for how much, and from when: on client accounts
-- (client_allocations: lettering, then FIFO), then on doubtful-debt accounts the same two stages
-- among the items transfers moved there. Each allocation counts from alloc_date, the later of its
-- two lines' dates, so an aged balance at D applies exactly the allocations dated on or before D
-- and always reconciles with the ledger at D.
-- Grain: one row per (debit item, credit item, method). Inputs: client_allocations,
-- doubtful_allocations_lettering, doubtful_fifo_pool_items.
SELECT * FROM client_allocations
UNION ALL
SELECT * FROM doubtful_allocations_lettering
UNION ALL
SELECT * FROM allocate('doubtful_fifo_pool_items', 'fifo')
