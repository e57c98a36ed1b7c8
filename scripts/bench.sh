#!/usr/bin/env bash
# Sets up, builds (Release, -march=native) and runs every benchmark, writing JSON under
# benchmarks/results/ and the tables of docs/benchmarks.md. Pass --quick for a smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
ODEKIT_SETUP_QUIET=1 scripts/setup.sh
cmake --preset bench >/dev/null
cmake --build --preset bench
mkdir -p benchmarks/results
build/bench/benchmarks/odekit_bench_nonstiff "$@"
build/bench/benchmarks/adjoint/odekit_bench_adjoint "$@"
