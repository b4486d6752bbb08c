-- Schema events (spec/flowdb.md §3): one range-partitioned parent per CDR type, partitioned by UTC day on datetime.
-- Partitions events.<type>_YYYYMMDD are created and swapped in by services/etl. No primary keys (load speed).

CREATE SCHEMA events;

CREATE TABLE events.calls (
  id text,
  outgoing boolean,
  datetime timestamptz NOT NULL,
  duration numeric,
  network text,
  msisdn text NOT NULL,
  msisdn_counterpart text,
  location_id text,
  imsi text,
  imei text,
  tac numeric(8),
  operator_code numeric,
  country_code numeric
) PARTITION BY RANGE (datetime);

CREATE TABLE events.sms (
  id text,
  outgoing boolean,
  datetime timestamptz NOT NULL,
  network text,
  msisdn text NOT NULL,
  msisdn_counterpart text,
  location_id text,
  imsi text,
  imei text,
  tac numeric(8),
  operator_code numeric,
  country_code numeric
) PARTITION BY RANGE (datetime);

CREATE TABLE events.forwards (
  id text,
  outgoing boolean,
  datetime timestamptz NOT NULL,
  network text,
  msisdn text NOT NULL,
  msisdn_counterpart text,
  location_id text,
  imsi text,
  imei text,
  tac numeric(8),
  operator_code numeric,
  country_code numeric
) PARTITION BY RANGE (datetime);

CREATE TABLE events.mds (
  id text,
  datetime timestamptz NOT NULL,
  duration numeric,
  volume_total numeric,
  volume_upload numeric,
  volume_download numeric,
  msisdn text NOT NULL,
  location_id text,
  imsi text,
  imei text,
  tac numeric(8),
  operator_code numeric,
  country_code numeric
) PARTITION BY RANGE (datetime);

CREATE TABLE events.topups (
  id text,
  datetime timestamptz NOT NULL,
  type text,
  recharge_amount numeric,
  airtime_fee numeric,
  tax_and_fee numeric,
  pre_event_balance numeric,
  post_event_balance numeric,
  msisdn text NOT NULL,
  location_id text,
  imsi text,
  imei text,
  tac numeric(8),
  operator_code numeric,
  country_code numeric
) PARTITION BY RANGE (datetime);

CREATE TABLE events.location_ids (
  location_id text NOT NULL,
  cdr_type text NOT NULL,
  first_active_date date,
  last_active_date date,
  PRIMARY KEY (location_id, cdr_type)
);
