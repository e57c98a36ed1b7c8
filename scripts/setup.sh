#!/usr/bin/env bash
# Installs every dependency odekit needs, idempotently: Debian packages with apt-get and
# Python packages with pip. Safe to run again; it only installs what is missing.
#   scripts/setup.sh            build, test and benchmark dependencies
#   ODEKIT_SETUP_QUIET=1 ...     less output
set -euo pipefail

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  libeigen3-dev            # dense/sparse linear algebra, forward-mode AD
  libsuitesparse-dev       # KLU sparse LU (linear_solvers)
  libgtest-dev libgmock-dev libbenchmark-dev
  libhdf5-dev hdf5-tools   # io module
  libsundials-dev          # CVODE/CVODES: optional method and benchmark baseline
  libboost-dev             # Boost.Odeint: benchmark baseline
  python3-dev
)
PIP_PACKAGES=(numpy scipy h5py pytest)

log() { [ "${ODEKIT_SETUP_QUIET:-0}" = 1 ] || echo "setup: $*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root (or sudo) to run: $*" >&2; exit 1; fi
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi

PYTHON=${PYTHON:-python3}
missing_py=()
for mod in "${PIP_PACKAGES[@]}"; do
  "$PYTHON" -c "import $mod" 2>/dev/null || missing_py+=("$mod")
done
if [ ${#missing_py[@]} -gt 0 ]; then
  log "installing Python packages: ${missing_py[*]}"
  "$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore "${missing_py[@]}"
else
  log "Python packages present"
fi
