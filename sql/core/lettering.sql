-- lettering: the lines whose lettering comes from a later year. A line lettered in its own file
-- belongs to (its import, its code): codes are only unique within an account and a file. A line
-- still open at its year's closing reappears as a detailed opening line in the next year's file,
-- and it is that copy which gets lettered with the payment: the chain of copies is followed until
-- one carries a code, and the original line takes that code (and that copy's import).
-- Grain: one row per line lettered in a later year. Inputs: receivable_lines, opening_links.
WITH RECURSIVE
chain (line_id, current_line_id, letter_import_id, letter_code, depth) AS (
  SELECT r.line_id, r.line_id, r.import_id, r.letter_code, 0
  FROM receivable_lines AS r
  SEMI JOIN (SELECT carried_line_id FROM opening_links) AS o ON o.carried_line_id = r.line_id
  WHERE r.letter_code IS NULL
  UNION ALL
  SELECT ch.line_id, o.opening_line_id, o.import_id, o.letter_code, ch.depth + 1
  FROM chain AS ch
  JOIN opening_links AS o ON o.carried_line_id = ch.current_line_id
  WHERE ch.letter_code IS NULL AND ch.depth < 50
)
SELECT line_id, arg_min(letter_import_id, depth) AS letter_import_id, arg_min(letter_code, depth) AS letter_code
FROM chain
WHERE letter_code IS NOT NULL
GROUP BY line_id
