"""The package installs with pip offline (no index, no build isolation: only what Debian ships),
and the installed copy loads the library and fits a model."""
import os
import shutil
import subprocess
import sys

from conftest import BINDING_DIR, BUILT_LIBRARY


def test_pip_installs_the_package_offline_into_a_venv(tmp_path):
    venv = tmp_path / "venv"
    # --system-site-packages: NumPy comes from Debian's python3-numpy, as it would for a user.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    source = tmp_path / "source"  # a copy, so that pip's build files stay out of the tree
    shutil.copytree(BINDING_DIR, source, ignore=shutil.ignore_patterns("tests", "build", "*.egg-info", "__pycache__"))
    install = subprocess.run(
        [python, "-m", "pip", "install", "--no-index", "--no-build-isolation", "--no-deps", str(source)],
        capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr
    script = ("import numpy as np, ofdm\n"
              "x = np.random.default_rng(0).standard_normal((500, 2))\n"
              "b = ofdm.Basis.total_degree(dim=2, max_degree=2)\n"
              "m = ofdm.Model.fit(b, x)\n"
              "print(ofdm.__file__, m.score(0.5, x[:1]).shape)\n")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["OFDM_LIBRARY"] = BUILT_LIBRARY
    run = subprocess.run([python, "-c", script], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    installed_from, shape = run.stdout.split(" ", 1)
    assert installed_from.startswith(str(venv)), installed_from  # the installed copy, not the tree
    assert shape.strip() == "(1, 2)"
