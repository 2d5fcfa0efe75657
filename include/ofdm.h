/*
 * ofdm.h — optimization-free diffusion models.
 *
 * ofdm fits the score of a diffusion model without a training loop: the log-density ratio to the
 * Ornstein–Uhlenbeck stationary law is expanded in normalized Hermite products (eigenfunctions of
 * the OU backward Kolmogorov operator), and the coefficients at any noise level t come from one
 * small symmetric positive-definite linear system assembled from moments of the data.
 *
 * This header is the whole public interface and its manual: read it top to bottom.
 *
 * Conventions used throughout
 *  - Every fallible function returns an ofdm_status; OFDM_OK (0) is success. On failure nothing
 *    is written through out-pointers, no handle is half-built, and ofdm_last_error() gives a
 *    message naming the offending argument, row, column or byte offset.
 *  - Handles (ofdm_basis, ofdm_model) are opaque, created through an out-pointer and released
 *    with the matching *_free function, which accepts NULL.
 *  - Arrays are caller-owned, row-major with an explicit leading dimension (like row-major BLAS):
 *    element (i, j) of an n × d array x with leading dimension ldx >= d is x[i*ldx + j]. A
 *    row-major n × d array with ld = d is the same memory as a column-major d × n Fortran array.
 *  - Sizes and counts are int64_t. Coordinates and multi-index entries are 0-based.
 *  - Coordinates: the model maps data x to latent coordinates z = W (x − m) (DESIGN §2). The
 *    noising process is the OU process dZ = −Z dt + sqrt(2/β) dW in z, with stationary law
 *    π = N(0, β⁻¹ I); "time t" always refers to it. Scores and log-densities are returned in
 *    data coordinates x.
 *  - Thread-safety: a handle is immutable once created, so any number of threads may use the
 *    same basis or model at once. Functions that create or free a handle touch only that handle.
 *    The last-error message is thread-local.
 *  - Options and report structs begin with struct_size and are filled by their *_init macro,
 *    which passes the caller's sizeof to *_init_sized: the library writes only that many bytes.
 *    Fields are only ever appended, each marked with the version that added it ("since 0.2");
 *    a library accepts the layout of every older header (the missing fields take their
 *    defaults) and of a newer one whose fields unknown to it are zero, and refuses any other
 *    struct_size with OFDM_ERR_INVALID_ARGUMENT. The section "Version" gives the version rule.
 *  - The design notes cited as "DESIGN §n" are docs/DESIGN.md in the source distribution.
 */
#ifndef OFDM_H
#define OFDM_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(OFDM_BUILDING_LIBRARY)
#define OFDM_API __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define OFDM_API __attribute__((visibility("default")))
#else
#define OFDM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ==========================================================================================
 * Version
 * ========================================================================================== */

/* The version is written here only; the build, the pkg-config file and the SONAME read it.
 * The rule: a program built against a header of version M.m runs against any library M.m' with
 * m' >= m (the SONAME libofdm.so.M carries the major number); a minor release only appends
 * functions, statuses, enum values and struct fields; a patch changes no interface. A change of
 * major breaks the ABI. Before 1.0 a minor release may also break it, and then says so. */
#define OFDM_VERSION_MAJOR 0
#define OFDM_VERSION_MINOR 2
#define OFDM_VERSION_PATCH 0
#define OFDM_VERSION_NUMBER (OFDM_VERSION_MAJOR * 10000 + OFDM_VERSION_MINOR * 100 + OFDM_VERSION_PATCH)

/* The version of the library actually linked, as OFDM_VERSION_NUMBER. Compare it with the
 * macro to detect a header/library mismatch. Thread-safe. */
OFDM_API unsigned ofdm_version_number(void);

/* The same as a static string "MAJOR.MINOR.PATCH". Never NULL; do not free. Thread-safe. */
OFDM_API const char *ofdm_version_string(void);

/* ==========================================================================================
 * Status and errors
 * ========================================================================================== */

/* Values are fixed forever: new statuses are appended, none is ever renumbered. */
typedef enum ofdm_status {
    OFDM_OK = 0,
    OFDM_ERR_NULL_ARGUMENT = 1,      /* a required pointer argument was NULL */
    OFDM_ERR_INVALID_ARGUMENT = 2,   /* a size, leading dimension, time, option or index is invalid */
    OFDM_ERR_NONFINITE_INPUT = 3,    /* an input array holds NaN or ±Inf (message: row, column) */
    OFDM_ERR_TOO_FEW_SAMPLES = 4,    /* n is too small for the basis or the coordinates */
    OFDM_ERR_DEGREE_TOO_LARGE = 5,   /* a degree beyond OFDM_MAX_DEGREE */
    OFDM_ERR_TOO_LARGE = 6,          /* the basis or its systems would exceed memory; refused before allocating */
    OFDM_ERR_OUT_OF_MEMORY = 7,      /* an allocation failed */
    OFDM_ERR_SINGULAR = 8,           /* nothing left to fit (rank 0), or the kept system is not
                                        positive definite at some t (DESIGN §5): add a ridge */
    OFDM_ERR_IO = 9,                 /* a file could not be opened, read, written or renamed */
    OFDM_ERR_FORMAT = 10,            /* not an ofdm model (wrong magic) */
    OFDM_ERR_VERSION = 11,           /* a model file of a newer, unsupported format version */
    OFDM_ERR_TRUNCATED = 12,         /* a model file or buffer ends early */
    OFDM_ERR_CORRUPT = 13,           /* a model file fails its checksum or holds inconsistent data */
    OFDM_ERR_BUFFER_TOO_SMALL = 14,  /* the caller's output buffer is too small */
    OFDM_ERR_INTERNAL = 15,          /* a bug in ofdm: please report it with the message */
    OFDM_ERR_OVERFLOW = 16,          /* moments or systems overflow double range: data too far out for the degree */
    OFDM_ERR_CANCELLED = 17          /* the progress callback asked to stop; outputs are untouched */
} ofdm_status;

/* A static English description of a status, e.g. "singular system". Never NULL; unknown values
 * give "unknown status". Thread-safe. */
OFDM_API const char *ofdm_status_string(ofdm_status status);

/* The detail message of the most recent failed ofdm call on the calling thread, e.g.
 * "ofdm_fit: x[12][3] is NaN (row 12, column 3)". Successful calls leave it unchanged; it is ""
 * before any failure. The pointer is valid until the next ofdm call on this thread; do not free.
 * Thread-safe (thread-local). */
OFDM_API const char *ofdm_last_error(void);

/* ==========================================================================================
 * Basis: a sparse set of Hermite products
 * ========================================================================================== */

/* A basis is a finite set S of non-zero multi-indices k ∈ ℕ^d. Basis function k is
 * φ_k(z) = Π_j ψ_{k_j}(sqrt(β) z_j), with ψ_n = He_n / sqrt(n!) the normalized probabilists'
 * Hermite polynomials; its total degree is |k| = Σ_j k_j and L φ_k = −|k| φ_k. */
typedef struct ofdm_basis ofdm_basis;

/* The largest degree of one coordinate in a multi-index. Products of two basis functions need
 * Hermite degrees up to twice this, whose factorials (128! ≈ 4e215) still fit a double. */
#define OFDM_MAX_DEGREE 64

/* All multi-indices of total degree 1..max_degree that involve at most max_interaction
 * coordinates, ordered by total degree, then lexicographically (coordinate 0 first).
 * @param dim              dimension d >= 1
 * @param max_degree       total degree p, 1 <= p <= OFDM_MAX_DEGREE
 * @param max_interaction  q, the largest number of non-zero entries; 0 means no limit (q = d)
 * @param out              receives the new basis; owned by the caller, free with ofdm_basis_free
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (dim < 1, p < 1, q < 0),
 *         OFDM_ERR_DEGREE_TOO_LARGE, OFDM_ERR_TOO_LARGE (the count is refused before building),
 *         OFDM_ERR_OUT_OF_MEMORY. Thread-safe. */
OFDM_API ofdm_status ofdm_basis_create_total_degree(int64_t dim, int32_t max_degree,
                                                    int32_t max_interaction, ofdm_basis **out);

