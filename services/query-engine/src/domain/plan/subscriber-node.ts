import { dateDependencies, specNodeId } from '@flowdeck/queries';
import type { PlanNode } from '../plan-node.js';
import { SqlFragment } from '../sql-fragment.js';
import { PlanError, type Spec } from './plan-types.js';
import { optObj, str } from './spec-fields.js';

/**
 * A per-subscriber node (location or metric, query-kinds.md §6.2/§6.3) planned from its own sub-spec: its id is
 * the spec's node id, so the same sub-spec anywhere in any query shares one cached table. A non-null `sampling`
 * samples the node's rows here, so every per-subscriber kind gets it.
 */
export function subscriberNode(
  spec: Spec,
  unit: string,
  select: SqlFragment,
  children: PlanNode[] = [],
): PlanNode {
  const kind = String(spec['query_kind']);
  return {
    id: specNodeId(spec),
    nodeType: kind,
    queryKind: kind,
    spec,
    aggregationUnit: unit,
    topLevel: false,
    children,
    select: sampled(spec, select),
    dateDependencies: dateDependencies(spec),
  };
}

/** FlowKit's random_sample of the spec's `sampling` over `select` (templates `sample-rows`, `sample-subscribers`). */
function sampled(spec: Spec, select: SqlFragment): SqlFragment {
  const sampling = optObj(spec, 'sampling');
  if (sampling === null) return select;
  const method = str(sampling, 'sampling_method');
  const seed = sampling['seed'];
  if (typeof seed !== 'number') throw new PlanError('Field seed must be a number.');
  const size = typeof sampling['size'] === 'number' ? sampling['size'] : null;
  const fraction = typeof sampling['fraction'] === 'number' ? sampling['fraction'] : null;
  if ((size === null) === (fraction === null))
    throw new PlanError("Must provide exactly one of 'size' or 'fraction' for a random sample.");
  const bindings = { source: select, seed: String(seed), size, fraction };
  if (method === 'random_ids') return new SqlFragment('sample-subscribers', bindings);
  if (method === 'bernoulli' || method === 'system')
    return new SqlFragment('sample-rows', { ...bindings, byRow: method === 'bernoulli' });
  throw new PlanError(`Unsupported sampling_method ${method}.`);
}
