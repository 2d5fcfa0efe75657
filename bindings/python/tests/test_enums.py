"""Enumerations by name (ofdm/enums.py): every argument that takes one accepts the member, its
name in any case (plus the aliases "heun" and "euler") or an int, and gives the very same
result; an unknown name is a ValueError listing the valid ones, a wrong type a TypeError."""
import numpy as np
import pytest

import ofdm
from conftest import correlated_sample, mixture_sample
from ofdm.enums import enum_value

X = correlated_sample(909)[:600]


def fitted_bytes(**options):
    with ofdm.Basis.total_degree(2, 3) as basis, ofdm.Model.fit(basis, X, **options) as model:
        return model.to_bytes()


# AUTO is for fit_adaptive alone (test_adaptive.py); Model.fit refuses it.
@pytest.mark.parametrize("member", [m for m in ofdm.Coordinates if m is not ofdm.Coordinates.AUTO])
def test_coordinates_by_name_give_the_model_of_the_member(member):
    want = fitted_bytes(coordinates=member)
    for spelling in (member.name.lower(), member.name, member.name.title(), f" {member.name.lower()} "):
        assert fitted_bytes(coordinates=spelling) == want, spelling
    assert fitted_bytes(coordinates=int(member)) == want


def test_time_mode_by_name():
    assert fitted_bytes(time_mode="perturbation") == fitted_bytes(time_mode=ofdm.TimeMode.PERTURBATION)
    assert fitted_bytes(time_mode="Galerkin") == fitted_bytes()


@pytest.mark.parametrize("keyword, enum, aliases", [
    ("method", ofdm.Sampler, {"heun": ofdm.Sampler.ODE_HEUN, "euler": ofdm.Sampler.ODE_EULER}),
    ("grid", ofdm.TimeGrid, {}), ("corrector", ofdm.Corrector, {})])
def test_sampling_enums_by_name_give_the_samples_of_the_member(mixture_model, keyword, enum, aliases):
    def samples(value):
        return mixture_model.sample(16, seed=3, steps=8, t_min=0.01, **{keyword: value}).tobytes()

    for member in enum:
        assert samples(member.name.lower()) == samples(member) == samples(member.name), member
    for alias, member in aliases.items():
        assert samples(alias) == samples(alias.upper()) == samples(member)


def test_flow_grid_by_name(mixture_model):
    points = mixture_sample(6, 3)
    assert (mixture_model.log_likelihood(points, grid="uniform", steps=16).tobytes() ==
            mixture_model.log_likelihood(points, grid=ofdm.TimeGrid.UNIFORM, steps=16).tobytes())
    assert (mixture_model.sample_flow(4, seed=1, grid="Geometric", t_min=0.01)[0].tobytes() ==
            mixture_model.sample_flow(4, seed=1, grid=ofdm.TimeGrid.GEOMETRIC, t_min=0.01)[0].tobytes())


def test_moments_and_selection_take_names():
    x = X[:300]
    with ofdm.Basis.total_degree(2, 2) as basis, ofdm.Moments(basis, coordinates="none") as moments:
        moments.add(x)
        with moments.fit() as streamed, ofdm.Model.fit(basis, x, coordinates=ofdm.Coordinates.NONE) as direct:
            assert streamed.options.coordinates == ofdm.Coordinates.NONE
            assert np.abs(streamed.score(0.5, x[:5]) - direct.score(0.5, x[:5])).max() <= 1e-12
        with moments.fit(time_mode="perturbation") as perturbed:
            assert perturbed.options.time_mode == ofdm.TimeMode.PERTURBATION
    by_name, report = ofdm.fit_select(x, max_degree=2, coordinates="whiten")
    by_member, same = ofdm.fit_select(x, max_degree=2, coordinates=ofdm.Coordinates.WHITEN)
    with by_name, by_member:
        assert by_name.to_bytes() == by_member.to_bytes() and report == same


def test_an_unknown_name_lists_the_valid_ones(small_model):
    with pytest.raises(ValueError) as raised:
        fitted_bytes(coordinates="zca")
    message = str(raised.value)
    assert "coordinates='zca'" in message and "'none', 'standardize', 'whiten', 'pca'" in message
    with pytest.raises(ValueError, match="'sde', 'ode_heun', 'ode_euler', 'heun', 'euler'"):
        small_model.sample(2, method="rk4")
    with pytest.raises(ValueError, match="'geometric', 'uniform', 'exponential'"):
        small_model.log_likelihood([[0.0, 0.0]], grid="log")
    with pytest.raises(ValueError, match="'none', 'langevin', 'mala'"):
        small_model.sample(2, corrector="")
    assert not isinstance(raised.value, ofdm.OfdmError)  # refused before any C call


def test_wrong_types_are_type_errors_naming_the_argument(small_model):
    for bad in (True, 1.0, b"pca", ofdm.Sampler.SDE, None.__class__):
        with pytest.raises(TypeError, match="coordinates"):
            enum_value(ofdm.Coordinates, bad, "coordinates")
    with pytest.raises(TypeError, match="method"):
        small_model.sample(2, method=ofdm.Coordinates.PCA)
    with pytest.raises(TypeError, match="grid"):
        small_model.sample(2, grid=2.0)


def test_an_int_beyond_the_members_reaches_the_library(small_model):
    # A value newer than the binding is the library's to judge: it names the option.
    with pytest.raises(ofdm.InvalidArgumentError, match="method=7"):
        small_model.sample(2, method=7)
