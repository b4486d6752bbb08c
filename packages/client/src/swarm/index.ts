export { createDockerCli, dockerOk, type DockerCli, type DockerResult } from './docker-cli.js';
export { allHealthy, checkFlowdb, checkHttpHealth, formatHealthLines, platformHealth, type HealthLine, type HealthTargets } from './platform-health.js';
export { quickstartSwarm, STACK_NETWORKS, type QuickstartSwarmOptions } from './quickstart-swarm.js';
export {
  deployStack,
  MIGRATE_SERVICE,
  readStatePassword,
  stackEnv,
  stackExists,
  STACK_FILES,
  STACK_NAME,
  swarmRole,
  swarmStatePaths,
  SWARM_HOST_PORTS,
  waitForConvergence,
  waitForMigration,
} from './stack-deploy.js';
export { upgradeSwarm, type UpgradeSwarmOptions } from './upgrade.js';
export { replicasProbe, swarmHealthTargets, SWARM_URLS } from './swarm-health-targets.js';
export { generateSwarmSecrets, SWARM_FIXED_SECRETS, SWARM_PASSWORD_SECRETS, SWARM_SECRET_NAMES } from './swarm-secrets.js';
