-- displacement-distances: km (sphere) from each located event's cell point to the subscriber's reference location,
-- as input of `statistic-by-group`; subscribers without a reference location are left out.
-- Bindings: :located (fragment `located-events-lonlat`); :reference: (identifier, lon-lat location table).
-- Returns: subscriber, value.
SELECT
  l.subscriber,
  ST_Distance(
    CAST(ST_SetSRID(ST_MakePoint(l.lon, l.lat), 4326) AS geography),
    CAST(ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326) AS geography),
    false
  ) / 1000 AS value
FROM (:located) AS l
JOIN :reference: AS r ON r.subscriber = l.subscriber
