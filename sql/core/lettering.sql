-- lettering: the lettering group of every counted line on a client account. A line lettered in its
-- own file belongs to (its import, its code): codes are only unique within an account and a file.
-- A line still open at its year's closing reappears as a detailed opening line in the next year's
-- file, and it is that copy which gets lettered with the payment: the chain of copies is followed
-- until one carries a code.
-- Grain: one row per counted line on a client account. Inputs: receivable_lines, opening_links.
WITH RECURSIVE
counted AS (
  SELECT r.*
  FROM receivable_lines AS r
  ANTI JOIN (SELECT opening_line_id FROM opening_links WHERE is_duplicate) AS d ON d.opening_line_id = r.line_id
),
chain (line_id, current_line_id, letter_import_id, letter_code, depth) AS (
  SELECT line_id, line_id, import_id, letter_code, 0 FROM counted WHERE letter_code IS NULL
  UNION ALL
  SELECT ch.line_id, o.opening_line_id, o.import_id, o.letter_code, ch.depth + 1
  FROM chain AS ch
  JOIN opening_links AS o ON o.carried_line_id = ch.current_line_id
  WHERE ch.letter_code IS NULL AND ch.depth < 50
),
carried AS (
  SELECT line_id, arg_min(letter_import_id, depth) AS letter_import_id, arg_min(letter_code, depth) AS letter_code
  FROM chain
  WHERE letter_code IS NOT NULL
  GROUP BY line_id
)
SELECT
  c.line_id,
  coalesce(k.letter_import_id, CASE WHEN c.letter_code IS NOT NULL THEN c.import_id END) AS letter_import_id,
  coalesce(k.letter_code, c.letter_code) AS letter_code,
  k.line_id IS NOT NULL AS lettered_in_later_year
FROM counted AS c
LEFT JOIN carried AS k USING (line_id)
