-- Swaps a validated staging table in as the day's partition. Run in one transaction, after the old partition (if
-- any) was detached and dropped. DDL takes no bind parameters, so the caller renders this text with knex's
-- escaping (identifiers and the two bound literals only).
-- :staging: etl.stage_<type>_<yyyymmdd>_<suffix>; :partitionName: bare name <type>_YYYYMMDD;
-- :stagedPartition: etl.<type>_YYYYMMDD (after the rename); :partition: events.<type>_YYYYMMDD; :parent:
-- events.<type>; :from, :to the day's bounds.
ALTER TABLE :staging: RENAME TO :partitionName:;
ALTER TABLE :stagedPartition: SET SCHEMA events;
ALTER TABLE :parent: ATTACH PARTITION :partition: FOR VALUES FROM (:from) TO (:to);
