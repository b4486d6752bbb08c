import type { ErrorTree } from './catalogue/types.js';

/** Codes of spec refusals; services branch on `code`, never on message text. */
export const QuerySpecErrorCode = {
  Unparseable: 'SPEC_UNPARSEABLE',
  Invalid: 'SPEC_INVALID',
} as const;

/** The `/run` body is not an object or has no string `query_kind` (api.md §4). */
export class SpecParseError extends Error {
  readonly code = QuerySpecErrorCode.Unparseable;
  readonly status = 400 as const;
  readonly expose = true as const;
  readonly body = { msg: 'Could not parse query spec.' as const };
  constructor() {
    super('Could not parse query spec.');
    this.name = 'SpecParseError';
  }
}

/** Indent `JSON.stringify(value, null, 2)` by three spaces on every line, as FlowKit's message does. */
function indented(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n');
}

/** FlowKit's validation text (api.md §4). */
export function validationMessage(params: unknown, errors: ErrorTree): string {
  return (
    `Parameter validation failed.\n\nThe action parameters were:\n${indented(params)}.\n\n` +
    `Validation error messages:\n${indented(errors)}.\n\n`
  );
}

/** The spec failed validation; `errors` is the marshmallow-style tree of spec/query-kinds.md §2. */
export class SpecValidationError extends Error {
  readonly code = QuerySpecErrorCode.Invalid;
  readonly status = 400 as const;
  readonly expose = true as const;
  readonly body: { status: 'Error'; msg: string; payload: { params: unknown; orig_error_msg: ErrorTree } };
  constructor(
    readonly params: unknown,
    readonly errors: ErrorTree,
  ) {
    super('Query spec validation failed.');
    this.name = 'SpecValidationError';
    this.body = {
      status: 'Error',
      msg: validationMessage(params, errors),
      payload: { params, orig_error_msg: errors },
    };
  }
}
