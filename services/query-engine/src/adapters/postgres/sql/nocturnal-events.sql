-- nocturnal-events: per subscriber the percentage (0-100) of its selected events whose UTC hour lies in the night
-- window (start <= h < end, wrapping past midnight when start > end).
-- Bindings: :events (fragment `selected-events-detail`); :nightStart, :nightEnd (integer).
-- Returns: subscriber, value.
SELECT
  ev.subscriber,
  100 * avg(CASE WHEN (
    CASE
      WHEN CAST(:nightStart AS integer) <= CAST(:nightEnd AS integer)
        THEN extract(hour FROM ev.datetime AT TIME ZONE 'UTC') >= CAST(:nightStart AS integer)
          AND extract(hour FROM ev.datetime AT TIME ZONE 'UTC') < CAST(:nightEnd AS integer)
      ELSE extract(hour FROM ev.datetime AT TIME ZONE 'UTC') >= CAST(:nightStart AS integer)
        OR extract(hour FROM ev.datetime AT TIME ZONE 'UTC') < CAST(:nightEnd AS integer)
    END
  ) THEN 1.0 ELSE 0.0 END) AS value
FROM (:events) AS ev
GROUP BY ev.subscriber
