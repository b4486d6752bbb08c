import { badField } from '../errors.js';
import { parseIsoDateTime } from './datetime.js';

/** Request-body field readers that throw FlowAuth's `bad_field` errors. */

export type Body = Record<string, unknown>;

/** The JSON body as an object ({} when absent or not an object). */
export function asBody(body: unknown): Body {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : {};
}

/** A positive integer (JSON booleans are not integers). */
export function isPositiveInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

export function readPositiveInt(body: Body, field: string, message = `${field} must be a positive integer`): number {
  const v = body[field];
  if (!isPositiveInt(v)) throw badField(field, message);
  return v;
}

/** An ISO date-time or null; `undefined` when absent. */
export function readNullableDate(body: Body, field: string): Date | null | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  const d = parseIsoDateTime(v);
  if (d === undefined) throw badField(field, `${field} must be an ISO 8601 date-time with a time zone, or null`);
  return d;
}

export function readIdList(body: Body, field: string): number[] | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => isPositiveInt(x))) throw badField(field, `${field} must be a list of ids`);
  return [...new Set(v as number[])];
}

export function readBool(body: Body, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') throw badField(field, `${field} must be true or false`);
  return v;
}

/** A route id parameter; anything but a positive integer is the "not found" of the thing. */
export function parseId(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}
