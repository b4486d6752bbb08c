#!/usr/bin/env bash
# Flowdeck quickstart: brings the whole platform up on this machine with fresh secrets.
#   quickstart.sh            swarm mode when a Docker engine is reachable, local mode otherwise
#   quickstart.sh --local    force local mode (services as Node processes; no Docker engine needed)
#   quickstart.sh --swarm    force swarm mode        --no-wait   (swarm) return after docker stack deploy
#   quickstart.sh --down     stop what it started
# A thin wrapper over `flowdeck quickstart`: it installs the prerequisites (pnpm, dependencies, PostGIS, and starts
# PostgreSQL and Redis when they are down) and hands over.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-prereqs.sh
exec node --conditions=source --import tsx packages/client/src/cli/main.ts quickstart "$@"
