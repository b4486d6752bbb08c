-- selected-events-detail: like selected-events, with the columns metrics and interaction kinds need. mds and topups
-- have no direction or counterpart (NULL); a direction filter therefore keeps only calls and sms rows (FlowKit drops
-- tables without `outgoing` when a direction is asked for).
-- Bindings: :start, :end (timestamptz text); :calls, :sms, :mds, :topups (boolean); :hourStart, :hourEnd (integer
--   or NULL); :outgoing (boolean: true = out, false = in, NULL = both).
-- Returns: subscriber, datetime, location_id, id, outgoing, counterpart, tac, event_type.
SELECT
  ev.subscriber,
  ev.datetime,
  ev.location_id,
  ev.id,
  ev.outgoing,
  ev.counterpart,
  ev.tac,
  ev.event_type
FROM (
  SELECT msisdn AS subscriber, datetime, location_id, id, outgoing, msisdn_counterpart AS counterpart, tac,
    CAST('calls' AS text) AS event_type
  FROM events.calls
  WHERE :calls AND datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
  UNION ALL
  SELECT msisdn, datetime, location_id, id, outgoing, msisdn_counterpart, tac, 'sms'
  FROM events.sms
  WHERE :sms AND datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
  UNION ALL
  SELECT msisdn, datetime, location_id, id, CAST(NULL AS boolean), CAST(NULL AS text), tac, 'mds'
  FROM events.mds
  WHERE :mds AND datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
  UNION ALL
  SELECT msisdn, datetime, location_id, id, CAST(NULL AS boolean), CAST(NULL AS text), tac, 'topups'
  FROM events.topups
  WHERE :topups AND datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
) AS ev
WHERE (CAST(:outgoing AS boolean) IS NULL OR ev.outgoing = CAST(:outgoing AS boolean))
  AND (
    CAST(:hourStart AS integer) IS NULL
    OR (
      CASE
        WHEN CAST(:hourStart AS integer) <= CAST(:hourEnd AS integer)
          THEN extract(hour FROM ev.datetime AT TIME ZONE 'UTC') >= CAST(:hourStart AS integer)
            AND extract(hour FROM ev.datetime AT TIME ZONE 'UTC') < CAST(:hourEnd AS integer)
        ELSE extract(hour FROM ev.datetime AT TIME ZONE 'UTC') >= CAST(:hourStart AS integer)
          OR extract(hour FROM ev.datetime AT TIME ZONE 'UTC') < CAST(:hourEnd AS integer)
      END
    )
  )
