-- cancel-node-backend: cancels the statement of whichever backend is computing a node (found by the
-- application_name set by set-node-session), in this database.
-- Bindings: :applicationName.
-- Returns: one row per backend signalled, with whether the signal was sent.
SELECT a.pid, pg_cancel_backend(a.pid) AS cancelled
FROM pg_stat_activity AS a
WHERE a.application_name = :applicationName
  AND a.datname = current_database()
  AND a.pid <> pg_backend_pid()
