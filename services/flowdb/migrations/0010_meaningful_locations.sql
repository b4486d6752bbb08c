-- Hartigan clustering of a subscriber's towers for the meaningful-locations kinds (spec/query-kinds.md §6.1,
-- FlowKit's HartiganCluster). Towers come in descending call-day order (the caller breaks ties); each joins the
-- first cluster, in creation order, whose centroid lies closer than radius_km (great-circle distance on PostGIS's
-- sphere), moving its centroid to the call-day weighted mean of longitudes and latitudes, or else starts a new
-- cluster. Returns, for every input position idx, the rank (creation order, from 1), final centroid and total call
-- days of its cluster. Deterministic for a given input order; the engine role may execute it.

CREATE FUNCTION cache.hartigan_clusters(
  lons double precision[],
  lats double precision[],
  weights integer[],
  radius_km double precision
) RETURNS TABLE (idx integer, cluster_rank integer, cluster_lon double precision, cluster_lat double precision, cluster_weight integer)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = public, pg_temp
AS $$
DECLARE
  c_lon double precision[] := '{}';
  c_lat double precision[] := '{}';
  c_weight integer[] := '{}';
  member integer[] := '{}';
  n integer := coalesce(array_length(lons, 1), 0);
  hit integer;
  merged integer;
BEGIN
  FOR i IN 1..n LOOP
    hit := NULL;
    FOR j IN 1..coalesce(array_length(c_weight, 1), 0) LOOP
      IF ST_Distance(
        CAST(ST_SetSRID(ST_MakePoint(c_lon[j], c_lat[j]), 4326) AS geography),
        CAST(ST_SetSRID(ST_MakePoint(lons[i], lats[i]), 4326) AS geography),
        false
      ) < radius_km * 1000 THEN
        hit := j;
        EXIT;
      END IF;
    END LOOP;
    IF hit IS NULL THEN
      c_lon := c_lon || lons[i];
      c_lat := c_lat || lats[i];
      c_weight := c_weight || weights[i];
      hit := array_length(c_weight, 1);
    ELSE
      merged := c_weight[hit] + weights[i];
      c_lon[hit] := (c_lon[hit] * c_weight[hit] + lons[i] * weights[i]) / merged;
      c_lat[hit] := (c_lat[hit] * c_weight[hit] + lats[i] * weights[i]) / merged;
      c_weight[hit] := merged;
    END IF;
    member := member || hit;
  END LOOP;
  FOR i IN 1..n LOOP
    idx := i;
    cluster_rank := member[i];
    cluster_lon := c_lon[member[i]];
    cluster_lat := c_lat[member[i]];
    cluster_weight := c_weight[member[i]];
    RETURN NEXT;
  END LOOP;
END;
$$;

REVOKE EXECUTE ON FUNCTION cache.hartigan_clusters(double precision[], double precision[], integer[], double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cache.hartigan_clusters(double precision[], double precision[], integer[], double precision) TO flowdeck_engine;
