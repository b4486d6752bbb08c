-- topup-values: one column of the topups in the period and hour window, as input of `statistic-by-group`.
-- Bindings: :start, :end (timestamptz text); :hourStart, :hourEnd (integer or NULL); :column: (identifier,
--   recharge_amount or post_event_balance).
-- Returns: subscriber, value.
SELECT msisdn AS subscriber, :column: AS value
FROM events.topups
WHERE datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
  AND (
    CAST(:hourStart AS integer) IS NULL
    OR (
      CASE
        WHEN CAST(:hourStart AS integer) <= CAST(:hourEnd AS integer)
          THEN extract(hour FROM datetime AT TIME ZONE 'UTC') >= CAST(:hourStart AS integer)
            AND extract(hour FROM datetime AT TIME ZONE 'UTC') < CAST(:hourEnd AS integer)
        ELSE extract(hour FROM datetime AT TIME ZONE 'UTC') >= CAST(:hourStart AS integer)
          OR extract(hour FROM datetime AT TIME ZONE 'UTC') < CAST(:hourEnd AS integer)
      END
    )
  )
