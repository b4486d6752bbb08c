/** The gateway's listeners and the upstream each routes to (spec/deployment.md §6). */
export const Listener = { api: 'api', auth: 'auth', etl: 'etl' } as const;
export type Listener = (typeof Listener)[keyof typeof Listener];

/** Upstream services; each listener proxies to the upstream of the same name. */
export const UpstreamName = { api: 'api', auth: 'auth', etl: 'etl' } as const;
export type UpstreamName = (typeof UpstreamName)[keyof typeof UpstreamName];
