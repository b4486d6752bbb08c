-- unique-locations: every distinct location of each subscriber in the period (several rows per subscriber).
-- Bindings: :located (fragment `located-events-*`); :loc: (location columns).
-- Returns: subscriber, <loc>.
SELECT DISTINCT located.subscriber, :loc: FROM (:located) AS located
