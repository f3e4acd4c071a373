-- doubtful_allocations_lettering: stage 1 of the allocations on doubtful-debt accounts (416): inside
-- each lettering group, its credits applied to its debits oldest first.
-- Grain: one row per (debit item, credit item). Inputs: doubtful_lettering_pool_items.
SELECT * FROM allocate('doubtful_lettering_pool_items', 'lettering')
