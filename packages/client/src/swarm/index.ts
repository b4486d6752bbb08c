export { createDockerCli, dockerOk, type DockerCli, type DockerResult } from './docker-cli.js';
export { allHealthy, checkFlowdb, checkHttpHealth, formatHealthLines, platformHealth, type HealthLine, type HealthTargets } from './platform-health.js';
export { quickstartSwarm, STACK_FILES, STACK_NAME, STACK_NETWORKS, SWARM_HOST_PORTS, type QuickstartSwarmOptions } from './quickstart-swarm.js';
export { replicasProbe, swarmHealthTargets, SWARM_URLS } from './swarm-health-targets.js';
export { generateSwarmSecrets, SWARM_FIXED_SECRETS, SWARM_PASSWORD_SECRETS, SWARM_SECRET_NAMES } from './swarm-secrets.js';
