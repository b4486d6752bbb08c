-- dfs-total-amount-lonlat: per cell point (lon, lat) and UTC day, the total of one DFS metric over the transactions
-- in [:start, :end) (query-kinds.md §6.1 dfs_metric_total_amount), one contribution per party row of
-- dfs.transactions_metadata at the point of that row's cell version; cells without a point are left out.
-- Bindings: :start, :end (timestamptz text); :metric: (identifier, t.<amount|commission|fee|discount>).
-- Returns: lon, lat, date, value.
SELECT
  ST_X(c.geom_point) AS lon,
  ST_Y(c.geom_point) AS lat,
  CAST(t.timestamp AT TIME ZONE 'UTC' AS date) AS date,
  sum(:metric:) AS value
FROM dfs.transactions AS t
JOIN dfs.transactions_metadata AS m ON m.transaction_id = t.id
JOIN infrastructure.cells AS c ON c.id = m.cell_id AND c.version = m.cell_version
WHERE t.timestamp >= CAST(:start AS timestamptz) AND t.timestamp < CAST(:end AS timestamptz)
  AND c.geom_point IS NOT NULL
GROUP BY 1, 2, 3
