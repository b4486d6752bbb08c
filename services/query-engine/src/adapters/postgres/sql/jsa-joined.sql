-- jsa-joined: each located subscriber's location with its metric value (inner join on subscriber).
-- Bindings: :locations:, :metric: (identifiers, per-subscriber tables); :lLoc: (l.<loc> columns).
-- Returns: <loc>, value.
SELECT :lLoc:, m.value FROM :locations: AS l JOIN :metric: AS m ON m.subscriber = l.subscriber
