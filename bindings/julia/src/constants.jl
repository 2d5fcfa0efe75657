# The header's constants, with the header's names.

# The header this binding was written for; `check_version` compares the linked library's major.
const OFDM_VERSION_MAJOR = 0
const OFDM_VERSION_MINOR = 2
const OFDM_VERSION_PATCH = 0
const OFDM_VERSION_NUMBER = OFDM_VERSION_MAJOR * 10000 + OFDM_VERSION_MINOR * 100 + OFDM_VERSION_PATCH

# ofdm_status: values fixed forever, new ones only appended — so a status is kept as a Cint, not
# an @enum, which could not represent a value a newer library returns.
const OFDM_OK = Cint(0)
const OFDM_ERR_NULL_ARGUMENT = Cint(1)
const OFDM_ERR_INVALID_ARGUMENT = Cint(2)
const OFDM_ERR_NONFINITE_INPUT = Cint(3)
const OFDM_ERR_TOO_FEW_SAMPLES = Cint(4)
const OFDM_ERR_DEGREE_TOO_LARGE = Cint(5)
const OFDM_ERR_TOO_LARGE = Cint(6)
const OFDM_ERR_OUT_OF_MEMORY = Cint(7)
const OFDM_ERR_SINGULAR = Cint(8)
const OFDM_ERR_IO = Cint(9)
const OFDM_ERR_FORMAT = Cint(10)
const OFDM_ERR_VERSION = Cint(11)
const OFDM_ERR_TRUNCATED = Cint(12)
const OFDM_ERR_CORRUPT = Cint(13)
const OFDM_ERR_BUFFER_TOO_SMALL = Cint(14)
const OFDM_ERR_INTERNAL = Cint(15)
const OFDM_ERR_OVERFLOW = Cint(16)
const OFDM_ERR_CANCELLED = Cint(17)

const OFDM_MAX_DEGREE = Int32(64)

# Values of the int32_t option fields.
const OFDM_COORDINATES_NONE = Int32(0)
const OFDM_COORDINATES_STANDARDIZE = Int32(1)
const OFDM_COORDINATES_WHITEN = Int32(2)
const OFDM_COORDINATES_PCA = Int32(3)
const OFDM_COORDINATES_AUTO = Int32(4)  # fit_adaptive only
const OFDM_TIME_GALERKIN = Int32(0)
const OFDM_TIME_PERTURBATION = Int32(1)
const OFDM_SAMPLER_SDE = Int32(0)
const OFDM_SAMPLER_ODE_HEUN = Int32(1)
const OFDM_SAMPLER_ODE_EULER = Int32(2)
const OFDM_GRID_GEOMETRIC = Int32(0)
const OFDM_GRID_UNIFORM = Int32(1)
const OFDM_GRID_EXPONENTIAL = Int32(2)
const OFDM_CORRECTOR_NONE = Int32(0)
const OFDM_CORRECTOR_LANGEVIN = Int32(1)
const OFDM_CORRECTOR_MALA = Int32(2)

# ofdm_adaptive_stop, why the adaptive growth stopped: the values of AdaptiveReport's `stop`.
const OFDM_ADAPTIVE_CONVERGED = Int32(0)
const OFDM_ADAPTIVE_BASIS_SIZE = Int32(1)
const OFDM_ADAPTIVE_ROUNDS = Int32(2)
const OFDM_ADAPTIVE_TIME = Int32(3)
const OFDM_ADAPTIVE_MEMORY = Int32(4)
