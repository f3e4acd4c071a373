-- provisions_clients: per client, the provision its doubtful invoices require at $as_of
-- (provisions_invoices), the provision booked for it (491 by its auxiliary account, to $as_of), and
-- the entry proposed: an allowance (dotation, 6817) when more is required than booked, a reversal
-- (reprise, 7817) when less. A client with a provision booked and no doubtful invoice left (paid,
-- written off) has its provision reversed. What the ledger books on 491 without a client is not
-- here (provisions_unassigned). The judgement in force on the client's rate, when one was decided
-- (provision_judgements_at), comes with its reason, author and date.
-- Parameters: as provisions_invoices. Grain: one row per (entity, client).
WITH required AS (
  SELECT entity_id, client_id, any_value(client_name) AS client_name, count(*)::INTEGER AS invoices,
    sum(open_amount)::DECIMAL(18,2) AS open_amount, sum(base)::DECIMAL(18,2) AS base, sum(provision)::DECIMAL(18,2) AS required
  FROM query_provisions_invoices
  GROUP BY entity_id, client_id
),
booked AS (
  SELECT entity_id, client_id, sum(amount)::DECIMAL(18,2) AS booked
  FROM provision_lines
  WHERE client_id IS NOT NULL AND entry_date <= $as_of::DATE AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
  GROUP BY entity_id, client_id
  HAVING sum(amount) <> 0
),
joined AS (
  SELECT
    coalesce(r.entity_id, b.entity_id) AS entity_id,
    coalesce(r.client_id, b.client_id) AS client_id,
    r.client_name,
    coalesce(r.invoices, 0) AS invoices,
    coalesce(r.open_amount, 0)::DECIMAL(18,2) AS open_amount,
    coalesce(r.base, 0)::DECIMAL(18,2) AS base,
    coalesce(r.required, 0)::DECIMAL(18,2) AS required,
    coalesce(b.booked, 0)::DECIMAL(18,2) AS booked
  FROM required AS r
  FULL OUTER JOIN booked AS b USING (entity_id, client_id)
)
SELECT
  j.entity_id,
  j.client_id,
  coalesce(j.client_name, c.client_name) AS client_name,
  j.invoices,
  j.open_amount::DOUBLE AS open_amount,
  j.base::DOUBLE AS base,
  j.required::DOUBLE AS required,
  j.booked::DOUBLE AS booked,
  greatest(j.required - j.booked, 0)::DOUBLE AS allowance,
  greatest(j.booked - j.required, 0)::DOUBLE AS reversal,
  CASE WHEN pj.rate IS NOT NULL THEN {
    'judgement_id': pj.judgement_id::INTEGER, 'rate': pj.rate, 'reason': pj.reason, 'from_date': strftime(pj.from_date, '%Y-%m-%d'),
    'decided_by': pj.decided_by, 'decided_at': strftime(pj.decided_at, '%Y-%m-%dT%H:%M:%SZ')
  } END AS judgement
FROM joined AS j
LEFT JOIN clients AS c USING (entity_id, client_id)
LEFT JOIN provision_judgements_at($as_of, $entity) AS pj USING (entity_id, client_id)
ORDER BY j.required DESC, j.booked DESC, j.entity_id, j.client_id
