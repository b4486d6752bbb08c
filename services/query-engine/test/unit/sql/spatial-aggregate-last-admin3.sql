-- node daily_location 0cb5b77cb5121c0931b8e44efd1262ab
SELECT DISTINCT ON (located.subscriber)
  located.subscriber,
  "pcod"
FROM (WITH cell_days AS (
  SELECT DISTINCT ON (d.day, c.id)
    d.day,
    c.id AS location_id,
    ca."admin3pcod" AS pcod
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
  LEFT JOIN geography.cell_admin AS ca
    ON ca.location_id = c.id AND ca.version = c.version
  ORDER BY d.day, c.id, c.version DESC
)
SELECT
  e.subscriber,
  e.datetime,
  z.pcod
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
WHERE z.pcod IS NOT NULL) AS located
ORDER BY located.subscriber, located.datetime DESC, "pcod";

-- node spatial_aggregate_unredacted 1a96ea97e35487b01d1a5d877205ba50
SELECT
  "pcod",
  count(DISTINCT subscriber) AS value
FROM "cache"."x0cb5b77cb5121c0931b8e44efd1262ab"
GROUP BY "pcod";

-- node redacted_spatial_aggregate 86565b436859fa627ae22196ca69035a
SELECT *
FROM "cache"."x1a96ea97e35487b01d1a5d877205ba50"
WHERE value > 15
ORDER BY "pcod";
