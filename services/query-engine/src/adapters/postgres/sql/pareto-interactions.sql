-- pareto-interactions: per subscriber the share (0-1) of its counterparts that account for `proportion` of its
-- interactions: counterparts ranked by interactions (desc, then counterpart), the smallest k whose cumulative
-- interactions reach proportion x total, value = k / counterparts (FlowKit ParetoInteractions).
-- Bindings: :events (fragment `selected-events-detail`); :proportion (number).
-- Returns: subscriber, value.
WITH contacts AS (
  SELECT ev.subscriber, ev.counterpart, count(*) AS events
  FROM (:events) AS ev
  WHERE ev.counterpart IS NOT NULL
  GROUP BY ev.subscriber, ev.counterpart
),
ranked AS (
  SELECT
    c.subscriber,
    c.events,
    sum(c.events) OVER (
      PARTITION BY c.subscriber ORDER BY c.events DESC, c.counterpart ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS cumulative,
    sum(c.events) OVER (PARTITION BY c.subscriber) AS total,
    count(*) OVER (PARTITION BY c.subscriber) AS counterparts
  FROM contacts AS c
)
SELECT subscriber, CAST(count(*) AS double precision) / max(counterparts) AS value
FROM ranked
WHERE CAST(cumulative - events AS double precision) < CAST(:proportion AS double precision) * CAST(total AS double precision)
GROUP BY subscriber
