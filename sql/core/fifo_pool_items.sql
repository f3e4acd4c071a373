-- fifo_pool_items: what the lettering leaves on client accounts, and their unlettered items, pooled
-- by client account: the pools of the second allocation stage (FIFO, "balance forward").
-- materialize: view
-- Grain: one row per item with an amount left to allocate. Inputs: client_ledger_items, allocations_lettering.
SELECT * FROM fifo_pool('client_ledger_items', 'allocations_lettering')
