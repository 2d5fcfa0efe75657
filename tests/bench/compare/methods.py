"""The methods of `make compare` behind one interface: fit(x) → self, sample(n, seed) → n × d,
log_likelihood(x) → n values (normalized, data coordinates), and `notes` for the table.

ofdm:      the library through its Python binding; exact per-time Galerkin or first-order
           perturbation (DESIGN §1); reverse SDE (default sampler, 400 steps) or the
           probability-flow ODE (ofdm_model_sample_flow). The fit time includes the α(t) set-up
           that the first sampling call runs (done here by a one-sample warm-up), since a user
           pays it once per model. *adaptive* rows: ofdm_fit_adaptive (OfdmAdaptiveMethod), the
           basis grown from the data under a wall-clock budget on the growth.
GMM:       sklearn GaussianMixture, full covariances, components chosen by BIC over a small grid.
KDE:       sklearn KernelDensity, Gaussian kernel in per-coordinate standardized coordinates,
           bandwidth by 3-fold cross-validated log-likelihood over a grid on a subsample.
DSM:       diffusion_baseline.DiffusionBaseline (PyTorch MLP, CPU, 1 thread: with 2 OpenMP
           threads a training step of this small MLP ran 4–60× slower on the shared 2-core machine).
"""
import time

import numpy as np

import ofdm
from diffusion_baseline import DiffusionBaseline

THREADS = 2


class OfdmMethod:
    def __init__(self, make_basis, time_mode="galerkin", sampler="sde", label=None, basis_note=""):
        self.make_basis, self.time_mode, self.sampler = make_basis, time_mode, sampler
        mode = {"galerkin": ofdm.TimeMode.GALERKIN, "perturbation": ofdm.TimeMode.PERTURBATION}[time_mode]
        self.mode = mode
        self.name = label or f"ofdm {'exact' if time_mode == 'galerkin' else 'perturb.'}" + \
            (", flow" if sampler == "flow" else "")
        self.basis_note = basis_note
        self.notes = ""

    def fit(self, x):
        with self.make_basis() as basis:
            self.notes = f"K = {basis.size}" + (f", {self.basis_note}" if self.basis_note else "")
            try:
                self.model = ofdm.Model.fit(basis, x, time_mode=self.mode)
            except ofdm.SingularError:  # what the README advises: a small ridge
                self.model = ofdm.Model.fit(basis, x, time_mode=self.mode, ridge=1e-8)
                self.notes += ", ridge 1e-8 (singular without)"
        if self.sampler == "sde":
            self.model.sample(1, seed=123, threads=THREADS)  # α(t) set-up on the default grid
        return self

    def sample(self, n, seed=0):
        if self.sampler == "sde":
            return self.model.sample(n, seed=seed, threads=THREADS)
        y, _ = self.model.sample_flow(n, seed=seed, threads=THREADS)
        return y

    def log_likelihood(self, x):
        return self.model.log_likelihood(np.ascontiguousarray(x), threads=THREADS)


class OfdmSelectMethod(OfdmMethod):
    """ofdm_fit_select: total degree, interaction limit and ridge chosen on held-out rows (library
    defaults: degrees 1..8, limits 1..2, bases of at most 4 000 functions), optionally in PCA
    coordinates with `components` kept (the lattices: the global magnetization is a principal
    component, which a nearest-neighbour basis cannot couple)."""

    def __init__(self, components=None, max_degree=None, max_basis_size=None, label=None):
        super().__init__(None, "galerkin", "sde", label=label or "ofdm exact, auto")
        self.components, self.max_degree, self.max_basis_size = components, max_degree, max_basis_size

    def fit(self, x):
        options = {"max_degree": self.max_degree} if self.max_degree else {}
        if self.max_basis_size:
            options["max_basis_size"] = self.max_basis_size
        if self.components:
            options.update(coordinates=ofdm.Coordinates.PCA, latent_dim=self.components)
        self.model, report = ofdm.Model.fit_select(x, **options)
        interaction = "no limit" if report.interaction == 0 else f"interactions <= {report.interaction}"
        self.notes = (f"K = {report.basis_size}, chosen: total degree {report.degree}, {interaction}, "
                      f"ridge {report.ridge:g}" + (f"; PCA to {self.components} components" if self.components else "")
                      + (f"; degrees 1..{self.max_degree} tried" if self.max_degree else "")
                      + (f"; K <= {self.max_basis_size} tried" if self.max_basis_size else ""))
        self.model.sample(1, seed=123, threads=THREADS)  # α(t) set-up on the default grid
        return self


