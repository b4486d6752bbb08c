import type { DockerCli } from './docker-cli.js';
import type { HealthLine, HealthTargets } from './platform-health.js';

/** Published URLs of a quickstart swarm deployment (spec/deployment.md §6, §8 step 12). */
export const SWARM_URLS = {
  api: 'https://localhost:9090',
  auth: 'http://localhost:9091',
  etl: 'http://localhost:8080',
  gatewayApi: 'https://localhost',
  gatewayAuth: 'https://localhost:8443',
  flowdbHostPort: 9000,
} as const;

/**
 * A probe for a service that publishes no port (the query engine): ok when docker reports every desired replica
 * running, which in swarm means its container health check (/health on FLOWMACHINE_PORT) passes.
 */
export function replicasProbe(docker: DockerCli, name: string, service: string): () => Promise<HealthLine> {
  return async () => {
    const r = await docker(['service', 'ls', '--filter', `name=${service}`, '--format', '{{.Name}} {{.Replicas}}']);
    if (r.status !== 0) return { name, status: 'down', failing: [], detail: r.stderr.trim() || `docker exit ${r.status}` };
    const line = r.stdout.split('\n').find((l) => l.split(' ')[0] === service);
    const m = line ? /(\d+)\/(\d+)/.exec(line) : null;
    if (!m) return { name, status: 'down', failing: [], detail: `service ${service} not found` };
    const ok = Number(m[1]) === Number(m[2]) && Number(m[2]) > 0;
    return { name, status: ok ? 'ok' : 'unavailable', failing: ok ? [] : [`replicas: ${m[1]}/${m[2]} healthy`] };
  };
}

/** Health targets of a swarm deployment on this machine, with the published ports of the quickstart. */
export function swarmHealthTargets(o: { ca?: string; docker: DockerCli; flowdbPassword?: string; engineUrl?: string }): HealthTargets {
  return {
    ca: o.ca,
    flowdbUrl: o.flowdbPassword !== undefined ? `postgres://flowdb:${encodeURIComponent(o.flowdbPassword)}@127.0.0.1:${SWARM_URLS.flowdbHostPort}/flowdb` : undefined,
    services: [
      { name: 'etl', url: `${SWARM_URLS.etl}/health` },
      o.engineUrl !== undefined ? { name: 'query_engine', url: o.engineUrl } : { name: 'query_engine', probe: replicasProbe(o.docker, 'query_engine', 'flowdeck_query_engine') },
      { name: 'api', url: `${SWARM_URLS.api}/health` },
      { name: 'auth', url: `${SWARM_URLS.auth}/health` },
      { name: 'gateway', url: `${SWARM_URLS.gatewayApi}/health` },
    ],
  };
}
