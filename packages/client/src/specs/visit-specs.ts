/** Spec builders of a Tier 2 family (FlowClient's query_specs.py names, camelCase options). */
export {};
