"""The package installs with pip offline (no index, no build isolation: only what Debian ships),
and the installed copy loads the library and fits a model; a library installed to any prefix
(`make install PREFIX=...`) is found through OFDM_LIBRARY, or by the system loader through
LD_LIBRARY_PATH (the README's recipe)."""
import os
import shutil
import subprocess
import sys

from conftest import BINDING_DIR, BUILT_LIBRARY, REPO_ROOT, subprocess_env


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


def make_install(prefix):
    """`make install PREFIX=prefix DESTDIR=` of what is already built: -o (assume old, never
    remake) on the libraries and the tool, so that the install only copies files and never relinks
    the build/lib/libofdm.so this suite has loaded (other edits may be under way in the tree). A
    tree without build/bin/ofdm gets it built, linked against the existing library."""
    shared = os.path.relpath(os.path.realpath(BUILT_LIBRARY), REPO_ROOT)  # build/lib/libofdm.so.M.m.p
    keep = ["lib", shared, os.path.join("build", "lib", "libofdm.a")]
    if os.path.exists(os.path.join(REPO_ROOT, "build", "bin", "ofdm")):
        keep.append(os.path.join("build", "bin", "ofdm"))
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    command = ["make", "-C", REPO_ROOT, "--no-print-directory"] + [f"-o{target}" for target in keep] + \
        ["install", f"PREFIX={prefix}", "DESTDIR="]
    run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return os.path.basename(shared)


# The child prints which library it loaded: ofdm.library_path, and the file the process mapped.
WHICH = ("import numpy as np, ofdm\n"
         "mapped = sorted({line.split()[-1] for line in open('/proc/self/maps') if 'libofdm' in line})\n"
         "x = np.random.default_rng(0).standard_normal((300, 2))\n"
         "with ofdm.Basis.total_degree(2, 3) as b, ofdm.Model.fit(b, x) as m:\n"
         "    print(ofdm.library_path, ','.join(mapped), ofdm.__version__, m.rank, sep='|')\n")


def test_a_library_installed_to_a_prefix_is_loaded_from_there(tmp_path):
    prefix = tmp_path / "opt" / "ofdm"
    shared = make_install(prefix)
    lib = prefix / "lib"
    assert os.path.islink(lib / "libofdm.so") and (lib / shared).is_file() and (prefix / "include" / "ofdm.h").is_file()
    assert f"libdir={lib}" in (lib / "pkgconfig" / "ofdm.pc").read_text()
    version = subprocess.run([sys.executable, "-c", "import ofdm; print(ofdm.__version__)"], capture_output=True,
                             text=True, env=subprocess_env(), timeout=120).stdout.strip()

    # 1. OFDM_LIBRARY=$PREFIX/lib/libofdm.so, as the README says.
    run = subprocess.run([sys.executable, "-c", WHICH], capture_output=True, text=True, timeout=120,
                         env=subprocess_env(OFDM_LIBRARY=str(lib / "libofdm.so")))
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"{lib / 'libofdm.so'}|{lib / shared}|{version}|9"

    # 2. No OFDM_LIBRARY: the system loader's search path (LD_LIBRARY_PATH, or ldconfig for a
    # system prefix) finds the SONAME there.
    env = subprocess_env(LD_LIBRARY_PATH=str(lib))
    env.pop("OFDM_LIBRARY")
    run = subprocess.run([sys.executable, "-c", WHICH], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"libofdm.so.0|{lib / shared}|{version}|9"
