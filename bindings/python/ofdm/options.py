"""The options and statistics structs of ofdm.h as Python dataclasses, and the C structs built
from keyword arguments.

Defaults come from the library's own *_init_sized functions, never from copies written here: a keyword
left as None keeps the library's default.
"""
import ctypes
import math
from dataclasses import dataclass, fields

from ._capi import (AdaptiveOptionsStruct, AdaptiveReportStruct, FitOptionsStruct, SampleOptionsStruct,
                    SampleStatsStruct, SelectOptionsStruct, SelectReportStruct, lib)
from ._convert import c_integer, c_real
from ._seed import resolve_seed
from .enums import AdaptiveStop, Coordinates, Corrector, Sampler, TimeGrid, TimeMode, enum_or_int, enum_value
from .errors import check


def _initialized(struct_type, init):
    """A struct filled by the library's *_init_sized with this binding's layout size: the
    library writes struct_size = ctypes.sizeof(struct_type) and its defaults (and zeroes any
    field it does not know)."""
    struct = struct_type()
    check(init(ctypes.byref(struct), ctypes.sizeof(struct_type)))
    return struct


@dataclass(frozen=True)
class FitOptions:
    """ofdm_fit_options without the callback and memory_limit (a limit on one fit, not part of a
    model): β, coordinates, time mode, ridge and the data dimension d (data_dim: 0 in defaults(),
    meaning the basis dimension; a model reports its own d)."""
    beta: float
    coordinates: Coordinates
    time_mode: TimeMode
    ridge: float
    data_dim: int = 0

    @classmethod
    def defaults(cls):
        """The library's defaults (ofdm_fit_options_init_sized)."""
        return cls.from_struct(_initialized(FitOptionsStruct, lib.ofdm_fit_options_init_sized))

    @classmethod
    def from_struct(cls, struct):
        return cls(beta=struct.beta, coordinates=enum_or_int(Coordinates, struct.coordinates),
                   time_mode=enum_or_int(TimeMode, struct.time_mode), ridge=struct.ridge,
                   data_dim=struct.data_dim)


@dataclass(frozen=True)
class SampleOptions:
    """ofdm_sample_options without the callback and the stats pointer (see Model.sample, and
    Model.log_likelihood / Model.sample_flow, which read only some fields)."""
    method: Sampler
    steps: int
    t_max: float
    t_min: float
    grid: TimeGrid
    corrector: Corrector
    corrector_steps: int
    corrector_snr: float
    denoise: bool
    guard: bool
    seed: int
    threads: int
    tolerance: float

    @classmethod
    def defaults(cls):
        """The sampler's defaults (ofdm_sample_options_init_sized). Their seed is the C default 0;
        the binding's sampling calls draw a fresh seed when seed=None."""
        return cls._from_struct(_initialized(SampleOptionsStruct, lib.ofdm_sample_options_init_sized))

    @classmethod
    def flow_defaults(cls):
        """The probability-flow functions' defaults (ofdm_flow_options_init_sized); seed as in
        defaults()."""
        return cls._from_struct(_initialized(SampleOptionsStruct, lib.ofdm_flow_options_init_sized))

    @classmethod
    def _from_struct(cls, s):
        return cls(method=enum_or_int(Sampler, s.method), steps=s.steps, t_max=s.t_max, t_min=s.t_min,
                   grid=enum_or_int(TimeGrid, s.grid), corrector=enum_or_int(Corrector, s.corrector),
                   corrector_steps=s.corrector_steps, corrector_snr=s.corrector_snr,
                   denoise=bool(s.denoise), guard=bool(s.guard), seed=s.seed, threads=s.threads,
                   tolerance=s.tolerance)


