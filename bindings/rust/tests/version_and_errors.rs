//! The version check, the status ↔ error-kind mapping, the error's status string and message,
//! and the layout of the C structs as the library itself sees it.

mod common;

use std::mem::size_of;

use common::{expect_error, mentions};
use ofdm::{ffi, Basis, ErrorKind};

#[test]
fn linked_library_has_the_version_of_the_header_this_binding_mirrors() {
    assert_eq!(ofdm::version_number(), ffi::OFDM_VERSION_NUMBER);
    let expected = format!("{}.{}.{}", ffi::OFDM_VERSION_MAJOR, ffi::OFDM_VERSION_MINOR, ffi::OFDM_VERSION_PATCH);
    assert_eq!(ofdm::version_string(), expected);
    assert_eq!(ofdm::ABI_MAJOR, 0);
    ofdm::check_library_version().expect("the linked library is ABI major 0");
}

/// version_number / 10000 is the major: 0.x.y passes whatever x and y, any other major is refused
/// with a message naming the library's version and the binding's ABI major.
#[test]
fn another_abi_major_is_refused_naming_both_versions() {
    for compatible in [0, 100, 9999] {
        ofdm::check_abi(compatible).expect("major 0");
    }
    let error = ofdm::check_abi(10203).expect_err("major 1 must be refused");
    assert_eq!(error.kind(), ErrorKind::IncompatibleLibrary);
    assert_eq!(error.kind().status(), None);
    assert!(error.message().contains("version 1.2.3"), "{}", error.message());
    assert!(error.message().contains("ABI major 1"), "{}", error.message());
    assert!(error.message().contains("written for ABI major 0"), "{}", error.message());
}

/// Statuses are fixed forever (ofdm.h): each known one maps to its own kind and back, and an
/// unknown one is kept as Unknown with the library's "unknown status".
#[test]
fn every_status_maps_to_its_own_kind_and_back() {
    let mut kinds = Vec::new();
    for status in 1..=ffi::OFDM_ERR_CANCELLED {
        let kind = ErrorKind::from_status(status);
        assert!(!matches!(kind, ErrorKind::Unknown(_)), "status {status} unmapped");
        assert_eq!(kind.status(), Some(status));
        assert!(!kinds.contains(&kind));
        kinds.push(kind);
        assert_ne!(ofdm::status_string(status), "unknown status");
    }
    assert_eq!(ErrorKind::from_status(ffi::OFDM_ERR_SINGULAR), ErrorKind::Singular);
    assert_eq!(ErrorKind::from_status(ffi::OFDM_ERR_CANCELLED), ErrorKind::Cancelled);
    assert_eq!(ErrorKind::from_status(99), ErrorKind::Unknown(99));
    assert_eq!(ofdm::status_string(99), "unknown status");
}

/// The error is the status string plus ofdm_last_error's text, read right after the call.
#[test]
fn an_error_carries_the_status_string_and_the_last_error_message() {
    let error = expect_error(Basis::total_degree(0, 2, 0), ErrorKind::InvalidArgument, Some("dim"));
    assert_eq!(error.description(), ofdm::status_string(ffi::OFDM_ERR_INVALID_ARGUMENT));
    assert!(error.message().starts_with("ofdm_basis_create_total_degree"));
    assert_eq!(error.message(), ofdm::last_error());
    let shown = error.to_string();
    assert!(shown.starts_with(ofdm::status_string(ffi::OFDM_ERR_INVALID_ARGUMENT)), "{shown}");
    let _: &dyn std::error::Error = &error; // usable with `?` into Box<dyn Error>
}

