-- selected-events: the events of the selected types in [:start, :end) whose UTC hour lies in the optional hour
-- window (query-kinds.md §1: start <= h < end, wrapping past midnight when start > end).
-- Bindings: :start, :end (timestamptz text); :calls, :sms, :mds, :topups (boolean: type selected; an unselected
--   branch is pruned by the planner); :hourStart, :hourEnd (integer, or NULL for no hour window).
-- Returns: subscriber, datetime, location_id.
SELECT
  ev.msisdn AS subscriber,
  ev.datetime,
  ev.location_id
FROM (
  SELECT msisdn, datetime, location_id FROM events.calls
  WHERE :calls AND datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
  UNION ALL
  SELECT msisdn, datetime, location_id FROM events.sms
  WHERE :sms AND datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
  UNION ALL
  SELECT msisdn, datetime, location_id FROM events.mds
  WHERE :mds AND datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
  UNION ALL
  SELECT msisdn, datetime, location_id FROM events.topups
  WHERE :topups AND datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
) AS ev
WHERE CAST(:hourStart AS integer) IS NULL
  OR (
    CASE
      WHEN CAST(:hourStart AS integer) <= CAST(:hourEnd AS integer)
        THEN extract(hour FROM ev.datetime AT TIME ZONE 'UTC') >= CAST(:hourStart AS integer)
          AND extract(hour FROM ev.datetime AT TIME ZONE 'UTC') < CAST(:hourEnd AS integer)
      ELSE extract(hour FROM ev.datetime AT TIME ZONE 'UTC') >= CAST(:hourStart AS integer)
        OR extract(hour FROM ev.datetime AT TIME ZONE 'UTC') < CAST(:hourEnd AS integer)
    END
  )
