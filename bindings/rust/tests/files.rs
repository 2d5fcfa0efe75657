//! Model files and buffers: bit-identical round trips, and each refusal (missing, foreign, empty,
//! truncated, corrupted, too small a buffer, a path the C API cannot take) with its kind and a
//! message that names what is wrong.

mod common;

use common::{expect_error, mixture_model, scores_everywhere, small_model, TempDir};
use ofdm::{Coordinates, ErrorKind, Model};

/// "Loading gives bit-identical scores on the same machine": file and buffer, and the bytes
/// themselves are the same whichever way they were written or re-written.
#[test]
fn save_and_load_round_trips_are_bit_identical() {
    let dir = TempDir::new("files");
    let model = mixture_model();
    let path = dir.join("model.ofdm");
    model.save(&path).unwrap();
    let bytes = model.to_bytes().unwrap();
    assert_eq!(bytes.len(), model.serialized_size().unwrap());
    assert_eq!(std::fs::read(&path).unwrap(), bytes);

    let from_file = Model::load(&path).unwrap();
    let from_buffer = Model::load_buffer(&bytes).unwrap();
    let want: Vec<u64> = scores_everywhere(&model).iter().map(|v| v.to_bits()).collect();
    for loaded in [&from_file, &from_buffer] {
        let got: Vec<u64> = scores_everywhere(loaded).iter().map(|v| v.to_bits()).collect();
        assert_eq!(got, want);
        assert_eq!(loaded.to_bytes().unwrap(), bytes);
        assert_eq!((loaded.dim(), loaded.training_size(), loaded.beta()), (2, 1000, 1.0));
    }
    // Same seed, same samples from the original and the reloaded model.
    let (mut a, mut b) = (vec![0.0; 40], vec![0.0; 40]);
    model.sample(20, Some(&mut common::short_run(20, 9, 0)), &mut a, 2).unwrap();
    from_file.sample(20, Some(&mut common::short_run(20, 9, 0)), &mut b, 2).unwrap();
    assert_eq!(a, b);
}

/// save_buffer writes exactly serialized_size bytes, and refuses a buffer one byte short without
/// writing into it.
#[test]
fn save_buffer_reports_its_size_and_refuses_a_small_buffer() {
    let model = small_model(Coordinates::Standardize, 1.0);
    let size = model.serialized_size().unwrap();
    let mut exact = vec![0u8; size + 8];
    assert_eq!(model.save_buffer(&mut exact).unwrap(), size);
    let mut short = vec![0xA5u8; size - 1];
    expect_error(model.save_buffer(&mut short), ErrorKind::BufferTooSmall, None);
    assert!(short.iter().all(|&b| b == 0xA5));
    expect_error(model.save_buffer(&mut []), ErrorKind::BufferTooSmall, None);
}

/// Missing files and unwritable paths are Io errors naming the path.
#[test]
fn failing_paths_are_io_errors_naming_the_path() {
    let dir = TempDir::new("files_io");
    let model = small_model(Coordinates::Standardize, 1.0);
    let missing = dir.join("missing.ofdm");
    let error = expect_error(Model::load(&missing), ErrorKind::Io, None);
    assert!(error.message().contains(missing.to_str().unwrap()), "{}", error.message());
    let nowhere = dir.join("no_such_dir/model.ofdm");
    let error = expect_error(model.save(&nowhere), ErrorKind::Io, None);
    assert!(error.message().contains(nowhere.to_str().unwrap()), "{}", error.message());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0); // no temporary file left behind
}

/// A path with a NUL byte cannot reach C; the binding refuses it before calling.
#[test]
fn a_path_with_a_nul_byte_is_refused_by_the_binding() {
    let model = small_model(Coordinates::Standardize, 1.0);
    let error = expect_error(model.save("bad\0name.ofdm"), ErrorKind::InvalidArgument, None);
    assert!(error.message().contains("NUL"), "{}", error.message());
    expect_error(Model::load("bad\0name.ofdm"), ErrorKind::InvalidArgument, Some("ofdm_model_load"));
}

/// Not an ofdm model: Format naming the magic; nothing at all: Truncated.
#[test]
fn foreign_and_empty_inputs_are_refused() {
    let dir = TempDir::new("files_foreign");
    let text: Vec<u8> = b"plain text, not an ofdm model. ".iter().cycle().take(100).cloned().collect();
    let path = dir.join("foreign.txt");
    std::fs::write(&path, &text).unwrap();
    expect_error(Model::load(&path), ErrorKind::Format, Some("OFDMMODL"));
    expect_error(Model::load_buffer(&text[..5]), ErrorKind::Format, Some("OFDMMODL"));
    std::fs::write(&path, b"").unwrap();
    expect_error(Model::load(&path), ErrorKind::Truncated, None);
    expect_error(Model::load_buffer(&[]), ErrorKind::Truncated, None);
}

/// Every proper prefix of a valid model is Truncated, and the message names where it ends.
#[test]
fn every_truncation_is_reported_as_truncated() {
    let bytes = small_model(Coordinates::Standardize, 1.0).to_bytes().unwrap();
    for length in 0..bytes.len() {
        let error = expect_error(Model::load_buffer(&bytes[..length]), ErrorKind::Truncated, None);
        assert!(error.message().contains("byte"), "{}", error.message());
    }
}

/// The checksum catches a flipped bit anywhere after the header (message: the byte offset), and
/// a newer format major is a Version error.
#[test]
fn corrupted_and_newer_files_are_refused() {
    let mut bytes = small_model(Coordinates::Standardize, 1.0).to_bytes().unwrap();
    for at in (24..bytes.len()).step_by(7) {
        bytes[at] ^= 0x10;
        let error = expect_error(Model::load_buffer(&bytes), ErrorKind::Corrupt, None);
        assert!(error.message().contains("byte offset"), "{}", error.message());
        bytes[at] ^= 0x10;
    }
    Model::load_buffer(&bytes).expect("restored bytes load");
    let mut trailing = bytes.clone();
    trailing.push(0);
    expect_error(Model::load_buffer(&trailing), ErrorKind::Corrupt, None);
    // The format major, a little-endian u32 after the 8-byte magic.
    bytes[8] += 1;
    // The checksum is verified before the version: a flipped version is damage...
    expect_error(Model::load_buffer(&bytes), ErrorKind::Corrupt, None);
    // ...and an intact file of a newer major (its FNV-1a-64 checksum recomputed) is a version.
    let body = bytes.len() - 8;
    let mut hash: u64 = 1469598103934665603;
    for &b in &bytes[..body] {
        hash = (hash ^ u64::from(b)).wrapping_mul(1099511628211);
    }
    bytes[body..].copy_from_slice(&hash.to_le_bytes());
    expect_error(Model::load_buffer(&bytes), ErrorKind::Version, None);
}
