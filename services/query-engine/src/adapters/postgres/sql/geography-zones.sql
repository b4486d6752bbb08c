-- geography-zones: pcod and name of every zone of an admin level (query-kinds.md §6.1 geography).
-- Bindings: :table: (identifier geography.admin<n>); :pcod:, :name: (identifiers admin<n>pcod, admin<n>name).
-- Returns: pcod, name.
SELECT :pcod: AS pcod, :name: AS name FROM :table:
