#!/usr/bin/env bash
# Sets up, builds and runs the demo: solves the benchmark problems and prints accuracy,
# work and time for each method.
set -euo pipefail
cd "$(dirname "$0")/.."
ODEKIT_SETUP_QUIET=1 scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release --target odekit_demo
exec build/release/examples/odekit_demo "$@"
