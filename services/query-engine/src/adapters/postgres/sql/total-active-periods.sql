-- total-active-periods: per subscriber, the number of periods of :periodSeconds from :start in which they have at
-- least one selected event (query-kinds.md §6.3 total_active_periods; FlowKit's TotalActivePeriodsSubscriber).
-- Events need no location. The window of :events is [:start, :start + total_periods × period).
-- Bindings: :events (fragment `selected-events`); :start (timestamptz text); :periodSeconds (number).
-- Returns: subscriber, value.
SELECT
  ev.subscriber,
  count(DISTINCT floor(extract(epoch FROM ev.datetime - CAST(:start AS timestamptz)) / CAST(:periodSeconds AS double precision))) AS value
FROM (:events) AS ev
GROUP BY ev.subscriber
