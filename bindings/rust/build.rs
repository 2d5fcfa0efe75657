//! Finds libofdm and links it dynamically.
//!
//! Order: the `OFDM_LIB_DIR` environment variable when it is set (an explicit choice, e.g. the
//! repository's `build/lib` in `run_tests.sh`, must win over an older installed copy), else
//! `pkg-config --libs ofdm` (an installed library: `make install`), else a build error that says
//! how to point at the library. Only `std` is used: the crate takes no dependencies.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=OFDM_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_LIBDIR");

    if let Some(dir) = env::var_os("OFDM_LIB_DIR").filter(|dir| !dir.is_empty()) {
        println!("cargo:rustc-link-search=native={}", dir.to_string_lossy());
        println!("cargo:rustc-link-lib=dylib=ofdm");
        return;
    }
    match pkg_config_libs() {
        Some(flags) => emit_pkg_config_flags(&flags),
        None => panic!(
            "libofdm not found: `pkg-config --libs ofdm` failed and OFDM_LIB_DIR is not set.\n\
             Either install the library (`make install PREFIX=/usr/local` in the ofdm repository)\n\
             or set OFDM_LIB_DIR to the folder holding libofdm.so (e.g. <repo>/build/lib), and\n\
             make it findable at run time too (LD_LIBRARY_PATH, or ldconfig after installing)."
        ),
    }
}

/// The output of `pkg-config --libs ofdm`, or None when pkg-config is missing or fails.
fn pkg_config_libs() -> Option<String> {
    let output = Command::new("pkg-config").args(["--libs", "ofdm"]).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()
}

/// Turns `-L<dir>` and `-l<name>` flags into cargo directives; other flags are not expected in
/// ofdm.pc's `Libs:` line and are passed to the linker unchanged.
fn emit_pkg_config_flags(flags: &str) {
    for flag in flags.split_whitespace() {
        if let Some(dir) = flag.strip_prefix("-L") {
            println!("cargo:rustc-link-search=native={dir}");
        } else if let Some(name) = flag.strip_prefix("-l") {
            println!("cargo:rustc-link-lib=dylib={name}");
        } else {
            println!("cargo:rustc-link-arg={flag}");
        }
    }
}
