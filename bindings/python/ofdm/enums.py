"""The enumerations of ofdm.h; their values are the C values.

Wherever the binding takes one (coordinates=, time_mode=, method=, grid=, corrector=) it accepts
the member (ofdm.Coordinates.PCA), its name as a string in any case ("pca", "PCA"; a few short
aliases too, see ALIASES), or a plain int. An unknown name is a ValueError listing the valid
ones; an int is passed on as it is, so the library names an unknown value (or accepts one newer
than this binding); a bool, a member of another enumeration or any other type is a TypeError.
"""
import operator
from enum import IntEnum


class Coordinates(IntEnum):
    """How data x are mapped to latent coordinates z = W (x − m) (ofdm_coordinates)."""
    NONE = 0
    STANDARDIZE = 1
    WHITEN = 2  # symmetric ("ZCA") whitening: z_j stays tied to x_j
    PCA = 3     # the r leading principal components at unit variance, r = basis dim <= data dim d
    AUTO = 4    # Model.fit_adaptive only: standardize and PCA of all d components both grown, the
                # map whose samples are closer to held-out rows kept


class TimeMode(IntEnum):
    """How the coefficients α(t) are obtained at a time t (ofdm_time_mode)."""
    GALERKIN = 0
    PERTURBATION = 1


class Sampler(IntEnum):
    """How the reverse process is integrated (ofdm_sampler)."""
    SDE = 0
    ODE_HEUN = 1
    ODE_EULER = 2


class TimeGrid(IntEnum):
    """The time grid of the sampler (ofdm_time_grid)."""
    GEOMETRIC = 0
    UNIFORM = 1
    EXPONENTIAL = 2  # uniform in 1 − e^{−t}; the flow functions' default


class Corrector(IntEnum):
    """An optional corrector after each predictor step (ofdm_corrector)."""
    NONE = 0
    LANGEVIN = 1
    MALA = 2


class AdaptiveStop(IntEnum):
    """Why Model.fit_adaptive stopped growing the basis (ofdm_adaptive_stop); a report field,
    never an argument."""
    CONVERGED = 0   # no candidate lowered the held-out criterion
    BASIS_SIZE = 1  # max_basis_size reached
    ROUNDS = 2      # max_rounds reached
    TIME = 3        # max_seconds reached
    MEMORY = 4      # the next set would exceed memory_limit


# Extra names, beside the members' own (lower case).
ALIASES = {
    "Sampler": {"heun": "ODE_HEUN", "euler": "ODE_EULER"},
}


def names(enum):
    """The names enum_value accepts for an enumeration, lower case, members first."""
    return [member.name.lower() for member in enum] + list(ALIASES.get(enum.__name__, {}))


def enum_value(enum, value, name):
    """The C int for an enumeration argument `name` given as a member, a name or an int."""
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_")
        key = ALIASES.get(enum.__name__, {}).get(key, key).upper()
        if key in enum.__members__:
            return int(enum[key])
        valid = ", ".join(repr(n) for n in names(enum))
        raise ValueError(f"{name}={value!r} is not a {enum.__name__} name; valid names: {valid} (any case)")
    if isinstance(value, enum):
        return int(value)
    if isinstance(value, IntEnum) or isinstance(value, bool):  # Sampler.SDE for coordinates=, or True
        raise TypeError(f"{name} must be an ofdm.{enum.__name__}, a name or an int, not {value!r}")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an ofdm.{enum.__name__}, one of the names "
                        f"{', '.join(repr(n) for n in names(enum))}, or an int; not {type(value).__name__}") from None


def enum_or_int(enum, value):
    """The enum member for a value, or the int itself for a value newer than this binding."""
    try:
        return enum(value)
    except ValueError:
        return int(value)
