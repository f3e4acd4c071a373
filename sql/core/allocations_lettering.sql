-- allocations_lettering: stage 1 of the allocations — inside each lettering group the group's
-- credits, in date order, are applied to its debits oldest first (macro allocate).
-- Grain: one row per (debit item, credit item). Inputs: lettering_pool_items.
SELECT * FROM allocate('lettering_pool_items', 'lettering')