/// The message is thread-local: a fresh thread sees "", and a failure on one thread does not
/// change another's message, so each Error holds the message of its own call.
#[test]
fn the_last_error_is_per_thread() {
    expect_error(Basis::total_degree(2, 0, 0), ErrorKind::InvalidArgument, Some("max_degree"));
    let mine = ofdm::last_error();
    let other = std::thread::spawn(|| {
        let before = ofdm::last_error();
        let error = expect_error(Basis::total_degree(2, 2, -1), ErrorKind::InvalidArgument, Some("max_interaction"));
        (before, error.message().to_owned())
    })
    .join()
    .unwrap();
    assert_eq!(other.0, "");
    assert!(mentions(&other.1, "max_interaction"));
    assert_eq!(ofdm::last_error(), mine);
    // Success leaves the message unchanged.
    Basis::total_degree(2, 2, 0).unwrap();
    assert_eq!(ofdm::last_error(), mine);
}

/// The *_init_sized functions accept the Rust mirror's size_of, write it into struct_size and
/// write the header's defaults at the mirror's offsets, the last field's included.
#[test]
fn the_init_functions_accept_the_mirrors_and_write_the_defaults_at_their_offsets() {
    let mut fit = ffi::ofdm_fit_options {
        struct_size: 0,
        beta: 0.0,
        coordinates: 0,
        time_mode: 0,
        ridge: 0.0,
        progress: None,
        progress_data: std::ptr::null_mut(),
        memory_limit: -1,
        data_dim: -1,
    };
    assert_eq!(unsafe { ffi::ofdm_fit_options_init_sized(&mut fit, size_of::<ffi::ofdm_fit_options>()) }, ffi::OFDM_OK);
    assert_eq!(fit.struct_size, size_of::<ffi::ofdm_fit_options>());
    assert_eq!((fit.beta, fit.ridge, fit.memory_limit, fit.data_dim), (1.0, 0.0, 0, 0)); // the header's defaults, at the right offsets
    assert_eq!((fit.coordinates, fit.time_mode), (ffi::OFDM_COORDINATES_STANDARDIZE, ffi::OFDM_TIME_GALERKIN));

    let mut stats = ffi::ofdm_sample_stats {
        struct_size: 0,
        guarded_steps: -1,
        guarded_samples: -1,
        corrector_proposals: -1,
        corrector_accepted: -1,
        coefficient_nodes: -1,
        coefficient_error: -1.0,
        flow_mean_steps: -1.0,
        flow_max_steps: -1,
        flow_rejected_steps: -1,
    };
    assert_eq!(
        unsafe { ffi::ofdm_sample_stats_init_sized(&mut stats, size_of::<ffi::ofdm_sample_stats>()) },
        ffi::OFDM_OK
    );
    assert_eq!(stats.struct_size, size_of::<ffi::ofdm_sample_stats>());
    assert_eq!(stats.coefficient_error, 0.0);
    assert_eq!((stats.flow_mean_steps, stats.flow_max_steps, stats.flow_rejected_steps), (0.0, 0, 0));

    let mut sample = ffi::ofdm_sample_options {
        struct_size: 0,
        method: -1,
        steps: -1,
        t_max: -1.0,
        t_min: -1.0,
        grid: -1,
        corrector: -1,
        corrector_steps: -1,
        corrector_snr: -1.0,
        denoise: -1,
        guard: -1,
        seed: 99,
        threads: -1,
        progress: None,
        progress_data: std::ptr::null_mut(),
        stats: std::ptr::null_mut(),
        tolerance: -1.0,
    };
    let mut flow = sample;
    assert_eq!(
        unsafe { ffi::ofdm_sample_options_init_sized(&mut sample, size_of::<ffi::ofdm_sample_options>()) },
        ffi::OFDM_OK
    );
    assert_eq!(sample.struct_size, size_of::<ffi::ofdm_sample_options>());
    assert_eq!((sample.threads, sample.seed, sample.steps, sample.tolerance), (0, 0, 400, 1e-6));

    // The last field, tolerance, read back at its offset (ofdm.h, ofdm_flow_options_init).
    assert_eq!(
        unsafe { ffi::ofdm_flow_options_init_sized(&mut flow, size_of::<ffi::ofdm_sample_options>()) },
        ffi::OFDM_OK
    );
    assert_eq!(flow.struct_size, size_of::<ffi::ofdm_sample_options>());
    assert_eq!((flow.steps, flow.t_max, flow.t_min, flow.grid), (64, 8.0, 0.0, ffi::OFDM_GRID_EXPONENTIAL));
    assert_eq!((flow.tolerance, flow.guard != 0, flow.seed, flow.threads), (1e-6, true, 0, 0));

    let mut summary = ffi::ofdm_importance_summary {
        struct_size: 0,
        effective_sample_size: -1.0,
        ess_per_sample: -1.0,
        log_z: -1.0,
        log_z_error: -1.0,
        max_weight: -1.0,
    };
    assert_eq!(
        unsafe { ffi::ofdm_importance_summary_init_sized(&mut summary, size_of::<ffi::ofdm_importance_summary>()) },
        ffi::OFDM_OK
    );
    assert_eq!(summary.struct_size, size_of::<ffi::ofdm_importance_summary>());
    assert_eq!((summary.log_z, summary.max_weight), (0.0, 0.0));

    let mut select = ffi::ofdm_select_options {
        struct_size: 0,
        max_degree: -1,
        max_interaction: -1,
        validation_fraction: -1.0,
        seed: 99,
        max_basis_size: -1,
        latent_dim: -1,
        keep_outliers: -1,
    };
    assert_eq!(
        unsafe { ffi::ofdm_select_options_init_sized(&mut select, size_of::<ffi::ofdm_select_options>()) },
        ffi::OFDM_OK
    );
    assert_eq!(select.struct_size, size_of::<ffi::ofdm_select_options>());
    assert_eq!((select.max_degree, select.max_interaction, select.validation_fraction), (8, 2, 0.2));
    assert_eq!((select.seed, select.max_basis_size, select.latent_dim), (0, 4000, 0));
    assert_eq!(select.keep_outliers, 0); // the last field, at its offset

    let mut report = ffi::ofdm_select_report {
        struct_size: 0,
        degree: -1,
        interaction: -1,
        ridge: -1.0,
        basis_size: -1,
        validation_loss: -1.0,
        candidates: -1,
        failed: -1,
        outlier_rows: -1,
        first_outlier_row: -1,
        first_outlier_column: -1,
        first_outlier_distance: -1.0,
    };
    assert_eq!(
        unsafe { ffi::ofdm_select_report_init_sized(&mut report, size_of::<ffi::ofdm_select_report>()) },
        ffi::OFDM_OK
    );
    assert_eq!(report.struct_size, size_of::<ffi::ofdm_select_report>());
    assert_eq!((report.outlier_rows, report.first_outlier_distance), (0, 0.0)); // the last fields, zeroed

    let mut adaptive = ffi::ofdm_adaptive_options {
        struct_size: 0,
        max_basis_size: -1,
        max_rounds: -1,
        max_per_round: -1,
        max_interaction: -1,
        threads: -1,
        validation_fraction: -1.0,
        seed: 99,
        max_seconds: -1.0,
        latent_dim: -1,
    };
    assert_eq!(
        unsafe { ffi::ofdm_adaptive_options_init_sized(&mut adaptive, size_of::<ffi::ofdm_adaptive_options>()) },
        ffi::OFDM_OK
    );
    assert_eq!(adaptive.struct_size, size_of::<ffi::ofdm_adaptive_options>());
    assert_eq!((adaptive.max_basis_size, adaptive.max_rounds, adaptive.max_per_round), (1000, 60, 0));
    assert_eq!((adaptive.max_interaction, adaptive.threads, adaptive.validation_fraction), (0, 0, 0.2));
    assert_eq!((adaptive.seed, adaptive.max_seconds), (0, 0.0));
    assert_eq!(adaptive.latent_dim, 0); // the last field, at its offset

    let mut adaptive_report = ffi::ofdm_adaptive_report {
        struct_size: 0,
        basis_size: -1,
        rounds: -1,
        stop: -1,
        ridge: -1.0,
        validation_loss: -1.0,
        candidates: -1,
        seconds: -1.0,
        round_losses: std::ptr::NonNull::dangling().as_ptr(),
        round_loss_capacity: -1,
        coordinates: -1,
        standardize_distance: -1.0,
        pca_distance: -1.0,
    };
    assert_eq!(
        unsafe { ffi::ofdm_adaptive_report_init_sized(&mut adaptive_report, size_of::<ffi::ofdm_adaptive_report>()) },
        ffi::OFDM_OK
    );
    assert_eq!(adaptive_report.struct_size, size_of::<ffi::ofdm_adaptive_report>());
    // "The report's round_losses is NULL and its capacity 0 after init" (ofdm.h): the last fields.
    assert!(adaptive_report.round_losses.is_null());
    assert_eq!((adaptive_report.basis_size, adaptive_report.stop, adaptive_report.round_loss_capacity), (0, 0, 0));

    // The safe builder starts from the same defaults (ofdm.h, ofdm_sample_options).
    let options = ofdm::SampleOptions::new();
    assert_eq!((options.steps, options.t_max, options.t_min), (400, 5.0, 1e-3));
    assert_eq!((options.corrector_steps, options.corrector_snr, options.seed, options.threads), (1, 0.1, 0, 0));
    assert!(options.denoise && options.guard);
    assert_eq!(
        (options.method, options.grid, options.corrector),
        (ofdm::Sampler::Sde, ofdm::TimeGrid::Geometric, ofdm::Corrector::None)
    );
    assert_eq!(options.tolerance, 1e-6);

    // The flow's builder starts from ofdm_flow_options_init; the rest as the sampler's.
    let flow = ofdm::SampleOptions::flow();
    assert_eq!((flow.steps, flow.t_max, flow.t_min, flow.grid), (64, 8.0, 0.0, ofdm::TimeGrid::Exponential));
    assert_eq!((flow.tolerance, flow.seed, flow.threads, flow.guard), (1e-6, 0, 0, true));
    assert_eq!((flow.method, flow.corrector, flow.corrector_steps), (ofdm::Sampler::Sde, ofdm::Corrector::None, 1));
}

