-- aging: the aged balance at $as_of per client: open amounts by bucket. Bucket 0 is "not due"
-- (due on $as_of or later) when $basis = 'due', bucket k ≥ 1 holds the items between edge k−1 and
-- edge k days past due (the last bucket is open-ended); with $basis = 'invoice' the buckets count
-- days since the invoice date and bucket 0 stays empty. Unapplied payments and credits are
-- bucket -1. Parameters: $as_of DATE, $entity VARCHAR or NULL, $edges VARCHAR (comma-separated days, e.g. 30,60,90), $basis VARCHAR.
-- Grain: one row per (entity, client), its amounts listed by bucket (buckets, bucket_amounts), and
-- what of them is on doubtful-debt accounts (doubtful_amount).
-- Reads open_items_at (sql/macros).
WITH bucketed AS (
SELECT
  entity_id,
  client_id,
  CASE
    WHEN amount < 0 THEN -1
    WHEN $basis::VARCHAR = 'invoice' THEN 1 + len(list_filter(string_split($edges::VARCHAR, ',')::INTEGER[], e -> e < days_since_issue))
    WHEN days_past_due <= 0 THEN 0
    ELSE 1 + len(list_filter(string_split($edges::VARCHAR, ',')::INTEGER[], e -> e < days_past_due))
  END AS bucket,
  sum(open_amount)::DOUBLE AS open_amount,
  coalesce(sum(open_amount) FILTER (WHERE amount > 0 AND days_past_due > 0), 0)::DOUBLE AS overdue_amount,
  count(*)::INTEGER AS item_count,
  max(days_past_due) FILTER (WHERE amount > 0 AND days_past_due > 0)::INTEGER AS oldest_days_past_due,
  bool_or(is_disputed) AS has_disputed,
  -- of which doubtful debts (416): they keep the age of the invoices moved there
  coalesce(sum(open_amount) FILTER (WHERE account_class = 'doubtful'), 0)::DOUBLE AS doubtful_amount
FROM open_items_at($as_of, $entity)
GROUP BY ALL
)
SELECT
  b.entity_id,
  b.client_id,
  any_value(c.client_name) AS client_name,
  list(b.bucket::INTEGER ORDER BY b.bucket) AS buckets,
  list(b.open_amount ORDER BY b.bucket) AS bucket_amounts,
  sum(b.overdue_amount)::DOUBLE AS overdue_amount,
  sum(b.item_count)::INTEGER AS item_count,
  max(b.oldest_days_past_due) AS oldest_days_past_due,
  bool_or(b.has_disputed) AS has_disputed,
  sum(b.doubtful_amount)::DOUBLE AS doubtful_amount
FROM bucketed AS b
LEFT JOIN clients AS c USING (entity_id, client_id)
GROUP BY b.entity_id, b.client_id