@dataclass(frozen=True)
class SampleStats:
    """What a sampling run did (ofdm_sample_stats)."""
    guarded_steps: int
    guarded_samples: int
    corrector_proposals: int
    corrector_accepted: int
    coefficient_nodes: int
    coefficient_error: float
    # Probability-flow functions only (Model.log_likelihood, Model.sample_flow); zero otherwise.
    flow_mean_steps: float
    flow_max_steps: int
    flow_rejected_steps: int

    @classmethod
    def from_struct(cls, struct):
        return cls(**{f.name: getattr(struct, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class SelectOptions:
    """ofdm_select_options: the candidates Model.fit_select tries and how it scores them."""
    max_degree: int             # total degrees 1..max_degree are tried, in [1, 32]
    max_interaction: int        # interaction limits 1..max_interaction are tried; 0: no limit only
    validation_fraction: float  # share of the rows held out, in (0, 1)
    seed: int                   # which rows are held out
    max_basis_size: int         # candidate bases with more functions are skipped
    latent_dim: int             # r of the candidate bases: 0 for d; with PCA, the components kept
    keep_outliers: bool         # False: rows ofdm.find_outliers flags are left out; True: all rows used

    @classmethod
    def defaults(cls):
        """The library's defaults (ofdm_select_options_init_sized)."""
        struct = _initialized(SelectOptionsStruct, lib.ofdm_select_options_init_sized)
        values = {f.name: getattr(struct, f.name) for f in fields(cls)}
        values["keep_outliers"] = bool(values["keep_outliers"])
        return cls(**values)


@dataclass(frozen=True)
class SelectReport:
    """What Model.fit_select chose (ofdm_select_report)."""
    degree: int              # total degree of the chosen basis
    interaction: int         # its interaction limit (0: none)
    ridge: float             # the chosen ridge, one of 0, 1e-8, 1e-6, 1e-4, 1e-2
    basis_size: int          # K of the chosen basis
    validation_loss: float   # its held-out criterion, on the split of the selection run
    candidates: int          # (basis, ridge) pairs tried
    failed: int              # of which could not be fitted
    outlier_rows: int        # rows ofdm.find_outliers flags (left out unless keep_outliers=True)
    first_outlier_row: int   # the first of them (0-based), or -1
    first_outlier_column: int    # that row's column farthest out, or -1
    first_outlier_distance: float  # how far, in robust units; 0.0 when there is none

    @classmethod
    def from_struct(cls, struct):
        return cls(**{f.name: getattr(struct, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class AdaptiveOptions:
    """ofdm_adaptive_options: how far Model.fit_adaptive grows the basis and how it scores it."""
    max_basis_size: int         # the set stops growing at this many functions (at least the start set's 2r)
    max_rounds: int             # rounds of growth, >= 0
    max_per_round: int          # functions accepted per round; 0: a tenth of the set, at least 4
    max_interaction: int        # coordinates one function may involve; 0: no limit
    threads: int                # worker threads; 0: all cores (the result does not depend on it)
    validation_fraction: float  # share of the rows held out, in (0, 1)
    seed: int                   # which rows are held out
    max_seconds: float          # wall-clock budget of the growth; 0: none
    latent_dim: int             # r: 0 for d; with PCA, the components kept

    @classmethod
    def defaults(cls):
        """The library's defaults (ofdm_adaptive_options_init_sized)."""
        struct = _initialized(AdaptiveOptionsStruct, lib.ofdm_adaptive_options_init_sized)
        return cls(**{f.name: getattr(struct, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class AdaptiveReport:
    """What Model.fit_adaptive chose (ofdm_adaptive_report)."""
    basis_size: int          # K of the chosen set (model.basis.size)
    rounds: int              # rounds of growth kept
    stop: AdaptiveStop       # why the growth stopped (an int for a value newer than this binding)
    ridge: float             # the chosen ridge, one of 0, 1e-8, 1e-6, 1e-4, 1e-2
    validation_loss: float   # the held-out criterion of the chosen set and ridge
    candidates: int          # candidates scored over all rounds
    seconds: float           # wall-clock time of the call
    round_losses: tuple      # the held-out criterion of the start set, then after each kept round
                             # (at the growth ridge 1e-8): rounds + 1 floats, each below the last
    coordinates: Coordinates  # the model's map: the one asked for, or the one "auto" chose
    coordinate_distances: dict  # with coordinates="auto": {Coordinates: energy distance of that
                                # map's samples to held-out rows} for each map grown (inf: its
                                # model could not be sampled); empty otherwise

    @classmethod
    def from_struct(cls, struct):
        """The report of a struct whose round_losses array the call has filled (at most
        round_loss_capacity of them)."""
        kept = max(0, min(struct.rounds + 1, struct.round_loss_capacity))
        return cls(basis_size=struct.basis_size, rounds=struct.rounds, stop=enum_or_int(AdaptiveStop, struct.stop),
                   ridge=struct.ridge, validation_loss=struct.validation_loss, candidates=struct.candidates,
                   seconds=struct.seconds, round_losses=tuple(struct.round_losses[:kept]),
                   coordinates=enum_or_int(Coordinates, struct.coordinates),
                   coordinate_distances={kind: value for kind, value in ((Coordinates.STANDARDIZE,
                                                                          struct.standardize_distance),
                                                                         (Coordinates.PCA, struct.pca_distance))
                                         if not math.isnan(value)})


def new_stats_struct():
    return _initialized(SampleStatsStruct, lib.ofdm_sample_stats_init_sized)


def new_select_report_struct():
    return _initialized(SelectReportStruct, lib.ofdm_select_report_init_sized)


def new_adaptive_report_struct(round_losses):
    """An ofdm_adaptive_report whose round_losses is the caller's ctypes array of doubles (which
    must outlive the call), its capacity the array's length."""
    struct = _initialized(AdaptiveReportStruct, lib.ofdm_adaptive_report_init_sized)
    struct.round_losses = ctypes.cast(round_losses, ctypes.POINTER(ctypes.c_double))
    struct.round_loss_capacity = len(round_losses)
    return struct


def new_fit_options_struct():
    return _initialized(FitOptionsStruct, lib.ofdm_fit_options_init_sized)


# How each keyword becomes its C field: the C type's range is checked here because ctypes would
# wrap an out-of-range integer silently, reals must be real numbers (float() would take "0.1"),
# enumerations take their names (enums.enum_value) and seeds follow _seed; the library checks
# the meaning (ranges, enum values).
def _int32(name):
    return lambda value: c_integer(value, 32, name)


def _int64(name):
    return lambda value: c_integer(value, 64, name)


def _real(name):
    return lambda value: c_real(value, name)


def _enum(enum, name):
    return lambda value: c_integer(enum_value(enum, value, name), 32, name)


def _seed(name):
    return lambda value: resolve_seed(value, name)


_FIT_FIELDS = {"beta": _real("beta"), "coordinates": _enum(Coordinates, "coordinates"),
               "time_mode": _enum(TimeMode, "time_mode"), "ridge": _real("ridge"),
               "memory_limit": _int64("memory_limit"), "data_dim": _int64("data_dim")}
_SAMPLE_FIELDS = {
    "method": _enum(Sampler, "method"), "steps": _int32("steps"), "t_max": _real("t_max"), "t_min": _real("t_min"),
    "grid": _enum(TimeGrid, "grid"), "corrector": _enum(Corrector, "corrector"),
    "corrector_steps": _int32("corrector_steps"), "corrector_snr": _real("corrector_snr"),
    "denoise": lambda value: 1 if value else 0, "guard": lambda value: 1 if value else 0,
    "seed": _seed("seed"), "threads": _int32("threads"), "tolerance": _real("tolerance"),
}
_SELECT_FIELDS = {
    "max_degree": _int32("max_degree"), "max_interaction": _int32("max_interaction"),
    "validation_fraction": _real("validation_fraction"), "seed": _seed("seed"),
    "max_basis_size": _int64("max_basis_size"), "latent_dim": _int64("latent_dim"),
    "keep_outliers": lambda value: 1 if value else 0,
}
_ADAPTIVE_FIELDS = {
    "max_basis_size": _int64("max_basis_size"), "max_rounds": _int32("max_rounds"),
    "max_per_round": _int32("max_per_round"), "max_interaction": _int32("max_interaction"),
    "threads": _int32("threads"), "validation_fraction": _real("validation_fraction"), "seed": _seed("seed"),
    "max_seconds": _real("max_seconds"), "latent_dim": _int64("latent_dim"),
}


def _fill(struct, converters, overrides):
    for name, value in overrides.items():
        if value is not None:
            setattr(struct, name, converters[name](value))
    return struct


def fit_options_struct(progress_function, **overrides):
    """An ofdm_fit_options: the library's defaults, then every keyword that is not None."""
    struct = _fill(new_fit_options_struct(), _FIT_FIELDS, overrides)
    struct.progress = progress_function
    return struct


def select_options_struct(**overrides):
    """An ofdm_select_options: the library's defaults, then every keyword that is not None."""
    return _fill(_initialized(SelectOptionsStruct, lib.ofdm_select_options_init_sized), _SELECT_FIELDS, overrides)


def adaptive_options_struct(**overrides):
    """An ofdm_adaptive_options: the library's defaults, then every keyword that is not None."""
    return _fill(_initialized(AdaptiveOptionsStruct, lib.ofdm_adaptive_options_init_sized), _ADAPTIVE_FIELDS,
                 overrides)


def sample_options_struct(progress_function, stats_struct, *, init=None, **overrides):
    """An ofdm_sample_options: the library's defaults (those of init, ofdm_sample_options_init_sized
    unless given, e.g. ofdm_flow_options_init_sized), then every keyword that is not None. A
    seed keyword is always set, None drawing a fresh one (see _seed) instead of the C default 0."""
    init = lib.ofdm_sample_options_init_sized if init is None else init
    if "seed" in overrides:  # a sampling call (Model.sample, Model.sample_flow)
        overrides["seed"] = resolve_seed(overrides["seed"], "seed")
    struct = _fill(_initialized(SampleOptionsStruct, init), _SAMPLE_FIELDS, overrides)
    struct.progress = progress_function
    if stats_struct is not None:
        struct.stats = ctypes.pointer(stats_struct)
    return struct
