-- location-visits: per subscriber and location the number of listed daily/modal locations placing the subscriber
-- there (FlowKit's LocationVisits; a location listed twice counts twice).
-- Bindings: :visits (fragment: subscriber, <loc> — the union of the listed location tables); :loc: (columns).
-- Returns: subscriber, <loc>, value.
SELECT visits.subscriber, :loc:, count(*) AS value
FROM (:visits) AS visits
GROUP BY visits.subscriber, :loc:
