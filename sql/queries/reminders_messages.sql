-- reminders_messages: the messages Encours sent or tried to send (and the letters users marked as
-- sent by hand), newest first, with the client's name; a failure with its error.
-- Grain: one row per message. Parameters: $entity VARCHAR or NULL, $client VARCHAR or NULL, $limit INTEGER.
SELECT
  m.message_id, m.entity_id, m.client_id, c.client_name, m.level, m.template, m.language, m.delivery, m.status,
  m.recipients, m.subject, m.invoice_refs, m.total_due::DOUBLE AS total_due, m.interest::DOUBLE AS interest,
  m.indemnity::DOUBLE AS indemnity, strftime(m.as_of, '%Y-%m-%d') AS as_of, m.smtp_id, m.error, m.content_type, m.recorded_by,
  strftime(m.recorded_at, '%Y-%m-%dT%H:%M:%SZ') AS recorded_at
FROM reminder_messages AS m
LEFT JOIN clients AS c USING (entity_id, client_id)
WHERE ($entity::VARCHAR IS NULL OR m.entity_id = $entity::VARCHAR)
  AND ($client::VARCHAR IS NULL OR m.client_id = $client::VARCHAR)
ORDER BY m.recorded_at DESC, m.message_id DESC
LIMIT $limit
