-- Schemas infrastructure and geography (spec/flowdb.md §4): versioned sites and cells, handset models, the admin
-- boundary tables admin0..admin3, the precomputed cell -> zone table, and FlowKit's (empty) mapping tables.

CREATE SCHEMA infrastructure;

CREATE TABLE infrastructure.sites (
  site_id bigserial PRIMARY KEY,
  id text,
  version int,
  name text,
  type text,
  status text,
  structure_type text,
  is_cow boolean,
  date_of_first_service date,
  date_of_last_service date,
  geom_point geometry(Point, 4326),
  geom_polygon geometry(MultiPolygon, 4326),
  UNIQUE (id, version)
);

CREATE TABLE infrastructure.cells (
  cell_id bigserial PRIMARY KEY,
  id text,
  version int,
  site_id text,
  name text,
  type text,
  msc text,
  bsc_rnc text,
  antenna_type text,
  status text,
  lac text,
  height numeric,
  azimuth numeric,
  transmitter text,
  max_range numeric,
  min_range numeric,
  electrical_tilt numeric,
  mechanical_downtilt numeric,
  date_of_first_service date,
  date_of_last_service date,
  geom_point geometry(Point, 4326),
  geom_polygon geometry(MultiPolygon, 4326),
  UNIQUE (id, version)
);

CREATE INDEX cells_geom_point_gist ON infrastructure.cells USING gist (geom_point);
CREATE INDEX sites_geom_point_gist ON infrastructure.sites USING gist (geom_point);

CREATE TABLE infrastructure.tacs (
  id numeric(8) PRIMARY KEY,
  brand text,
  model text,
  width numeric,
  height numeric,
  depth numeric,
  weight numeric,
  display_type text,
  display_colors numeric,
  display_width numeric,
  display_height numeric,
  mms_receiver boolean,
  mms_built_in_camera boolean,
  wap_push_ota_support boolean,
  hardware_gprs boolean,
  hardware_edge boolean,
  hardware_umts boolean,
  hardware_wifi boolean,
  hardware_bluetooth boolean,
  hardware_gps boolean,
  software_os_vendor text,
  software_os_name text,
  software_os_version text,
  wap_push_ota_settings boolean,
  wap_push_ota_bookmarks boolean,
  wap_push_ota_app_internet boolean,
  wap_push_ota_app_browser boolean,
  wap_push_ota_app_mms boolean,
  wap_push_ota_single_shot boolean,
  wap_push_ota_multi_shot boolean,
  wap_push_oma_settings boolean,
  wap_push_oma_app_internet boolean,
  wap_push_oma_app_browser boolean,
  wap_push_oma_app_mms boolean,
  wap_push_oma_cp_bookmarks boolean,
  wap_1_2_1 boolean,
  wap_2_0 boolean,
  syncml_dm_settings boolean,
  syncml_dm_acc_gprs boolean,
  syncml_dm_app_internet boolean,
  syncml_dm_app_browser boolean,
  syncml_dm_app_mms boolean,
  syncml_dm_app_bookmark boolean,
  syncml_dm_app_java boolean,
  wap_push_oma_app_ims boolean,
  wap_push_oma_app_poc boolean,
  j2me_midp_10 boolean,
  j2me_midp_20 boolean,
  j2me_midp_21 boolean,
  j2me_cldc_10 boolean,
  j2me_cldc_11 boolean,
  j2me_cldc_20 boolean,
  hnd_type text
);

CREATE SCHEMA geography;

CREATE TABLE geography.admin0 (
  gid serial PRIMARY KEY,
  admin0name text,
  admin0pcod text,
  geom geometry(MultiPolygon, 4326)
);

CREATE TABLE geography.admin1 (
  gid serial PRIMARY KEY,
  admin0name text,
  admin0pcod text,
  admin1name text,
  admin1pcod text,
  geom geometry(MultiPolygon, 4326)
);

CREATE TABLE geography.admin2 (
  gid serial PRIMARY KEY,
  admin0name text,
  admin0pcod text,
  admin1name text,
  admin1pcod text,
  admin2name text,
  admin2pcod text,
  geom geometry(MultiPolygon, 4326)
);

CREATE TABLE geography.admin3 (
  gid serial PRIMARY KEY,
  admin0name text,
  admin0pcod text,
  admin1name text,
  admin1pcod text,
  admin2name text,
  admin2pcod text,
  admin3name text,
  admin3pcod text,
  geom geometry(MultiPolygon, 4326)
);

CREATE UNIQUE INDEX admin0_admin0pcod_key ON geography.admin0 (admin0pcod);
CREATE UNIQUE INDEX admin1_admin1pcod_key ON geography.admin1 (admin1pcod);
CREATE UNIQUE INDEX admin2_admin2pcod_key ON geography.admin2 (admin2pcod);
CREATE UNIQUE INDEX admin3_admin3pcod_key ON geography.admin3 (admin3pcod);
CREATE INDEX admin0_geom_gist ON geography.admin0 USING gist (geom);
CREATE INDEX admin1_geom_gist ON geography.admin1 USING gist (geom);
CREATE INDEX admin2_geom_gist ON geography.admin2 USING gist (geom);
CREATE INDEX admin3_geom_gist ON geography.admin3 USING gist (geom);

CREATE TABLE geography.cell_admin (
  location_id text NOT NULL,
  version int NOT NULL,
  admin0pcod text,
  admin1pcod text,
  admin2pcod text,
  admin3pcod text,
  PRIMARY KEY (location_id, version)
);

CREATE TABLE geography.geo_kinds (
  geo_kind_id serial PRIMARY KEY,
  name text
);

INSERT INTO geography.geo_kinds (name) VALUES ('admin_unit');

CREATE TABLE geography.linkage_methods (
  linkage_method_id serial PRIMARY KEY,
  name text,
  meta json
);

INSERT INTO geography.linkage_methods (name) VALUES ('point_in_polygon');

CREATE TABLE geography.geoms (
  gid bigserial PRIMARY KEY,
  added_date timestamptz NOT NULL DEFAULT now(),
  short_name text,
  long_name text,
  geo_kind_id int REFERENCES geography.geo_kinds (geo_kind_id) DEFAULT 1,
  spatial_resolution int,
  additional_metadata json,
  geom geometry(MultiPolygon, 4326)
);

CREATE INDEX geoms_geom_gist ON geography.geoms USING gist (geom);

CREATE TABLE geography.geo_bridge (
  location_id text NOT NULL,
  gid bigint NOT NULL REFERENCES geography.geoms (gid),
  valid_from date,
  valid_to date,
  weight double precision DEFAULT 1,
  linkage_method_id int NOT NULL REFERENCES geography.linkage_methods (linkage_method_id) DEFAULT 1,
  PRIMARY KEY (location_id, gid, linkage_method_id)
);
