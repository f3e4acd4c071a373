-- collections_client_entities: the entities where a client code has items, with its name — to
-- check the client of an action or a contact, and to find its entity when only one has it.
-- Grain: one row per entity of the client. Parameters: $client VARCHAR, $entity VARCHAR or NULL.
SELECT entity_id, client_name
FROM clients
WHERE client_id = $client::VARCHAR AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
ORDER BY entity_id
