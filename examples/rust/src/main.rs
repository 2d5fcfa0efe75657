//! The example job, the same in every language: fit a 2-D three-mode Gaussian mixture, print the
//! score at three points for t = 0.1 and t = 1, draw 1 000 samples and save them (CSV) together
//! with the model. The data stream and the printed lines are those of examples/c/example.c, so the
//! two programs print the same scores and write the same files, byte for byte.
//!
//!   OFDM_LIB_DIR=<repo>/build/lib LD_LIBRARY_PATH=<repo>/build/lib cargo run --offline -- [output-directory]

use std::f64::consts::TAU;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use ofdm::{Basis, Model, SampleOptions};

const N: usize = 5000;
const D: usize = 2;
const SAMPLES: usize = 1000;
const CENTRE: [[f64; D]; 3] = [[-1.2, 0.0], [1.2, 0.0], [0.0, 1.2]];
const POINTS: [f64; 3 * D] = [-1.2, 0.0, 0.0, 0.5, 2.0, 2.0];

/// splitmix64 and Box–Muller: reproducible data without files (examples/c/example.c, seed 42).
struct Rng(u64);

impl Rng {
    fn uniform01(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        (((z ^ (z >> 31)) >> 11) as f64 + 0.5) / 9007199254740992.0
    }

    /// The radius's uniform is drawn first, then the angle's, as the C program does.
    fn normal01(&mut self) -> f64 {
        let radius = (-2.0 * self.uniform01().ln()).sqrt();
        radius * (TAU * self.uniform01()).cos() // TAU is 6.283185307179586, the C program's literal
    }
}

fn main() -> ExitCode {
    let directory = std::env::args().nth(1).unwrap_or_else(|| ".".to_owned());
    match run(&directory) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The job; an error is the line to print, "what: status: message" as in the C program.
fn run(directory: &str) -> Result<(), String> {
    let mut rng = Rng(42);
    let mut x = vec![0.0; N * D];
    for row in x.chunks_exact_mut(D) {
        let mode = (rng.uniform01() * 3.0) as usize;
        for (k, value) in row.iter_mut().enumerate() {
            *value = CENTRE[mode][k] + 0.45 * rng.normal01();
        }
    }
    let basis = Basis::total_degree(D, 8, 0).map_err(|e| format!("basis: {e}"))?;
    // Defaults: β = 1, standardized, Galerkin. The model keeps its own copy of the basis.
    let model = Model::fit(&basis, &x, N, D, None).map_err(|e| format!("fit: {e}"))?;
    drop(basis);

    let mut score = [0.0; 3 * D];
    for t in [0.1, 1.0] {
        model.score(t, &POINTS, 3, D, &mut score, D).map_err(|e| format!("score: {e}"))?;
        for k in 0..3 {
            println!(
                "score at t = {:.1}, x = ({:5.2}, {:5.2}): ({:8.4}, {:8.4})",
                t,
                POINTS[k * D],
                POINTS[k * D + 1],
                score[k * D],
                score[k * D + 1]
            );
        }
    }

    let mut samples = vec![0.0; SAMPLES * D];
    let mut sampling = SampleOptions::new().seed(7);
    model.sample(SAMPLES, Some(&mut sampling), &mut samples, D).map_err(|e| format!("sample: {e}"))?;
    let csv_path = format!("{directory}/samples.csv");
    write_csv(&csv_path, &samples).map_err(|e| format!("{csv_path}: {e}"))?;
    let model_path = format!("{directory}/mixture.ofdm");
    model.save(&model_path).map_err(|e| format!("save: {e}"))?;
    println!("wrote {SAMPLES} samples to {directory}/samples.csv and the model to {model_path}");
    Ok(())
}

/// The samples as CSV with header x0,x1, every value at full precision like C's "%.17g".
fn write_csv(path: &str, samples: &[f64]) -> std::io::Result<()> {
    let mut csv = BufWriter::new(File::create(path)?);
    writeln!(csv, "x0,x1")?;
    for row in samples.chunks_exact(D) {
        writeln!(csv, "{},{}", format_g17(row[0]), format_g17(row[1]))?;
    }
    csv.flush()
}

/// C's "%.17g": 17 significant digits (enough for any double to read back exactly), in fixed
/// notation when the decimal exponent is in -4..=16 and as d.ddde±XX otherwise, trailing zeros
/// removed. Rust rounds its formatting exactly, as glibc's printf does, so the text is the same.
fn format_g17(value: f64) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "nan"
        } else if value > 0.0 {
            "inf"
        } else {
            "-inf"
        }
        .to_owned();
    }
    let scientific = format!("{value:.16e}"); // e.g. "1.4255446670912839e0", exponent after rounding
    let (mantissa, exponent) = scientific.split_once('e').expect("{:e} has an exponent");
    let exponent: i32 = exponent.parse().expect("{:e} exponent is an integer");
    if (-4..17).contains(&exponent) {
        without_trailing_zeros(&format!("{:.*}", (16 - exponent) as usize, value))
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", without_trailing_zeros(mantissa), exponent.abs())
    }
}

fn without_trailing_zeros(number: &str) -> String {
    if number.contains('.') {
        number.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        number.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{format_g17, Rng};
    use std::ffi::CStr;
    use std::os::raw::{c_char, c_int};

    extern "C" {
        fn snprintf(buffer: *mut c_char, size: usize, format: *const c_char, ...) -> c_int;
    }

    /// The C library's own "%.17g" of a value: the reference, computed at test time.
    fn c_format(value: f64) -> String {
        let mut buffer = [0 as c_char; 64];
        // SAFETY: a NUL-terminated format taking one double, and a buffer of the stated size.
        unsafe { snprintf(buffer.as_mut_ptr(), buffer.len(), b"%.17g\0".as_ptr() as *const c_char, value) };
        unsafe { CStr::from_ptr(buffer.as_ptr()) }.to_str().unwrap().to_owned()
    }

    /// Both notations, the switch points between them (1e-5/1e-4, 1e16/1e17), rounding that
    /// carries into a new digit, zeros, subnormals, the extremes, and 20 000 random bit patterns
    /// (every exponent) must print exactly as glibc prints them.
    #[test]
    #[allow(clippy::excessive_precision)] // the decimal forms are the point of the test
    fn format_g17_prints_what_printf_prints() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.5,
            0.1,
            1e-4,
            9.99999999999999999e-5,
            1e-5,
            1e16,
            1e17,
            99999999999999999.0,
            123456789012345680.0,
            0.5,
            2.5,
            1.0 / 3.0,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            -f64::MAX,
            1.4255446670912839,
            -0.49736520006698248,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        let mut rng = Rng(2024);
        for _ in 0..20_000 {
            let high = (rng.uniform01() * 4294967296.0) as u64; // 32 random bits each
            let bits = high << 32 | (rng.uniform01() * 4294967296.0) as u64;
            let value = f64::from_bits(bits);
            if !value.is_nan() {
                values.push(value);
            }
        }
        for value in values {
            assert_eq!(format_g17(value), c_format(value), "bits {:#018x}", value.to_bits());
        }
    }
}
