-- 003: saved cash forecasts ("snapshots"), made on each import that brings newer data and on
-- demand, so that the weekly review can put last week's forecast next to what came in and next
-- to this week's forecast.

CREATE SEQUENCE forecast_snapshot_seq START 1;

CREATE TABLE forecast_snapshots (
  snapshot_id   INTEGER PRIMARY KEY DEFAULT nextval('forecast_snapshot_seq'),
  as_of         DATE NOT NULL,
  entity_id     VARCHAR,            -- NULL: every entity
  created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
  reason        VARCHAR NOT NULL,   -- import | start | manual | demo
  report        VARCHAR NOT NULL    -- the forecast by week and its totals (JSON, ForecastReport)
);

-- Each invoice's forecast in the snapshot; matched across snapshots by its entity, client,
-- reference and dates (line ids change when a fiscal year's file is replaced by a newer export).
CREATE TABLE forecast_snapshot_items (
  snapshot_id   INTEGER NOT NULL,
  item_id       BIGINT NOT NULL,
  entity_id     VARCHAR NOT NULL,
  client_id     VARCHAR NOT NULL,
  client_name   VARCHAR,
  piece_ref     VARCHAR,
  doc_date      DATE,
  due_date      DATE,
  open_amount   DOUBLE NOT NULL,
  days_past_due INTEGER,
  is_disputed   BOOLEAN NOT NULL,
  expected      DOUBLE[] NOT NULL,  -- cash expected each week of the plan
  later         DOUBLE NOT NULL,
  uncollected   DOUBLE NOT NULL
);
