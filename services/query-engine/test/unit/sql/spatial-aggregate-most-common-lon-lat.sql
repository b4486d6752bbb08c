-- node daily_location 9ca4b560d3848f4ee10e09a5a93a321e
SELECT DISTINCT ON (per_location.subscriber)
  per_location.subscriber,
  "lon", "lat"
FROM (
  SELECT
    located.subscriber,
    "lon", "lat",
    count(*) AS events,
    max(located.datetime) AS latest
  FROM (WITH cell_days AS (
  SELECT DISTINCT ON (d.day, c.id)
    d.day,
    c.id AS location_id,
    ST_X(c.geom_point) AS lon,
    ST_Y(c.geom_point) AS lat
  FROM (
    SELECT CAST(g AS date) AS day
    FROM generate_series(
      date_trunc('day', CAST('2016-01-01T00:00:00Z' AS timestamptz) AT TIME ZONE 'UTC'),
      CAST('2016-01-02T00:00:00Z' AS timestamptz) AT TIME ZONE 'UTC' - interval '1 microsecond',
      interval '1 day'
    ) AS g
  ) AS d
  JOIN infrastructure.cells AS c
    ON (c.date_of_first_service IS NULL OR c.date_of_first_service <= d.day)
    AND (c.date_of_last_service IS NULL OR d.day <= c.date_of_last_service)
  ORDER BY d.day, c.id, c.version DESC
)
SELECT
  e.subscriber,
  e.datetime,
  z.lon,
  z.lat
FROM (SELECT
  ev.msisdn AS subscriber,
  ev.datetime,
  ev.location_id
FROM (
  SELECT msisdn, datetime, location_id FROM events.calls
  WHERE true AND datetime >= CAST('2016-01-01T00:00:00Z' AS timestamptz) AND datetime < CAST('2016-01-02T00:00:00Z' AS timestamptz)
  UNION ALL
  SELECT msisdn, datetime, location_id FROM events.sms
  WHERE true AND datetime >= CAST('2016-01-01T00:00:00Z' AS timestamptz) AND datetime < CAST('2016-01-02T00:00:00Z' AS timestamptz)
  UNION ALL
  SELECT msisdn, datetime, location_id FROM events.mds
  WHERE true AND datetime >= CAST('2016-01-01T00:00:00Z' AS timestamptz) AND datetime < CAST('2016-01-02T00:00:00Z' AS timestamptz)
  UNION ALL
  SELECT msisdn, datetime, location_id FROM events.topups
  WHERE true AND datetime >= CAST('2016-01-01T00:00:00Z' AS timestamptz) AND datetime < CAST('2016-01-02T00:00:00Z' AS timestamptz)
) AS ev
WHERE CAST(NULL AS integer) IS NULL
  OR (
    CASE
      WHEN CAST(NULL AS integer) <= CAST(NULL AS integer)
        THEN extract(hour FROM ev.datetime AT TIME ZONE 'UTC') >= CAST(NULL AS integer)
          AND extract(hour FROM ev.datetime AT TIME ZONE 'UTC') < CAST(NULL AS integer)
      ELSE extract(hour FROM ev.datetime AT TIME ZONE 'UTC') >= CAST(NULL AS integer)
        OR extract(hour FROM ev.datetime AT TIME ZONE 'UTC') < CAST(NULL AS integer)
    END
  )) AS e
JOIN cell_days AS z
  ON z.location_id = e.location_id
  AND z.day = CAST(e.datetime AT TIME ZONE 'UTC' AS date)
WHERE z.lon IS NOT NULL AND z.lat IS NOT NULL) AS located
  GROUP BY located.subscriber, "lon", "lat"
) AS per_location
ORDER BY per_location.subscriber, per_location.events DESC, per_location.latest DESC, "lon", "lat";

-- node spatial_aggregate_unredacted 1ddbe8db84c2ffa49a1ecededfa816d4
SELECT
  "lon", "lat",
  count(DISTINCT subscriber) AS value
FROM "cache"."x9ca4b560d3848f4ee10e09a5a93a321e"
GROUP BY "lon", "lat";

-- node redacted_spatial_aggregate 3c29752f4fae38541ca9711a4018be7e
SELECT *
FROM "cache"."x1ddbe8db84c2ffa49a1ecededfa816d4"
WHERE value > 15
ORDER BY "lon", "lat";
