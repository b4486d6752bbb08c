-- sample-rows: a reproducible random sample of a per-subscriber result (`sampling` with sampling_method `bernoulli`
-- or `system`). Each row gets a pseudo-random number in [0, 1) from md5(seed, key): `bernoulli` keys on the whole
-- row, `system` on the subscriber (all rows of a subscriber form one block, as pages do for TABLESAMPLE SYSTEM).
-- `fraction` keeps the rows whose number is below it; `size` keeps the `size` rows with the smallest numbers.
-- Same seed and rows, same sample, whatever the plan or physical order.
-- Bindings: :source (fragment, the unsampled rows, with a subscriber column); :seed (text); :byRow (boolean);
--   :fraction (double precision or NULL); :size (integer or NULL; NULL = no limit).
-- Returns: the columns of :source.
SELECT u.*
FROM (:source) AS u
WHERE CAST(:fraction AS double precision) IS NULL
  OR CAST(CAST('x' || substr(md5(CAST(:seed AS text) || ':' || CASE WHEN CAST(:byRow AS boolean) THEN CAST(u AS text) ELSE CAST(u.subscriber AS text) END), 1, 13) AS bit(52)) AS bigint)
    / 4503599627370496.0 < CAST(:fraction AS double precision)
ORDER BY md5(CAST(:seed AS text) || ':' || CASE WHEN CAST(:byRow AS boolean) THEN CAST(u AS text) ELSE CAST(u.subscriber AS text) END),
  CAST(u AS text)
LIMIT CAST(:size AS bigint)
