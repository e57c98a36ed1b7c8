#!/usr/bin/env bash
# Sets up, builds (CPU-only, ccache, -j2) and runs the whole test suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
ODEKIT_SETUP_QUIET=1 scripts/setup.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci "$@"
