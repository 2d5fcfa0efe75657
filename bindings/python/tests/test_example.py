"""examples/python/example.py does the C example's job on the same data stream, so its output
equals examples/c/example.c's line for line (and its samples and model file byte for byte). The C
example is built and run here, at test time: nothing is compared with stored numbers."""
import os
import subprocess
import sys

from conftest import BUILT_LIBRARY, REPO_ROOT, subprocess_env


def run(command, directory, **env):
    result = subprocess.run(command + [directory], capture_output=True, text=True, timeout=300, env=env or None)
    assert result.returncode == 0, result.stderr
    return result.stdout.replace(directory, "<out>")  # the last line names the directory


def test_python_example_prints_what_the_c_example_prints(tmp_path):
    library_dir = os.path.dirname(BUILT_LIBRARY)
    c_binary, c_out, py_out = str(tmp_path / "example"), tmp_path / "c", tmp_path / "python"
    c_out.mkdir()
    py_out.mkdir()
    subprocess.run(["cc", "-std=c99", "-I" + os.path.join(REPO_ROOT, "include"),
                    os.path.join(REPO_ROOT, "examples", "c", "example.c"), "-L" + library_dir, "-lofdm",
                    "-Wl,-rpath," + library_dir, "-lm", "-o", c_binary], check=True)
    c_lines = run([c_binary], str(c_out)).splitlines()
    py_lines = run([sys.executable, os.path.join(REPO_ROOT, "examples", "python", "example.py")], str(py_out),
                   **subprocess_env()).splitlines()
    assert len(c_lines) == 7 and sum(line.startswith("score at t = ") for line in c_lines) == 6
    assert py_lines == c_lines
    for name in ("samples.csv", "mixture.ofdm"):
        assert (py_out / name).read_bytes() == (c_out / name).read_bytes(), name
