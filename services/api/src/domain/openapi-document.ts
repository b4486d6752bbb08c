/**
 * The OpenAPI 3.0 document of spec/api.md §10, built from the query catalogue of packages/queries (schemas and the
 * published scope list are passed in, never hand-written here). Pure: the route supplies version and audience.
 */

export interface OpenApiInputs {
  /** Flowdeck version (info.version). */
  version: string;
  /** FLOWAPI_IDENTIFIER (x-audience). */
  audience: string;
  /** openApiSchemas() of packages/queries. */
  schemas: Record<string, unknown>;
  /** publishedScopes() of packages/queries, sorted by code point. */
  scopes: readonly string[];
}

type Json = Record<string, unknown>;

const jsonContent = (schema: Json): Json => ({ 'application/json': { schema } });

const MSG_BODY: Json = { type: 'object', properties: { msg: { type: 'string' } }, required: ['msg'] };
const STATUS_BODY: Json = {
  type: 'object',
  properties: { status: { type: 'string' }, msg: { type: 'string' }, payload: { type: 'object' } },
  required: ['msg'],
};
const PROGRESS: Json = {
  type: 'object',
  properties: { eligible: { type: 'integer' }, queued: { type: 'integer' }, running: { type: 'integer' } },
  required: ['eligible', 'queued', 'running'],
};

const response = (description: string, schema?: Json, headers?: Json): Json => ({
  description,
  ...(schema === undefined ? {} : { content: jsonContent(schema) }),
  ...(headers === undefined ? {} : { headers }),
});

/** Responses every protected operation shares (spec/api.md §1-2). */
const AUTH_RESPONSES: Json = {
  '401': response('Missing, expired or revoked token.', MSG_BODY),
  '403': response('No single role holds every required scope.', MSG_BODY),
  '422': response('Malformed or otherwise invalid token.', MSG_BODY),
  '503': response('A dependency is unavailable.', STATUS_BODY, { 'Retry-After': { schema: { type: 'integer' } } }),
};

const locationHeader = (description: string): Json => ({ Location: { description, schema: { type: 'string' } } });

const pathParam = (name: string, schema: Json = { type: 'string' }): Json => ({ name, in: 'path', required: true, schema });

const protectedOp = (op: Json): Json => ({
  ...op,
  security: [{ token: [] }],
  responses: { ...(op.responses as Json), ...AUTH_RESPONSES },
});

function queryResultOp(operationId: string, withFileType: boolean): Json {
  const parameters = [pathParam('query_id')];
  if (withFileType) parameters.push(pathParam('filetype', { type: 'string', enum: ['json', 'csv', 'geojson'] }));
  return protectedOp({
    operationId,
    summary: 'Get the result of a completed query',
    tags: ['query'],
    parameters,
    responses: {
      '200': {
        description: 'The result, streamed.',
        content: {
          'application/json': { schema: { type: 'object' } },
          'text/csv': { schema: { type: 'string' } },
          'application/geo+json': { schema: { type: 'object' } },
        },
      },
      '202': response('The query is queued or running.', { type: 'object' }),
      '400': response('Invalid file format, or no geojson representation.', STATUS_BODY),
      '404': response('Unknown, not yet run, cancelled or resetting query.', STATUS_BODY),
    },
  });
}