/* A basis that follows a graph (lattices, chains, pixel grids): on every coordinate j the
 * univariate terms k = n e_j for n = 1..max_degree, and for every edge (i, j) the pair terms
 * a e_i + b e_j with a, b >= 1 and a + b <= max_degree. Ordered: all univariate terms by
 * coordinate then degree, then the pair terms edge by edge. Repeated edges ((i, j) twice, or
 * (i, j) and (j, i)) count once.
 * @param dim         dimension d >= 1
 * @param max_degree  p, 1 <= p <= OFDM_MAX_DEGREE
 * @param edges       n_edges × 2 row-major array of coordinate indices in [0, d), i != j;
 *                    may be NULL when n_edges == 0. Read only during the call.
 * @param n_edges     number of edges >= 0
 * @param out         receives the new basis; free with ofdm_basis_free
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (the message names the
 *         edge), OFDM_ERR_DEGREE_TOO_LARGE, OFDM_ERR_TOO_LARGE, OFDM_ERR_OUT_OF_MEMORY.
 *         Thread-safe. */
OFDM_API ofdm_status ofdm_basis_create_graph(int64_t dim, int32_t max_degree, const int64_t *edges,
                                             int64_t n_edges, ofdm_basis **out);

/* A basis from an explicit list of multi-indices, kept in the given order.
 * @param dim      dimension d >= 1
 * @param indices  count × d row-major array with leading dimension ld >= d; row i is the
 *                 multi-index k_i. Entries in [0, OFDM_MAX_DEGREE]; rows must be non-zero and
 *                 distinct. Read only during the call.
 * @param count    number of multi-indices >= 1
 * @param ld       leading dimension of indices, >= dim
 * @param out      receives the new basis; free with ofdm_basis_free
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (zero, repeated or negative
 *         row; the message names it), OFDM_ERR_DEGREE_TOO_LARGE, OFDM_ERR_TOO_LARGE,
 *         OFDM_ERR_OUT_OF_MEMORY. Thread-safe. */
OFDM_API ofdm_status ofdm_basis_create_from_indices(int64_t dim, const int32_t *indices,
                                                    int64_t count, int64_t ld, ofdm_basis **out);

/* Number of basis functions K; 0 for NULL. Thread-safe. */
OFDM_API int64_t ofdm_basis_size(const ofdm_basis *basis);

/* Dimension d; 0 for NULL. Thread-safe. */
OFDM_API int64_t ofdm_basis_dim(const ofdm_basis *basis);

/* Largest total degree |k| in the basis; 0 for NULL. Thread-safe. */
OFDM_API int32_t ofdm_basis_max_degree(const ofdm_basis *basis);

/* Writes the multi-indices as a dense K × d row-major array.
 * @param out    caller-owned array of at least (K − 1)·ldout + d int32_t
 * @param ldout  leading dimension >= d
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT. Thread-safe. */
OFDM_API ofdm_status ofdm_basis_indices(const ofdm_basis *basis, int32_t *out, int64_t ldout);

/* Releases a basis. NULL is a no-op. Models fitted from it keep their own copy. */
OFDM_API void ofdm_basis_free(ofdm_basis *basis);

/* ==========================================================================================
 * Fit
 * ========================================================================================== */

typedef struct ofdm_model ofdm_model;

/* A progress callback: `done` of `total` units of work are finished. Return 0 to go on, non-zero
 * to cancel (the call then returns OFDM_ERR_CANCELLED and writes no output). It is called on the
 * thread that called into ofdm, a few times per second at most, and once at the end. */
typedef int (*ofdm_progress_fn)(int64_t done, int64_t total, void *user_data);

/* How data x (d columns) are mapped to latent coordinates z = W (x − m) (r columns, the basis
 * dimension). Whitening and PCA use the eigendecomposition C = U Λ Uᵀ of the data's covariance
 * (divisor n; LAPACK dsyevd, each eigenvector's sign fixed so that its largest entry is positive),
 * and refuse data whose covariance has fewer than r eigenvalues above 1e-12 of the largest.
 * Scores, log-densities and likelihoods are those of the data coordinates: for PCA, of the
 * function x ↦ log q(W (x − m)) + log|pdet W|, i.e. the density of the r component scores on the
 * principal subspace (directions the PCA drops do not change it, and their score entries are
 * those of Wᵀ s_z). Samples are decoded by x = m + W⁺ z, onto the principal subspace. */
typedef enum ofdm_coordinates {
    OFDM_COORDINATES_NONE = 0,         /* z = x */
    OFDM_COORDINATES_STANDARDIZE = 1,  /* z_j = (x_j − mean_j) / std_j, std with divisor n (default) */
    OFDM_COORDINATES_WHITEN = 2,       /* z = U Λ^{-1/2} Uᵀ (x − m): symmetric ("ZCA") whitening, r = d;
                                          z_j stays tied to x_j, so graph bases keep their meaning */
    OFDM_COORDINATES_PCA = 3,          /* z = Λ_r^{-1/2} U_rᵀ (x − m): the r leading principal
                                          components at unit variance, r = basis dimension <= d =
                                          options.data_dim; W⁺ = U_r Λ_r^{1/2} */
    OFDM_COORDINATES_AUTO = 4          /* ofdm_fit_adaptive only (other calls return
                                          OFDM_ERR_INVALID_ARGUMENT): the standardization and
                                          the PCA of all d components are both grown and the one
                                          whose samples are closer to held-out data is kept */
} ofdm_coordinates;

/* How the coefficients α(t) are obtained at a time t. */
typedef enum ofdm_time_mode {
    OFDM_TIME_GALERKIN = 0,     /* exact per-time system G(t) α = b(t) (default) */
    OFDM_TIME_PERTURBATION = 1  /* first order: α_k(t) = e^{−|k| t} α_k(0), one solve at t = 0 */
} ofdm_time_mode;

/* Options of ofdm_fit. Fill with ofdm_fit_options_init, then change fields. A struct from a 0.1
 * header (without memory_limit and data_dim) is read with both at 0. */
typedef struct ofdm_fit_options {
    size_t struct_size;   /* set by ofdm_fit_options_init; do not change */
    double beta;          /* inverse temperature β of the OU process, in [1e-100, 1e100]; default 1 */
    int32_t coordinates;  /* an ofdm_coordinates value; default OFDM_COORDINATES_STANDARDIZE */
    int32_t time_mode;    /* an ofdm_time_mode value; default OFDM_TIME_GALERKIN */
    double ridge;         /* ε >= 0: ε·tr(G)/K is added to the diagonal of every system; default 0 */
    ofdm_progress_fn progress;  /* NULL (default) or a callback; units are samples read */
    void *progress_data;        /* passed to progress */
    int64_t memory_limit;       /* since 0.2: bytes a fit may take, >= 0; 0 (default): physical
                                   memory only */
    int64_t data_dim;     /* since 0.2: columns d of the data, >= 0; 0 (default): the basis
                             dimension r. Only OFDM_COORDINATES_PCA allows d != r (d >= r) */
} ofdm_fit_options;

/* Fills the first `size` bytes of options with the defaults above (bytes past the library's own
 * layout are zeroed) and sets struct_size = size. Call it through the macro
 * ofdm_fit_options_init(&options), which passes sizeof options.
 * @param size  the caller's sizeof(ofdm_fit_options), at least the 0.1 layout's
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (size too small; nothing is
 *         written). Thread-safe. Since 0.2 (0.1 had ofdm_fit_options_init as a function, which
 *         still exists for programs built against 0.1 and writes the 0.1 layout). */
OFDM_API ofdm_status ofdm_fit_options_init_sized(ofdm_fit_options *options, size_t size);
#define ofdm_fit_options_init(options) ofdm_fit_options_init_sized((options), sizeof *(options))
/* The 0.1 function (the name in parentheses bypasses the macro): the same for a struct of the
 * 0.1 layout, which it writes; for programs built against 0.1. NULL is a no-op. */
OFDM_API void (ofdm_fit_options_init)(ofdm_fit_options *options);


