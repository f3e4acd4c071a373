-- provision_judgements_at(as_of, entity): per client, the provision judgement in force at the
-- closing as_of — the latest decided for a closing on or before it (provision_judgements, the
-- users' own data); one without a rate means the rules apply again. Shared by the invoices' and
-- the clients' provisions (a table macro: one definition, inlined where it is used).
-- Grain: one row per (entity, client) with a judgement. Arguments: as_of DATE, entity VARCHAR (NULL: every entity).
CREATE OR REPLACE MACRO provision_judgements_at(as_of, entity) AS TABLE
SELECT judgement_id, entity_id, client_id, from_date, rate::DOUBLE AS rate, reason, decided_by, decided_at
FROM provision_judgements
WHERE from_date <= as_of::DATE AND (entity::VARCHAR IS NULL OR entity_id = entity::VARCHAR)
QUALIFY row_number() OVER (PARTITION BY entity_id, client_id ORDER BY from_date DESC, judgement_id DESC) = 1
