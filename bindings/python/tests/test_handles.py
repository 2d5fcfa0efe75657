"""Handle ownership: every handle the binding creates is freed once, when its owner is closed or
collected, never twice; a model's borrowed basis is never freed and keeps its model alive."""
import gc
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

import ofdm
from conftest import subprocess_env


def resident_megabytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def test_many_create_and_free_cycles_do_not_grow_memory():
    # Measured here: a degree-8 2-D model takes ~0.25 MB, a 6-D degree-6 basis (K = 923) ~0.05 MB;
    # 1000 leaked cycles of each would add ~300 MB. The bound, 30 MB, is a tenth of that and far
    # above allocator noise (after a warm-up the resident size stays flat when nothing leaks).
    x = np.random.default_rng(1).standard_normal((200, 2))

    def cycle():
        with ofdm.Basis.total_degree(2, 8) as basis:
            model = ofdm.Model.fit(basis, x)
        loaded = ofdm.Model.from_bytes(model.to_bytes())
        model.basis.indices  # a borrowed basis, dropped unfreed
        del model, loaded  # freed by collection, not close()
        ofdm.Basis.total_degree(6, 6).close()

    for _ in range(100):
        cycle()
    gc.collect()
    before = resident_megabytes()
    for _ in range(1000):
        cycle()
    gc.collect()
    assert resident_megabytes() - before < 30.0


def test_closed_handles_refuse_use_and_close_is_idempotent(small_model):
    basis = ofdm.Basis.total_degree(2, 2)
    basis.close()
    basis.close()
    assert basis.closed
    with pytest.raises(ValueError, match="closed"):
        basis.size
    model = ofdm.Model.from_bytes(small_model.to_bytes())
    borrowed = model.basis
    model.close()
    for use in (lambda: model.score(0.1, [[0.0, 0.0]]), lambda: borrowed.indices, lambda: model.sample(1)):
        with pytest.raises(ValueError, match="closed"):
            use()
    assert borrowed.closed and repr(model) == "<ofdm.Model (closed)>"


def test_with_blocks_close_their_handles(small_model):
    with ofdm.Model.from_bytes(small_model.to_bytes()) as model, model.basis as borrowed:
        assert borrowed.size == 5
    assert model.closed and borrowed.closed


def test_a_borrowed_basis_keeps_its_model_alive():
    x = np.random.default_rng(2).standard_normal((300, 2))
    with ofdm.Basis.total_degree(2, 3) as basis:
        borrowed = ofdm.Model.fit(basis, x).basis  # the model itself is unreferenced at once
    gc.collect()
    assert borrowed.indices.shape == (9, 2) and not borrowed.closed
    borrowed.close()  # drops the reference; the model is then collected and freed once


# The script below exercises every ownership path; under valgrind memcheck any free of a handle
# already freed, or of a borrowed one, shows up as "Invalid free" / "Invalid read".
OWNERSHIP_SCRIPT = r"""
import gc, numpy as np, ofdm
x = np.random.default_rng(1).standard_normal((200, 2))
for i in range(10):
    basis = ofdm.Basis.total_degree(2, 4)
    model = ofdm.Model.fit(basis, x)
    borrowed = model.basis
    borrowed.close(); borrowed.close()           # a borrowed basis is never freed
    basis.close(); basis.close()                 # explicit close, twice, then collection
    other = ofdm.Model.from_bytes(model.to_bytes())
    kept = other.basis
    del model, basis; gc.collect()               # freed by the collector
    other.close(); other.close(); del other      # explicit close, then collection
    assert kept.closed
left_for_exit = ofdm.Model.fit(ofdm.Basis.total_degree(2, 3), x)  # freed at interpreter exit
print("ok")
"""


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="valgrind (Debian package valgrind) not installed")
def test_no_handle_is_freed_twice_or_while_borrowed_under_valgrind():
    env = subprocess_env(PYTHONMALLOC="malloc")  # CPython's own allocator confuses memcheck
    suppressions = os.path.join(os.path.dirname(os.path.abspath(__file__)), "valgrind.supp")
    result = subprocess.run(["valgrind", "--error-exitcode=99", f"--suppressions={suppressions}", sys.executable,
                             "-c", OWNERSHIP_SCRIPT],
                            capture_output=True, text=True, env=env, timeout=600)
    problems = [line for line in result.stderr.splitlines()
                if "Invalid" in line or "uninitialised" in line or "Mismatched" in line]
    assert result.stdout.strip() == "ok", result.stderr[-3000:]
    assert problems == [] and result.returncode == 0, "\n".join(problems) or result.stderr[-3000:]
