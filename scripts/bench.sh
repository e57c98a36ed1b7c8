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
build/bench/benchmarks/odekit_bench_stiff "$@"
build/bench/benchmarks/adjoint/odekit_bench_adjoint "$@"

# SDE work-precision (strong error against time per method): JSON and its docs/benchmarks.md block.
build/bench/benchmarks/sde/sde_work_precision "$@"

# odekit vs torchsde, when torch and torchsde are importable (benchmarks/sde/install_torchsde.sh).
if [ "${1:-}" = "--quick" ]; then
  echo "skipped the torchsde comparison: not part of a --quick run"
elif /usr/bin/python3 -c "import torch, torchsde" 2>/dev/null; then
  benchmarks/sde/run_torchsde_comparison.sh build/bench benchmarks/results
else
  echo "skipped the torchsde comparison: torch/torchsde not importable by /usr/bin/python3" \
    "(install with benchmarks/sde/install_torchsde.sh)"
fi
