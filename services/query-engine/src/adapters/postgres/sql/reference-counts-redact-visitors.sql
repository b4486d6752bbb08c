-- reference-counts-redact-visitors: the exposed unique_visitor_counts rows. A zone is kept only when the
-- difference and both of its terms exceed T, so that no published difference, together with a published
-- unique_subscriber_counts or active_at_reference_location_counts result, reveals a count of T or fewer.
-- Bindings: :source: (identifier, table of `reference-counts-visitors`); :loc: (location columns); :threshold (T).
-- Returns: <loc>, value.
SELECT :loc:, value
FROM :source:
WHERE value > :threshold AND unique_subscribers > :threshold AND active_at_reference > :threshold
ORDER BY :loc:
