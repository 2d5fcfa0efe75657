#!/bin/sh
# Packaging: after `make install DESTDIR=$tmp PREFIX=/usr`, the C example builds and runs with
# nothing but `pkg-config --cflags --libs ofdm`, against the shared and against the static
# library; the SONAME, the .pc version, the file name and the header's version macros agree.
# Then the README's commands for installing to another prefix, run as they stand: a program
# built with PKG_CONFIG_PATH and an rpath runs without LD_LIBRARY_PATH.
# Run from the repository root after `make lib`. Ends with the summary markers of run_tests.sh.
passed=0
failed=0
failures=""
check() {  # check NAME COMMAND...: one test
    name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "[       OK ] $name"
    else
        failed=$((failed + 1))
        failures="$failures $name"
        echo "[  FAILED  ] $name"
    fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make --no-print-directory install DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/install.log" 2>&1 || {
    cat "$tmp/install.log"
    echo "[  FAILED  ] 1 tests, listed below:"
    exit 1
}
# With PREFIX=/usr the flags are system paths, which pkg-config drops unless told to keep them;
# the sysroot then points them into the staging tree.
export PKG_CONFIG_SYSROOT_DIR="$tmp/root" PKG_CONFIG_PATH="$tmp/root/usr/lib/pkgconfig" PKG_CONFIG_LIBDIR=""
export PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
libdir="$tmp/root/usr/lib"
header="$tmp/root/usr/include/ofdm.h"
macro() { sed -n "s/^#define OFDM_VERSION_$1 \([0-9]*\).*/\1/p" "$header"; }
version="$(macro MAJOR).$(macro MINOR).$(macro PATCH)"

pc_version() { [ "$(pkg-config --modversion ofdm)" = "$version" ]; }
check "pc_version_matches_the_header_macros" pc_version

soname() { readelf -d "$libdir/libofdm.so.$version" | grep -q "SONAME.*\[libofdm.so.$(macro MAJOR)\]"; }
check "soname_carries_the_abi_major" soname

links() { [ "$(readlink "$libdir/libofdm.so")" = "libofdm.so.$(macro MAJOR)" ] &&
          [ "$(readlink "$libdir/libofdm.so.$(macro MAJOR)")" = "libofdm.so.$version" ]; }
check "development_and_soname_links_point_to_the_versioned_file" links

# The example job, built the way a user would build it.
shared() {
    cc -std=c99 -Wall -Wextra -pedantic -Werror examples/c/example.c $(pkg-config --cflags --libs ofdm) -lm \
        -o "$tmp/example_shared" &&
        readelf -d "$tmp/example_shared" | grep -q "NEEDED.*libofdm.so.$(macro MAJOR)" &&
        LD_LIBRARY_PATH="$libdir" "$tmp/example_shared" "$tmp" >"$tmp/shared.out" &&
        [ -s "$tmp/samples.csv" ] && [ -s "$tmp/mixture.ofdm" ]
}
check "example_builds_and_runs_against_the_shared_library" shared

# -l:libofdm.a picks the archive; --static adds the private dependencies (LAPACKE, OpenBLAS, C++).
static() {
    cc -std=c99 examples/c/example.c $(pkg-config --cflags ofdm) \
        $(pkg-config --libs --static ofdm | sed 's/-lofdm/-l:libofdm.a/') -o "$tmp/example_static" &&
        ! readelf -d "$tmp/example_static" | grep -q "NEEDED.*libofdm" &&
        "$tmp/example_static" "$tmp" >"$tmp/static.out" && cmp -s "$tmp/shared.out" "$tmp/static.out"
}
check "example_builds_and_runs_against_the_static_library_with_the_same_output" static

# The likelihood example of the README: exact log-likelihoods, flow samples, reweighting. It exits
# non-zero when its own checks (log Z ≈ 0 for a normalized target) fail.
likelihood_example() {
    cc -std=c99 -Wall -Wextra -pedantic -Werror examples/c/likelihood.c $(pkg-config --cflags --libs ofdm) -lm \
        -o "$tmp/likelihood" && LD_LIBRARY_PATH="$libdir" "$tmp/likelihood" >"$tmp/likelihood.out" &&
        grep -q "log Z" "$tmp/likelihood.out"
}
check "likelihood_example_builds_runs_and_recovers_log_z" likelihood_example

runtime() {
    printf '#include <stdio.h>\n#include "ofdm.h"\nint main(void) { printf("%%s %%u\\n", ofdm_version_string(), ofdm_version_number()); return ofdm_version_number() != OFDM_VERSION_NUMBER; }\n' >"$tmp/version.c" &&
        cc -std=c99 "$tmp/version.c" $(pkg-config --cflags --libs ofdm) -o "$tmp/version" &&
        [ "$(LD_LIBRARY_PATH="$libdir" "$tmp/version" | cut -d' ' -f1)" = "$version" ]
}
check "runtime_version_matches_the_header" runtime

# README, "Versions and installing elsewhere": the sh block after the marker line, with its first
# line (where the sources are, where to install) replaced by this tree and a fresh prefix, run in
# an empty directory with none of the pkg-config settings above and no LD_LIBRARY_PATH. The
# program must print what the block's last line says it prints, and load the prefix's library.
readme_block() {
    awk '/^<!-- tests\/packaging\/run_tests.sh runs the next block/ { armed = 1; next }
         armed && /^```/ { if (inside) exit; inside = 1; next }
         inside { print }' README.md
}
other_prefix() {
    block=$(readme_block)
    case "$block" in ofdm_src=*) ;; *) echo "README: no install block starting with ofdm_src="; return 1 ;; esac
    mkdir -p "$tmp/project" &&
        printf '%s\n' "$block" | sed '1s|.*|ofdm_src="$1" prefix="$2"|' >"$tmp/readme_block.sh" &&
        (cd "$tmp/project" &&
            env -u LD_LIBRARY_PATH -u PKG_CONFIG_PATH -u PKG_CONFIG_LIBDIR -u PKG_CONFIG_SYSROOT_DIR \
                -u PKG_CONFIG_ALLOW_SYSTEM_CFLAGS -u PKG_CONFIG_ALLOW_SYSTEM_LIBS \
                sh -e "$tmp/readme_block.sh" "$repo" "$tmp/prefix") >"$tmp/readme.out" 2>&1 || {
        cat "$tmp/readme.out"
        return 1
    }
    said=$(printf '%s\n' "$block" | tail -n 1 | sed -n 's/^[^#]*# //p')
    printed=$(tail -n 1 "$tmp/readme.out")
    [ "$printed" = "ofdm $version (header $version)" ] && [ "$printed" = "$said" ] || {
        echo "printed '$printed'; the README says '$said'; the version is $version"
        return 1
    }
    ldd "$tmp/project/version" | grep -q "libofdm.so.$(macro MAJOR) => $tmp/prefix/lib/libofdm.so.$(macro MAJOR)"
}
repo=$(pwd)
check "readme_install_to_another_prefix_runs_without_ld_library_path" other_prefix

echo "[  PASSED  ] $passed tests."
if [ "$failed" -gt 0 ]; then
    echo "[  FAILED  ] $failed tests, listed below:$failures"
    exit 1
fi
