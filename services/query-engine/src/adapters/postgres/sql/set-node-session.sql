-- set-node-session: transaction-local settings of the connection that computes one node: the statement timeout
-- (WORKER_MAX_RUN_DURATION_SECONDS; 0 = none) and an application_name naming the node, by which the lease keeper or
-- any replica's janitor finds the backend to cancel (pg_cancel_backend).
-- Bindings: :timeoutMs (text, milliseconds), :applicationName.
SELECT
  set_config('statement_timeout', :timeoutMs, true) AS statement_timeout,
  set_config('application_name', :applicationName, true) AS application_name,
  pg_backend_pid() AS pid
