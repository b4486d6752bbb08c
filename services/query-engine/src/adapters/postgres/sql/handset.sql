-- handset: per subscriber a characteristic of the handset (TAC) of its latest event with a TAC (method `last`).
-- Bindings: :events (fragment `selected-events-detail`); :characteristic: (identifier t.<column> of tacs).
-- Returns: subscriber, value (text, NULL when the TAC is unknown or lacks the characteristic).
SELECT DISTINCT ON (ev.subscriber) ev.subscriber, CAST(:characteristic: AS text) AS value
FROM (:events) AS ev
LEFT JOIN infrastructure.tacs AS t ON t.id = ev.tac
WHERE ev.tac IS NOT NULL
ORDER BY ev.subscriber, ev.datetime DESC, ev.tac
