-- expose-columns: the exposed result of an unredacted table without redaction (kinds counting cells or zones).
-- Bindings: :source: (identifier); :columns: (output columns); :orderBy: (columns).
SELECT :columns: FROM :source: ORDER BY :orderBy:
