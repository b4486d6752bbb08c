-- subset-events: the rows of an events fragment whose subscriber belongs to a subscriber subset (query-kinds.md §1
-- `subscriber_subset`). cache.subset_subscribers (migration 0011) checks that the id names a completed query whose
-- table has a subscriber column, and fails with a clear message otherwise.
-- Bindings: :events (fragment with a subscriber column); :subset (text, the subset's query id).
-- Returns: the columns of :events.
SELECT e.*
FROM (:events) AS e
WHERE e.subscriber IN (SELECT s.subscriber FROM cache.subset_subscribers(:subset) AS s)
