-- Measures the free space of the Postgres data directory with `df` run by the server (COPY FROM PROGRAM, superuser
-- only), for the CACHE_SIZE default (spec/flowdb.md §8.2). No parameters; fills the transaction-local temp table
-- flowdeck_df(line text) with df's output lines, which the caller parses.
CREATE TEMP TABLE flowdeck_df (line text) ON COMMIT DROP;
DO $$
BEGIN
  EXECUTE format(
    'COPY flowdeck_df (line) FROM PROGRAM %L',
    'df -P -k ''' || replace(current_setting('data_directory'), '''', '''\''''') || ''''
  );
END
$$;
