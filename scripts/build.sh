#!/usr/bin/env bash
# Production build: compiles every workspace package and service to dist/ with project references, then copies the
# non-TypeScript files that modules read at run time (SQL, Lua, HTML, CSS, JSON) next to the compiled modules.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/write-build-tsconfigs.mjs
./node_modules/.bin/tsc -b tsconfig.build.json
for dir in packages/* services/*; do
  [ -d "$dir/src" ] || continue
  (cd "$dir/src" && find . -type f ! -name '*.ts' -print0 | while IFS= read -r -d '' f; do
    mkdir -p "../dist/$(dirname "$f")"; cp "$f" "../dist/$f"; done)
done
echo "built: $(ls -d packages/*/dist services/*/dist 2>/dev/null | wc -l) packages and services"
