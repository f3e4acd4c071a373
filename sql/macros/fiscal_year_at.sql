-- fiscal_year_at(entity, day): the fiscal year of an entity that a day falls in, as the notes to
-- the accounts date it: {previous_closing, closing, basis}, the year running from the day after
-- previous_closing to closing. basis says how it is known:
--   'fiscal_year'   the day lies in a fiscal year the ledger gives (fiscal_years: a FEC import);
--   'anniversary'   it does not (a day after the last year loaded, or before the first): the
--                   nearest known closing carried by whole years, 12-month years assumed;
--   'twelve_months' the entity has no FEC (an invoice list): the 12 months up to the day.
-- years_from(d, n): the same day n years later (or before, n < 0), a month's end staying a
-- month's end: 28/02/2025 − 1 year = 29/02/2024; 15/03/2025 − 1 year = 15/03/2024.
-- Arguments: entity VARCHAR, day DATE. Reads fiscal_years.
-- after: models
CREATE OR REPLACE MACRO years_from(d, n) AS (
  CASE WHEN d::DATE = last_day(d::DATE) THEN last_day(d::DATE + to_years(n::INTEGER)) ELSE (d::DATE + to_years(n::INTEGER))::DATE END
);

CREATE OR REPLACE MACRO fiscal_year_at(entity, day) AS coalesce(
  (
    SELECT {'previous_closing': f.start_date - 1, 'closing': f.end_date, 'basis': 'fiscal_year'}
    FROM fiscal_years AS f
    WHERE f.entity_id = entity::VARCHAR AND day::DATE BETWEEN f.start_date AND f.end_date
    ORDER BY f.start_date DESC
    LIMIT 1
  ),
  (
    -- the latest anniversary of the nearest closing (the last before the day, else the first after) strictly before the day
    SELECT {'previous_closing': a.previous_closing, 'closing': years_from(a.previous_closing, 1), 'basis': 'anniversary'}
    FROM (
      SELECT CASE WHEN years_from(k.closing, year(day::DATE) - year(k.closing)) < day::DATE
                  THEN years_from(k.closing, year(day::DATE) - year(k.closing))
                  ELSE years_from(k.closing, year(day::DATE) - year(k.closing) - 1) END AS previous_closing
      FROM (
        SELECT f.end_date AS closing
        FROM fiscal_years AS f
        WHERE f.entity_id = entity::VARCHAR
        ORDER BY f.end_date >= day::DATE, abs(datediff('day', f.end_date, day::DATE))
        LIMIT 1
      ) AS k
    ) AS a
  ),
  {'previous_closing': years_from(day::DATE, -1), 'closing': day::DATE, 'basis': 'twelve_months'}
);
