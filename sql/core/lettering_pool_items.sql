-- lettering_pool_items: the items of each lettering group on client accounts, the pools of the
-- first allocation stage (allocations_lettering).
-- materialize: view
-- Grain: one row per lettered item. Inputs: client_ledger_items.
SELECT * FROM lettering_pool('client_ledger_items')
