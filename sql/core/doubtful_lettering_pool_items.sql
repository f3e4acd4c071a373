-- doubtful_lettering_pool_items: the lettering groups on doubtful-debt accounts (416).
-- materialize: view
-- Grain: one row per lettered item. Inputs: doubtful_items.
SELECT * FROM lettering_pool('doubtful_items')
