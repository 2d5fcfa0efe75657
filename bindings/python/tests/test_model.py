"""The model as Python sees it: latent maps, accessors, options, the borrowed basis, and use
from several threads at once."""
import dataclasses
import math
import threading

import numpy as np

import ofdm
from conftest import GN, POINTS, TIMES, correlated_sample, fit_total_degree


def test_latent_maps_round_trip_and_work_in_place():
    # to_latent is (x − mean)/std and from_latent inverts it. Tolerance 1e-14·(|x| + 4): two
    # rounded operations each way on values of size |x| and |mean| <= 3.
    x = correlated_sample(303)
    mean, std = x.mean(axis=0), x.std(axis=0)
    with fit_total_degree(x, 2) as model:
        z = model.to_latent(POINTS)
        back = model.from_latent(z)
        in_place = POINTS.copy()
        assert model.to_latent(in_place, out=in_place) is in_place
    want = (POINTS - mean) / std
    assert (np.abs(z - want) <= 1e-14 * (np.abs(want) + 4)).all()
    assert (np.abs(back - POINTS) <= 1e-14 * (np.abs(POINTS) + 4)).all()
    assert (in_place == z).all()  # the same computation, bit for bit


def test_model_reports_its_options_and_sizes():
    x = correlated_sample(404)
    defaults = ofdm.FitOptions.defaults()
    assert defaults == ofdm.FitOptions(beta=1.0, coordinates=ofdm.Coordinates.STANDARDIZE,
                                       time_mode=ofdm.TimeMode.GALERKIN, ridge=0.0, data_dim=0)  # as ofdm.h documents
    with fit_total_degree(x, 3, beta=2.5, coordinates=ofdm.Coordinates.NONE,
                          time_mode=ofdm.TimeMode.PERTURBATION, ridge=1e-6) as model:
        # A model reports its own data dimension d, where the defaults say 0 (the basis's).
        assert model.options == ofdm.FitOptions(2.5, ofdm.Coordinates.NONE, ofdm.TimeMode.PERTURBATION, 1e-6, 2)
        assert (model.dim, model.latent_dim, model.beta, model.training_size) == (2, 2, 2.5, GN)
        assert repr(model) == f"<ofdm.Model dim=2 size=9 beta=2.5 training_size={GN}>"
    with fit_total_degree(x, 3) as model:
        assert model.options == dataclasses.replace(defaults, data_dim=2)


def test_the_borrowed_basis_outlives_the_original_and_fits_again():
    rows = [[0, 2], [1, 0], [1, 1]]
    x = correlated_sample(505)
    with ofdm.Basis.from_indices(rows) as basis:
        model = ofdm.Model.fit(basis, x)
    assert model.basis.indices.tolist() == rows and model.basis.max_degree == 2
    again = ofdm.Model.fit(model.basis, x)
    model.close()
    assert again.basis.indices.tolist() == rows
    again.close()


def test_many_threads_may_score_one_model_at_once():
    # Immutable handle, GIL released during C calls: the same results, bit for bit, as serially.
    x = correlated_sample(606)
    with fit_total_degree(x, 4) as model:
        serial = [model.score(t, x[:500]) for t in TIMES]
        results, errors = {}, []

        def work(k):
            try:
                for _ in range(20):
                    results[k] = [model.score(t, x[:500]) for t in TIMES]
            except Exception as error:  # reported below, not lost in the thread
                errors.append(error)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    for k in range(4):
        assert all((a == b).all() for a, b in zip(results[k], serial))


def test_times_accept_any_real_number_type(small_model):
    reference = small_model.score(0.5, POINTS)
    assert (small_model.score(np.float32(0.5), POINTS) == reference).all()
    assert (small_model.score(np.float64(0.5), POINTS) == reference).all()
    assert (small_model.score(math.inf, POINTS) == small_model.score(float("inf"), POINTS)).all()


def test_a_well_posed_fit_uses_every_basis_function():
    # ofdm_model_rank: the numerical rank of G(0); 4000 Gaussian samples determine all K = 9
    # functions of total degree 3 (test_errors.py has data that leave only 2 of 4).
    with fit_total_degree(correlated_sample(404), 3) as model:
        assert model.rank == model.basis.size == 9
        assert isinstance(model.rank, int)