class OfdmAdaptiveMethod(OfdmMethod):
    """ofdm_fit_adaptive: the basis grown from the data (DESIGN §8) with the library's defaults
    (coordinates, budgets, split), except a wall-clock budget `max_seconds` on the growth so that
    no data set runs away; optionally in PCA coordinates with `components` kept (as the auto row
    of the 64-site lattices) or in another coordinate map (`coordinates`, e.g. "whiten")."""

    def __init__(self, components=None, coordinates=None, max_seconds=120.0, label=None):
        super().__init__(None, "galerkin", "sde", label=label or "ofdm adaptive")
        self.components, self.coordinates, self.max_seconds = components, coordinates, max_seconds

    def fit(self, x):
        options = {"threads": THREADS}
        if self.max_seconds:
            options["max_seconds"] = self.max_seconds
        if self.components:
            options.update(coordinates=ofdm.Coordinates.PCA, latent_dim=self.components)
        elif self.coordinates:
            options["coordinates"] = self.coordinates
        self.model, report = ofdm.fit_adaptive(x, **options)
        self.report = report
        stop = getattr(report.stop, "name", str(report.stop)).lower().replace("_", " ")
        self.notes = (f"K = {report.basis_size}, {report.rounds} rounds, stop: {stop}, ridge {report.ridge:g}; "
                      f"largest powers {largest_powers(self.model.basis.indices)}"
                      + (f"; PCA to {self.components} components" if self.components else "")
                      + (f"; coordinates {self.coordinates}" if self.coordinates and not self.components
                         and self.coordinates != "auto" else "")
                      + (f"; coordinates chosen: {ofdm.Coordinates(report.coordinates).name.lower()} (sample energy "
                         "distances " + ", ".join(f"{k.name.lower()} {v:.3g}" for k, v in report.coordinate_distances.items())
                         + ")" if self.coordinates == "auto" else "")
                      + (f"; growth budget {self.max_seconds:g} s" if self.max_seconds else ""))
        try:
            self.model.sample(1, seed=123, threads=THREADS)  # α(t) set-up on the default grid
        except ofdm.OfdmError as error:  # the fit returned a model; say which one the sampler refused
            raise RuntimeError(f"fit_adaptive returned ({self.notes}), then the sampler refused it: "
                               f"{type(error).__name__}: {error}") from error
        return self


def largest_powers(indices, count=3):
    """The largest power per coordinate of the basis (the model's latent coordinates: PCA
    components with PCA), the `count` largest first: 'x3^10, x0^8, x5^6'."""
    top = indices.max(axis=0)
    order = sorted(range(len(top)), key=lambda j: (-int(top[j]), j))[:count]
    return ", ".join(f"x{j}^{int(top[j])}" for j in order)


class GmmMethod:
    name = "GMM (BIC)"

    def __init__(self, grid=(1, 2, 4, 8, 16), max_fit_points=20000, seed=0):
        self.grid, self.max_fit_points, self.seed = grid, max_fit_points, seed
        self.notes = ""

    def fit(self, x):
        from sklearn.mixture import GaussianMixture
        rng = np.random.default_rng(self.seed)
        xs = x if x.shape[0] <= self.max_fit_points else x[rng.choice(x.shape[0], self.max_fit_points, replace=False)]
        best, best_bic = None, np.inf
        for k in self.grid:
            if k * (x.shape[1] + 1) >= xs.shape[0]:
                continue
            g = GaussianMixture(n_components=k, covariance_type="full", reg_covar=1e-6, max_iter=200,
                                random_state=self.seed).fit(xs)
            bic = g.bic(xs)
            if bic < best_bic:
                best, best_bic = g, bic
        self.gmm = best
        self.notes = f"{best.n_components} components (grid {','.join(map(str, self.grid))})"
        return self

    def sample(self, n, seed=0):
        self.gmm.random_state = seed
        y, _ = self.gmm.sample(n)
        return y[np.random.default_rng(seed).permutation(n)]

    def log_likelihood(self, x):
        return self.gmm.score_samples(x)


class KdeMethod:
    name = "KDE (CV)"

    def __init__(self, cv_points=2000, seed=0):
        self.cv_points, self.seed = cv_points, seed
        self.notes = ""

    def fit(self, x):
        from sklearn.model_selection import GridSearchCV
        from sklearn.neighbors import KernelDensity
        self.mean, self.std = x.mean(axis=0), x.std(axis=0)
        self.std[self.std == 0] = 1.0
        z = (x - self.mean) / self.std
        rng = np.random.default_rng(self.seed)
        zs = z if z.shape[0] <= self.cv_points else z[rng.choice(z.shape[0], self.cv_points, replace=False)]
        # Silverman's rule scaled over a factor-of-8 range; the CV picks within it.
        silverman = (z.shape[0] * (z.shape[1] + 2) / 4.0) ** (-1.0 / (z.shape[1] + 4))
        grid = silverman * np.geomspace(0.25, 2.0, 10)
        search = GridSearchCV(KernelDensity(kernel="gaussian"), {"bandwidth": grid}, cv=3, n_jobs=1).fit(zs)
        self.bandwidth = search.best_params_["bandwidth"]
        # The bandwidth is chosen on cv_points points; rescale to the full set by the n^(-1/(d+4)) rate.
        self.bandwidth *= (z.shape[0] / zs.shape[0]) ** (-1.0 / (z.shape[1] + 4))
        self.kde = KernelDensity(kernel="gaussian", bandwidth=self.bandwidth).fit(z)
        self.notes = f"bandwidth {self.bandwidth:.3g} (standardized)"
        return self

    def sample(self, n, seed=0):
        return self.kde.sample(n, random_state=seed) * self.std + self.mean

    def log_likelihood(self, x):
        return self.kde.score_samples((x - self.mean) / self.std) - np.log(self.std).sum()


class DsmMethod:
    name = "DSM MLP (torch)"

    def __init__(self, time_budget=120.0, hidden=256, log=print):
        self.baseline = DiffusionBaseline(hidden=hidden, time_budget=time_budget, threads=1, log=log)
        self.notes = ""

    def fit(self, x):
        self.baseline.fit(x)
        tr = self.baseline.training
        self.notes = f"{tr['steps']} Adam steps, {tr['stop']}"
        return self

    def sample(self, n, seed=0):
        return self.baseline.sample(n, seed=seed)

    def log_likelihood(self, x, divergence="exact"):
        return self.baseline.log_likelihood(x, divergence=divergence)


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    out = function(*args, **kwargs)
    return out, time.perf_counter() - start
