-- Schema etl (spec/flowdb.md §5-6): the append-only ingest history etl.etl_records with its transition trigger, the
-- QA-check outcomes etl.post_etl_queries, and the views ingest_state, available_dates (the available-dates rule)
-- and deduped_post_etl_queries.

CREATE SCHEMA etl;

CREATE TABLE etl.etl_records (
  id bigserial PRIMARY KEY,
  cdr_type text NOT NULL CHECK (cdr_type IN ('calls', 'sms', 'mds', 'topups', 'forwards')),
  cdr_date date NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'ingesting', 'ingested', 'failed', 'quarantined', 'dropped')),
  "timestamp" timestamptz NOT NULL DEFAULT now(),
  file_name text,
  file_sha256 text,
  row_count bigint,
  message text,
  job_id text
);

CREATE INDEX etl_records_type_date_id ON etl.etl_records (cdr_type, cdr_date, id);

-- Successor states a new row may have, given the latest row for the same (cdr_type, cdr_date) (§5 table).
CREATE FUNCTION etl.allowed_next_states(latest text) RETURNS text[]
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE latest
    WHEN 'pending' THEN ARRAY['ingesting', 'dropped']
    WHEN 'ingesting' THEN ARRAY['ingested', 'failed', 'quarantined']
    WHEN 'ingested' THEN ARRAY['pending', 'dropped']
    WHEN 'failed' THEN ARRAY['pending', 'dropped']
    WHEN 'quarantined' THEN ARRAY['pending', 'dropped']
    WHEN 'dropped' THEN ARRAY['pending']
    ELSE ARRAY['pending']
  END
$$;

-- Rejects UPDATE and DELETE; on INSERT serialises per (cdr_type, cdr_date) and checks the transition.
CREATE FUNCTION etl.etl_records_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  latest text;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    RAISE EXCEPTION 'etl.etl_records is append-only: % is not allowed', TG_OP
      USING ERRCODE = 'restrict_violation';
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('etl.etl_records'), hashtext(NEW.cdr_type || ':' || NEW.cdr_date::text));
  SELECT r.state INTO latest
  FROM etl.etl_records AS r
  WHERE r.cdr_type = NEW.cdr_type
    AND r.cdr_date = NEW.cdr_date
  ORDER BY r.id DESC
  LIMIT 1;
  IF NOT (NEW.state = ANY (etl.allowed_next_states(latest))) THEN
    RAISE EXCEPTION 'Illegal ETL state transition for % %: % -> %',
      NEW.cdr_type, NEW.cdr_date, coalesce(latest, '(none)'), NEW.state
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER etl_records_append_only
BEFORE INSERT OR UPDATE OR DELETE ON etl.etl_records
FOR EACH ROW EXECUTE FUNCTION etl.etl_records_guard();

CREATE TABLE etl.post_etl_queries (
  id bigserial PRIMARY KEY,
  cdr_date date,
  cdr_type text,
  type_of_query_or_check text,
  outcome text,
  optional_comment_or_description text,
  "timestamp" timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX post_etl_queries_key ON etl.post_etl_queries (cdr_date, cdr_type, type_of_query_or_check, id);

CREATE VIEW etl.ingest_state AS
SELECT DISTINCT ON (r.cdr_type, r.cdr_date)
  r.cdr_type,
  r.cdr_date,
  r.state,
  r."timestamp"
FROM etl.etl_records AS r
ORDER BY r.cdr_type, r.cdr_date, r.id DESC;

-- Available-dates rule: among a date's ingested/dropped rows the latest is ingested; attempts do not count.
CREATE VIEW etl.available_dates AS
SELECT s.cdr_type, s.cdr_date
FROM (
  SELECT DISTINCT ON (r.cdr_type, r.cdr_date) r.cdr_type, r.cdr_date, r.state
  FROM etl.etl_records AS r
  WHERE r.state IN ('ingested', 'dropped')
  ORDER BY r.cdr_type, r.cdr_date, r.id DESC
) AS s
WHERE s.state = 'ingested';

CREATE VIEW etl.deduped_post_etl_queries AS
SELECT DISTINCT ON (q.cdr_date, q.cdr_type, q.type_of_query_or_check)
  q.cdr_date,
  q.cdr_type,
  q.type_of_query_or_check,
  q.outcome,
  q."timestamp"
FROM etl.post_etl_queries AS q
JOIN etl.available_dates AS a
  ON a.cdr_type = q.cdr_type
  AND a.cdr_date = q.cdr_date
ORDER BY q.cdr_date, q.cdr_type, q.type_of_query_or_check, q.id DESC;
