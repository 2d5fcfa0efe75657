"""ofdm.sklearn.OFDMDensity with scikit-learn installed (Debian: python3-sklearn; the module is
skipped without it, test_sklearn_optional.py covers that case): scikit-learn's own estimator
checks, GridSearchCV, Pipeline, and results equal to the binding's own calls, bit for bit."""
import pickle

import numpy as np
import pytest

pytest.importorskip("sklearn")

from sklearn.base import clone  # noqa: E402  (after the skip)
from sklearn.exceptions import NotFittedError  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.utils.estimator_checks import parametrize_with_checks  # noqa: E402

import ofdm  # noqa: E402
from conftest import mixture_sample  # noqa: E402
from ofdm.sklearn import HAVE_SKLEARN, OFDMDensity  # noqa: E402

X = mixture_sample(600, 71)
POINTS = mixture_sample(8, 72)


# scikit-learn's checks fit on 10 to 40 rows of up to 10 columns, fewer than the default degree 8
# has basis functions (n·d < K: TooFewSamplesError), so they run on a low fixed degree and on the
# automatic choice. Every check passes on both: none is skipped.
@parametrize_with_checks([OFDMDensity(degree=2), OFDMDensity(degree="auto", max_degree=3)])
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def test_it_is_a_scikit_learn_density_estimator():
    from sklearn.base import BaseEstimator
    assert HAVE_SKLEARN and isinstance(OFDMDensity(), BaseEstimator)
    assert OFDMDensity()._estimator_type == "DensityEstimator"


def test_a_fit_is_the_bindings_fit_and_scores_are_its_log_likelihood():
    density = OFDMDensity(degree=4, ridge=1e-8, beta=1.5).fit(X)
    with ofdm.Basis.total_degree(2, 4, 2) as basis, ofdm.Model.fit(basis, X, ridge=1e-8, beta=1.5) as model:
        assert density.model_.to_bytes() == model.to_bytes()
        assert density.score_samples(POINTS).tobytes() == model.log_likelihood(POINTS).tobytes()
    assert density.score(POINTS) == float(np.mean(density.score_samples(POINTS)))
    assert (density.n_features_in_, density.degree_, density.selection_) == (2, 4, None)


def test_auto_degree_is_the_bindings_selection_with_the_random_state_as_split_seed():
    density = OFDMDensity(degree="auto", max_degree=4, max_interaction=1, random_state=9).fit(X)
    model, report = ofdm.fit_select(X, max_degree=4, max_interaction=1, seed=9)
    with model:
        assert density.model_.to_bytes() == model.to_bytes()
    assert density.selection_ == report and density.degree_ == report.degree


def test_pca_components():
    wide = np.column_stack([X, X @ np.array([[0.5], [-1.0]]) + 0.05 * mixture_sample(600, 73)[:, :1]])
    density = OFDMDensity(n_components=2, degree=3).fit(wide)
    assert (density.model_.dim, density.model_.latent_dim) == (3, 2)
    assert density.model_.options.coordinates == ofdm.Coordinates.PCA
    assert density.sample(5, random_state=0).shape == (5, 3)
    with pytest.raises(ValueError, match="n_components=2 needs coordinates='pca'"):
        OFDMDensity(n_components=2, coordinates="whiten").fit(wide)
    with pytest.raises(ValueError, match=r"n_components=4 must lie in \[1, n_features = 3\]"):
        OFDMDensity(n_components=4).fit(wide)


