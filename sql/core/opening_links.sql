-- opening_links: for each opening (à-nouveau) line on a client account, whether the previous fiscal
-- year of its entity is loaded and, if so, which line of that year it carries forward (same account,
-- client, reference, document date and amount; twins paired in file order). With the previous year
-- loaded the opening line is a duplicate and is not counted; its lettering is carried back to the
-- original line (see lettering). Without it, the opening line stands for the older open item.
-- Grain: one row per opening line on a client account. Inputs: receivable_lines, imports.
WITH opening AS (
  SELECT * FROM receivable_lines WHERE line_type = 'opening'
),
previous_year AS (
  SELECT o.import_id, max(p.import_id) AS previous_import_id
  FROM (SELECT DISTINCT import_id, entity_id, import_period_start FROM opening) AS o
  JOIN imports AS p
    ON p.status = 'active' AND p.format = 'fec' AND p.entity_id = o.entity_id AND p.import_id <> o.import_id
   AND p.period_end < o.import_period_start AND p.period_end >= o.import_period_start - INTERVAL 31 DAY
  GROUP BY o.import_id
),
opening_ranked AS (
  SELECT
    o.*,
    py.previous_import_id,
    row_number() OVER (PARTITION BY o.import_id, o.account_num, o.client_id, o.piece_ref, o.doc_date, o.amount ORDER BY o.line_no) AS twin_rank
  FROM opening AS o
  LEFT JOIN previous_year AS py USING (import_id)
),
carried_ranked AS (
  SELECT
    r.line_id, r.import_id, r.account_num, r.client_id, r.piece_ref, r.doc_date, r.amount,
    row_number() OVER (PARTITION BY r.import_id, r.account_num, r.client_id, r.piece_ref, r.doc_date, r.amount ORDER BY r.line_no) AS twin_rank
  FROM receivable_lines AS r
  WHERE r.letter_code IS NULL AND r.import_id IN (SELECT previous_import_id FROM previous_year)
)
SELECT
  o.line_id AS opening_line_id,
  o.import_id,
  o.previous_import_id,
  o.previous_import_id IS NOT NULL AS is_duplicate,
  c.line_id AS carried_line_id,
  o.letter_code
FROM opening_ranked AS o
LEFT JOIN carried_ranked AS c
  ON c.import_id = o.previous_import_id
 AND c.account_num = o.account_num
 AND c.client_id = o.client_id
 AND c.piece_ref IS NOT DISTINCT FROM o.piece_ref
 AND c.doc_date = o.doc_date
 AND c.amount = o.amount
 AND c.twin_rank = o.twin_rank
