-- fiscal_years: the fiscal years the ledger gives, per entity — one per active FEC import, from the
-- day after the previous closing to its closing date (period_end: the closing date of the file
-- name, else its last entry date). The previous closing is that of the previous year when it is
-- loaded too (ending within a month before this one's first entry, as imports_with_previous_year
-- says); else, when the file name gives the closing date, the same day a year before (a month's
-- end stays a month's end; a first or lengthened year starting earlier starts at its first entry);
-- else the day before the file's first entry. Read by the macro fiscal_year_at (sql/macros), which
-- also says what to assume for a date outside these years.
-- Grain: one row per active FEC import. Inputs: imports.
WITH fec AS (
  SELECT
    import_id, entity_id, period_start, period_end,
    coalesce(regexp_extract(file_name, '(\d{9})[Ff][Ee][Cc](\d{8})', 2) = strftime(period_end, '%Y%m%d'), false) AS closing_named
  FROM imports
  WHERE status = 'active' AND format = 'fec'
),
previous AS (
  SELECT f.import_id, max(p.period_end) AS previous_closing
  FROM fec AS f
  JOIN fec AS p ON p.entity_id = f.entity_id AND p.import_id <> f.import_id
    AND p.period_end < f.period_start AND p.period_end >= f.period_start - INTERVAL 31 DAY
  GROUP BY f.import_id
)
SELECT
  f.entity_id,
  f.import_id,
  CASE
    WHEN p.previous_closing IS NOT NULL THEN p.previous_closing + 1
    WHEN f.closing_named THEN least(f.period_start, CASE WHEN f.period_end = last_day(f.period_end) THEN last_day(f.period_end - INTERVAL 1 YEAR) ELSE (f.period_end - INTERVAL 1 YEAR)::DATE END + 1)
    ELSE f.period_start
  END AS start_date,
  f.period_end AS end_date
FROM fec AS f
LEFT JOIN previous AS p USING (import_id)