/* Fits a model to samples: one pass over x for the coordinate map, one for the data moments,
 * then the Galerkin matrices G_s, b_s with G(t) = Σ_s e^{−st} G_s (DESIGN §1). Memory is
 * bounded by the basis (O(S·K²) for the matrices, O(#moments)), never by n. While the moment
 * pass runs, OpenBLAS is set to one thread process-wide and restored afterwards (the pass runs
 * its own worker threads); so it is while any call factors or solves the Galerkin system, whose
 * results then do not depend on OpenBLAS's thread count (DESIGN §3). For data that do not fit in
 * memory, see the Moments section.
 * @param basis    the basis; the model keeps its own copy
 * @param x        n × d row-major samples with leading dimension ldx >= d (d = options.data_dim,
 *                 or the basis dimension when it is 0); read only during the call
 * @param n        number of samples; >= 2 with any coordinate map, and n·r >= K when ridge = 0
 * @param ldx      leading dimension of x
 * @param options  NULL for the defaults
 * @param out      receives the new model; free with ofdm_model_free
 * @return OFDM_OK; OFDM_ERR_NULL_ARGUMENT; OFDM_ERR_INVALID_ARGUMENT (ldx < d, bad option,
 *         a constant column under standardization, a covariance of too low rank for whitening or
 *         PCA, data_dim != r without PCA); OFDM_ERR_NONFINITE_INPUT (the message names
 *         row and column); OFDM_ERR_TOO_FEW_SAMPLES; OFDM_ERR_TOO_LARGE (beyond memory or
 *         options.memory_limit; refused before allocating, the message gives the estimate); OFDM_ERR_OUT_OF_MEMORY;
 *         OFDM_ERR_SINGULAR (the data leave nothing to fit: no basis function has a gradient on
 *         them; a rank-deficient G(0) is not an error, see ofdm_model_rank);
 *         OFDM_ERR_OVERFLOW (data beyond double range: a column's mean, variance or covariance under
 *         a coordinate map, or a moment of the basis's degrees in latent coordinates; the message
 *         names what overflowed, the row and the column. A returned model therefore always saves,
 *         loads and samples finitely);
 *         OFDM_ERR_CANCELLED (by options.progress; no model is created).
 * Every row is used: a few rows far outside the bulk set the coordinate map's spread and the
 * high moments; ofdm_find_outliers tells whether there are any (ofdm_fit_select leaves them out).
 * Thread-safe. */
OFDM_API ofdm_status ofdm_fit(const ofdm_basis *basis, const double *x, int64_t n, int64_t ldx,
                              const ofdm_fit_options *options, ofdm_model **out);

/* Finds the rows of x far outside the bulk in robust units (DESIGN §4, "Outliers"): per column j
 * the median m_j and the scale s_j = 1.4826 · median_i |x_ij − m_j| (the MAD, scaled to be a
 * standard deviation for Gaussian data; when it is 0, as when most values are equal, 1.2533 ·
 * mean_i |x_ij − m_j|); row i is an outlier when |x_ij − m_j| / s_j > 20 for some column with
 * s_j > 0. Outliers are rare: a column with more than max(10, n/100) values that far out is
 * multimodal or sparse (an image's pixel) and flags nothing, and when more than max(10, n/100)
 * rows are flagged in all, none is. A Gaussian value is that far out with probability 5.5e-89, so clean data have none;
 * one value at 1e12 in a column of unit spread is 1e12 units out. ofdm_fit_select finds and
 * leaves out the same rows; ofdm_fit uses every row, so call this first to know.
 * @param x             n × d row-major, leading dimension ldx >= d; read only; NULL when n == 0
 * @param n             number of rows >= 0
 * @param d             number of columns >= 1
 * @param count         receives the number of outlier rows
 * @param first_row     NULL, or receives the first of them (0-based), -1 when there is none
 * @param first_column  NULL, or receives that row's column farthest out, -1 when there is none
 * @param distance      NULL, or receives that distance in robust units, 0 when there is none
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (n < 0, d < 1, ldx < d),
 *         OFDM_ERR_NONFINITE_INPUT (names row and column), OFDM_ERR_OUT_OF_MEMORY. Outputs are
 *         written only on success. Cost: per column a copy of its n values and two selections
 *         (O(n) each), then one pass over x; n doubles of scratch. Thread-safe. Since 0.2. */
OFDM_API ofdm_status ofdm_find_outliers(const double *x, int64_t n, int64_t d, int64_t ldx, int64_t *count,
                                        int64_t *first_row, int64_t *first_column, double *distance);

/* ==========================================================================================
 * Model: score, log-density and coefficients at any time t in [0, ∞]
 * ========================================================================================== */

/* Score ∇_x log p_t(x) at n points, in data coordinates: Wᵀ(−β z + Σ_k α_k(t) ∇φ_k(z)) (for
 * PCA see ofdm_coordinates).
 * t = INFINITY gives the score of the stationary law.
 * @param t     time >= 0 (may be INFINITY)
 * @param x     n × d row-major points, leading dimension ldx >= d; read only
 * @param n     number of points >= 0 (x and out may be NULL when n == 0)
 * @param out   n × d row-major output, leading dimension ldout >= d; caller-owned. Must not
 *              overlap x. Written only on success.
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (t < 0 or NaN, ld < d),
 *         OFDM_ERR_NONFINITE_INPUT, OFDM_ERR_SINGULAR (G(t) on the model's kept functions not positive
 *         definite at this t; see ofdm_model_rank),
 *         OFDM_ERR_OUT_OF_MEMORY. Thread-safe: any number of threads may share the model. */
OFDM_API ofdm_status ofdm_model_score(const ofdm_model *model, double t, const double *x, int64_t n,
                                      int64_t ldx, double *out, int64_t ldout);

/* Log-density at n points, in data coordinates, up to an additive constant that depends on t
 * only: log π(z) + h_t(z) + log|det W|, with π = N(0, β⁻¹ I) normalized and
 * h_t = Σ_k α_k(t) φ_k. At t = INFINITY it is the exact normalized log-density of the
 * stationary law mapped to data coordinates.
 * @param out  n values, caller-owned; written only on success
 * Other parameters, statuses and thread-safety as ofdm_model_score. */
OFDM_API ofdm_status ofdm_model_log_density(const ofdm_model *model, double t, const double *x,
                                            int64_t n, int64_t ldx, double *out);

/* The coefficients α(t) of the basis functions at time t (in the basis order).
 * @param alpha  caller-owned array of K doubles; written only on success
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (t < 0 or NaN),
 *         OFDM_ERR_SINGULAR, OFDM_ERR_OUT_OF_MEMORY. Thread-safe. */
OFDM_API ofdm_status ofdm_model_coefficients(const ofdm_model *model, double t, double *alpha);

/* Maps n data points x (d columns) to latent coordinates z = W (x − m) (r columns).
 * @param z    n × r row-major output with leading dimension ldz >= r; may equal x when ldz == ldx
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT. Thread-safe. */
OFDM_API ofdm_status ofdm_model_to_latent(const ofdm_model *model, const double *x, int64_t n,
                                          int64_t ldx, double *z, int64_t ldz);

/* Maps n latent points z (r columns) back to data coordinates x = m + W⁺ z (d columns; W⁺ = W⁻¹
 * except for PCA, where x lands on the principal subspace).
 * @param x    n × d row-major output with leading dimension ldx >= d; may equal z when ldx == ldz
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT. Thread-safe. */
OFDM_API ofdm_status ofdm_model_from_latent(const ofdm_model *model, const double *z, int64_t n,
                                            int64_t ldz, double *x, int64_t ldx);

/* The model's basis, borrowed: valid while the model lives; do not free. NULL for NULL. */
OFDM_API const ofdm_basis *ofdm_model_basis(const ofdm_model *model);

/* Dimension d of the data (the columns of x in every call); 0 for NULL. */
OFDM_API int64_t ofdm_model_dim(const ofdm_model *model);

/* Dimension r of the latent coordinates, the basis dimension: d except for PCA; 0 for NULL.
 * Since 0.2. */
OFDM_API int64_t ofdm_model_latent_dim(const ofdm_model *model);

/* The number of basis functions the model uses: the numerical rank of its Galerkin system at
 * t = 0 (DESIGN §5). A fit factors G(0) + ridge (scaled to unit diagonal) by pivoted Cholesky
 * (LAPACK dpstrf) and keeps the functions whose pivot is above 1e-11: the others are, to that
 * relative precision, combinations of the kept ones on the data (a data set on a curve, too few
 * samples, an outlier that dominates the high degrees), and their coefficient is 0 at every t.
 * Equal to ofdm_basis_size for a well-posed fit; 0 for NULL. Thread-safe. Since 0.2. */
OFDM_API int64_t ofdm_model_rank(const ofdm_model *model);

/* Inverse temperature β; 0 for NULL. */
OFDM_API double ofdm_model_beta(const ofdm_model *model);

/* Number of samples the model was fitted on; 0 for NULL. */
OFDM_API int64_t ofdm_model_training_size(const ofdm_model *model);

/* The fit options the model was built with (struct_size must be set, e.g. by
 * ofdm_fit_options_init). memory_limit is not part of the model: it is written as 0; data_dim
 * is the model's d; progress and progress_data are left as they are.
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT. */
OFDM_API ofdm_status ofdm_model_options(const ofdm_model *model, ofdm_fit_options *options);

/* Releases a model. NULL is a no-op. */
OFDM_API void ofdm_model_free(ofdm_model *model);

/* ==========================================================================================
 * Sampling
 * ========================================================================================== */

