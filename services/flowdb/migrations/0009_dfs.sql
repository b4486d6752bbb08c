-- Schema dfs: digital financial services transactions, with FlowKit's tables and columns (FlowKit's FlowDB
-- build script 0030_schema_dfs.sql), read by dfs_metric_total_amount (spec/query-kinds.md §6.1).
--   transaction_types      id, description and the user types of the a-party and b-party
--   transactions           amount, discount, fee, commission, type and time of each transaction
--   subscribers            subscribers met in the transactions
--   transactions_metadata  one row per party of a transaction: subscriber, cell (id, version) and direction
-- Unlike FlowKit, transactions_metadata has no foreign key to infrastructure.cells: the ETL replaces the cells table
-- with TRUNCATE, which a referencing key would forbid; a party whose cell version is unknown is simply not located.
-- Operators load these tables themselves (no ETL yet). Grants follow 0007_grants.sql: the engine reads them
-- (default privileges cover tables added later); the api role gets nothing.

CREATE SCHEMA dfs;

CREATE TABLE dfs.transaction_types (
  id serial PRIMARY KEY,
  descr text,
  user_type_a_party text,
  user_type_b_party text
);

CREATE TABLE dfs.transactions (
  id bigserial PRIMARY KEY,
  amount numeric(14, 4),
  discount numeric(14, 4),
  fee numeric(14, 4),
  commission numeric(14, 4),
  transtype_id int REFERENCES dfs.transaction_types (id),
  timestamp timestamptz
);

CREATE INDEX transactions_timestamp_idx ON dfs.transactions (timestamp);

CREATE TABLE dfs.subscribers (
  id bigserial PRIMARY KEY,
  msisdn text COLLATE "C"
);

CREATE TABLE dfs.transactions_metadata (
  transaction_id bigint REFERENCES dfs.transactions (id),
  subscriber_id bigint REFERENCES dfs.subscribers (id),
  cell_id text NOT NULL,
  cell_version int NOT NULL,
  is_outgoing boolean
);

CREATE INDEX transactions_metadata_transaction_idx ON dfs.transactions_metadata (transaction_id);

GRANT USAGE ON SCHEMA dfs TO flowdeck_engine;
GRANT SELECT ON ALL TABLES IN SCHEMA dfs TO flowdeck_engine;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA dfs TO flowdeck_engine;
ALTER DEFAULT PRIVILEGES IN SCHEMA dfs GRANT SELECT ON TABLES TO flowdeck_engine;
ALTER DEFAULT PRIVILEGES IN SCHEMA dfs GRANT SELECT ON SEQUENCES TO flowdeck_engine;
