-- subscriber-degree: distinct counterparts per subscriber over calls and sms (the only events with a counterpart).
-- Bindings: :events (fragment `selected-events-detail`). Returns: subscriber, value.
SELECT ev.subscriber, count(DISTINCT ev.counterpart) AS value
FROM (:events) AS ev
WHERE ev.outgoing IS NOT NULL
GROUP BY ev.subscriber
