-- node daily_location 45a009b67bac3c2912ef80956dae39f3
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

-- node spatial_aggregate_unredacted ecb5522bb39b8ec49f916452a52979f6
SELECT
  "pcod",
  count(DISTINCT subscriber) AS value
FROM "cache"."x45a009b67bac3c2912ef80956dae39f3"
GROUP BY "pcod";

-- node redacted_spatial_aggregate 08e6c07e4d153cdb05349d9151d30b01
SELECT *
FROM "cache"."xecb5522bb39b8ec49f916452a52979f6"
WHERE value > 15
ORDER BY "pcod";
