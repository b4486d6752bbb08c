-- redact-by-count: the exposed result of an unredacted table keeping rows whose redaction_count exceeds T
-- (query-kinds.md §7), with only the kind's output columns.
-- Bindings: :source: (identifier); :columns: (output columns); :threshold (integer T); :orderBy: (columns).
SELECT :columns: FROM :source: WHERE redaction_count > :threshold ORDER BY :orderBy:
