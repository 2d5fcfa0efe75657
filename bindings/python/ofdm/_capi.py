"""The C declarations of ofdm.h for ctypes: structs, the callback type and every prototype.

Importing this module opens the library (see _locate), checks its ABI major before touching any
other symbol, then declares each function's argument and result types. The rest of the package
calls the C API only through `lib` below.
"""
import ctypes
from ctypes import POINTER, c_char_p, c_double, c_int, c_int32, c_int64, c_size_t, c_uint, c_uint64, c_void_p

from ._locate import open_library

# The ABI major this binding is written for: ofdm_version_number() / 10000 must equal it.
ABI_MAJOR = 0

# Options and report structs begin with struct_size and are filled by the library's
# *_init_sized(p, ctypes.sizeof(Struct)), which writes exactly that many bytes: each struct below
# is exactly ofdm.h's 0.2 layout, with nothing after it. A newer 0.x library reads it as an older
# header's struct (the fields it has appended take their defaults). The *_init_sized functions
# exist since 0.2, so a 0.1 library is refused at import, naming the missing symbol.

# typedef int (*ofdm_progress_fn)(int64_t done, int64_t total, void *user_data);
PROGRESS_FN = ctypes.CFUNCTYPE(c_int, c_int64, c_int64, c_void_p)


class FitOptionsStruct(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t), ("beta", c_double), ("coordinates", c_int32),
                ("time_mode", c_int32), ("ridge", c_double), ("progress", PROGRESS_FN),
                ("progress_data", c_void_p), ("memory_limit", c_int64), ("data_dim", c_int64)]


class SampleStatsStruct(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t), ("guarded_steps", c_int64), ("guarded_samples", c_int64),
                ("corrector_proposals", c_int64), ("corrector_accepted", c_int64),
                ("coefficient_nodes", c_int64), ("coefficient_error", c_double), ("flow_mean_steps", c_double),
                ("flow_max_steps", c_int64), ("flow_rejected_steps", c_int64)]


class SampleOptionsStruct(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t), ("method", c_int32), ("steps", c_int32), ("t_max", c_double),
                ("t_min", c_double), ("grid", c_int32), ("corrector", c_int32),
                ("corrector_steps", c_int32), ("corrector_snr", c_double), ("denoise", c_int32),
                ("guard", c_int32), ("seed", c_uint64), ("threads", c_int32), ("progress", PROGRESS_FN),
                ("progress_data", c_void_p), ("stats", POINTER(SampleStatsStruct)), ("tolerance", c_double)]


class ImportanceSummaryStruct(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t), ("effective_sample_size", c_double), ("ess_per_sample", c_double),
                ("log_z", c_double), ("log_z_error", c_double), ("max_weight", c_double)]


class SelectOptionsStruct(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t), ("max_degree", c_int32), ("max_interaction", c_int32),
                ("validation_fraction", c_double), ("seed", c_uint64), ("max_basis_size", c_int64),
                ("latent_dim", c_int64), ("keep_outliers", c_int32)]


class SelectReportStruct(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t), ("degree", c_int32), ("interaction", c_int32), ("ridge", c_double),
                ("basis_size", c_int64), ("validation_loss", c_double), ("candidates", c_int64),
                ("failed", c_int64), ("outlier_rows", c_int64), ("first_outlier_row", c_int64),
                ("first_outlier_column", c_int64), ("first_outlier_distance", c_double)]


class AdaptiveOptionsStruct(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t), ("max_basis_size", c_int64), ("max_rounds", c_int32),
                ("max_per_round", c_int32), ("max_interaction", c_int32), ("threads", c_int32),
                ("validation_fraction", c_double), ("seed", c_uint64), ("max_seconds", c_double),
                ("latent_dim", c_int64)]


class AdaptiveReportStruct(ctypes.Structure):
    _fields_ = [("struct_size", c_size_t), ("basis_size", c_int64), ("rounds", c_int32), ("stop", c_int32),
                ("ridge", c_double), ("validation_loss", c_double), ("candidates", c_int64), ("seconds", c_double),
                ("round_losses", POINTER(c_double)), ("round_loss_capacity", c_int64), ("coordinates", c_int32),
                ("standardize_distance", c_double), ("pca_distance", c_double)]