/// A mirror followed by one more 8-byte field, as the struct of a newer header would be.
#[repr(C)]
struct Newer<T> {
    mirror: T,
    newer: u64,
}

/// Checks that the library's own layout of a struct ends exactly where the Rust mirror `T` ends:
/// `init` accepts the size of a struct one field longer, writes it into struct_size and zeroes
/// the extra field (past the library's layout), and `read`, given that field non-zero, refuses
/// it naming byte size_of::<T>() as the first the library does not know. A mirror missing a
/// trailing field, or with one too many, would move that byte.
fn assert_library_layout_ends_where_the_mirror_ends<T>(
    name: &str,
    zeroed: T,
    init: unsafe extern "C" fn(*mut T, usize) -> ffi::ofdm_status,
    read: impl Fn(*mut T) -> ffi::ofdm_status,
) {
    let mut longer = Newer { mirror: zeroed, newer: u64::MAX };
    // A pointer to the whole struct: the library writes past the mirror.
    let raw = std::ptr::addr_of_mut!(longer).cast::<T>();
    assert_eq!(unsafe { init(raw, size_of::<Newer<T>>()) }, ffi::OFDM_OK, "{name}: {}", ofdm::last_error());
    assert_eq!(unsafe { raw.cast::<usize>().read() }, size_of::<Newer<T>>(), "{name}: struct_size");
    assert_eq!(longer.newer, 0, "{name}: the field past the library's layout is zeroed");
    longer.newer = 1;
    let raw = std::ptr::addr_of_mut!(longer).cast::<T>();
    assert_eq!(read(raw), ffi::OFDM_ERR_INVALID_ARGUMENT, "{name}: a non-zero field the library does not know");
    let message = ofdm::last_error();
    assert!(message.contains(&format!("at byte {} ", size_of::<T>())), "{name}: {message}");
}

