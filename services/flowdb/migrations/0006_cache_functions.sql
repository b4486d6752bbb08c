-- Functions of schema cache (spec/flowdb.md §7-8, query-kinds.md §8): transition logging with NOTIFY, the log-domain
-- cache score (touch), and the api role's only write path (register_query, request_cancel), plus date invalidation.
-- Callable functions are SECURITY DEFINER, owned by flowdeck_engine, with search_path pinned to pg_catalog, pg_temp;
-- every object is schema-qualified.

-- logaddexp(a, b) = ln(exp(a) + exp(b)) without overflow; -Infinity is the neutral element. Beyond a difference
-- of 50 the smaller term is below double precision (and Postgres' exp() raises on underflow), so it is dropped.
CREATE FUNCTION cache.logaddexp(a double precision, b double precision) RETURNS double precision
LANGUAGE sql
IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT CASE
    WHEN a = '-Infinity'::float8 THEN b
    WHEN b = '-Infinity'::float8 THEN a
    WHEN abs(a - b) > 50 THEN greatest(a, b)
    ELSE greatest(a, b) + ln(1 + exp(-abs(a - b)))
  END
$$;

-- Appends one row to cache.query_state_history and notifies channel flowdeck_query_state with the query id.
CREATE FUNCTION cache.record_transition(
  query_id text,
  event text,
  from_state text,
  to_state text,
  actor text DEFAULT NULL
) RETURNS void
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  INSERT INTO cache.query_state_history (query_id, event, from_state, to_state, actor)
  VALUES ($1, $2, $3, $4, coalesce($5, session_user::text));
  PERFORM pg_notify('flowdeck_query_state', $1);
END
$$;

-- CACHE_HALF_LIFE from cache.cache_config (default 1000 touches).
CREATE FUNCTION cache.half_life() RETURNS double precision
LANGUAGE sql
STABLE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT coalesce((SELECT c.value::float8 FROM cache.cache_config AS c WHERE c.key = 'half_life'), 1000)
$$;

-- FlowKit's touch_cache with the stable score of §8.1. Returns the new score.
CREATE FUNCTION cache.touch(query_id text) RETURNS double precision
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  n bigint;
  g double precision;
  new_score double precision;
BEGIN
  n := nextval('cache.cache_touches');
  g := ln(1 + ln(2) / cache.half_life());
  UPDATE cache.cached AS c
  SET last_accessed = now(),
      access_count = c.access_count + 1,
      log_multiplier = s.lm,
      score = s.lm
        + ln(greatest(coalesce(c.compute_time, 0)::float8 / 1000, 0.001))
        - ln(greatest(coalesce(c.size_bytes, 0), 1)::float8)
  FROM (
    SELECT x.query_id, cache.logaddexp(x.log_multiplier, (n - 2) * g) AS lm
    FROM cache.cached AS x
    WHERE x.query_id = touch.query_id
    FOR UPDATE
  ) AS s
  WHERE c.query_id = s.query_id
  RETURNING c.score INTO new_score;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Cache record % not found', touch.query_id USING ERRCODE = 'no_data_found';
  END IF;
  RETURN new_score;
END
$$;

-- Api's run path: insert as known and queue; restart cancelled/errored; flag resetting to be queued after the reset.
CREATE FUNCTION cache.register_query(
  query_id text,
  query_kind text,
  params jsonb,
  canonical jsonb,
  aggregation_unit text
) RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  qid text := register_query.query_id;
  inserted int;
  current_state text;
BEGIN
  INSERT INTO cache.queries AS q (query_id, query_kind, params, canonical, aggregation_unit, top_level, state)
  VALUES (qid, register_query.query_kind, register_query.params, register_query.canonical,
          register_query.aggregation_unit, true, 'known')
  ON CONFLICT ON CONSTRAINT queries_pkey DO NOTHING;
  GET DIAGNOSTICS inserted = ROW_COUNT;
  IF inserted > 0 THEN
    PERFORM cache.record_transition(qid, 'create', NULL, 'known');
  END IF;

  SELECT q.state INTO current_state FROM cache.queries AS q WHERE q.query_id = qid FOR UPDATE;

  UPDATE cache.queries AS q
  SET top_level = true,
      query_kind = coalesce(q.query_kind, register_query.query_kind),
      params = coalesce(q.params, register_query.params),
      canonical = coalesce(q.canonical, register_query.canonical),
      aggregation_unit = coalesce(q.aggregation_unit, register_query.aggregation_unit)
  WHERE q.query_id = qid
    AND (NOT q.top_level OR q.params IS NULL OR q.canonical IS NULL);

  IF current_state IN ('cancelled', 'errored') THEN
    UPDATE cache.queries AS q SET state = 'resetting', updated_at = now()
    WHERE q.query_id = qid AND q.state = current_state;
    PERFORM cache.record_transition(qid, 'reset', current_state, 'resetting');
    UPDATE cache.queries AS q
    SET state = 'known', message = NULL, attempts = 0, lease_owner = NULL, lease_expires_at = NULL,
        cancel_requested_at = NULL, requeue_after_reset = false, progress_eligible = NULL,
        progress_queued = NULL, progress_running = NULL, started_at = NULL, finished_at = NULL, updated_at = now()
    WHERE q.query_id = qid AND q.state = 'resetting';
    PERFORM cache.record_transition(qid, 'finish_resetting', 'resetting', 'known');
    current_state := 'known';
  END IF;

  IF current_state = 'known' THEN
    UPDATE cache.queries AS q SET state = 'queued', updated_at = now()
    WHERE q.query_id = qid AND q.state = 'known';
    PERFORM cache.record_transition(qid, 'queue', 'known', 'queued');
    RETURN 'queued';
  END IF;

  IF current_state = 'resetting' THEN
    UPDATE cache.queries AS q SET requeue_after_reset = true, updated_at = now()
    WHERE q.query_id = qid AND q.state = 'resetting' AND NOT q.requeue_after_reset;
  END IF;

  RETURN current_state;
END
$$;

-- Api's cancel path: queued -> cancelled; executing -> cancel_requested_at (the engine cancels). Returns the state,
-- NULL for an unknown id.
CREATE FUNCTION cache.request_cancel(query_id text) RETURNS text
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  qid text := request_cancel.query_id;
  current_state text;
BEGIN
  SELECT q.state INTO current_state FROM cache.queries AS q WHERE q.query_id = qid FOR UPDATE;
  IF current_state = 'queued' THEN
    UPDATE cache.queries AS q SET state = 'cancelled', finished_at = now(), updated_at = now()
    WHERE q.query_id = qid AND q.state = 'queued';
    PERFORM cache.record_transition(qid, 'cancel', 'queued', 'cancelled');
    RETURN 'cancelled';
  END IF;
  IF current_state = 'executing' THEN
    UPDATE cache.queries AS q SET cancel_requested_at = coalesce(q.cancel_requested_at, now()), updated_at = now()
    WHERE q.query_id = qid;
    PERFORM pg_notify('flowdeck_query_state', qid);
  END IF;
  RETURN current_state;
END
$$;

-- Re-ingest invalidation (§8.4): completed entries depending on any of the dates, and transitively their dependents,
-- move to resetting. Returns how many moved.
CREATE FUNCTION cache.invalidate_dates(cdr_type text, dates date[]) RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  r record;
  moved int := 0;
BEGIN
  FOR r IN
    WITH RECURSIVE affected (query_id) AS (
      SELECT d.query_id
      FROM cache.date_dependencies AS d
      WHERE d.cdr_type = invalidate_dates.cdr_type
        AND d.cdr_date = ANY (invalidate_dates.dates)
      UNION
      SELECT dep.query_id
      FROM cache.dependencies AS dep
      JOIN affected AS a ON dep.depends_on = a.query_id
    )
    UPDATE cache.queries AS q
    SET state = 'resetting', updated_at = now()
    WHERE q.query_id IN (SELECT a.query_id FROM affected AS a)
      AND q.state = 'completed'
    RETURNING q.query_id
  LOOP
    PERFORM cache.record_transition(r.query_id, 'reset', 'completed', 'resetting', 'invalidate_dates');
    moved := moved + 1;
  END LOOP;
  RETURN moved;
END
$$;

ALTER FUNCTION cache.logaddexp(double precision, double precision) OWNER TO flowdeck_engine;
ALTER FUNCTION cache.record_transition(text, text, text, text, text) OWNER TO flowdeck_engine;
ALTER FUNCTION cache.half_life() OWNER TO flowdeck_engine;
ALTER FUNCTION cache.touch(text) OWNER TO flowdeck_engine;
ALTER FUNCTION cache.register_query(text, text, jsonb, jsonb, text) OWNER TO flowdeck_engine;
ALTER FUNCTION cache.request_cancel(text) OWNER TO flowdeck_engine;
ALTER FUNCTION cache.invalidate_dates(text, date[]) OWNER TO flowdeck_engine;
