import { CATALOGUE, implementedOnly, kindDecl } from './catalogue/catalogue.js';
import type { FieldDecl, FieldType, Fields, KindDecl } from './catalogue/types.js';

type Schema = Record<string, unknown>;

const ref = (kind: string): string => `#/components/schemas/${kindDecl(kind)?.schemaName ?? kind}`;

/** `$ref` for one kind, `oneOf` + discriminator for several. */
function querySchema(kinds: readonly string[]): Schema {
  const allowed = implementedOnly(kinds);
  if (allowed.length === 1) return { $ref: ref(allowed[0] as string) };
  return {
    oneOf: allowed.map((k) => ({ $ref: ref(k) })),
    discriminator: {
      propertyName: 'query_kind',
      mapping: Object.fromEntries(allowed.map((k) => [k, ref(k)])),
    },
  };
}

function typeSchema(type: FieldType): Schema {
  switch (type.type) {
    case 'string':
      return type.pattern === undefined
        ? { type: 'string' }
        : { type: 'string', pattern: `^(?:${type.pattern})$` };
    case 'date':
      return { type: 'string', description: 'ISO 8601 date or date-time (naive date-times are UTC).' };
    case 'int':
    case 'number':
      return {
        type: type.type === 'int' ? 'integer' : 'number',
        ...(type.min === undefined ? {} : { minimum: type.min }),
        ...(type.max === undefined ? {} : { maximum: type.max }),
        ...(type.type === 'number' && type.exclusive
          ? { exclusiveMinimum: true, exclusiveMaximum: true }
          : {}),
      };
    case 'bool':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'string', enum: [...type.values] };
    case 'null-only':
      return { type: 'string', nullable: true, enum: [null] };
    case 'query':
      return querySchema(type.kinds);
    case 'list':
      return {
        type: 'array',
        items: typeSchema(type.items),
        ...(type.minLength ? { minItems: type.minLength } : {}),
        ...(type.length === undefined ? {} : { minItems: type.length, maxItems: type.length }),
      };
    case 'object':
      return objectSchema(type.fields);
    case 'dict':
      return { type: 'object', additionalProperties: typeSchema(type.values) };
    case 'polygon':
      return {
        type: 'object',
        description: 'GeoJSON Polygon or MultiPolygon.',
        properties: {
          type: { type: 'string', enum: ['Polygon', 'MultiPolygon'] },
          coordinates: { type: 'array' },
        },
        required: ['type', 'coordinates'],
        additionalProperties: false,
      };
  }
}

function fieldSchema(decl: FieldDecl): Schema {
  let schema = typeSchema(decl.spec);
  const optional = !decl.required || decl.nullable;
  if (optional && decl.spec.type !== 'null-only') {
    if ('$ref' in schema) schema = { allOf: [schema], nullable: true };
    else if (Array.isArray(schema['enum']))
      schema = { ...schema, nullable: true, enum: [...(schema['enum'] as unknown[]), null] };
    else schema = { ...schema, nullable: true };
  }
  if (decl.default !== undefined && typeof decl.default !== 'function')
    schema = { ...schema, default: decl.default };
  // OpenAPI 3.0 ignores siblings of $ref, so a bare reference carries no description.
  if (decl.description && !('$ref' in schema)) schema = { ...schema, description: decl.description };
  return schema;
}

function objectSchema(
  fields: Fields,
  head: Record<string, Schema> = {},
  headRequired: string[] = [],
): Schema {
  const required = [
    ...headRequired,
    ...Object.entries(fields)
      .filter(([, d]) => d.required)
      .map(([n]) => n),
  ];
  return {
    type: 'object',
    properties: {
      ...head,
      ...Object.fromEntries(Object.entries(fields).map(([n, d]) => [n, fieldSchema(d)])),
    },
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}

function kindSchema(decl: KindDecl): Schema {
  return {
    description: decl.description,
    ...objectSchema(decl.fields, { query_kind: { type: 'string', enum: [decl.kind] } }, ['query_kind']),
  };
}

/**
 * `components.schemas` of api.md §10: one OpenAPI 3.0 schema per implemented kind (FlowKit names) plus
 * `FlowmachineQuerySchema`, a `oneOf` of the top-level kinds with a `query_kind` discriminator.
 */
export function openApiSchemas(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (const decl of CATALOGUE) schemas[decl.schemaName] = kindSchema(decl);
  schemas['FlowmachineQuerySchema'] = querySchema(CATALOGUE.filter((d) => d.topLevel).map((d) => d.kind));
  return schemas;
}
