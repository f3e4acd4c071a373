-- provisions_judgements: the provision judgements decided (provision_judgements, the users' own
-- data), newest first: each client's rate decided for a closing, with its reason, who decided and
-- when; a judgement without a rate withdrew the override. Where the client is known to the
-- ledger, its name.
-- Parameters: $entity VARCHAR or NULL, $client VARCHAR or NULL.
-- Grain: one row per judgement.
SELECT
  j.judgement_id::INTEGER AS judgement_id,
  j.entity_id,
  j.client_id,
  c.client_name,
  strftime(j.from_date, '%Y-%m-%d') AS from_date,
  j.rate::DOUBLE AS rate,
  j.reason,
  j.decided_by,
  strftime(j.decided_at, '%Y-%m-%dT%H:%M:%SZ') AS decided_at
FROM provision_judgements AS j
LEFT JOIN clients AS c USING (entity_id, client_id)
WHERE ($entity::VARCHAR IS NULL OR j.entity_id = $entity::VARCHAR)
  AND ($client::VARCHAR IS NULL OR j.client_id = $client::VARCHAR)
ORDER BY j.judgement_id DESC
