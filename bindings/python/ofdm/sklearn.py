"""OFDMDensity: an ofdm model as a scikit-learn density estimator.

    from ofdm.sklearn import OFDMDensity
    density = OFDMDensity(degree=6).fit(X)        # X: n_samples × n_features
    density.score_samples(X_test)                 # exact normalized log-likelihood per row
    density.sample(100, random_state=0)           # 100 × n_features new samples
    GridSearchCV(OFDMDensity(), {"degree": [2, 4, 6]}).fit(X)   # picks by mean log-likelihood
    make_pipeline(StandardScaler(), OFDMDensity(degree="auto")).fit(X)
    OFDMDensity(n_components=2, degree=4).fit(X_wide)  # PCA to 2 components, density of their scores

It follows scikit-learn's rules: the constructor takes keyword hyper-parameters only and stores
them as given (checked at fit), fit(X, y=None) returns self and sets the fitted attributes
(ending in "_"), get_params/set_params/clone work, and with scikit-learn installed the class is a
BaseEstimator and DensityMixin and passes sklearn.utils.estimator_checks (tests/test_sklearn.py
lists the checks it skips and why).

scikit-learn is optional: without it this module still imports, and OFDMDensity is a plain class
with the same methods, get_params and set_params, checking its input with NumPy only (2-D,
float64, finite, at least 2 rows, the fitted number of columns). Only scikit-learn's own tools
(GridSearchCV, Pipeline, clone, check_estimator) then need scikit-learn.
"""
import inspect
import operator

import numpy as np

from ._seed import resolve_seed
from .basis import Basis
from .enums import Coordinates, enum_value
from .model import Model

try:
    from sklearn.base import BaseEstimator, DensityMixin
    from sklearn.utils.validation import check_is_fitted
    try:
        from sklearn.utils.validation import validate_data as _sklearn_validate_data  # scikit-learn >= 1.6
    except ImportError:
        _sklearn_validate_data = None
    HAVE_SKLEARN = True
except ImportError:
    HAVE_SKLEARN = False

    class BaseEstimator:
        """The part of sklearn.base.BaseEstimator OFDMDensity needs: parameters are the keyword
        arguments of __init__, stored under their own names."""

        @classmethod
        def _get_param_names(cls):
            signature = inspect.signature(cls.__init__)
            return sorted(name for name, parameter in signature.parameters.items()
                          if name != "self" and parameter.kind == parameter.KEYWORD_ONLY)

        def get_params(self, deep=True):
            return {name: getattr(self, name) for name in self._get_param_names()}

        def set_params(self, **params):
            valid = self._get_param_names()
            for name, value in params.items():
                if name not in valid:
                    raise ValueError(f"Invalid parameter {name!r} for estimator {type(self).__name__}; "
                                     f"valid parameters are: {valid}")
                setattr(self, name, value)
            return self

        def __repr__(self):
            defaults = {name: p.default for name, p in inspect.signature(type(self).__init__).parameters.items()}
            changed = [f"{name}={value!r}" for name, value in self.get_params().items()
                       if not (value is defaults.get(name) or
                               (type(value) is type(defaults.get(name)) and value == defaults.get(name)))]
            return f"{type(self).__name__}({', '.join(changed)})"

    class DensityMixin:
        _estimator_type = "DensityEstimator"

    def check_is_fitted(estimator):
        if not hasattr(estimator, "model_"):
            raise AttributeError(f"This {type(estimator).__name__} instance is not fitted yet: call fit first")


