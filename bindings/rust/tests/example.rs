//! The Rust example (examples/rust) against the C reference (examples/c/example.c), both built
//! and run now: the same data stream gives the same printed scores line for line, and the same
//! samples.csv and mixture.ofdm byte for byte. Nothing is compared with numbers written down.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{repo_root, TempDir};

/// Where libofdm.so is: OFDM_LIB_DIR as run_tests.sh sets it, else the repository's build/lib.
fn library_dir(root: &Path) -> PathBuf {
    match std::env::var_os("OFDM_LIB_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => root.join("build/lib"),
    }
}

/// Runs a command to success and returns its standard output.
fn run(command: &mut Command) -> String {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Builds examples/c/example.c as the brief's command line does and returns the executable.
fn build_c_example(root: &Path, into: &Path) -> PathBuf {
    let lib = library_dir(root);
    let executable = into.join("example_c");
    run(Command::new("cc")
        .current_dir(root)
        .args(["-std=c99", "-Iinclude", "examples/c/example.c"])
        .arg(format!("-L{}", lib.display()))
        .arg("-lofdm")
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .arg("-lm")
        .arg("-o")
        .arg(&executable));
    executable
}

/// Builds examples/rust with the cargo running this test, offline, into its own target folder (a
/// separate folder: the outer cargo holds the lock on this crate's target/debug).
fn build_rust_example(root: &Path) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/example");
    run(Command::new(cargo)
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(root.join("examples/rust/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target));
    target.join("debug/example")
}

/// The output with the output folder written as <dir>, so that the last lines can be compared.
fn normalized(output: &str, directory: &Path) -> Vec<String> {
    let directory = directory.to_str().unwrap();
    output.lines().map(|line| line.replace(directory, "<dir>")).collect()
}

#[test]
fn rust_example_prints_and_writes_exactly_what_the_c_example_does() {
    let root = repo_root();
    let scratch = TempDir::new("example");
    let (c_out, rust_out) = (scratch.join("c"), scratch.join("rust"));
    std::fs::create_dir_all(&c_out).unwrap();
    std::fs::create_dir_all(&rust_out).unwrap();

    let c_example = build_c_example(&root, scratch.path());
    let rust_example = build_rust_example(&root);
    let c_printed = normalized(&run(Command::new(&c_example).arg(&c_out)), &c_out);
    let rust_printed = normalized(&run(Command::new(&rust_example).arg(&rust_out)), &rust_out);

    assert_eq!(c_printed.len(), 7, "{c_printed:#?}"); // 6 score lines and the "wrote" line
    assert_eq!(c_printed.iter().filter(|line| line.starts_with("score at t = ")).count(), 6);
    for (line, (c, rust)) in c_printed.iter().zip(&rust_printed).enumerate() {
        assert_eq!(rust, c, "line {}", line + 1);
    }
    assert_eq!(rust_printed.len(), c_printed.len());

    for file in ["samples.csv", "mixture.ofdm"] {
        let c_bytes = std::fs::read(c_out.join(file)).unwrap();
        let rust_bytes = std::fs::read(rust_out.join(file)).unwrap();
        assert!(rust_bytes == c_bytes, "{file} differs from the C example's");
    }
    let csv = std::fs::read_to_string(rust_out.join("samples.csv")).unwrap();
    assert_eq!(csv.lines().next(), Some("x0,x1"));
    assert_eq!(csv.lines().count(), 1 + 1000);
}