/* How the reverse process is integrated from t_max down to t_min (DESIGN §1 "Sampling"). */
typedef enum ofdm_sampler {
    OFDM_SAMPLER_SDE = 0,        /* reverse SDE, exponential integrator (default) */
    OFDM_SAMPLER_ODE_HEUN = 1,   /* probability-flow ODE, Heun's second-order step: about as good
                                    with 50 steps as the SDE with 400 (DESIGN §4) */
    OFDM_SAMPLER_ODE_EULER = 2   /* probability-flow ODE, Euler step */
} ofdm_sampler;

typedef enum ofdm_time_grid {
    OFDM_GRID_GEOMETRIC = 0,   /* t_i = t_max (t_min/t_max)^{i/steps} (default) */
    OFDM_GRID_UNIFORM = 1,     /* t_i = t_max − i (t_max − t_min)/steps */
    OFDM_GRID_EXPONENTIAL = 2  /* uniform in 1 − e^{−t}; t_max <= 30 (the flow's default grid) */
} ofdm_time_grid;

/* An optional corrector after each predictor step, targeting the model's p_t. */
typedef enum ofdm_corrector {
    OFDM_CORRECTOR_NONE = 0,      /* default */
    OFDM_CORRECTOR_LANGEVIN = 1,  /* unadjusted Langevin move */
    OFDM_CORRECTOR_MALA = 2       /* Metropolis-adjusted Langevin on the unnormalized log-density */
} ofdm_corrector;

/* What a sampling run did; written when options.stats is not NULL. Set struct_size with
 * ofdm_sample_stats_init before the call. */
typedef struct ofdm_sample_stats {
    size_t struct_size;
    int64_t guarded_steps;        /* sample-steps whose drift the tail guard changed */
    int64_t guarded_samples;      /* samples that were guarded at least once */
    int64_t corrector_proposals;  /* MALA proposals made */
    int64_t corrector_accepted;   /* MALA proposals accepted */
    int64_t coefficient_nodes;    /* Chebyshev nodes that interpolate α(t) along the path; 0 when
                                     α is solved directly at every step */
    double coefficient_error;     /* measured relative error ‖α_interp − α‖/‖α‖ of the
                                     interpolation against direct solves: <= 1e-9 for the
                                     sampler, 1e-8 for the flow, unless the solves' own rounding
                                     noise is larger (then at most 1e-2, at high degree) */
    /* Probability-flow functions only (ofdm_model_log_likelihood, ofdm_model_sample_flow); the
     * guarded counts above then count trajectories the flow's guard touched. */
    double flow_mean_steps;       /* accepted adaptive steps per trajectory, on average */
    int64_t flow_max_steps;       /* the most accepted steps any trajectory took */
    int64_t flow_rejected_steps;  /* steps the error control rejected, over all trajectories */
} ofdm_sample_stats;

/* Sets struct_size and zeroes the counters; as ofdm_fit_options_init_sized (since 0.2), through
 * the macro ofdm_sample_stats_init(&stats). A run writes only the fields within struct_size. */
OFDM_API ofdm_status ofdm_sample_stats_init_sized(ofdm_sample_stats *stats, size_t size);
#define ofdm_sample_stats_init(stats) ofdm_sample_stats_init_sized((stats), sizeof *(stats))
/* The 0.1 function (the name in parentheses bypasses the macro): the same for a struct of the
 * 0.1 layout, which it writes; for programs built against 0.1. NULL is a no-op. */
OFDM_API void (ofdm_sample_stats_init)(ofdm_sample_stats *stats);


typedef struct ofdm_sample_options {
    size_t struct_size;     /* set by ofdm_sample_options_init; do not change */
    int32_t method;         /* an ofdm_sampler value; default OFDM_SAMPLER_SDE */
    int32_t steps;          /* predictor steps, 1..10^7; default 400 */
    double t_max;           /* start time (finite, > t_min), where p_t ≈ π; default 5 */
    double t_min;           /* end time > 0 (>= 0 on a uniform grid); default 1e-3 */
    int32_t grid;           /* an ofdm_time_grid value; default OFDM_GRID_GEOMETRIC */
    int32_t corrector;      /* an ofdm_corrector value; default OFDM_CORRECTOR_NONE */
    int32_t corrector_steps;/* corrector moves per level, 0..1000; default 1 */
    double corrector_snr;   /* corrector step ε = 2 snr² (1 − e^{−2t})/β at level t; default 0.1 */
    int32_t denoise;        /* non-zero (default): a final Tweedie step E[z_0 | z_{t_min}] */
    int32_t guard;          /* non-zero (default): the tail guard of DESIGN §4; 0 disables it */
    uint64_t seed;          /* sample i depends only on (seed, i); default 0 */
    int32_t threads;        /* worker threads; 0 (default) means all cores */
    ofdm_progress_fn progress;  /* NULL or a callback; units are sample-steps */
    void *progress_data;        /* passed to progress */
    ofdm_sample_stats *stats;   /* NULL or where to write the run's statistics */
    double tolerance;       /* probability-flow functions only: local error tolerance of the
                               adaptive Runge–Kutta pair, in [1e-13, 0.1]; default 1e-6 */
} ofdm_sample_options;

/* Fills options with the defaults above; as ofdm_fit_options_init_sized (since 0.2), through
 * the macro ofdm_sample_options_init(&options). Thread-safe. */
OFDM_API ofdm_status ofdm_sample_options_init_sized(ofdm_sample_options *options, size_t size);
#define ofdm_sample_options_init(options) ofdm_sample_options_init_sized((options), sizeof *(options))
/* The 0.1 function (the name in parentheses bypasses the macro): the same for a struct of the
 * 0.1 layout, which it writes; for programs built against 0.1. NULL is a no-op. */
OFDM_API void (ofdm_sample_options_init)(ofdm_sample_options *options);


/* Draws n new samples from the model, in data coordinates. Starting from π at t_max, each sample
 * is integrated back to t_min; the tail guard keeps every sample finite whatever the fitted
 * density does far from the data. The coefficients α(t) along the path are solved directly, or,
 * for large bases, interpolated in log t from fewer solves than the grid has times, with the
 * measured relative error of stats.coefficient_error (1e-9 where the solves' rounding allows).
 * Sample i is a function of (seed, i) only: the same seed gives bit-identical output whatever
 * options.threads or OpenBLAS's thread count is, and a run of n samples is a prefix of a run of
 * more.
 * Cost: the α(t) set-up runs first, on the calling thread with OpenBLAS on one thread (which
 * keeps α(t) independent of OpenBLAS's thread count); then the worker threads, which make no
 * BLAS calls. The set-up dominates for large bases (K ≈ 2 000: about 20 s on 2 cores); the model
 * keeps the path of the last grid (steps, t_max, t_min, grid), so further calls with the same
 * grid skip it.
 * @param n        number of samples >= 0
 * @param options  NULL for the defaults
 * @param out      n × d row-major output with leading dimension ldout >= d; caller-owned; written
 *                 only on success
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (an option; the message names
 *         it), OFDM_ERR_SINGULAR, OFDM_ERR_CANCELLED, OFDM_ERR_TOO_LARGE (the n × d working copy
 *         would exceed memory; refused before allocating), OFDM_ERR_OUT_OF_MEMORY.
 * Thread-safe: many threads may sample from one model at once. */
OFDM_API ofdm_status ofdm_model_sample(const ofdm_model *model, int64_t n, const ofdm_sample_options *options,
                                       double *out, int64_t ldout);

/* ==========================================================================================
 * Likelihood and reweighting
 *
 * The probability-flow ODE dz/dt = v_t(z) = −∇h_t(z)/β (latent coordinates) maps the stationary
 * law π at t_max to the model at t_min, and carries the log-density along exactly:
 *     log q(z_{t_min}) = log π(z_{t_max}) + ∫ div v_t(z_t) dt,   div v_t = −Δh_t/β,
 * with the divergence in closed form (no trace estimator). A smooth tail guard fades the part of
 * h_t of degree > 2 to zero away from the data (the degree <= 2 part, whose flow is affine, is
 * never touched, so a Gaussian model stays exactly Gaussian); the guard enters the divergence
 * too, so the guarded flow is a bijection of R^d and q is a normalized density, finite at every
 * point. Each trajectory is integrated by the Dormand–Prince 5(4) pair with its own step-size
 * control in the variable of options.grid: steps start at, and never exceed, the grid spacing
 * (t_max − t_min measured in that variable, divided by options.steps).
 * The flow functions read these fields of ofdm_sample_options: steps, t_max, t_min, grid,
 * tolerance, guard, seed, threads, progress (units: trajectories), stats; method, corrector and
 * denoise are ignored.
 * ========================================================================================== */

