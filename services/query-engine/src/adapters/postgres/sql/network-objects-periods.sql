-- network-objects-periods: the rows of a total_network_objects table with their aggregation period
-- (date_trunc(aggregate_by) of the period start, UTC), as input of `statistic-by-group`.
-- Bindings: :source: (identifier, unredacted total_network_objects table); :loc: (location columns);
--   :aggregateBy (text: second ... century).
-- Returns: <loc>, datetime, value.
SELECT :loc:, date_trunc(CAST(:aggregateBy AS text), datetime, 'UTC') AS datetime, value FROM :source:
