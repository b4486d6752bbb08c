-- event-count: number of selected events per subscriber. Bindings: :events (fragment `selected-events-detail`).
-- Returns: subscriber, value.
SELECT ev.subscriber, count(*) AS value FROM (:events) AS ev GROUP BY ev.subscriber
