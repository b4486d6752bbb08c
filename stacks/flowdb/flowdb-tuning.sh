#!/usr/bin/env bash
# Entry point of the flowdeck/flowdb image: derives FlowKit's Postgres parameters from the tuning settings of
# spec/deployment.md §2.1 (MAX_CPUS, SHARED_BUFFERS_SIZE, MAX_WORKERS, MAX_WORKERS_PER_GATHER, EFFECTIVE_CACHE_SIZE,
# MAX_LOCKS_PER_TRANSACTION, JIT, STATS_TARGET) and starts Postgres with them as `-c` options, so every start applies
# the current values (restart-only parameters such as shared_buffers included). Same rules as computeTuning() in
# services/flowdb/src/tuning.ts; e2e/test/deployment-flowdb-tuning.test.ts checks that the two agree.
#   flowdb-tuning.sh --print     print the parameters (name=value, one a line) and exit
#   flowdb-tuning.sh [args...]   exec docker-entrypoint.sh postgres -c ... [args...]
set -euo pipefail

fail() { echo "flowdb: $1" >&2; exit 78; }
is_size() { [[ "$1" =~ ^[0-9]+(kB|MB|GB|TB)?$ ]]; }
is_int() { [[ "$1" =~ ^[0-9]+$ ]]; }
is_true() { case "${1,,}" in true|1|yes) return 0 ;; false|0|no) return 1 ;; *) fail "expected a boolean, got '$1'" ;; esac; }

cpus=$(nproc 2>/dev/null || echo 2)
max_cpus=${MAX_CPUS:-$(( cpus > 2 ? cpus - 1 : 1 ))}
is_int "$max_cpus" && (( max_cpus >= 1 )) || fail "MAX_CPUS must be an integer of at least 1, got '$max_cpus'"
half=$(( (max_cpus + 1) / 2 ))
shared_buffers=${SHARED_BUFFERS_SIZE:-16GB}
is_size "$shared_buffers" || fail "SHARED_BUFFERS_SIZE must be a Postgres size such as 16GB, got '$shared_buffers'"
if [[ -n "${EFFECTIVE_CACHE_SIZE:-}" ]]; then
  effective_cache_size=$EFFECTIVE_CACHE_SIZE
  is_size "$effective_cache_size" || fail "EFFECTIVE_CACHE_SIZE must be a Postgres size such as 4GB, got '$effective_cache_size'"
else
  mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
  effective_cache_size="$(( (mem_kb + 4095) / 4096 ))MB" # 25 % of RAM in whole MB, rounded up
fi
max_workers=${MAX_WORKERS:-$half}
max_workers_per_gather=${MAX_WORKERS_PER_GATHER:-$half}
max_locks=${MAX_LOCKS_PER_TRANSACTION:-36500}
stats_target=${STATS_TARGET:-10000}
for pair in "MAX_WORKERS=$max_workers" "MAX_WORKERS_PER_GATHER=$max_workers_per_gather" \
            "MAX_LOCKS_PER_TRANSACTION=$max_locks" "STATS_TARGET=$stats_target"; do
  is_int "${pair#*=}" || fail "${pair%%=*} must be an integer, got '${pair#*=}'"
done
jit=off
if is_true "${JIT:-false}"; then jit=on; fi

params=(
  work_mem=64MB
  maintenance_work_mem=2GB
  max_connections=200
  wal_buffers=16MB
  checkpoint_completion_target=0.9
  checkpoint_timeout=30min
  min_wal_size=4GB
  max_wal_size=12GB
  geqo_effort=10
  effective_io_concurrency=10
  random_page_cost=3.0
  "shared_buffers=$shared_buffers"
  "effective_cache_size=$effective_cache_size"
  "max_worker_processes=$max_cpus"
  "max_parallel_workers=$max_workers"
  "max_parallel_workers_per_gather=$max_workers_per_gather"
  "max_locks_per_transaction=$max_locks"
  "jit=$jit"
  "default_statistics_target=$stats_target"
)

if [[ "${1:-}" == "--print" ]]; then
  printf '%s\n' "${params[@]}"
  exit 0
fi

if is_true "${FLOWDB_ENABLE_POSTGRES_DEBUG_MODE:-false}"; then
  echo "flowdb: FLOWDB_ENABLE_POSTGRES_DEBUG_MODE is set but pldebugger is not part of this image; ignored." >&2
fi
args=()
for p in "${params[@]}"; do args+=(-c "$p"); done
echo "flowdb: starting Postgres with ${params[*]}" >&2
exec docker-entrypoint.sh postgres "${args[@]}" "$@"