def test_sampling_follows_the_seed_rules():
    density = OFDMDensity(degree=4, steps=20).fit(X)
    assert density.sample(5, random_state=3).tobytes() == density.sample(5, random_state=3).tobytes()
    assert density.sample(5, random_state=3).tobytes() == density.model_.sample(5, seed=3, steps=20).tobytes()
    assert not (density.sample(5) == density.sample(5)).all()  # random_state=None: fresh each call
    generator = np.random.default_rng(4)
    assert not (density.sample(5, random_state=generator) == density.sample(5, random_state=generator)).all()
    assert density.sample(5, random_state=np.random.default_rng(4)).tobytes() == \
        density.sample(5, random_state=np.random.default_rng(4)).tobytes()
    # The estimator's own random_state is the default of sample().
    fixed = OFDMDensity(degree=4, steps=20, random_state=11).fit(X)
    assert fixed.sample(5).tobytes() == fixed.sample(5).tobytes() == fixed.sample(5, random_state=11).tobytes()
    assert OFDMDensity(degree=4, sampler="heun", steps=20).fit(X).sample(4, random_state=1).tobytes() == \
        density.model_.sample(4, seed=1, steps=20, method=ofdm.Sampler.ODE_HEUN).tobytes()
    with pytest.raises(TypeError, match="random_state"):
        density.sample(2, random_state=0.5)


def test_grid_search_over_the_degree_maximizes_the_mean_log_likelihood():
    folds = KFold(n_splits=3, shuffle=True, random_state=0)
    degrees = [1, 2, 4]
    search = GridSearchCV(OFDMDensity(), {"degree": degrees}, cv=folds).fit(X)
    # The same folds by hand: fit on the training rows, mean log-likelihood of the held-out rows.
    by_hand = [np.mean([OFDMDensity(degree=p).fit(X[train]).score(X[test]) for train, test in folds.split(X)])
               for p in degrees]
    assert np.allclose(search.cv_results_["mean_test_score"], by_hand, rtol=1e-13, atol=0)
    assert search.best_params_ == {"degree": degrees[int(np.argmax(by_hand))]}
    assert search.best_params_["degree"] > 2  # three modes: the Gaussian (degree 2) is not the best
    assert search.best_estimator_.model_.basis.max_degree == search.best_params_["degree"]


def test_a_pipeline_after_a_scaler_is_the_estimator_on_scaled_data():
    pipeline = make_pipeline(StandardScaler(), OFDMDensity(degree=4, coordinates="none")).fit(X)
    scaler = StandardScaler().fit(X)
    alone = OFDMDensity(degree=4, coordinates="none").fit(scaler.transform(X))
    assert pipeline.score_samples(POINTS).tobytes() == alone.score_samples(scaler.transform(POINTS)).tobytes()
    assert pipeline.score(POINTS) == alone.score(scaler.transform(POINTS))


def test_parameters_are_stored_verbatim_and_clone_keeps_them():
    density = OFDMDensity(degree="AUTO", coordinates="PCA", random_state=np.int64(3))
    params = density.get_params()
    assert params["degree"] == "AUTO" and params["coordinates"] == "PCA" and type(params["random_state"]) is np.int64
    copy = clone(density.set_params(degree=5, time_mode="perturbation"))
    assert copy.get_params() == density.get_params() and copy.degree == 5
    assert not hasattr(copy, "model_")


def test_bad_hyper_parameters_are_refused_at_fit():
    with pytest.raises(TypeError, match='degree must be an int or "auto"'):
        OFDMDensity(degree=2.5).fit(X)
    with pytest.raises(TypeError, match='degree must be an int or "auto"'):
        OFDMDensity(degree="high").fit(X)
    with pytest.raises(ValueError, match="'none', 'standardize', 'whiten', 'pca'"):
        OFDMDensity(coordinates="zca").fit(X)
    with pytest.raises(ofdm.InvalidArgumentError, match="ridge=-1"):
        OFDMDensity(degree=2, ridge=-1.0).fit(X)


def test_unfitted_wrong_width_and_pickled_estimators():
    with pytest.raises(NotFittedError):
        OFDMDensity().score_samples(POINTS)
    density = OFDMDensity(degree=3).fit(X)
    with pytest.raises(ValueError, match="3 features"):
        density.score_samples(np.zeros((2, 3)))
    again = pickle.loads(pickle.dumps(density))
    assert again.score_samples(POINTS).tobytes() == density.score_samples(POINTS).tobytes()
    assert again.model_.to_bytes() == density.model_.to_bytes()
