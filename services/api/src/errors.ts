/**
 * Errors of services/api and the table that maps them to HTTP (STYLE.md §4). Each refusal carries the FlowKit
 * body shape of spec/api.md itself, so the status and body are decided where the refusal is made; the one error
 * middleware (http/middleware/error-response.ts) only serialises them.
 */

/** Closed set of codes of the api's own refusals. */
export const ApiErrorCode = {
  UnknownQuery: 'UNKNOWN_QUERY',
  InvalidFileFormat: 'INVALID_FILE_FORMAT',
  NoGeojson: 'NO_GEOJSON_REPRESENTATION',
  InvalidAggregationUnit: 'INVALID_AGGREGATION_UNIT',
  UnparseableDate: 'UNPARSEABLE_DATE',
  QaNotFound: 'QA_NOT_FOUND',
  BodyTooLarge: 'BODY_TOO_LARGE',
  RouteNotFound: 'ROUTE_NOT_FOUND',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/** JSON body of an error response: `{msg}` or `{status, msg, payload?}` (spec/api.md §1). */
export type ErrorBody = { msg: string } | { status: string; msg: string; payload?: unknown };

/** An expected refusal: status below 500, exposed to the client as its FlowKit body. */
export class ApiError extends Error {
  readonly expose = true as const;
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(body.msg);
    this.name = 'ApiError';
  }
}

/** Which route family reported an unknown id; poll and cancel say `awol`, get says `Error` (spec/api.md §5, §6, §11.1). */
export type UnknownQueryFlavour = 'awol' | 'Error';

export function unknownQuery(queryId: string, flavour: UnknownQueryFlavour): ApiError {
  return new ApiError(ApiErrorCode.UnknownQuery, 404, { status: flavour, msg: `Unknown query id: '${queryId}'` });
}

export function invalidFileFormat(): ApiError {
  return new ApiError(ApiErrorCode.InvalidFileFormat, 400, { status: 'error', msg: 'Invalid file format' });
}

export function noGeojsonRepresentation(queryId: string): ApiError {
  return new ApiError(ApiErrorCode.NoGeojson, 400, {
    status: 'Error',
    msg: `Query with id '${queryId}' has no geojson compatible representation.`,
  });
}

export function invalidAggregationUnit(msg: string, payload: unknown): ApiError {
  return new ApiError(ApiErrorCode.InvalidAggregationUnit, 400, { status: 'Error', msg, payload });
}

export function unparseableDates(values: readonly (string | undefined)[]): ApiError {
  const shown = values.map((v) => v ?? 'None').join(' or ');
  return new ApiError(ApiErrorCode.UnparseableDate, 400, {
    status: 'bad request',
    msg: `Could not parse ${shown}; expected for format is YYYY-MM-DD`,
  });
}

export function qaNotFound(msg: string): ApiError {
  return new ApiError(ApiErrorCode.QaNotFound, 404, { status: 'not found', msg });
}

export function bodyTooLarge(): ApiError {
  return new ApiError(ApiErrorCode.BodyTooLarge, 413, { msg: 'Request body too large.' });
}

export function routeNotFound(): ApiError {
  return new ApiError(ApiErrorCode.RouteNotFound, 404, { status: 'Error', msg: 'Not found.' });
}

/** Body of a 503 (spec/api.md §1). */
export const SERVICE_UNAVAILABLE_BODY = { status: 'Error', msg: 'Service unavailable.' } as const;
/** Body of a 500 (spec/api.md §1). */
export const INTERNAL_ERROR_BODY = { status: 'Error', msg: 'Internal server error.' } as const;
