-- client_trade_12m(as_of, entity): each client's trade over the 12 months to as_of (the window:
-- the day after as_of − 12 months to as_of) — what the CFO's levers and the suggested credit limits
-- are computed from:
-- - sales_12m: invoices − credit notes entered in the window, including VAT (the DSO's sales);
--   NULL for a client without any;
-- - terms_days: the amount-weighted mean days from invoice to due date of its invoices of the
--   window — its own terms as the ledger applies them (end-of-month terms included);
-- - days_to_pay_12m, days_late_12m: the amount-weighted mean days from invoice to payment, and past
--   the due date, of its invoices paid in cash in the window (settled by a payment: a credit note
--   brings no cash); NULL for a client that paid none.
-- Grain: one row per (entity, client) with sales or payments in the window. Arguments: as_of DATE,
-- entity VARCHAR (NULL: every entity). Reads items, invoice_settlements.
-- after: models
CREATE OR REPLACE MACRO client_trade_12m(as_of, entity) AS TABLE
WITH sales AS (
  SELECT
    entity_id, client_id,
    sum(amount)::DOUBLE AS sales_12m,
    (sum(amount * datediff('day', doc_date, due_date)) FILTER (WHERE line_type = 'invoice')
      / sum(amount) FILTER (WHERE line_type = 'invoice'))::DOUBLE AS terms_days
  FROM items
  WHERE line_type IN ('invoice', 'credit_note')
    AND entry_date > (as_of::DATE - INTERVAL 12 MONTH)::DATE AND entry_date <= as_of::DATE
    AND (entity::VARCHAR IS NULL OR entity_id = entity::VARCHAR)
  GROUP BY ALL
),
paid AS (
  SELECT
    entity_id, client_id,
    (sum(amount * days_to_pay) / sum(amount))::DOUBLE AS days_to_pay_12m,
    (sum(amount * days_late) / sum(amount))::DOUBLE AS days_late_12m
  FROM invoice_settlements
  WHERE line_type IN ('invoice', 'opening') AND settled_by = 'payment'
    AND settled_date > (as_of::DATE - INTERVAL 12 MONTH)::DATE AND settled_date <= as_of::DATE
    AND (entity::VARCHAR IS NULL OR entity_id = entity::VARCHAR)
  GROUP BY ALL
)
SELECT entity_id, client_id, s.sales_12m, s.terms_days, p.days_to_pay_12m, p.days_late_12m
FROM sales AS s
FULL JOIN paid AS p USING (entity_id, client_id)