/* Fills options with the flow functions' defaults, the ones they use for NULL options: t_max 8,
 * t_min 0 (the likelihood of the model at t = 0), 64 initial steps on OFDM_GRID_EXPONENTIAL,
 * tolerance 1e-6, guard on, seed 0, all cores; the other fields as ofdm_sample_options_init.
 * As ofdm_fit_options_init_sized (since 0.2), through the macro ofdm_flow_options_init(&options). */
OFDM_API ofdm_status ofdm_flow_options_init_sized(ofdm_sample_options *options, size_t size);
#define ofdm_flow_options_init(options) ofdm_flow_options_init_sized((options), sizeof *(options))
/* The 0.1 function (the name in parentheses bypasses the macro): the same for a struct of the
 * 0.1 layout, which it writes; for programs built against 0.1. NULL is a no-op. */
OFDM_API void (ofdm_flow_options_init)(ofdm_sample_options *options);


/* The normalized log-density log q(x) of the model at time t_min (0 by default) for n data points:
 * the latent log-density carried by the flow plus log|det W| of the coordinate map, so that
 * exp(log q) integrates to 1 over the data space. Exact up to the integrator's tolerance, finite
 * for every finite x.
 * @param x        n × d row-major data points, leading dimension ldx >= d
 * @param options  NULL for the flow defaults (ofdm_flow_options_init)
 * @param out      n values, caller-owned; written only on success
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (an option, n or ldx; the
 *         message names it), OFDM_ERR_NONFINITE_INPUT (names the row and column),
 *         OFDM_ERR_SINGULAR, OFDM_ERR_OVERFLOW (a trajectory did not converge: only with the
 *         guard off), OFDM_ERR_CANCELLED, OFDM_ERR_OUT_OF_MEMORY.
 * Thread-safe. */
OFDM_API ofdm_status ofdm_model_log_likelihood(const ofdm_model *model, const double *x, int64_t n, int64_t ldx,
                                               const ofdm_sample_options *options, double *out);

/* Draws n samples through the probability-flow ODE (from π at t_max down to t_min), each with its
 * exact model log-density log q in data coordinates (the value ofdm_model_log_likelihood gives
 * for the returned point, up to the integrator's tolerance). No Tweedie denoising: it would break
 * the exactness. Sample i is a function of (seed, i) only, whatever options.threads is.
 * @param out    n × d row-major output, leading dimension ldout >= d; written only on success
 * @param log_q  n values, or NULL when not wanted; written only on success
 * @return as ofdm_model_log_likelihood, without OFDM_ERR_NONFINITE_INPUT, plus
 *         OFDM_ERR_TOO_LARGE (the n × d working copy would exceed memory). Thread-safe. */
OFDM_API ofdm_status ofdm_model_sample_flow(const ofdm_model *model, int64_t n, const ofdm_sample_options *options,
                                            double *out, int64_t ldout, double *log_q);

/* What self-normalized importance weights w_i ∝ exp(log_target_i − log_q_i) say about how well
 * samples of q represent the target. Set struct_size with ofdm_importance_summary_init. */
typedef struct ofdm_importance_summary {
    size_t struct_size;
    double effective_sample_size;  /* (Σ w)² / Σ w², in [1, n] */
    double ess_per_sample;         /* effective_sample_size / n */
    double log_z;                  /* log of (1/n) Σ exp(log_target − log_q): the log normalizer of
                                      the (unnormalized) target relative to the normalized q */
    double log_z_error;            /* its standard error (delta method; needs n >= 2, else NAN) */
    double max_weight;             /* the largest normalized weight, in (0, 1] */
} ofdm_importance_summary;

/* Sets struct_size and zeroes the fields; as ofdm_fit_options_init_sized (since 0.2), through
 * the macro ofdm_importance_summary_init(&summary). */
OFDM_API ofdm_status ofdm_importance_summary_init_sized(ofdm_importance_summary *summary, size_t size);
#define ofdm_importance_summary_init(summary) ofdm_importance_summary_init_sized((summary), sizeof *(summary))
/* The 0.1 function (the name in parentheses bypasses the macro): the same for a struct of the
 * 0.1 layout, which it writes; for programs built against 0.1. NULL is a no-op. */
OFDM_API void (ofdm_importance_summary_init)(ofdm_importance_summary *summary);


/* Self-normalized importance weights of n samples drawn from q (e.g. ofdm_model_sample_flow) for
 * an unnormalized target density: w_i = exp(log_target_i − log_q_i) / Σ_j exp(log_target_j − log_q_j),
 * computed without overflow. log_target_i = −INFINITY is allowed (weight 0).
 * @param log_target  n values: log of the unnormalized target density at each sample (e.g. −βV)
 * @param log_q       n finite values: the samples' model log-density
 * @param weights     n outputs (normalized weights, summing to 1), or NULL when not wanted
 * @param summary     NULL or the summary to fill (struct_size set)
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (n < 1, every weight zero,
 *         bad struct_size), OFDM_ERR_NONFINITE_INPUT (names the row: NaN or +Inf log_target,
 *         non-finite log_q). Outputs are written only on success. Thread-safe. */
OFDM_API ofdm_status ofdm_importance(const double *log_target, const double *log_q, int64_t n, double *weights,
                                     ofdm_importance_summary *summary);

/* Weighted means of m observables and their standard errors: mean_j = Σ_i w_i f_ij / Σ_i w_i and
 * standard_error_j = sqrt(Σ_i w̄_i² (f_ij − mean_j)²), w̄ = w / Σ w (the delta-method error of a
 * self-normalized importance estimate).
 * @param weights         n non-negative finite weights, not all zero (need not be normalized)
 * @param values          n × m row-major observables f_ij, leading dimension ldv >= m
 * @param mean            m outputs
 * @param standard_error  m outputs, or NULL when not wanted
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (n < 1, m < 1, ldv < m, a
 *         negative weight, all weights zero), OFDM_ERR_NONFINITE_INPUT (names the row and
 *         column). Outputs are written only on success. Thread-safe. */
OFDM_API ofdm_status ofdm_importance_estimate(const double *weights, int64_t n, const double *values, int64_t m,
                                              int64_t ldv, double *mean, double *standard_error);

/* ==========================================================================================
 * Moments: streamed, out-of-core and distributed fits
 *
 * A fit is a sum over samples (the data moments of DESIGN §1), so data larger than memory, or
 * spread over many processes, fit exactly as one in-memory ofdm_fit call does: fill an
 * accumulator chunk by chunk, combine accumulators (ofdm_moments_merge) or their exported arrays
 * (MPI, files), then ofdm_fit_moments. ofdm_fit is this with one chunk.
 *
 * A coordinate map needs the data's mean and spread before the moments, so with standardization,
 * whitening or PCA the stream has two passes: the accumulator starts in the statistics pass
 * (ofdm_moments_add accumulates per-column count, mean and sum of squared deviations, and for
 * whitening and PCA the co-moments of every pair of columns, merged by Chan's pairwise update,
 * which never subtracts two large sums), ofdm_moments_begin_moments fixes the coordinate map, and
 * a second pass over the same data adds the moments. With OFDM_COORDINATES_NONE there is only the
 * moment pass. Rows always have the data's d columns (options->data_dim for PCA).
 *
 * Unlike a basis or a model, an accumulator changes as data are added: one thread at a time may
 * use it (give each thread its own, and merge).
 *
 * Exported arrays (ofdm_moments_export) hold one pass's state as doubles, including a
 * fingerprint of the basis, β and coordinate map, so that an array cannot be imported into an
 * accumulator of another model:
 *   statistics pass, length 4 + 2d:  [n, mean_1..d, M2_1..d, version, fingerprint (2 words)],
 *     followed for whitening and PCA by the d(d − 1)/2 co-moments Σ (x_a − mean_a)(x_b − mean_b),
 *     a < b, row-major (d = the data dimension) — combine shards by gathering the arrays (MPI_Allgather) and merging them in rank order
 *     (import each into a scratch accumulator, ofdm_moments_merge): not by summing. Every rank
 *     merging in the same order gets the same coordinate map, bit for bit, which the moment
 *     pass's fingerprint then requires;
 *   moment pass, length M + 4 + 2r (M = the number of moments, r = the basis dimension):
 *     [n, sums_1..M, version, fingerprint (2 words), box lower_1..r, −box upper_1..r] — combine
 *     shards with MPI_Allreduce(MPI_SUM) over the first M + 1 entries and
 *     MPI_Allreduce(MPI_MIN) over the rest (the header words are equal on every rank).
 * ========================================================================================== */

