"""Loading the library: where it is found, the ABI check at import, the version and the status
strings (ofdm.h, "Version" and "Status and errors")."""
import os
import re
import shutil
import subprocess
import sys

import pytest

import ofdm
from conftest import BINDING_DIR, BUILT_LIBRARY, REPO_ROOT, subprocess_env
from ofdm._capi import require_abi_major


def header_version():
    with open(os.path.join(REPO_ROOT, "include", "ofdm.h")) as header:
        text = header.read()
    return tuple(int(re.search(rf"#define OFDM_VERSION_{part} (\d+)", text).group(1))
                 for part in ("MAJOR", "MINOR", "PATCH"))


def run_python(code, **env):
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=subprocess_env(**env),
                          timeout=120)


def test_the_loaded_library_has_the_header_version():
    major, minor, patch = header_version()
    assert ofdm.version_number() == major * 10000 + minor * 100 + patch
    assert ofdm.version_string() == f"{major}.{minor}.{patch}" == ofdm.__version__
    assert ofdm.ABI_MAJOR == major


def test_every_major_0_version_is_accepted_and_any_other_refused_naming_both():
    require_abi_major(0, "x")
    require_abi_major(9999, "x")  # 0.99.99
    with pytest.raises(ofdm.LibraryVersionError) as refused:
        require_abi_major(10203, "/some/libofdm.so")
    assert "1.2.3" in str(refused.value) and "ABI major 0" in str(refused.value)
    assert "/some/libofdm.so" in str(refused.value)


@pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler to build a stand-in library")
def test_importing_against_a_library_of_another_major_fails_naming_both_versions(tmp_path):
    # A stand-in with only ofdm_version_number: the check must come before any other symbol.
    source = tmp_path / "fake.c"
    source.write_text("unsigned ofdm_version_number(void) { return 10203; }\n")
    fake = tmp_path / "libofdm.so.1"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(fake), str(source)], check=True)
    result = run_python("import ofdm", OFDM_LIBRARY=str(fake))
    assert result.returncode != 0
    assert "LibraryVersionError" in result.stderr
    assert "version 1.2.3" in result.stderr and "ABI major 0" in result.stderr


def test_a_wrong_OFDM_LIBRARY_is_an_import_error_naming_the_path():
    result = run_python("import ofdm", OFDM_LIBRARY="/nonexistent/libofdm.so")
    assert result.returncode != 0
    assert "ImportError" in result.stderr and "/nonexistent/libofdm.so" in result.stderr


def test_a_library_next_to_the_package_is_found_without_OFDM_LIBRARY(tmp_path):
    shutil.copytree(os.path.join(BINDING_DIR, "ofdm"), tmp_path / "ofdm",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(BUILT_LIBRARY, tmp_path / "ofdm" / "libofdm.so.0")
    env = subprocess_env()
    env.pop("OFDM_LIBRARY")
    env["PYTHONPATH"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-c", "import ofdm; print(ofdm.library_path)"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "ofdm" / "libofdm.so.0")


def test_the_system_loader_is_asked_for_the_soname_last():
    env = subprocess_env(LD_LIBRARY_PATH=os.path.dirname(BUILT_LIBRARY))
    env.pop("OFDM_LIBRARY")
    result = subprocess.run([sys.executable, "-c", "import ofdm; print(ofdm.library_path)"], capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "libofdm.so.0"


def test_status_strings_are_distinct_and_unknown_is_named():
    strings = [ofdm.status_string(status) for status in range(18)]  # OFDM_OK .. OFDM_ERR_CANCELLED
    assert all(strings) and "unknown status" not in strings
    assert len(set(strings)) == len(strings)
    assert ofdm.status_string(999) == ofdm.status_string(-1) == "unknown status"


def test_last_error_is_empty_before_any_failure():
    result = run_python("import ofdm; print(repr(ofdm.last_error()))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "''"


@pytest.mark.parametrize("struct_name, init_name", [
    ("FitOptionsStruct", "ofdm_fit_options_init_sized"), ("SampleOptionsStruct", "ofdm_sample_options_init_sized"),
    ("SampleOptionsStruct", "ofdm_flow_options_init_sized"), ("SampleStatsStruct", "ofdm_sample_stats_init_sized"),
    ("ImportanceSummaryStruct", "ofdm_importance_summary_init_sized"),
    ("SelectOptionsStruct", "ofdm_select_options_init_sized"), ("SelectReportStruct", "ofdm_select_report_init_sized"),
    ("AdaptiveOptionsStruct", "ofdm_adaptive_options_init_sized"),
    ("AdaptiveReportStruct", "ofdm_adaptive_report_init_sized")])
def test_each_struct_mirror_ends_where_the_librarys_struct_ends(struct_name, init_name):
    # The library lists its layouts of a struct (sizeof of every header's version, oldest first)
    # when refusing a size: the last is its own sizeof as compiled in C, which the binding's
    # mirror must equal (a missing, extra or mistyped field would change it). init_sized with the
    # mirror's size then succeeds and writes struct_size = that size.
    import ctypes
    from ofdm import _capi
    struct_type = getattr(_capi, struct_name)
    init = getattr(_capi.lib, init_name)
    struct = struct_type()
    assert init(ctypes.byref(struct), 1) == 2  # OFDM_ERR_INVALID_ARGUMENT: no layout is 1 byte
    layouts = re.search(r"\(([\d, ]+) bytes, or larger", ofdm.last_error()).group(1)
    assert int(layouts.split(",")[-1]) == ctypes.sizeof(struct_type), ofdm.last_error()
    assert init(ctypes.byref(struct), ctypes.sizeof(struct_type)) == 0
    assert struct.struct_size == ctypes.sizeof(struct_type)
    assert not hasattr(struct_type, "_room_for_newer_fields")  # exactly the layout, nothing after it
