-- reminders_clients: what a letter needs to know of each client — its name, its terms for
-- late-payment charges and its letters' language, its credit controller, and its contacts
-- (those with an e-mail address first, in the order they were entered).
-- Grain: one row per client of $entity (every entity when NULL), or only $client.
-- Parameters: $entity VARCHAR or NULL, $client VARCHAR or NULL.
WITH contacts AS (
  SELECT entity_id, client_id,
         list({'name': name, 'email': email, 'role': role} ORDER BY email IS NULL, contact_id) AS contacts
  FROM collection_contacts
  GROUP BY ALL
)
SELECT
  c.entity_id, c.client_id, c.client_name,
  coalesce(p.charges, 'b2b') AS charges,
  p.late_rate::DOUBLE AS late_rate,
  coalesce(p.language, 'fr') AS language,
  p.owner,
  coalesce(k.contacts, []) AS contacts
FROM clients AS c
LEFT JOIN collection_clients AS p USING (entity_id, client_id)
LEFT JOIN contacts AS k USING (entity_id, client_id)
WHERE ($entity::VARCHAR IS NULL OR c.entity_id = $entity::VARCHAR)
  AND ($client::VARCHAR IS NULL OR c.client_id = $client::VARCHAR)
ORDER BY c.entity_id, c.client_id