typedef struct ofdm_moments ofdm_moments;

/* Creates an empty accumulator for fitting `basis` with options->beta and options->coordinates
 * (time_mode, ridge and memory_limit are the defaults of ofdm_fit_moments; progress is not
 * used).
 * @param options  NULL for the defaults (standardized coordinates: two passes)
 * @param out      receives the accumulator; free with ofdm_moments_free
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (a bad option),
 *         OFDM_ERR_TOO_LARGE (the basis's Galerkin matrices would exceed memory or
 *         options.memory_limit),
 *         OFDM_ERR_OUT_OF_MEMORY. Thread-safe. */
OFDM_API ofdm_status ofdm_moments_create(const ofdm_basis *basis, const ofdm_fit_options *options,
                                         ofdm_moments **out);

/* Adds n samples (n × d row-major, leading dimension ldx >= d) to the current pass. The result
 * does not depend on how the data are cut into chunks (to rounding: 1e-13 relative) nor on the
 * number of threads (bit for bit). While the moment pass runs, OpenBLAS is set to one thread
 * process-wide and restored afterwards (the pass runs its own worker threads).
 * @param x  read only during the call; may be NULL when n == 0
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (n < 0, ldx < d),
 *         OFDM_ERR_NONFINITE_INPUT (names row and column), OFDM_ERR_OVERFLOW (a column's mean,
 *         variance or covariance, or a moment sum, left double range; names the row of this
 *         chunk and the column), OFDM_ERR_TOO_LARGE (more than 2^53 samples),
 *         OFDM_ERR_OUT_OF_MEMORY; on failure nothing is added.
 * Not thread-safe on one accumulator: give each thread its own, and merge. */
OFDM_API ofdm_status ofdm_moments_add(ofdm_moments *moments, const double *x, int64_t n, int64_t ldx);

/* Ends the statistics pass of a standardized stream: fixes the coordinate map from the
 * accumulated means and standard deviations (divisor n) and starts the moment pass, which
 * needs the same data again.
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (not in the statistics
 *         pass; a constant column), OFDM_ERR_TOO_FEW_SAMPLES (n < 2), OFDM_ERR_OVERFLOW (merged
 *         or imported statistics beyond double range; names the column), OFDM_ERR_OUT_OF_MEMORY.
 *         On failure the accumulator stays in the statistics pass, unchanged. */
OFDM_API ofdm_status ofdm_moments_begin_moments(ofdm_moments *moments);

/* 1 while the accumulator is in the statistics pass, 0 in the moment pass or for NULL. */
OFDM_API int ofdm_moments_in_statistics_pass(const ofdm_moments *moments);

/* Samples added in the current pass; 0 for NULL. */
OFDM_API int64_t ofdm_moments_count(const ofdm_moments *moments);

/* Adds the samples of `other` to `moments`: the same as having added them directly (to
 * rounding). `other` is only read, and may be `moments` itself.
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (another basis, β,
 *         coordinate map or pass; the message says which), OFDM_ERR_TOO_LARGE (more than 2^53
 *         samples). `moments` is unchanged on failure. */
OFDM_API ofdm_status ofdm_moments_merge(ofdm_moments *moments, const ofdm_moments *other);

/* The length in doubles of the current pass's exported array (see the section comment).
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT. */
OFDM_API ofdm_status ofdm_moments_export_length(const ofdm_moments *moments, int64_t *length);

/* Writes the current pass's state to `out` (ofdm_moments_export_length doubles, caller-owned).
 * Importing the array gives back the same count, the same exported array and the same fit or
 * coordinate map, bit for bit.
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT. Reads the accumulator only. */
OFDM_API ofdm_status ofdm_moments_export(const ofdm_moments *moments, double *out);

/* Replaces the current pass's state with an exported array (read only during the call).
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (wrong length, another
 *         basis, β, coordinate map or pass, or inconsistent values; the message names expected
 *         and actual). The accumulator is unchanged on failure. */
OFDM_API ofdm_status ofdm_moments_import(ofdm_moments *moments, const double *values, int64_t length);

/* Fits a model from the moment pass's sums: the same model as ofdm_fit on the same samples.
 * @param options  NULL for the accumulator's own; otherwise beta and coordinates must equal the
 *                 accumulator's (ridge, time_mode, memory_limit may differ: one accumulator
 *                 serves many fits; progress is not used)
 * @param out      receives the new model; free with ofdm_model_free
 * @return as ofdm_fit (OFDM_ERR_TOO_LARGE also for options.memory_limit;
 *         OFDM_ERR_INVALID_ARGUMENT also when still in the statistics pass), without
 *         OFDM_ERR_NONFINITE_INPUT and OFDM_ERR_CANCELLED. Reads the accumulator only. */
OFDM_API ofdm_status ofdm_fit_moments(const ofdm_moments *moments, const ofdm_fit_options *options,
                                      ofdm_model **out);

/* Releases an accumulator. NULL is a no-op. */
OFDM_API void ofdm_moments_free(ofdm_moments *moments);

/* ==========================================================================================
 * Model selection without sampling
 *
 * The score-matching loss of a fitted model on held-out data is a closed form in the held-out
 * moments: with α(t) from the model and G_val(t), b_val(t) assembled from the held-out data as a
 * fit assembles its own, L_val(t) = αᵀ G_val(t) α − 2 αᵀ b_val(t) = E_val|∇h_t − ∇log(p_t/π)|²
 * − C(t), where C(t) depends on the held-out data only, so losses of models with different bases
 * on the same held-out data compare directly (smaller is better; the value itself can be
 * negative). The criterion integrates it over t ∈ [1e-3, 3] with the weight 1 − e^{−2t} (the
 * OU noise variance, which keeps t → 0, where every polynomial model is worst, from dominating):
 * trapezoid rule in log t on 16 geometric points.
 * ========================================================================================== */

/* Options of ofdm_fit_select. Fill with ofdm_select_options_init, then change fields. */
typedef struct ofdm_select_options {
    size_t struct_size;          /* set by ofdm_select_options_init; do not change */
    int32_t max_degree;          /* total degrees 1..max_degree are tried, in [1, OFDM_MAX_DEGREE];
                                    default 8 */
    int32_t max_interaction;     /* interaction limits 1..max_interaction are tried (a limit >= the
                                    degree is "no limit"), >= 0; 0: no limit only; default 2 */
    double validation_fraction;  /* share of the rows held out, in (0, 1); default 0.2 */
    uint64_t seed;               /* which rows are held out: row i by (seed, i) only; default 0 */
    int64_t max_basis_size;      /* candidate bases with more functions are skipped, >= 1;
                                    default 4000 */
    int64_t latent_dim;          /* dimension r of the candidate bases: 0 (default) for d; with
                                    OFDM_COORDINATES_PCA, the number of components, 1 <= r <= d */
    int32_t keep_outliers;       /* since 0.2: 0 (default): the rows ofdm_find_outliers flags are
                                    left out of the coordinate map, of both sets and of the refit
                                    (and reported); non-zero: every row is used */
} ofdm_select_options;

/* What ofdm_fit_select chose. */
typedef struct ofdm_select_report {
    size_t struct_size;       /* set by ofdm_select_report_init; do not change */
    int32_t degree;           /* total degree of the chosen basis */
    int32_t interaction;      /* its interaction limit (0: none) */
    double ridge;             /* the chosen ridge, one of 0, 1e-8, 1e-6, 1e-4, 1e-2 */
    int64_t basis_size;       /* K of the chosen basis */
    double validation_loss;   /* its held-out criterion (see above) */
    int64_t candidates;       /* (basis, ridge) pairs tried */
    int64_t failed;           /* of which could not be fitted (singular, too few samples...) */
    int64_t outlier_rows;     /* since 0.2: rows ofdm_find_outliers flags among all n (left out
                                 unless options.keep_outliers) */
    int64_t first_outlier_row;     /* since 0.2: the first of them (0-based), or -1 */
    int64_t first_outlier_column;  /* since 0.2: that row's column farthest out, or -1 */
    double first_outlier_distance; /* since 0.2: how far, in robust units; 0 when there is none */
} ofdm_select_report;

/* Fill with the defaults above and set struct_size; as ofdm_fit_options_init_sized, through the
 * macros ofdm_select_options_init(&options) and ofdm_select_report_init(&report). Since 0.2. */
