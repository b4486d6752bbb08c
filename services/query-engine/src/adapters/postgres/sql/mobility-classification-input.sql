-- mobility-classification-input: the rows of one period's coalesced_location table tagged with its ordinal.
-- Bindings: :source: (identifier); :loc: (location columns); :ordinal (integer, 0 = oldest period).
-- Returns: subscriber, <loc>, ordinal.
SELECT subscriber, :loc:, CAST(:ordinal AS integer) AS ordinal FROM :source:
