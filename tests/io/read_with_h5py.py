"""A file written by odekit::io::save_hdf5 is readable by h5py with the documented layout."""
import math
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import h5py
except ImportError:
    print("h5py is not installed (scripts/setup.sh installs it): skipped")
    sys.exit(77)

writer = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "sample.h5"
    subprocess.run([writer, str(path)], check=True)
    with h5py.File(path, "r") as f:
        t = f["t"][:]
        y = f["y"][:]
        assert list(t) == [0.0, 0.5, 1.0, 2.0], t
        assert y.shape == (4, 2), y.shape
        for ti, yi in zip(t, y):
            assert abs(yi[0] - math.exp(-1.5 * ti)) < 1e-9, (ti, yi)
            assert abs(yi[0] + yi[1] - 1.0) < 1e-12
        attrs = f.attrs
        assert attrs["format"] == b"odekit.solution" or attrs["format"] == "odekit.solution"
        assert attrs["status"] == 0 and attrs["naccept"] > 0 and attrs["nf"] > 0
        method = attrs["method"]
        assert (method.decode() if isinstance(method, bytes) else method) == "Tsit5"
print("1 passed, 0 failed")
