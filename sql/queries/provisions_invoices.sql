-- provisions_invoices: each doubtful invoice (416) open at $as_of and the provision proposed on it.
-- Base: the open amount excluding VAT — open amount × the share excluding VAT of its sale
-- (doubtful_tax_shares), or ÷ (1 + $vat_rate) when the sale is not in the ledger. Rate: that of the
-- highest rule "over N days past due" the invoice passes ($rules: 'N:rate,…' by increasing N), 0
-- below the first — unless a person decided the client's rate for this closing (a provision
-- judgement in force at $as_of, with its reason: provision_judgements_at), which then applies to
-- every doubtful invoice of the client. Provision: base × rate, to the cent. Amounts to the cent as
-- DECIMAL, then DOUBLE.
-- Parameters: $as_of DATE, $entity VARCHAR or NULL, $rules VARCHAR, $vat_rate DOUBLE.
-- Grain: one row per open doubtful invoice. Reads open_items_at (sql/macros).
WITH open_doubtful AS (
  SELECT item_id, entity_id, client_id, doc_date, due_date, open_amount, days_past_due
  FROM open_items_at($as_of, $entity)
  WHERE account_class = 'doubtful' AND amount > 0
),
rules AS (
  SELECT list_transform(string_split($rules::VARCHAR, ','), r -> {'over_days': split_part(r, ':', 1)::INTEGER, 'rate': split_part(r, ':', 2)::DOUBLE}) AS rules
),
based AS (
  SELECT
    d.*,
    i.piece_ref,
    t.ht_share,
    -- to the cent, half a cent up, in decimal arithmetic (a binary 597.295 would round down), in
    -- 128 bits: DECIMAL(18,2) × DECIMAL(18,10) stays in 64 and overflows from about 1.2 M€ open
    round(d.open_amount::DECIMAL(38,2) * coalesce(t.ht_share, (1 / (1 + $vat_rate::DOUBLE))::DECIMAL(18,10)), 2)::DECIMAL(18,2) AS base,
    coalesce(list_max(list_transform(list_filter(r.rules, x -> x.over_days < d.days_past_due), x -> x.rate)), 0)::DOUBLE AS rule_rate,
    j.rate AS judged_rate
  FROM open_doubtful AS d
  JOIN items AS i USING (item_id)
  LEFT JOIN doubtful_tax_shares AS t USING (item_id)
  LEFT JOIN provision_judgements_at($as_of, $entity) AS j ON j.entity_id = d.entity_id AND j.client_id = d.client_id
  CROSS JOIN rules AS r
),
rated AS (
  SELECT *, coalesce(judged_rate, rule_rate) AS rate, CASE WHEN judged_rate IS NULL THEN 'rules' ELSE 'judgement' END AS rate_source
  FROM based
)
SELECT
  b.entity_id,
  b.client_id,
  c.client_name,
  b.item_id,
  b.piece_ref,
  strftime(b.doc_date, '%Y-%m-%d') AS doc_date,
  strftime(b.due_date, '%Y-%m-%d') AS due_date,
  b.days_past_due::INTEGER AS days_past_due,
  b.open_amount::DECIMAL(18,2) AS open_amount,
  b.ht_share IS NOT NULL AS vat_from_ledger,
  b.base,
  b.rule_rate,
  b.rate,
  b.rate_source,
  round(b.base * b.rate::DECIMAL(7,6), 2)::DECIMAL(18,2) AS provision
FROM rated AS b
LEFT JOIN clients AS c USING (entity_id, client_id)
ORDER BY b.entity_id, b.client_id, b.due_date, b.piece_ref, b.item_id