class OFDMDensity(DensityMixin, BaseEstimator):
    """A density estimator fitted without optimization (ofdm_fit, or ofdm_fit_select for
    degree="auto"); scored by the exact flow log-likelihood; sampled by the reverse diffusion.

    Parameters (all keyword-only, stored as given and checked by fit):
    degree           total degree of the Hermite basis (int >= 1), or "auto": the degree, the
                     interaction limit and the ridge are chosen on held-out rows (Model.fit_select,
                     degrees 1..max_degree, interaction limits 1..max_interaction); default 8
    max_interaction  the largest number of coordinates one basis function involves (0: no
                     limit); with degree="auto" the largest limit tried; default 2
    max_degree       with degree="auto": the largest degree tried; default 8
    coordinates      "standardize", "whiten", "pca" or "none" (or an ofdm.Coordinates); None
                     (default): "standardize", or "pca" when n_components is given
    n_components     the number of principal components r kept by PCA (the basis dimension),
                     1 <= r <= n_features; None (default): all of them. Needs coordinates "pca"
                     or None
    ridge            ε >= 0 added (scaled) to the Galerkin system; ignored with degree="auto"
                     (chosen); default 0.0
    beta             inverse temperature β of the OU process; default 1.0
    time_mode        "galerkin" (default) or "perturbation"
    memory_limit     bytes a fit may take (0: physical memory only); default 0
    sampler          how sample() integrates: "sde" (default), "ode_heun", "ode_euler"
    steps            sample()'s predictor steps; None: the library's default (400)
    tolerance        score_samples()'s flow tolerance; None: the library's default (1e-6)
    random_state     None, an int or a numpy.random.Generator (or RandomState): the seed of
                     sample() when it is given none, and of the held-out split of degree="auto".
                     None draws fresh entropy each time (scikit-learn's meaning); an int repeats;
                     a Generator gives one draw per use and advances. Default None.

    Attributes after fit: model_ (the ofdm.Model), n_features_in_, degree_ (the basis's total
    degree), selection_ (the SelectReport with degree="auto", else None), and
    feature_names_in_ when X has column names (with scikit-learn).
    """

    def __init__(self, *, degree=8, max_interaction=2, max_degree=8, coordinates=None, n_components=None,
                 ridge=0.0, beta=1.0, time_mode="galerkin", memory_limit=0, sampler="sde", steps=None,
                 tolerance=None, random_state=None):
        self.degree = degree
        self.max_interaction = max_interaction
        self.max_degree = max_degree
        self.coordinates = coordinates
        self.n_components = n_components
        self.ridge = ridge
        self.beta = beta
        self.time_mode = time_mode
        self.memory_limit = memory_limit
        self.sampler = sampler
        self.steps = steps
        self.tolerance = tolerance
        self.random_state = random_state

    # ---- fitting ---------------------------------------------------------------------------------

    def fit(self, X, y=None):
        """Fits the density of the rows of X (n_samples × n_features, at least 2 rows); y is
        ignored. Returns self."""
        X = self._validated(X, reset=True)
        if self.coordinates is None:
            coordinates = Coordinates.STANDARDIZE if self.n_components is None else Coordinates.PCA
        else:
            coordinates = enum_value(Coordinates, self.coordinates, "coordinates")
        d = X.shape[1]
        r = d
        if self.n_components is not None:
            if coordinates != Coordinates.PCA:
                raise ValueError(f"n_components={self.n_components!r} needs coordinates='pca' "
                                 f"(got coordinates={self.coordinates!r})")
            r = _integer(self.n_components, "n_components")
            if not 1 <= r <= d:
                raise ValueError(f"n_components={r} must lie in [1, n_features = {d}]")
        fit_options = dict(beta=self.beta, coordinates=coordinates, time_mode=self.time_mode,
                           memory_limit=self.memory_limit)
        if isinstance(self.degree, str) and self.degree.lower() == "auto":
            model, report = Model.fit_select(
                X, max_degree=self.max_degree, max_interaction=self.max_interaction,
                seed=resolve_seed(self.random_state, "random_state"),
                latent_dim=r if coordinates == Coordinates.PCA else 0, **fit_options)
            self.selection_, self.degree_ = report, report.degree
        else:
            degree = _integer(self.degree, "degree", 'or "auto"')
            with Basis.total_degree(r, degree, self.max_interaction) as basis:
                model = Model.fit(basis, X, ridge=self.ridge, **fit_options)
            self.selection_, self.degree_ = None, degree
        self.model_ = model
        return self

    # ---- using the fitted density ----------------------------------------------------------------

    def score_samples(self, X):
        """The log-likelihood of each row of X under the fitted density: the model's exact,
        normalized log q (Model.log_likelihood, the probability-flow density at t = 0); an array
        of n_samples values."""
        check_is_fitted(self)
        X = self._validated(X, reset=False)
        return self.model_.log_likelihood(X, tolerance=self.tolerance)

    def score(self, X, y=None):
        """The mean log-likelihood of the rows of X (y is ignored): what GridSearchCV maximizes."""
        return float(np.mean(self.score_samples(X)))

    def sample(self, n_samples=1, random_state=None):
        """n_samples new samples of the fitted density: an n_samples × n_features array.
        random_state: None uses the estimator's random_state (itself None: fresh samples every
        call); an int gives the same samples every call; a numpy.random.Generator gives one seed
        drawn from it and advances."""
        check_is_fitted(self)
        source = random_state if random_state is not None else self.random_state
        seed = resolve_seed(source, "random_state")
        return self.model_.sample(n_samples, seed=seed, method=self.sampler, steps=self.steps)

    # ---- input checks ----------------------------------------------------------------------------

    def _validated(self, X, reset):
        """X as a finite 2-D float64 array, by scikit-learn's validation when it is installed
        (which also records n_features_in_ and feature_names_in_ at fit and checks them after)."""
        if HAVE_SKLEARN:
            options = dict(reset=reset, dtype=np.float64, ensure_min_samples=2 if reset else 1)
            if _sklearn_validate_data is not None:
                return _sklearn_validate_data(self, X, **options)
            return self._validate_data(X, **options)
        return self._validated_without_sklearn(X, reset)

    def _validated_without_sklearn(self, X, reset):
        array = np.asarray(X)
        if array.dtype.kind not in "iuf":
            raise ValueError(f"X must hold real numbers, not {array.dtype}")
        array = np.asarray(array, dtype=np.float64)
        if array.ndim != 2:
            raise ValueError(f"Expected a 2-D array of n_samples × n_features, got shape {array.shape}")
        if not np.isfinite(array).all():
            raise ValueError("Input X contains NaN or infinity")
        if reset:
            if array.shape[0] < 2:
                raise ValueError(f"Found array with {array.shape[0]} sample(s); fit needs at least 2")
            self.n_features_in_ = array.shape[1]
        elif array.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {array.shape[1]} features, but {type(self).__name__} is expecting "
                             f"{self.n_features_in_} features as input")
        return array


def _integer(value, name, alternative=""):
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be an int{' ' + alternative if alternative else ''}, not {value!r}")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int{' ' + alternative if alternative else ''}, "
                        f"not {type(value).__name__} ({value!r})") from None
