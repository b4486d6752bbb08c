-- flows-sum: inflows (summed over origins, per destination) or outflows (summed over destinations, per origin) of an
-- unredacted flows table.
-- Bindings: :source: (identifier, flows table); :sel: (aliased columns, `pcod_to as pcod`); :loc: (result columns).
-- Returns: <loc>, value.
SELECT :loc:, CAST(sum(sides.value) AS bigint) AS value
FROM (SELECT :sel:, value FROM :source:) AS sides
GROUP BY :loc:
