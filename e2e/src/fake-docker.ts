// A stand-in `docker` script that records its calls and answers like a single-node engine would; used by the
// deployment tests that drive `flowdeck quickstart --swarm` and `flowdeck upgrade` without a Docker engine.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Appends "argv<TAB>stdin=yes|no" per call (never the data) to $FAKE_DOCKER_STATE/calls.log, and for each
 * `stack deploy` the stack variables it received to deploy-env.log. State files: `swarm` (this node is a manager),
 * `worker` (in a swarm but not a manager), `stack` (the flowdeck stack exists), `secrets`, `networks`, and
 * `service-ps` / `service-ls` (canned output of those commands).
 */
export const FAKE_DOCKER_SCRIPT = `#!/usr/bin/env bash
set -u
S="$FAKE_DOCKER_STATE"
stdin=no
if [ "\${1:-} \${2:-}" = "secret create" ]; then data=$(cat); [ -n "$data" ] && stdin=yes; fi
printf '%s\\tstdin=%s\\n' "$*" "$stdin" >> "$S/calls.log"
case "\${1:-} \${2:-}" in
  "info "*) if [ -f "$S/worker" ]; then echo "active false"; elif [ -f "$S/swarm" ]; then echo "active true"; else echo "inactive false"; fi ;;
  "swarm init") touch "$S/swarm"; echo "Swarm initialized" ;;
  "node ls") [ -f "$S/swarm" ] && echo "abc123 * node1 Ready Active Leader" ;;
  "stack ls") [ -f "$S/stack" ] && echo "flowdeck" ;;
  "stack rm") rm -f "$S/stack"; echo "Removing service flowdeck_api" ;;
  "stack deploy") touch "$S/stack"; printf 'CONTAINER_TAG=%s FLOWDB_DATA_DIR=%s FLOWDB_HOST_USER_ID=%s\\n' "\${CONTAINER_TAG:-}" "\${FLOWDB_DATA_DIR:-}" "\${FLOWDB_HOST_USER_ID:-}" >> "$S/deploy-env.log" ;;
  "service ls") cat "$S/service-ls" 2>/dev/null ;;
  "service ps") cat "$S/service-ps" 2>/dev/null ;;
  "network ls") case "$*" in
                  *label=com.docker.stack.namespace=*) [ -f "$S/stack" ] && echo flowdeck_gateway_internal ;;
                  *) cat "$S/networks" 2>/dev/null; echo ingress; echo bridge ;;
                esac ;;
  "network create") echo "\${!#}" >> "$S/networks" ;;
  "secret ls") cat "$S/secrets" 2>/dev/null ;;
  "secret rm") grep -qx "\${3:-}" "$S/secrets" 2>/dev/null || { echo "Error: no such secret: \${3:-}" >&2; exit 1; }
               grep -vx "\${3:-}" "$S/secrets" > "$S/secrets.tmp"; mv "$S/secrets.tmp" "$S/secrets" ;;
  "secret create") [ "$stdin" = yes ] || { echo "empty secret" >&2; exit 1; }; echo "\${3:-}" >> "$S/secrets"; echo "id-\${3:-}" ;;
  *) echo "fake docker: unexpected: $*" >&2; exit 1 ;;
esac
exit 0
`;

export interface FakeDocker {
  /** Directory holding the `docker` script: put it first on PATH. */
  bin: string;
  /** The script's state directory (see FAKE_DOCKER_SCRIPT). */
  state: string;
  /** PATH and FAKE_DOCKER_STATE to add to a child's environment. */
  env: (base: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
  /** Every recorded call so far, oldest first. */
  calls: () => string[];
  /** The deploy-env.log lines (one per `stack deploy`). */
  deployEnv: () => string[];
  /** Creates (content given) or leaves a state file. */
  setState: (file: string, content?: string) => void;
}

/** Writes the stand-in `docker` into `<dir>/bin` with its state in `<dir>/docker-state`. */
export function createFakeDocker(dir: string): FakeDocker {
  const bin = join(dir, 'bin');
  const state = join(dir, 'docker-state');
  for (const d of [bin, state]) mkdirSync(d, { recursive: true });
  writeFileSync(join(bin, 'docker'), FAKE_DOCKER_SCRIPT);
  chmodSync(join(bin, 'docker'), 0o755);
  const readLines = (f: string): string[] => (existsSync(join(state, f)) ? readFileSync(join(state, f), 'utf8').split('\n').filter(Boolean) : []);
  return {
    bin,
    state,
    env: (base) => ({ ...base, PATH: `${bin}:${base.PATH ?? ''}`, FAKE_DOCKER_STATE: state }),
    calls: () => readLines('calls.log'),
    deployEnv: () => readLines('deploy-env.log'),
    setState: (file, content = '') => writeFileSync(join(state, file), content),
  };
}
