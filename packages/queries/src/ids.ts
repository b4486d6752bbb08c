import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Version prefixes of spec/query-kinds.md §4; bump both with any change to canonicalisation or kind semantics. */
export const QUERY_ID_PREFIX = 'flowdeck-query-v1\n';
export const NODE_ID_PREFIX = 'flowdeck-node-v1\n';

/** RFC 8785 (JCS) text of a JSON value; TypeError for values JSON cannot represent. */
export function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('Value has no JSON representation.');
  return text;
}

function digest(prefix: string, value: unknown): string {
  return createHash('sha256')
    .update(prefix + jcs(value), 'utf8')
    .digest('hex')
    .slice(0, 32);
}

/**
 * Deterministic query id (spec/query-kinds.md §4): first 16 bytes (hex) of SHA-256 over
 * `"flowdeck-query-v1\n" + JCS({"redaction_threshold": T, "spec": canonical})`.
 */
export function queryId(canonical: Record<string, unknown>, redactionThreshold: number): string {
  if (!Number.isFinite(redactionThreshold))
    throw new TypeError('redactionThreshold must be a finite number.');
  return digest(QUERY_ID_PREFIX, { redaction_threshold: redactionThreshold, spec: canonical });
}

/** Id of an internal dependency-graph node: prefix `"flowdeck-node-v1\n"` over `{node, params, children}`. */
export function nodeId(node: string, params: unknown, childIds: string[]): string {
  return digest(NODE_ID_PREFIX, { node, params, children: childIds });
}