OFDM_API ofdm_status ofdm_select_options_init_sized(ofdm_select_options *options, size_t size);
OFDM_API ofdm_status ofdm_select_report_init_sized(ofdm_select_report *report, size_t size);
#define ofdm_select_options_init(options) ofdm_select_options_init_sized((options), sizeof *(options))
/* The function of the unreleased 0.2 development headers, kept for their programs: the same
 * with the layout of those headers (up to latent_dim), which it writes. NULL is a no-op. */
OFDM_API void (ofdm_select_options_init)(ofdm_select_options *options);

#define ofdm_select_report_init(report) ofdm_select_report_init_sized((report), sizeof *(report))
/* The function of the unreleased 0.2 development headers, kept for their programs: the same
 * with the layout of those headers (up to failed), which it writes. NULL is a no-op. */
OFDM_API void (ofdm_select_report_init)(ofdm_select_report *report);


/* Chooses the basis (total degree and interaction limit, ofdm_basis_create_total_degree) and
 * the ridge by the held-out criterion, then refits the choice on all n rows. The rows are split
 * into training and held-out sets by options->seed; every (basis, ridge) candidate is fitted on
 * the training rows and scored on the held-out rows. The chosen model must also solve at every t
 * the samplers and the flow use (checked on 40 times from 1e-6 to 8): a candidate at the edge of
 * positive definiteness is passed over for the next best. High degrees on data with outliers are
 * where a fixed choice goes wrong; the held-out loss sees it.
 * Outliers (DESIGN §4): the rows ofdm_find_outliers flags, farther than 20 robust units (MADs)
 * from the median in some column, are found first, on all n rows, and reported (report's
 * outlier_rows and first_outlier_*). Unless options->keep_outliers they are left out of
 * everything: the coordinate map, the training and held-out moments, the refit (the model's
 * training size is n minus them; the split of the other rows is unchanged). One row at 1e12
 * would otherwise set the standardization's spread (1e12 / sqrt(n)) and squeeze the bulk into a
 * point, and its moments would dominate every degree above 2. Data without such rows give
 * exactly the choice and model they gave before. keep_outliers is there for data whose far
 * values are genuine (very heavy tails); the report says how many rows that concerns.
 * Cost: one fit per candidate (degrees × interaction limits × 5 ridges share one moment pass per
 * basis) plus the held-out moments; set max_degree and max_basis_size to bound it.
 * @param x            n × d row-major samples, leading dimension ldx >= d; read only
 * @param n            number of samples; both sets must be non-empty, and the training set >= 2
 * @param d            data dimension
 * @param fit_options  NULL for the defaults; its ridge is ignored (chosen), its data_dim must be
 *                     0 or d; coordinates, β, time mode, memory_limit and progress apply to
 *                     every fit. progress is called after each basis's moment pass and each
 *                     candidate; its units are estimated work (moments × rows plus K³ for the
 *                     solves of each candidate), with `total` fixed before the first candidate,
 *                     so that done/total follows the time (high degrees cost far more than low
 *                     ones); a sweep ended by memory_limit counts as done; the last call has
 *                     done == total. The refit on all rows comes after it.
 * @param options      NULL for the defaults
 * @param out          receives the refitted model; free with ofdm_model_free
 * @param report       NULL, or receives the choice (struct_size set by ofdm_select_report_init)
 * @return OFDM_OK; OFDM_ERR_NULL_ARGUMENT; OFDM_ERR_INVALID_ARGUMENT (a bad option, ldx < d, as
 *         ofdm_fit's coordinate maps); OFDM_ERR_NONFINITE_INPUT; OFDM_ERR_OVERFLOW (as ofdm_fit:
 *         the rows used are beyond double range; names the row and column);
 *         OFDM_ERR_TOO_FEW_SAMPLES (a set is empty, also once the outliers are left out, or no
 *         candidate could be fitted); OFDM_ERR_TOO_LARGE (every candidate basis is beyond
 *         max_basis_size or memory_limit: a candidate over either ends its degree sweep);
 *         OFDM_ERR_SINGULAR (no well-scored candidate could be refitted); OFDM_ERR_CANCELLED;
 *         OFDM_ERR_OUT_OF_MEMORY. Thread-safe. */
OFDM_API ofdm_status ofdm_fit_select(const double *x, int64_t n, int64_t d, int64_t ldx,
                                     const ofdm_fit_options *fit_options, const ofdm_select_options *options,
                                     ofdm_model **out, ofdm_select_report *report);

/* The held-out criterion above of a fitted model on n held-out rows (d columns; not rows the
 * model was fitted on, or the loss is optimistic).
 * @param loss  receives the value; written only on success
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_INVALID_ARGUMENT (ldx < d),
 *         OFDM_ERR_NONFINITE_INPUT, OFDM_ERR_TOO_FEW_SAMPLES (n < 1), OFDM_ERR_SINGULAR (G(t) not
 *         positive definite at one of the 16 times), OFDM_ERR_OUT_OF_MEMORY. Thread-safe. */
OFDM_API ofdm_status ofdm_model_validation_loss(const ofdm_model *model, const double *x, int64_t n, int64_t ldx,
                                                double *loss);

/* ==========================================================================================
 * Adaptive basis (since 0.2)
 *
 * Instead of a grid over total degree, the set of eigenfunctions grows from the data
 * (docs/DESIGN.md §8). The rows are split into training and held-out sets as ofdm_fit_select
 * splits them. The set starts from x_j and x_j² on every latent coordinate and grows in rounds:
 * a round's candidates are the admissible neighbours of the set (a function k + e_j whose lower
 * neighbours are all in it, on any coordinate and any combination of coordinates, so that the
 * degree can grow along one direction only), and steps of two along one coordinate (x_j³ with
 * x_j⁴: on a symmetric coordinate the odd power alone can be worth nothing). Each candidate is
 * scored by the closed-form decrease of the training loss it gives (a Schur complement, no
 * refit), the best by the closed-form change of the held-out criterion above; those that lower
 * it and pass a score test against noise (docs/DESIGN.md §8) join the set, and the round is
 * kept when the criterion of the grown set is lower. A round that keeps nothing tries the next
 * four powers of each of the four coordinates already grown deepest (x_j⁹..x_j¹² after x_j⁸: the
 * criterion of a double well need not fall at every degree). Every row is used (no outlier is
 * left out). The growth stops when none of these lowers the criterion, or at a budget. The ridge is then chosen among 0,
 * 1e-8, 1e-6, 1e-4, 1e-2 by the same criterion, and the model is built from the moments of all
 * n rows (in the coordinate map of the training rows). Moments are computed once each: a round
 * sums only those no earlier round needed.
 * ========================================================================================== */

/* Options of ofdm_fit_adaptive. Fill with ofdm_adaptive_options_init, then change fields. */
typedef struct ofdm_adaptive_options {
    size_t struct_size;          /* set by ofdm_adaptive_options_init; do not change */
    int64_t max_basis_size;      /* the set stops growing at this many functions; at least the
                                    start set's 2r; default 1000 */
    int32_t max_rounds;          /* rounds of growth, >= 0; default 60 */
    int32_t max_per_round;       /* functions accepted per round, >= 0; 0 (default): a tenth of
                                    the set, at least 4 */
    int32_t max_interaction;     /* coordinates one function may involve, >= 0; 0 (default): no
                                    limit */
    int32_t threads;             /* worker threads, >= 0; 0 (default): all cores. The result does
                                    not depend on it */
    double validation_fraction;  /* share of the rows held out, in (0, 1); default 0.2 */
    uint64_t seed;               /* which rows are held out: row i by (seed, i) only; default 0 */
    double max_seconds;          /* wall-clock budget of the growth, >= 0; 0 (default): none */
    int64_t latent_dim;          /* with OFDM_COORDINATES_PCA, the number of components r,
                                    1 <= r <= d; 0 (default): d */
} ofdm_adaptive_options;

/* Why the growth stopped. */
typedef enum ofdm_adaptive_stop {
    OFDM_ADAPTIVE_CONVERGED = 0,   /* no candidate lowered the held-out criterion */
    OFDM_ADAPTIVE_BASIS_SIZE = 1,  /* max_basis_size reached */
    OFDM_ADAPTIVE_ROUNDS = 2,      /* max_rounds reached */
    OFDM_ADAPTIVE_TIME = 3,        /* max_seconds reached */
    OFDM_ADAPTIVE_MEMORY = 4       /* the next set would exceed fit_options.memory_limit */
} ofdm_adaptive_stop;

