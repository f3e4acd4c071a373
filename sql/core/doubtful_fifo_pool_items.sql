-- doubtful_fifo_pool_items: what the lettering leaves on doubtful-debt accounts (416) and their
-- unlettered items: a payment or write-off on 416 settles the oldest invoice moved there first.
-- materialize: view
-- Grain: one row per item with an amount left to allocate. Inputs: doubtful_items, doubtful_allocations_lettering.
SELECT * FROM fifo_pool('doubtful_items', 'doubtful_allocations_lettering')
