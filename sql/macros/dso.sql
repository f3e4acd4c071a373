-- DSO formulas (DOMAIN.md §4) as macros, so that marts and tests share one definition.
-- Lists run from the current month backwards: sales[1] is the month ending at the DSO date.

-- Running totals of a list: [a, b, c] → [a, a+b, a+b+c].
CREATE OR REPLACE MACRO running_sum(xs) AS list_transform(range(1, len(xs) + 1), k -> list_sum(xs[1:k]));

-- Simple DSO over the last n months: receivables / sales of those months × their days.
CREATE OR REPLACE MACRO simple_dso(receivables, sales, days, n) AS
  CASE WHEN len(sales) < n OR list_sum(sales[1:n]) <= 0 THEN NULL
       ELSE receivables / list_sum(sales[1:n]) * list_sum(days[1:n]) END;

-- Countback DSO (méthode par épuisement du CA): the sales of each month, going back from the DSO
-- date, are taken off the receivables until they are exhausted; DSO = the days of the fully
-- consumed months + the remaining fraction of the next month's sales × its days.
-- NULL when the history does not exhaust the receivables.
CREATE OR REPLACE MACRO countback_dso(receivables, sales, days) AS
  CASE
    WHEN receivables <= 0 THEN 0
    WHEN list_position(list_transform(running_sum(sales), x -> x >= receivables), true) IS NULL THEN NULL
    ELSE coalesce(list_sum(days[1:list_position(list_transform(running_sum(sales), x -> x >= receivables), true) - 1]), 0)
       + (receivables - coalesce(running_sum(sales)[list_position(list_transform(running_sum(sales), x -> x >= receivables), true) - 1], 0))
         / sales[list_position(list_transform(running_sum(sales), x -> x >= receivables), true)]
         * days[list_position(list_transform(running_sum(sales), x -> x >= receivables), true)]
  END;

-- Collection effectiveness index, in %: what was collected of what could have been collected.
CREATE OR REPLACE MACRO cei(opening_receivables, sales, closing_receivables, closing_current) AS
  CASE WHEN opening_receivables + sales - closing_current = 0 THEN NULL
       ELSE (opening_receivables + sales - closing_receivables) / (opening_receivables + sales - closing_current) * 100 END;
