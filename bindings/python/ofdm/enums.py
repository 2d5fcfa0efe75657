"""The enumerations of ofdm.h; their values are the C values (plain ints are accepted too)."""
from enum import IntEnum


class Coordinates(IntEnum):
    """How data x are mapped to latent coordinates z = W (x − m) (ofdm_coordinates)."""
    NONE = 0
    STANDARDIZE = 1
    WHITEN = 2  # symmetric ("ZCA") whitening: z_j stays tied to x_j
    PCA = 3     # the r leading principal components at unit variance, r = basis dim <= data dim d


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


def enum_or_int(enum, value):
    """The enum member for a value, or the int itself for a value newer than this binding."""
    try:
        return enum(value)
    except ValueError:
        return int(value)
