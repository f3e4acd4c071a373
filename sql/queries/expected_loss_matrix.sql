-- expected_loss_matrix: the provision matrix (IFRS 9 simplified approach) at $as_of — per bucket of
-- days past due, the amount open on client accounts (411 clients, 413 bills) at $as_of, the loss
-- rate measured on the ledger's own history (expected_loss_history: Σ lost / Σ open over the
-- month-ends whose outcome is known, amount-weighted) and the expected loss: open × rate, to the
-- cent (the rate as DECIMAL(18,10), half a cent up, in decimal arithmetic). Two more rows make the
-- aged balance whole: bucket -2, the doubtful debts (416), not rated by the matrix — the provision
-- proposal provisions each of them (provisions_invoices): their expected loss is that specific
-- provision, on the amount excluding VAT —, and bucket -1, the unapplied payments and credits
-- (negative; nothing to lose). Σ open_amount of all rows = the aged total at $as_of.
-- lost_clients: how many clients the bucket's losses come from. month_ends: how many month-ends the
-- history holds (the same on every row), all_lost_clients: the clients of all the losses.
-- Parameters: $as_of DATE, $entity VARCHAR or NULL, $edges VARCHAR (e.g. 30,60,90), $outcome_months
-- INTEGER, and the provision proposal's $rules VARCHAR and $vat_rate DOUBLE.
-- Grain: one row per bucket (-2 doubtful, -1 unapplied, 0 not due, 1 … the open-ended last), every
-- bucket listed. Reads open_items_at (sql/macros), query_expected_loss_history and query_provisions_invoices.
WITH history AS (
  SELECT * FROM query_expected_loss_history
),
by_bucket AS (
  SELECT
    bucket,
    sum(open_amount)::DECIMAL(18,2) AS history_open,
    sum(lost_amount)::DECIMAL(18,2) AS history_lost,
    len(list_distinct(flatten(list(lost_clients) FILTER (WHERE lost_clients IS NOT NULL))))::INTEGER AS lost_clients
  FROM history
  GROUP BY bucket
),
overall AS (
  SELECT
    count(DISTINCT month_end)::INTEGER AS month_ends,
    coalesce(len(list_distinct(flatten(list(lost_clients) FILTER (WHERE lost_clients IS NOT NULL)))), 0)::INTEGER AS all_lost_clients
  FROM history
),
today AS (
  SELECT
    CASE
      WHEN amount < 0 THEN -1
      WHEN account_class = 'doubtful' THEN -2
      WHEN days_past_due <= 0 THEN 0
      ELSE 1 + len(list_filter(string_split($edges::VARCHAR, ',')::INTEGER[], e -> e < days_past_due))
    END AS bucket,
    sum(open_amount)::DECIMAL(18,2) AS open_amount
  FROM open_items_at($as_of, $entity)
  GROUP BY ALL
),
-- the doubtful debts' specific provision, as the proposal makes it
specific AS (
  SELECT -2 AS bucket, sum(provision)::DECIMAL(18,2) AS provision
  FROM query_provisions_invoices
),
buckets AS (
  SELECT unnest(range(-2, len(string_split($edges::VARCHAR, ',')) + 2))::INTEGER AS bucket
),
rated AS (
  SELECT
    b.bucket,
    coalesce(t.open_amount, 0)::DECIMAL(18,2) AS open_amount,
    coalesce(h.history_open, 0)::DECIMAL(18,2) AS history_open,
    coalesce(h.history_lost, 0)::DECIMAL(18,2) AS history_lost,
    coalesce(h.lost_clients, 0)::INTEGER AS lost_clients,
    CASE WHEN b.bucket >= 0 AND h.history_open > 0 THEN (h.history_lost / h.history_open)::DECIMAL(18,10) END AS rate
  FROM buckets AS b
  LEFT JOIN today AS t USING (bucket)
  LEFT JOIN by_bucket AS h USING (bucket)
)
SELECT
  r.bucket,
  r.open_amount,
  r.history_open,
  r.history_lost,
  r.lost_clients,
  r.rate::DOUBLE AS rate,
  -- in 128 bits: DECIMAL(18,2) × DECIMAL(18,10) stays in 64 and overflows from about 1.2 M€ in a bucket
  CASE WHEN r.bucket = -2 THEN coalesce(s.provision, 0) ELSE round(r.open_amount::DECIMAL(38,2) * r.rate, 2) END::DECIMAL(18,2) AS expected_loss,
  o.month_ends,
  o.all_lost_clients
FROM rated AS r
CROSS JOIN overall AS o
LEFT JOIN specific AS s USING (bucket)
ORDER BY r.bucket
