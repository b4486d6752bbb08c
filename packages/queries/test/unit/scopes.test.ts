import {
  aggregationUnitOf,
  geographyScopes,
  publishedScopes,
  requiredScopes,
  TOP_LEVEL_KINDS,
  validateSpec,
} from '@flowdeck/queries';
import * as s from '../support/specs.js';

function canonical(spec: unknown): Record<string, unknown> {
  const result = validateSpec(spec);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.canonical;
}

/** tokens.md §4.2 example. */
const JSA_EXAMPLE = s.joinedSpatialAggregate({
  locations: s.dailyLocation({ aggregation_unit: 'admin2' }),
  metric: s.displacement({
    reference_location: {
      query_kind: 'modal_location',
      locations: [s.dailyLocation({ aggregation_unit: 'lon-lat' })],
    },
  }),
  method: 'avg',
});

describe('requiredScopes', () => {
  it('reproduces the joined_spatial_aggregate example of tokens.md §4.2', () => {
    expect(requiredScopes('run', canonical(JSA_EXAMPLE))).toEqual([
      'admin2:joined_spatial_aggregate:daily_location',
      'admin2:joined_spatial_aggregate:displacement',
      'admin2:joined_spatial_aggregate:joined_spatial_aggregate',
      'admin2:joined_spatial_aggregate:modal_location',
      'run',
    ]);
  });

  it('adds get_result for get, run for cancel, nothing for poll', () => {
    const c = canonical(s.spatialAggregate());
    const triplets = [
      'admin3:spatial_aggregate:daily_location',
      'admin3:spatial_aggregate:spatial_aggregate',
    ];
    expect(requiredScopes('poll', c)).toEqual(triplets);
    expect(requiredScopes('get', c)).toEqual([...triplets, 'get_result']);
    expect(requiredScopes('cancel', c)).toEqual([...triplets, 'run']);
  });

  it('collects query_kind inside arrays at any depth and ignores non-string values', () => {
    const spec = {
      query_kind: 'x_kind',
      aggregation_unit: 'admin1',
      a: [{ b: { query_kind: 'deep' } }, { query_kind: 7 }],
    };
    expect(requiredScopes('poll', spec)).toEqual(['admin1:x_kind:deep', 'admin1:x_kind:x_kind']);
  });

  it('uses nonspatial for histograms and the derived unit elsewhere', () => {
    expect(aggregationUnitOf(canonical(s.histogramAggregate()))).toBe('nonspatial');
    expect(
      aggregationUnitOf(
        canonical(
          s.flows({ from_location: s.modalLocation('lon-lat'), to_location: s.modalLocation('lon-lat') }),
        ),
      ),
    ).toBe('lon-lat');
    expect(
      aggregationUnitOf(
        canonical(
          s.aggregateNetworkObjects({
            total_network_objects: s.totalNetworkObjects({ aggregation_unit: 'admin1' }),
          }),
        ),
      ),
    ).toBe('admin1');
    expect(requiredScopes('run', canonical(s.histogramAggregate()))).toEqual([
      'nonspatial:histogram_aggregate:histogram_aggregate',
      'nonspatial:histogram_aggregate:radius_of_gyration',
      'run',
    ]);
  });

  it('geographyScopes', () => {
    expect(geographyScopes('admin3')).toEqual(['get_result', 'admin3:geography:geography']);
  });
});

describe('publishedScopes', () => {
  const published = publishedScopes();

  it('is sorted by code point, de-duplicated, and holds the simple scopes', () => {
    expect(published).toEqual([...new Set(published)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const simple of ['get_available_dates', 'get_qa_checks', 'get_result', 'run'])
      expect(published).toContain(simple);
  });

  it('only names implemented kinds with valid grammar', () => {
    for (const scope of published) {
      expect(scope).toMatch(
        /^(run|get_result|get_available_dates|get_qa_checks|[a-z0-9_-]+:[a-z0-9_-]+:[a-z0-9_-]+)$/,
      );
      if (scope.includes(':')) expect(TOP_LEVEL_KINDS).toContain(scope.split(':')[1]);
    }
    // dummy_query exists only under NODE_ENV=test (Jest); production processes never publish it (next test).
    expect(published.some((p) => p.includes('dummy_query'))).toBe(process.env['NODE_ENV'] === 'test');
    expect(published).toContain('admin0:geography:geography');
    expect(published).not.toContain('lon-lat:geography:geography');
    expect(published).toContain('nonspatial:histogram_aggregate:displacement');
    expect(published).toContain('nonspatial:histogram_aggregate:modal_location');
    expect(published).not.toContain('nonspatial:histogram_aggregate:handset');
    expect(published).toContain('lon-lat:flows:unique_locations');
    expect(published).not.toContain('admin1:spatial_aggregate:unique_locations');
    expect(published).toContain('admin1:aggregate_network_objects:total_network_objects');
  });

  it('contains every required triplet of every valid spec (property)', () => {
    const specs = s.validTopLevelSpecs();
    // Vary units across every spec that carries them, to cover each unit enum.
    const units = ['admin0', 'admin1', 'admin2', 'admin3', 'lon-lat'];
    const withUnit = (value: unknown, unit: string): unknown => {
      if (Array.isArray(value)) return value.map((v) => withUnit(v, unit));
      if (typeof value !== 'object' || value === null) return value;
      const obj = value as Record<string, unknown>;
      const out = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, withUnit(v, unit)]));
      if (
        typeof obj['aggregation_unit'] === 'string' &&
        obj['query_kind'] !== 'geography' &&
        obj['aggregation_unit'] !== 'lon-lat'
      ) {
        out['aggregation_unit'] = unit;
      }
      return out;
    };
    let checked = 0;
    for (const spec of specs) {
      for (const unit of units) {
        const result = validateSpec(withUnit(spec, unit));
        if (!result.ok) continue;
        for (const action of ['run', 'poll', 'get', 'cancel'] as const) {
          for (const scope of requiredScopes(action, result.canonical)) expect(published).toContain(scope);
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(specs.length * 4);
    for (const example of [JSA_EXAMPLE]) {
      for (const scope of requiredScopes('run', canonical(example))) expect(published).toContain(scope);
    }
  });
});

describe('dummy_query outside tests', () => {
  it('is neither a top-level kind nor published when NODE_ENV is production', async () => {
    const { execFile } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const script = "import('@flowdeck/queries').then((q) => console.log(JSON.stringify([q.TOP_LEVEL_KINDS.includes('dummy_query'), q.publishedScopes().some((p) => p.includes('dummy_query')), q.TOP_LEVEL_KINDS.length])))";
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: `${root}packages/queries`, env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production' }, timeout: 60_000 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    expect(JSON.parse(out)).toEqual([false, false, TOP_LEVEL_KINDS.length - 1]);
  }, 90_000);
});
