-- dfs-total-amount-admin: per admin zone and UTC day, the total of one DFS metric over the transactions in
-- [:start, :end) (query-kinds.md §6.1 dfs_metric_total_amount; FlowKit's DFSTotalAmountForMetric). As in FlowKit a
-- transaction counts once per party row of dfs.transactions_metadata, at the zone of that row's cell version;
-- parties whose cell has no zone are left out.
-- Bindings: :start, :end (timestamptz text); :metric: (identifier, t.<amount|commission|fee|discount>);
--   :pcodColumn: (identifier, admin<n>pcod of geography.cell_admin).
-- Returns: pcod, date, value.
SELECT
  ca.:pcodColumn: AS pcod,
  CAST(t.timestamp AT TIME ZONE 'UTC' AS date) AS date,
  sum(:metric:) AS value
FROM dfs.transactions AS t
JOIN dfs.transactions_metadata AS m ON m.transaction_id = t.id
JOIN geography.cell_admin AS ca ON ca.location_id = m.cell_id AND ca.version = m.cell_version
WHERE t.timestamp >= CAST(:start AS timestamptz) AND t.timestamp < CAST(:end AS timestamptz)
  AND ca.:pcodColumn: IS NOT NULL
GROUP BY 1, 2
