-- collections_contacts: the contacts of the clients (all, of an entity, of a client, or one by id),
-- by client then name.
-- Grain: one row per contact. Parameters: $entity, $client VARCHAR or NULL, $id BIGINT or NULL.
SELECT contact_id, entity_id, client_id, name, role, email, phone, updated_by,
       strftime(updated_at, '%Y-%m-%dT%H:%M:%SZ') AS updated_at
FROM collection_contacts
WHERE ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
  AND ($client::VARCHAR IS NULL OR client_id = $client::VARCHAR)
  AND ($id::BIGINT IS NULL OR contact_id = $id::BIGINT)
ORDER BY entity_id, client_id, name, contact_id