/* What ofdm_fit_adaptive chose. The indices are those of ofdm_model_basis(model). */
typedef struct ofdm_adaptive_report {
    size_t struct_size;          /* set by ofdm_adaptive_report_init; do not change */
    int64_t basis_size;          /* K of the chosen set */
    int32_t rounds;              /* rounds kept */
    int32_t stop;                /* an ofdm_adaptive_stop */
    double ridge;                /* the chosen ridge */
    double validation_loss;      /* the held-out criterion of the chosen set and ridge */
    int64_t candidates;          /* candidates scored over all rounds */
    double seconds;              /* wall-clock time of the call */
    double *round_losses;        /* in: NULL, or a caller-owned array of round_loss_capacity
                                    doubles; out: the criterion of the start set, then after each
                                    kept round (at growth ridge 1e-8), as many as fit. A kept
                                    round adds at least one function, so rounds + 1 <=
                                    min(max_rounds, max_basis_size − 2r) + 1 values */
    int64_t round_loss_capacity; /* in: the length of round_losses, >= 0 */
    int32_t coordinates;         /* the model's map: the one asked for, or the one
                                    OFDM_COORDINATES_AUTO chose */
    double standardize_distance; /* with OFDM_COORDINATES_AUTO: the energy distance of 1 000
                                    samples of the standardized map's model (training rows only;
                                    SDE sampler, default settings, seed options.seed) to at most
                                    2 000 held-out rows, in data coordinates; +Inf when the
                                    sampler refused that model. NaN otherwise */
    double pca_distance;         /* the same for the PCA of all d components; NaN also when it was
                                    skipped (its axes are the data's, to 0.99, up to order and
                                    sign: the standardization again) */
} ofdm_adaptive_report;

/* Fill with the defaults above and set struct_size; as ofdm_fit_options_init_sized, through the
 * macros. The report's round_losses is NULL and its capacity 0 after init. */
OFDM_API ofdm_status ofdm_adaptive_options_init_sized(ofdm_adaptive_options *options, size_t size);
OFDM_API ofdm_status ofdm_adaptive_report_init_sized(ofdm_adaptive_report *report, size_t size);
#define ofdm_adaptive_options_init(options) ofdm_adaptive_options_init_sized((options), sizeof *(options))
#define ofdm_adaptive_report_init(report) ofdm_adaptive_report_init_sized((report), sizeof *(report))

/* Grows the basis as described above and returns the model of the chosen set.
 * Cost: per round, one pass over the rows for the moments no earlier round needed, and for each
 * of 5 times a Cholesky factorization of the set's system and a triangular solve with every
 * candidate; the held-out criterion of the grown set (16 solves).
 * @param x            n × d row-major samples, leading dimension ldx >= d; read only
 * @param n            number of samples; the training set must hold at least 2 rows and enough
 *                     for the start set (n_train · r >= 2r), the held-out set one
 * @param d            data dimension
 * With fit_options.coordinates = OFDM_COORDINATES_AUTO the growth runs twice, in the
 * standardized coordinates and in the PCA of all d components (skipped when it is the
 * standardization up to order and signs), each with an equal share of what is left of
 * max_seconds, and the map whose model's samples lie closer to the held-out rows is kept (PCA
 * only when its distance is below 0.9 times the standardization's)
 * (report.standardize_distance and pca_distance; DESIGN §8, "Coordinates"); options.latent_dim must be 0 or d.
 * @param fit_options  NULL for the defaults; its ridge is ignored (chosen), its data_dim must be
 *                     0 or d; coordinates, β, time_mode, memory_limit and progress apply
 *                     (progress counts rounds, total max_rounds — 2·max_rounds over both
 *                     passes of OFDM_COORDINATES_AUTO — and can cancel before each round; a
 *                     last call (max_rounds, max_rounds) after the growth, whatever stopped
 *                     it, cannot cancel)
 * @param options      NULL for the defaults
 * @param out          receives the model; free with ofdm_model_free
 * @param report       NULL, or receives the choice (struct_size set by ofdm_adaptive_report_init)
 * @return OFDM_OK; OFDM_ERR_NULL_ARGUMENT; OFDM_ERR_INVALID_ARGUMENT (a bad option, a
 *         max_basis_size below the start set, ldx < d, as ofdm_fit's coordinate maps);
 *         OFDM_ERR_NONFINITE_INPUT; OFDM_ERR_TOO_FEW_SAMPLES; OFDM_ERR_TOO_LARGE (the start set
 *         is beyond memory_limit); OFDM_ERR_OVERFLOW; OFDM_ERR_SINGULAR (no ridge solves the
 *         chosen set); OFDM_ERR_CANCELLED; OFDM_ERR_OUT_OF_MEMORY. On failure no model is
 *         created and *out and *report are untouched. Deterministic for a seed on any thread
 *         count. Thread-safe. */
OFDM_API ofdm_status ofdm_fit_adaptive(const double *x, int64_t n, int64_t d, int64_t ldx,
                                       const ofdm_fit_options *fit_options, const ofdm_adaptive_options *options,
                                       ofdm_model **out, ofdm_adaptive_report *report);

/* ==========================================================================================
 * Files and buffers
 * ========================================================================================== */

/* A model file is little-endian and portable: magic "OFDMMODL", format version, the basis, the
 * coordinate map, β, ridge and time mode, the training count and the data moments (from which
 * the system at any t is rebuilt on load), then a 64-bit checksum. Loading gives bit-identical
 * scores on the same machine. The framing is kept by every format version, this one and all
 * later ones: the 8-byte magic, u32 major and u32 minor version, u64 payload size P, P bytes of
 * payload, then the FNV-1a 64-bit hash of all preceding bytes as the last 8 bytes (DESIGN §6).
 * A reader therefore knows a file's length from its first 24 bytes and verifies the checksum
 * before the version: a damaged file is OFDM_ERR_CORRUPT even when the damage is in the version
 * words; only an intact file of a newer major is OFDM_ERR_VERSION. */

/* Saves the model to path. A regular file or a new name is written atomically:
 * "path.tmp.<random>" in the same directory, flushed, then renamed over path, so path holds
 * either the old file or the complete new one. A character or block device, FIFO or socket is
 * written through in place, never replaced (a FIFO's open waits for its reader). A symbolic link
 * (chains too) is followed to the name it finally points at and the rules above apply there, so
 * the link stays a link; a dangling link's target is created.
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_IO (the message names the path, the link's
 *         target when it differs, and the system error, e.g. "No space left on device"),
 *         OFDM_ERR_OUT_OF_MEMORY. Thread-safe for distinct paths. */
OFDM_API ofdm_status ofdm_model_save(const ofdm_model *model, const char *path);

/* Loads a model saved by ofdm_model_save. path may be a FIFO or a device: the 24-byte header is
 * read first, then exactly the length it announces, nothing further.
 * @param out  receives the new model; free with ofdm_model_free. Untouched on failure.
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_IO, OFDM_ERR_FORMAT (not an ofdm model),
 *         OFDM_ERR_VERSION (an intact file of a newer format; the message names both versions),
 *         OFDM_ERR_TRUNCATED, OFDM_ERR_CORRUPT (checksum, trailing bytes — a longer file or a
 *         stream that goes on past the announced length — or inconsistent content, including
 *         moments whose system no longer solves; the message gives the byte offset),
 *         OFDM_ERR_TOO_LARGE (also a stream whose header announces more than physical memory),
 *         OFDM_ERR_OUT_OF_MEMORY. Thread-safe. */
OFDM_API ofdm_status ofdm_model_load(const char *path, ofdm_model **out);

/* The exact size in bytes of the model's serialized form.
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT. Thread-safe. */
OFDM_API ofdm_status ofdm_model_serialized_size(const ofdm_model *model, size_t *size);

/* Serializes the model into a caller-owned buffer (the same bytes as ofdm_model_save writes).
 * @param buffer    destination of at least capacity bytes
 * @param capacity  its size; OFDM_ERR_BUFFER_TOO_SMALL if below ofdm_model_serialized_size
 * @param written   receives the number of bytes written (may be NULL)
 * @return OFDM_OK, OFDM_ERR_NULL_ARGUMENT, OFDM_ERR_BUFFER_TOO_SMALL, OFDM_ERR_OUT_OF_MEMORY.
 *         Thread-safe. */
OFDM_API ofdm_status ofdm_model_save_buffer(const ofdm_model *model, void *buffer, size_t capacity,
                                            size_t *written);

/* Loads a model from size bytes at buffer (read only during the call).
 * Statuses as ofdm_model_load, except OFDM_ERR_IO. Thread-safe. */
OFDM_API ofdm_status ofdm_model_load_buffer(const void *buffer, size_t size, ofdm_model **out);

#ifdef __cplusplus
}
#endif

#endif /* OFDM_H */