#[test]
fn the_library_layout_of_each_struct_ends_where_the_mirror_ends() {
    use std::ptr::{null, null_mut};
    let basis = Basis::total_degree(2, 2, 0).unwrap();
    let model = common::small_model(ofdm::Coordinates::Standardize, 1.0);
    let x = common::gaussian_data(200, 2, 7);
    let mut out = [0.0; 2];
    let out_ptr = out.as_mut_ptr();

    let fit = ffi::ofdm_fit_options {
        struct_size: 0,
        beta: 0.0,
        coordinates: 0,
        time_mode: 0,
        ridge: 0.0,
        progress: None,
        progress_data: null_mut(),
        memory_limit: 0,
        data_dim: 0,
    };
    assert_library_layout_ends_where_the_mirror_ends("ofdm_fit_options", fit, ffi::ofdm_fit_options_init_sized, |p| {
        let mut moments = null_mut();
        let status = unsafe { ffi::ofdm_moments_create(basis.as_ptr(), p, &mut moments) };
        unsafe { ffi::ofdm_moments_free(moments) };
        status
    });

    let sample = ffi::ofdm_sample_options {
        struct_size: 0,
        method: 0,
        steps: 0,
        t_max: 0.0,
        t_min: 0.0,
        grid: 0,
        corrector: 0,
        corrector_steps: 0,
        corrector_snr: 0.0,
        denoise: 0,
        guard: 0,
        seed: 0,
        threads: 0,
        progress: None,
        progress_data: null_mut(),
        stats: null_mut(),
        tolerance: 0.0,
    };
    let sample_with =
        |p: *mut ffi::ofdm_sample_options| unsafe { ffi::ofdm_model_sample(model.as_ptr(), 1, p, out_ptr, 2) };
    assert_library_layout_ends_where_the_mirror_ends(
        "ofdm_sample_options",
        sample,
        ffi::ofdm_sample_options_init_sized,
        sample_with,
    );
    assert_library_layout_ends_where_the_mirror_ends(
        "flow options",
        sample,
        ffi::ofdm_flow_options_init_sized,
        |p| unsafe { ffi::ofdm_model_sample_flow(model.as_ptr(), 1, p, out_ptr, 2, null_mut()) },
    );

    let stats = ffi::ofdm_sample_stats {
        struct_size: 0,
        guarded_steps: 0,
        guarded_samples: 0,
        corrector_proposals: 0,
        corrector_accepted: 0,
        coefficient_nodes: 0,
        coefficient_error: 0.0,
        flow_mean_steps: 0.0,
        flow_max_steps: 0,
        flow_rejected_steps: 0,
    };
    let mut options = sample;
    assert_eq!(
        unsafe { ffi::ofdm_sample_options_init_sized(&mut options, size_of::<ffi::ofdm_sample_options>()) },
        ffi::OFDM_OK
    );
    options.steps = 2;
    assert_library_layout_ends_where_the_mirror_ends(
        "ofdm_sample_stats",
        stats,
        ffi::ofdm_sample_stats_init_sized,
        |p| {
            let mut options = options;
            options.stats = p;
            unsafe { ffi::ofdm_model_sample(model.as_ptr(), 1, &options, out_ptr, 2) }
        },
    );

    let summary = ffi::ofdm_importance_summary {
        struct_size: 0,
        effective_sample_size: 0.0,
        ess_per_sample: 0.0,
        log_z: 0.0,
        log_z_error: 0.0,
        max_weight: 0.0,
    };
    let (log_target, log_q) = ([0.0, -1.0], [-0.5, -0.5]);
    assert_library_layout_ends_where_the_mirror_ends(
        "ofdm_importance_summary",
        summary,
        ffi::ofdm_importance_summary_init_sized,
        |p| unsafe { ffi::ofdm_importance(log_target.as_ptr(), log_q.as_ptr(), 2, null_mut(), p) },
    );

    // ofdm_fit_select checks both structs before it fits anything.
    let select = ffi::ofdm_select_options {
        struct_size: 0,
        max_degree: 0,
        max_interaction: 0,
        validation_fraction: 0.0,
        seed: 0,
        max_basis_size: 0,
        latent_dim: 0,
        keep_outliers: 0,
    };
    assert_library_layout_ends_where_the_mirror_ends(
        "ofdm_select_options",
        select,
        ffi::ofdm_select_options_init_sized,
        |p| {
            let mut chosen = null_mut();
            unsafe { ffi::ofdm_fit_select(x.as_ptr(), 200, 2, 2, null(), p, &mut chosen, null_mut()) }
        },
    );
    let report = ffi::ofdm_select_report {
        struct_size: 0,
        degree: 0,
        interaction: 0,
        ridge: 0.0,
        basis_size: 0,
        validation_loss: 0.0,
        candidates: 0,
        failed: 0,
        outlier_rows: 0,
        first_outlier_row: 0,
        first_outlier_column: 0,
        first_outlier_distance: 0.0,
    };
    assert_library_layout_ends_where_the_mirror_ends(
        "ofdm_select_report",
        report,
        ffi::ofdm_select_report_init_sized,
        |p| {
            let mut chosen = null_mut();
            unsafe { ffi::ofdm_fit_select(x.as_ptr(), 200, 2, 2, null(), null(), &mut chosen, p) }
        },
    );

    // ofdm_fit_adaptive, too, reads both structs before it fits anything.
    let adaptive = ffi::ofdm_adaptive_options {
        struct_size: 0,
        max_basis_size: 0,
        max_rounds: 0,
        max_per_round: 0,
        max_interaction: 0,
        threads: 0,
        validation_fraction: 0.0,
        seed: 0,
        max_seconds: 0.0,
        latent_dim: 0,
    };
    assert_library_layout_ends_where_the_mirror_ends(
        "ofdm_adaptive_options",
        adaptive,
        ffi::ofdm_adaptive_options_init_sized,
        |p| {
            let mut grown = null_mut();
            unsafe { ffi::ofdm_fit_adaptive(x.as_ptr(), 200, 2, 2, null(), p, &mut grown, null_mut()) }
        },
    );
    let adaptive_report = ffi::ofdm_adaptive_report {
        struct_size: 0,
        basis_size: 0,
        rounds: 0,
        stop: 0,
        ridge: 0.0,
        validation_loss: 0.0,
        candidates: 0,
        seconds: 0.0,
        round_losses: null_mut(),
        round_loss_capacity: 0,
        coordinates: 0,
        standardize_distance: 0.0,
        pca_distance: 0.0,
    };
    assert_library_layout_ends_where_the_mirror_ends(
        "ofdm_adaptive_report",
        adaptive_report,
        ffi::ofdm_adaptive_report_init_sized,
        |p| {
            let mut grown = null_mut();
            unsafe { ffi::ofdm_fit_adaptive(x.as_ptr(), 200, 2, 2, null(), null(), &mut grown, p) }
        },
    );
}

