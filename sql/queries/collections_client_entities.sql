-- collections_client_entities: the entities where a client code has items, with its name — to
-- check the client of an action or a contact, and to find its entity when only one has it; with
-- no client, every entity with clients (to name them when an unknown one is asked for).
-- Grain: one row per entity (of the client). Parameters: $client VARCHAR or NULL, $entity VARCHAR or NULL.
SELECT entity_id, any_value(client_name) FILTER (WHERE $client::VARCHAR IS NOT NULL) AS client_name
FROM clients
WHERE ($client::VARCHAR IS NULL OR client_id = $client::VARCHAR) AND ($entity::VARCHAR IS NULL OR entity_id = $entity::VARCHAR)
GROUP BY entity_id
ORDER BY entity_id
