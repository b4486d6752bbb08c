import { CATALOGUE, openApiSchemas, TOP_LEVEL_KINDS } from '@flowdeck/queries';

/** Keywords of an OpenAPI 3.0 Schema Object (plus `discriminator`). */
const SCHEMA_KEYWORDS = new Set([
  'title',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'type',
  'allOf',
  'oneOf',
  'anyOf',
  'not',
  'items',
  'properties',
  'additionalProperties',
  'description',
  'format',
  'default',
  'nullable',
  'discriminator',
  'readOnly',
  'writeOnly',
  'example',
  'deprecated',
  '$ref',
]);

const schemas = openApiSchemas();

function walk(
  schema: unknown,
  path: string,
  visit: (s: Record<string, unknown>, path: string) => void,
): void {
  if (typeof schema !== 'object' || schema === null) throw new Error(`${path} is not a schema object`);
  const obj = schema as Record<string, unknown>;
  visit(obj, path);
  for (const key of ['items', 'not'] as const)
    if (obj[key] !== undefined) walk(obj[key], `${path}.${key}`, visit);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    (obj[key] as unknown[] | undefined)?.forEach((s, i) => walk(s, `${path}.${key}[${i}]`, visit));
  }
  for (const [name, prop] of Object.entries((obj['properties'] as Record<string, unknown>) ?? {}))
    walk(prop, `${path}.${name}`, visit);
}

describe('openApiSchemas', () => {
  it('has one schema per implemented kind plus FlowmachineQuerySchema', () => {
    expect(Object.keys(schemas).sort()).toEqual(
      [...CATALOGUE.map((d) => d.schemaName), 'FlowmachineQuerySchema'].sort(),
    );
    expect(schemas).toHaveProperty('SpatialAggregateSchema');
    expect(schemas).toHaveProperty('DailyLocationSchema');
    expect(schemas).toHaveProperty('JoinedSpatialAggregateSchema');
    expect(schemas).toHaveProperty('FlowsSchema');
  });

  it('requires query_kind with a single-value enum in every kind schema', () => {
    for (const decl of CATALOGUE) {
      const schema = schemas[decl.schemaName] as {
        required: string[];
        properties: { query_kind: { enum: string[] } };
      };
      expect(schema.required).toContain('query_kind');
      expect(schema.properties.query_kind.enum).toEqual([decl.kind]);
    }
  });

  it('is made of valid OpenAPI 3.0 schema objects whose references resolve', () => {
    for (const [name, schema] of Object.entries(schemas)) {
      walk(schema, name, (obj, path) => {
        for (const key of Object.keys(obj))
          expect([path, SCHEMA_KEYWORDS.has(key) ? 'ok' : key]).toEqual([path, 'ok']);
        if ('type' in obj) expect(typeof obj['type']).toBe('string');
        if ('$ref' in obj) {
          expect(Object.keys(obj)).toEqual(['$ref']);
          const target = String(obj['$ref']).replace('#/components/schemas/', '');
          expect(schemas).toHaveProperty([target]);
        }
        if ('oneOf' in obj) {
          const d = obj['discriminator'] as { propertyName: string; mapping: Record<string, string> };
          expect(d.propertyName).toBe('query_kind');
          expect(Object.values(d.mapping)).toEqual((obj['oneOf'] as { $ref: string }[]).map((r) => r.$ref));
        }
        if (Array.isArray(obj['enum']) && obj['enum'].includes(null)) expect(obj['nullable']).toBe(true);
        if (Array.isArray(obj['required'])) {
          for (const r of obj['required'] as string[]) expect(obj['properties']).toHaveProperty([r]);
        }
      });
    }
  });

  it('describes FlowmachineQuerySchema as a discriminated oneOf of the top-level kinds', () => {
    const fq = schemas['FlowmachineQuerySchema'] as {
      oneOf: { $ref: string }[];
      discriminator: { propertyName: string; mapping: Record<string, string> };
    };
    expect(fq.oneOf).toHaveLength(TOP_LEVEL_KINDS.length);
    expect(fq.discriminator.propertyName).toBe('query_kind');
    expect(Object.keys(fq.discriminator.mapping)).toEqual([...TOP_LEVEL_KINDS]);
    expect(fq.discriminator.mapping['spatial_aggregate']).toBe('#/components/schemas/SpatialAggregateSchema');
  });

  it('references nested kinds (single kind by $ref, several by discriminated oneOf)', () => {
    const ano = schemas['AggregateNetworkObjectsSchema'] as { properties: Record<string, unknown> };
    expect(ano.properties['total_network_objects']).toEqual({
      $ref: '#/components/schemas/TotalNetworkObjectsSchema',
    });
    const modal = schemas['ModalLocationSchema'] as {
      properties: { locations: { type: string; items: unknown; minItems: number } };
    };
    expect(modal.properties.locations).toMatchObject({
      type: 'array',
      minItems: 1,
      items: { $ref: '#/components/schemas/DailyLocationSchema' },
    });
    const sa = schemas['SpatialAggregateSchema'] as { properties: { locations: { oneOf: unknown[] } } };
    // Tier 1 locations and Tier 2's majority and coalesced locations (query-kinds.md §5).
    expect(sa.properties.locations.oneOf).toHaveLength(6);
  });
});