/// *_init_sized refuses a size that is no layout of the struct, writing nothing, and the message
/// names the size; the 0.1 layout of ofdm_fit_options (without memory_limit and data_dim, 48
/// bytes) is still accepted.
#[test]
fn init_sized_refuses_a_size_that_is_no_layout() {
    let mut fit = ffi::ofdm_fit_options {
        struct_size: 7,
        beta: -1.0,
        coordinates: -1,
        time_mode: -1,
        ridge: -1.0,
        progress: None,
        progress_data: std::ptr::null_mut(),
        memory_limit: -1,
        data_dim: -1,
    };
    let status = unsafe { ffi::ofdm_fit_options_init_sized(&mut fit, size_of::<ffi::ofdm_fit_options>() - 1) };
    assert_eq!(status, ffi::OFDM_ERR_INVALID_ARGUMENT);
    assert!(
        ofdm::last_error().contains(&format!("size = {}", size_of::<ffi::ofdm_fit_options>() - 1)),
        "{}",
        ofdm::last_error()
    );
    assert_eq!((fit.struct_size, fit.beta, fit.memory_limit), (7, -1.0, -1)); // nothing written
    assert_eq!(unsafe { ffi::ofdm_fit_options_init_sized(&mut fit, 48) }, ffi::OFDM_OK);
    assert_eq!((fit.struct_size, fit.beta, fit.memory_limit, fit.data_dim), (48, 1.0, -1, -1));
    // 48 bytes only
}