function paths(): Json {
  const unitEnum = { type: 'string', enum: ['admin0', 'admin1', 'admin2', 'admin3'] };
  const dateQuery = (name: string): Json => ({ name, in: 'query', required: true, schema: { type: 'string', format: 'date' } });
  const specDoc = (description: string, type: string): Json => ({
    get: { summary: description, tags: ['spec'], responses: { '200': { description, content: { [type]: { schema: type === 'text/html' ? { type: 'string' } : { type: 'object' } } } } } },
  });
  return {
    '/api/0/run': {
      post: protectedOp({
        operationId: 'query.run_query.post',
        summary: 'Run a query',
        tags: ['query'],
        requestBody: { required: true, content: jsonContent({ $ref: '#/components/schemas/FlowmachineQuerySchema' }) },
        responses: {
          '202': response(
            'Accepted; poll the Location.',
            { type: 'object', properties: { query_id: { type: 'string' }, progress: PROGRESS }, required: ['query_id', 'progress'] },
            locationHeader('/api/0/poll/<query_id>'),
          ),
          '400': response('Unparseable or invalid query spec.', STATUS_BODY),
          '413': response('Request body too large.', MSG_BODY),
        },
      }),
    },
    '/api/0/run/{query_id}': {
      delete: protectedOp({
        operationId: 'query.cancel_query.delete',
        summary: 'Cancel a queued or running query (Flowdeck extension)',
        tags: ['query'],
        parameters: [pathParam('query_id')],
        responses: {
          '200': response('Cancelled.', { type: 'object' }),
          '202': response('Cancellation requested for a running query.', { type: 'object' }),
          '404': response('Unknown query id.', STATUS_BODY),
          '409': response('The query is not running.', STATUS_BODY),
        },
      }),
    },
    '/api/0/poll/{query_id}': {
      get: protectedOp({
        operationId: 'query.poll_query.get',
        summary: 'Get the status of a query',
        tags: ['query'],
        parameters: [pathParam('query_id')],
        responses: {
          '202': response(
            'Queued or executing.',
            { type: 'object', properties: { status: { type: 'string' }, msg: { type: 'string' }, progress: PROGRESS } },
            { 'Retry-After': { schema: { type: 'integer' } } },
          ),
          '303': response('Completed; fetch the Location.', STATUS_BODY, locationHeader('/api/0/get/<query_id>')),
          '404': response('Unknown, known or resetting query.', STATUS_BODY),
          '500': response('Errored or cancelled query.', STATUS_BODY),
        },
      }),
    },
    '/api/0/get/{query_id}': { get: queryResultOp('query.get_query_result.get', false) },
    '/api/0/get/{query_id}.{filetype}': { get: queryResultOp('query.get_query_result_filetype.get', true) },
    '/api/0/geography/{aggregation_unit}': {
      get: protectedOp({
        operationId: 'geography.get_geography.get',
        summary: 'Get the zones of an aggregation unit as GeoJSON',
        tags: ['geography'],
        parameters: [pathParam('aggregation_unit', unitEnum)],
        responses: {
          '200': { description: 'GeoJSON FeatureCollection.', content: { 'application/geo+json': { schema: { type: 'object' } } } },
          '400': response('Invalid aggregation unit.', STATUS_BODY),
        },
      }),
    },
    '/api/0/available_dates': {
      get: protectedOp({
        operationId: 'query.get_available_dates.get',
        summary: 'Dates with data, per event type',
        tags: ['query'],
        responses: {
          '200': response('Available dates.', {
            type: 'object',
            properties: { available_dates: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string', format: 'date' } } } },
          }),
        },
      }),
    },
    '/api/0/qa/': {
      get: protectedOp({
        operationId: 'qa.list_qa_checks.get',
        summary: 'List the QA checks with outcomes',
        tags: ['qa'],
        responses: {
          '200': response('(cdr_type, check) pairs.', {
            type: 'array',
            items: { type: 'object', properties: { cdr_type: { type: 'string' }, type_of_query_or_check: { type: 'string' } } },
          }),
        },
      }),
    },
    '/api/0/qa/{cdr_type}/{check_type}': {
      get: protectedOp({
        operationId: 'qa.get_qa_date_range.get',
        summary: 'QA outcomes of one check in a date range (end inclusive)',
        tags: ['qa'],
        parameters: [pathParam('cdr_type'), pathParam('check_type'), dateQuery('start_date'), dateQuery('end_date')],
        responses: {
          '200': response('Outcomes ascending by date.', {
            type: 'array',
            items: {
              type: 'object',
              properties: { cdr_date: { type: 'string', format: 'date' }, type_of_query_or_check: { type: 'string' }, outcome: { type: 'string' } },
            },
          }),
          '400': response('Unparseable date.', STATUS_BODY),
          '404': response('No outcomes.', STATUS_BODY),
        },
      }),
    },
    '/api/0/qa/{cdr_type}/{check_type}/{check_date}': {
      get: protectedOp({
        operationId: 'qa.get_qa_on_date.get',
        summary: 'QA outcome of one check on one date',
        tags: ['qa'],
        parameters: [pathParam('cdr_type'), pathParam('check_type'), pathParam('check_date', { type: 'string', format: 'date' })],
        responses: {
          '200': { description: 'The outcome text.', content: { 'text/plain': { schema: { type: 'string' } } } },
          '400': response('Unparseable date.', STATUS_BODY),
          '404': response('No outcome.', STATUS_BODY),
        },
      }),
    },
    '/api/0/spec/openapi.json': specDoc('This document as JSON.', 'application/json'),
    '/api/0/spec/openapi.yaml': specDoc('This document as YAML.', 'application/x-yaml'),
    '/api/0/spec/redoc': specDoc('This document rendered with ReDoc.', 'text/html'),
  };
}

/** The document served at /api/0/spec/openapi.json and .yaml. */
export function buildOpenApiDocument(inputs: OpenApiInputs): Json {
  return {
    openapi: '3.0.1',
    info: {
      title: 'FlowAPI',
      version: inputs.version,
      description: 'Flowdeck Analytical API (FlowKit compatible)',
      license: { name: 'MPLv2', url: 'https://www.mozilla.org/en-US/MPL/2.0/' },
    },
    paths: paths(),
    components: {
      schemas: inputs.schemas,
      securitySchemes: {
        token: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          'x-security-scopes': [...inputs.scopes],
          'x-audience': inputs.audience,
        },
      },
    },
  };
}
