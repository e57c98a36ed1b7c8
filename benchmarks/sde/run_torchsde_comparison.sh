#!/usr/bin/env bash
# Runs both sides of the odekit vs torchsde SDE comparison in one go and writes
# sde_torchsde.{json,md} (and the odekit side's odekit.jsonl) into the output folder and the
# table into docs/benchmarks.md (block sde_torchsde). Needs torch and torchsde
# (install_torchsde.sh).
#   benchmarks/sde/run_torchsde_comparison.sh [build-dir [output-dir]]
# A build folder that is not configured yet is configured for the comparison (Release,
# -march=native, as the bench preset); scripts/bench.sh passes its own (build/bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build/bench-sde}
OUT=${2:-$BUILD/results}
mkdir -p "$OUT"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  # Native tuning: the SIMD ensemble and the Gaussian batches use the machine's vector width;
  # torch picks its own kernels at run time.
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DODEKIT_BUILD_BENCHMARKS=ON \
    -DODEKIT_BUILD_TESTS=OFF -DODEKIT_BUILD_EXAMPLES=OFF -DCMAKE_CXX_FLAGS=-march=native >/dev/null
fi
cmake --build "$BUILD" -j2 --target sde_torchsde_cases | tail -1
"$BUILD/benchmarks/sde/sde_torchsde_cases" > "$OUT/odekit.jsonl"
/usr/bin/python3 benchmarks/sde/torchsde_cases.py --odekit "$OUT/odekit.jsonl" \
  --json "$OUT/sde_torchsde.json" --markdown "$OUT/sde_torchsde.md" \
  --command "benchmarks/sde/run_torchsde_comparison.sh $*" --docs docs/benchmarks.md
echo "wrote $OUT/sde_torchsde.json, $OUT/sde_torchsde.md and the sde_torchsde block of docs/benchmarks.md"
