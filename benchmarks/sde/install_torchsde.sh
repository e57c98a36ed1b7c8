#!/usr/bin/env bash
# Optional: installs torch and torchsde for the SDE comparison benchmark (never needed by the
# tests). CPU torch comes from Debian (python3-torch, for /usr/bin/python3); torchsde and its
# small pure-Python dependency trampoline from PyPI, without letting pip pull a second torch.
set -euo pipefail
PY=/usr/bin/python3
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
if ! "$PY" -c "import torch" 2>/dev/null; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy \
    python3-scipy python3-pip >/dev/null
fi
if ! "$PY" -c "import torchsde" 2>/dev/null; then
  "$PY" -m pip install -q --break-system-packages --no-deps torchsde trampoline
fi
"$PY" -c "import torch, torchsde; print('torch', torch.__version__, 'torchsde', torchsde.__version__)"
