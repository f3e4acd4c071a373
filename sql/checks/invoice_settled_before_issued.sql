-- an invoice is settled before it was issued or entered in the ledger
-- Grain: one row per such invoice. Inputs: invoice_settlements.
SELECT item_id, client_id, piece_ref, invoice_date, entry_date, settled_date
FROM invoice_settlements
WHERE settled_date < entry_date OR settled_date < invoice_date