class LibraryVersionError(ImportError):
    """The loaded libofdm has another ABI major than the one this binding is written for."""


def require_abi_major(version_number, origin):
    """Refuses a library whose major version differs from ABI_MAJOR, naming both versions."""
    major, minor, patch = version_number // 10000, version_number // 100 % 100, version_number % 100
    if major != ABI_MAJOR:
        raise LibraryVersionError(
            f"ofdm: the library {origin} is version {major}.{minor}.{patch} (ABI major {major}), but this "
            f"Python binding is written for ABI major {ABI_MAJOR} ({ABI_MAJOR}.x); install a matching "
            f"library or binding")


# Handles are opaque pointers: c_void_p, with out-pointers as POINTER(c_void_p). Arrays are passed
# as addresses (c_void_p) because their leading dimension is passed separately.
_HANDLE_OUT = POINTER(c_void_p)
_STATUS = c_int
_PROTOTYPES = {
    "ofdm_version_string": (c_char_p, []),
    "ofdm_status_string": (c_char_p, [c_int]),
    "ofdm_last_error": (c_char_p, []),
    "ofdm_basis_create_total_degree": (_STATUS, [c_int64, c_int32, c_int32, _HANDLE_OUT]),
    "ofdm_basis_create_graph": (_STATUS, [c_int64, c_int32, c_void_p, c_int64, _HANDLE_OUT]),
    "ofdm_basis_create_from_indices": (_STATUS, [c_int64, c_void_p, c_int64, c_int64, _HANDLE_OUT]),
    "ofdm_basis_size": (c_int64, [c_void_p]),
    "ofdm_basis_dim": (c_int64, [c_void_p]),
    "ofdm_basis_max_degree": (c_int32, [c_void_p]),
    "ofdm_basis_indices": (_STATUS, [c_void_p, c_void_p, c_int64]),
    "ofdm_basis_free": (None, [c_void_p]),
    "ofdm_fit_options_init_sized": (_STATUS, [POINTER(FitOptionsStruct), c_size_t]),
    "ofdm_fit": (_STATUS, [c_void_p, c_void_p, c_int64, c_int64, POINTER(FitOptionsStruct), _HANDLE_OUT]),
    "ofdm_model_score": (_STATUS, [c_void_p, c_double, c_void_p, c_int64, c_int64, c_void_p, c_int64]),
    "ofdm_model_log_density": (_STATUS, [c_void_p, c_double, c_void_p, c_int64, c_int64, c_void_p]),
    "ofdm_model_coefficients": (_STATUS, [c_void_p, c_double, c_void_p]),
    "ofdm_model_to_latent": (_STATUS, [c_void_p, c_void_p, c_int64, c_int64, c_void_p, c_int64]),
    "ofdm_model_from_latent": (_STATUS, [c_void_p, c_void_p, c_int64, c_int64, c_void_p, c_int64]),
    "ofdm_model_basis": (c_void_p, [c_void_p]),
    "ofdm_model_dim": (c_int64, [c_void_p]),
    "ofdm_model_latent_dim": (c_int64, [c_void_p]),
    "ofdm_model_rank": (c_int64, [c_void_p]),
    "ofdm_model_beta": (c_double, [c_void_p]),
    "ofdm_model_training_size": (c_int64, [c_void_p]),
    "ofdm_model_options": (_STATUS, [c_void_p, POINTER(FitOptionsStruct)]),
    "ofdm_model_free": (None, [c_void_p]),
    "ofdm_sample_stats_init_sized": (_STATUS, [POINTER(SampleStatsStruct), c_size_t]),
    "ofdm_sample_options_init_sized": (_STATUS, [POINTER(SampleOptionsStruct), c_size_t]),
    "ofdm_model_sample": (_STATUS, [c_void_p, c_int64, POINTER(SampleOptionsStruct), c_void_p, c_int64]),
    "ofdm_flow_options_init_sized": (_STATUS, [POINTER(SampleOptionsStruct), c_size_t]),
    "ofdm_model_log_likelihood": (_STATUS, [c_void_p, c_void_p, c_int64, c_int64, POINTER(SampleOptionsStruct),
                                            c_void_p]),
    "ofdm_model_sample_flow": (_STATUS, [c_void_p, c_int64, POINTER(SampleOptionsStruct), c_void_p, c_int64,
                                         c_void_p]),
    "ofdm_importance_summary_init_sized": (_STATUS, [POINTER(ImportanceSummaryStruct), c_size_t]),
    "ofdm_importance": (_STATUS, [c_void_p, c_void_p, c_int64, c_void_p, POINTER(ImportanceSummaryStruct)]),
    "ofdm_importance_estimate": (_STATUS, [c_void_p, c_int64, c_void_p, c_int64, c_int64, c_void_p, c_void_p]),
    "ofdm_moments_create": (_STATUS, [c_void_p, POINTER(FitOptionsStruct), _HANDLE_OUT]),
    "ofdm_moments_add": (_STATUS, [c_void_p, c_void_p, c_int64, c_int64]),
    "ofdm_moments_begin_moments": (_STATUS, [c_void_p]),
    "ofdm_moments_in_statistics_pass": (c_int, [c_void_p]),
    "ofdm_moments_count": (c_int64, [c_void_p]),
    "ofdm_moments_merge": (_STATUS, [c_void_p, c_void_p]),
    "ofdm_moments_export_length": (_STATUS, [c_void_p, POINTER(c_int64)]),
    "ofdm_moments_export": (_STATUS, [c_void_p, c_void_p]),
    "ofdm_moments_import": (_STATUS, [c_void_p, c_void_p, c_int64]),
    "ofdm_fit_moments": (_STATUS, [c_void_p, POINTER(FitOptionsStruct), _HANDLE_OUT]),
    "ofdm_moments_free": (None, [c_void_p]),
    "ofdm_select_options_init_sized": (_STATUS, [POINTER(SelectOptionsStruct), c_size_t]),
    "ofdm_select_report_init_sized": (_STATUS, [POINTER(SelectReportStruct), c_size_t]),
    "ofdm_fit_select": (_STATUS, [c_void_p, c_int64, c_int64, c_int64, POINTER(FitOptionsStruct),
                                  POINTER(SelectOptionsStruct), _HANDLE_OUT, POINTER(SelectReportStruct)]),
    "ofdm_model_validation_loss": (_STATUS, [c_void_p, c_void_p, c_int64, c_int64, POINTER(c_double)]),
    "ofdm_find_outliers": (_STATUS, [c_void_p, c_int64, c_int64, c_int64, POINTER(c_int64), POINTER(c_int64),
                                     POINTER(c_int64), POINTER(c_double)]),
    "ofdm_adaptive_options_init_sized": (_STATUS, [POINTER(AdaptiveOptionsStruct), c_size_t]),
    "ofdm_adaptive_report_init_sized": (_STATUS, [POINTER(AdaptiveReportStruct), c_size_t]),
    "ofdm_fit_adaptive": (_STATUS, [c_void_p, c_int64, c_int64, c_int64, POINTER(FitOptionsStruct),
                                    POINTER(AdaptiveOptionsStruct), _HANDLE_OUT, POINTER(AdaptiveReportStruct)]),
    "ofdm_model_save": (_STATUS, [c_void_p, c_char_p]),
    "ofdm_model_load": (_STATUS, [c_char_p, _HANDLE_OUT]),
    "ofdm_model_serialized_size": (_STATUS, [c_void_p, POINTER(c_size_t)]),
    "ofdm_model_save_buffer": (_STATUS, [c_void_p, c_void_p, c_size_t, POINTER(c_size_t)]),
    "ofdm_model_load_buffer": (_STATUS, [c_void_p, c_size_t, _HANDLE_OUT]),
}


def _symbol(library, origin, name):
    try:
        return getattr(library, name)
    except AttributeError:
        raise ImportError(f"ofdm: the library {origin} lacks the symbol {name}") from None


def _load():
    library, origin = open_library()
    version_number = _symbol(library, origin, "ofdm_version_number")
    version_number.restype, version_number.argtypes = c_uint, []
    require_abi_major(version_number(), origin)
    for name, (restype, argtypes) in _PROTOTYPES.items():
        function = _symbol(library, origin, name)
        function.restype, function.argtypes = restype, argtypes
    return library, origin


lib, library_path = _load()
