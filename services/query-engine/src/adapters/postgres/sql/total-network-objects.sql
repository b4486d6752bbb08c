-- total-network-objects: distinct cells with at least one selected event per zone and period (query-kinds.md §6.1);
-- the period start is date_trunc(total_by) of the event's UTC time.
-- Bindings: :located (fragment `located-rows` over `selected-events-detail`); :locSel: (located.<loc> columns);
--   :loc: (result columns); :totalBy (text: second ... year).
-- Returns: <loc>, value, datetime.
SELECT :loc:, count(DISTINCT periods.location_id) AS value, periods.datetime
FROM (
  SELECT :locSel:, located.location_id, date_trunc(CAST(:totalBy AS text), located.datetime, 'UTC') AS datetime
  FROM (:located) AS located
) AS periods
GROUP BY :loc:, periods.datetime
