-- sample-subscribers: a reproducible random sample of the subscribers of a per-subscriber result, with all their
-- rows (`sampling` with sampling_method `random_ids`). Each subscriber gets a pseudo-random number in [0, 1) from
-- md5(seed, subscriber); `fraction` keeps the subscribers whose number is below it, `size` the `size` subscribers
-- with the smallest numbers.
-- Bindings: :source (fragment, the unsampled rows, with a subscriber column); :seed (text);
--   :fraction (double precision or NULL); :size (integer or NULL; NULL = no limit).
-- Returns: the columns of :source.
WITH u AS (
  :source
),
ranked AS (
  SELECT
    s.subscriber,
    md5(CAST(:seed AS text) || ':' || CAST(s.subscriber AS text)) AS h
  FROM (SELECT DISTINCT subscriber FROM u) AS s
),
chosen AS (
  SELECT r.subscriber
  FROM ranked AS r
  WHERE CAST(:fraction AS double precision) IS NULL
    OR CAST(CAST('x' || substr(r.h, 1, 13) AS bit(52)) AS bigint) / 4503599627370496.0 < CAST(:fraction AS double precision)
  ORDER BY r.h, r.subscriber
  LIMIT CAST(:size AS bigint)
)
SELECT u.*
FROM u
WHERE u.subscriber IN (SELECT c.subscriber FROM chosen AS c)
