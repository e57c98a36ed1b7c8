#!/usr/bin/env bash
# Runs both sides of the odekit vs torchsde SDE comparison in one go and writes
# build/bench-sde/sde_torchsde.{json,md}. Needs torch and torchsde (install_torchsde.sh).
#   benchmarks/sde/run_torchsde_comparison.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build/bench-sde}
OUT=$BUILD/results
mkdir -p "$OUT"
# Native tuning (as the bench preset): the SIMD ensemble and the Gaussian batches use the
# machine's vector width; torch picks its own kernels at run time.
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DODEKIT_BUILD_BENCHMARKS=ON \
  -DODEKIT_BUILD_TESTS=OFF -DODEKIT_BUILD_EXAMPLES=OFF -DCMAKE_CXX_FLAGS=-march=native >/dev/null
cmake --build "$BUILD" -j2 --target sde_torchsde_cases | tail -1
"$BUILD/benchmarks/sde/sde_torchsde_cases" > "$OUT/odekit.jsonl"
/usr/bin/python3 benchmarks/sde/torchsde_cases.py --odekit "$OUT/odekit.jsonl" \
  --json "$OUT/sde_torchsde.json" --markdown "$OUT/sde_torchsde.md" \
  --command "benchmarks/sde/run_torchsde_comparison.sh $*"
echo "wrote $OUT/sde_torchsde.json and $OUT/sde_torchsde.md"
