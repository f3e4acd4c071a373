-- transfer_pool_items: for each transfer to doubtful debts (the credits on the client account and
-- the debits on 416 that one import books for a client on one day), the invoices its client-account
-- credits were applied to — those its lettering names, else the oldest open (client_allocations) —
-- and its 416 debit lines: laid end to end (macro allocate), the 416 lines in the ledger's order
-- take back the invoices oldest first, whether a line names one invoice or the whole transfer.
-- (Lines that name their invoices in another order than their age are matched by position, not
-- by number: the amounts and the ages on 416 stay right, the lettering of a write-off may then
-- close another moved invoice than the one it names.)
-- materialize: view
-- Grain: one row per moved invoice or 416 debit line, per transfer. Inputs: booked_items, client_allocations.
WITH moved AS (
  SELECT
    concat_ws('|', c.import_id, c.entity_id, c.client_id, c.entry_date) AS pool,
    a.debit_item_id AS item_id,
    sum(a.amount)::DECIMAL(18,2) AS amount
  FROM client_allocations AS a
  JOIN booked_items AS c ON c.item_id = a.credit_item_id AND c.line_type = 'doubtful_transfer'
  -- what a transfer moves was there when it was booked: the rest of a transfer larger than what
  -- was owed, applied later to a newer invoice, stays on the 416 line as an item of its own. An
  -- allocation is dated the later of its two lines (alloc_date): the invoice came first when that
  -- is the transfer's date. (Said so rather than by joining the invoice's line again: inside the
  -- rebuild's transaction DuckDB joined that one to the transfers on the dates alone first —
  -- 1.2 billion rows, 21 s at a million lines.)
  WHERE a.alloc_date <= c.entry_date
  GROUP BY ALL
)
SELECT m.item_id, m.pool, true AS is_debit, m.amount, i.doc_date, i.entry_date
FROM moved AS m
JOIN booked_items AS i USING (item_id)
UNION ALL
SELECT item_id, concat_ws('|', import_id, entity_id, client_id, entry_date), false, amount::DECIMAL(18,2), doc_date, entry_date
FROM booked_items
WHERE account_class = 'doubtful' AND line_type = 'doubtful_transfer' AND amount > 0
