-- modal-location-input: the rows of one daily_location table tagged with its day.
-- Bindings: :source: (identifier, daily_location table); :loc: (location columns); :day (date text).
-- Returns: subscriber, <loc>, day.
SELECT subscriber, :loc:, CAST(:day AS date) AS day FROM :source:
