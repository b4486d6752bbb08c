// Hand-written SQL baselines of bench:query: one SELECT per kind computing the same answer as the engine (same
// located-events rule: cells in service on the day, latest version, admin3 pcod from geography.cell_admin; same
// redaction `value > 15`). Bindings: :start, :end (timestamptz text), :day (date), :threshold.

const LOCATED = `
  ev AS (
    SELECT msisdn, datetime, location_id FROM events.calls WHERE datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
    UNION ALL
    SELECT msisdn, datetime, location_id FROM events.sms WHERE datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
    UNION ALL
    SELECT msisdn, datetime, location_id FROM events.mds WHERE datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
    UNION ALL
    SELECT msisdn, datetime, location_id FROM events.topups WHERE datetime >= CAST(:start AS timestamptz) AND datetime < CAST(:end AS timestamptz)
  ),
  cell AS (
    SELECT DISTINCT ON (c.id) c.id, ca.admin3pcod AS pcod
    FROM infrastructure.cells AS c
    LEFT JOIN geography.cell_admin AS ca ON ca.location_id = c.id AND ca.version = c.version
    WHERE (c.date_of_first_service IS NULL OR c.date_of_first_service <= CAST(:day AS date))
      AND (c.date_of_last_service IS NULL OR CAST(:day AS date) <= c.date_of_last_service)
    ORDER BY c.id, c.version DESC
  ),
  located AS (
    SELECT ev.msisdn, ev.datetime, cell.pcod
    FROM ev JOIN cell ON cell.id = ev.location_id
    WHERE cell.pcod IS NOT NULL
  )`;

const LAST = `
  last_loc AS (
    SELECT DISTINCT ON (msisdn) msisdn, pcod FROM located ORDER BY msisdn, datetime DESC, pcod
  )`;

const MOST_COMMON = `
  common_loc AS (
    SELECT DISTINCT ON (msisdn) msisdn, pcod
    FROM (SELECT msisdn, pcod, count(*) AS n, max(datetime) AS latest FROM located GROUP BY msisdn, pcod) AS per
    ORDER BY msisdn, n DESC, latest DESC, pcod
  )`;

export const HAND_SQL = {
  spatialAggregate: `WITH ${LOCATED}, ${LAST}
    SELECT pcod, count(*) AS value FROM last_loc GROUP BY pcod HAVING count(*) > :threshold ORDER BY pcod`,
  flows: `WITH ${LOCATED}, ${LAST}, ${MOST_COMMON}
    SELECT f.pcod AS pcod_from, t.pcod AS pcod_to, count(*) AS value
    FROM last_loc AS f JOIN common_loc AS t ON t.msisdn = f.msisdn
    GROUP BY f.pcod, t.pcod HAVING count(*) > :threshold ORDER BY 1, 2`,
  uniqueSubscriberCounts: `WITH ${LOCATED}
    SELECT pcod, count(DISTINCT msisdn) AS value FROM located GROUP BY pcod HAVING count(DISTINCT msisdn) > :threshold ORDER BY pcod`,
} as const;
