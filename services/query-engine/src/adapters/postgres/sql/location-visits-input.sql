-- location-visits-input: the subscriber locations of one daily/modal location table (one visit each).
-- Bindings: :source: (identifier, per-subscriber location table); :loc: (location columns).
-- Returns: subscriber, <loc>.
SELECT subscriber, :loc: FROM :source:
