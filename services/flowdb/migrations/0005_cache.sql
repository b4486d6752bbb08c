-- Schema cache (spec/flowdb.md §7): FlowKit's cache bookkeeping (cached, dependencies, cache_touches, cache_config)
-- plus Flowdeck's durable query state (queries, query_state_history), date dependencies, and the views the api
-- role reads (query_status, available_dates, qa_checks). The views are owned by the engine group role.

CREATE SCHEMA cache;

CREATE TABLE cache.cached (
  query_id text PRIMARY KEY,
  version text,
  query text,
  created timestamptz NOT NULL DEFAULT now(),
  access_count int NOT NULL DEFAULT 0,
  last_accessed timestamptz,
  compute_time numeric,
  cache_score_multiplier numeric,
  class text,
  schema text DEFAULT 'cache',
  tablename text,
  obj bytea,
  spec jsonb,
  size_bytes bigint,
  log_multiplier double precision NOT NULL DEFAULT '-Infinity',
  score double precision,
  exposed boolean NOT NULL DEFAULT false,
  ingest_epoch bigint
);

CREATE INDEX cached_score ON cache.cached (score);

CREATE TABLE cache.dependencies (
  query_id text NOT NULL REFERENCES cache.cached (query_id) ON DELETE CASCADE,
  depends_on text NOT NULL REFERENCES cache.cached (query_id) ON DELETE CASCADE,
  PRIMARY KEY (depends_on, query_id)
);

CREATE INDEX dependencies_query_id ON cache.dependencies (query_id);

CREATE TABLE cache.date_dependencies (
  query_id text NOT NULL REFERENCES cache.cached (query_id) ON DELETE CASCADE,
  cdr_type text NOT NULL,
  cdr_date date NOT NULL,
  PRIMARY KEY (cdr_type, cdr_date, query_id)
);

CREATE INDEX date_dependencies_query_id ON cache.date_dependencies (query_id);

CREATE SEQUENCE cache.cache_touches START 1;

CREATE TABLE cache.cache_config (
  key text PRIMARY KEY,
  value text
);

INSERT INTO cache.cache_config (key, value)
VALUES ('half_life', NULL), ('cache_size', NULL), ('cache_protected_period', NULL);

CREATE TABLE cache.queries (
  query_id text PRIMARY KEY,
  query_kind text,
  params jsonb,
  canonical jsonb,
  aggregation_unit text,
  top_level boolean NOT NULL DEFAULT false,
  state text NOT NULL CHECK (state IN ('known', 'queued', 'executing', 'completed', 'errored', 'cancelled', 'resetting')),
  message text,
  attempts int NOT NULL DEFAULT 0,
  lease_owner text,
  lease_expires_at timestamptz,
  cancel_requested_at timestamptz,
  requeue_after_reset boolean NOT NULL DEFAULT false,
  ingest_epoch bigint,
  progress_eligible int,
  progress_queued int,
  progress_running int,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);

CREATE INDEX queries_state ON cache.queries (state);
CREATE INDEX queries_lease_expires_at ON cache.queries (lease_expires_at) WHERE lease_expires_at IS NOT NULL;

CREATE TABLE cache.query_state_history (
  id bigserial PRIMARY KEY,
  query_id text NOT NULL,
  event text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor text
);

CREATE INDEX query_state_history_query_id ON cache.query_state_history (query_id, id);

-- What the API reads: top-level queries with their progress (a completed query reports 0, 0, 0).
CREATE VIEW cache.query_status AS
SELECT
  q.query_id,
  q.query_kind,
  q.params,
  q.canonical,
  q.aggregation_unit,
  q.state,
  q.message,
  CASE WHEN q.state = 'completed' THEN 0 ELSE coalesce(q.progress_eligible, 1) END AS eligible,
  CASE WHEN q.state = 'completed' THEN 0
    ELSE coalesce(q.progress_queued, CASE WHEN q.state = 'queued' THEN 1 ELSE 0 END) END AS queued,
  CASE WHEN q.state = 'completed' THEN 0
    ELSE coalesce(q.progress_running, CASE WHEN q.state = 'executing' THEN 1 ELSE 0 END) END AS running
FROM cache.queries AS q
WHERE q.top_level;

CREATE VIEW cache.available_dates AS
SELECT a.cdr_type, a.cdr_date
FROM etl.available_dates AS a;

CREATE VIEW cache.qa_checks AS
SELECT d.cdr_date, d.cdr_type, d.type_of_query_or_check, d.outcome, d."timestamp"
FROM etl.deduped_post_etl_queries AS d;

ALTER VIEW cache.query_status OWNER TO flowdeck_engine;
ALTER VIEW cache.available_dates OWNER TO flowdeck_engine;
ALTER VIEW cache.qa_checks OWNER TO flowdeck_engine;
