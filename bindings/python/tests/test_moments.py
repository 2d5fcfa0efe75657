"""ofdm.Moments: a streamed fit equals the one-shot fit; shards merge, export and import (and
combine the way MPI combines them) to the same model; misuse raises the status's error and
changes nothing."""
import numpy as np
import pytest

import ofdm
from conftest import mixture_sample

N = 1200


@pytest.fixture
def basis():
    with ofdm.Basis.total_degree(2, 4) as b:  # K = 14
        yield b


def streamed(basis, x, chunk, **options):
    moments = ofdm.Moments(basis, **options)
    passes = 2 if moments.in_statistics_pass else 1
    for _ in range(passes):
        for first in range(0, len(x), chunk):
            moments.add(x[first:first + chunk])
        assert moments.count == len(x)
        if moments.in_statistics_pass:
            moments.begin_moments()
            assert moments.count == 0
    return moments


def relative_difference(a, b):
    return max(np.linalg.norm(a.coefficients(t) - b.coefficients(t)) / np.linalg.norm(b.coefficients(t))
               for t in (0.0, 0.3, 2.0))


# 1e-13: the streamed standardization and moment sums agree with the in-memory ones to a few
# ulps, and the 14 × 14 systems are well conditioned (the C suite measures ~2e-14).
@pytest.mark.parametrize("chunk", [1, 7, 1000])
@pytest.mark.parametrize("coordinates", [ofdm.Coordinates.STANDARDIZE, ofdm.Coordinates.NONE])
def test_streamed_fit_equals_the_one_shot_fit(basis, chunk, coordinates):
    x = mixture_sample(N, 41)
    with streamed(basis, x, chunk, coordinates=coordinates) as moments, \
            moments.fit() as model, ofdm.Model.fit(basis, x, coordinates=coordinates) as direct:
        assert model.training_size == N
        assert relative_difference(model, direct) <= 1e-13


def test_fit_options_default_to_the_accumulators_own(basis):
    x = mixture_sample(N, 42)
    with streamed(basis, x, 300, beta=2.0) as moments:
        # Only the ridge given: beta stays the accumulator's 2.0 rather than the library's 1.0.
        with moments.fit(ridge=1e-6) as model, ofdm.Model.fit(basis, x, beta=2.0, ridge=1e-6) as direct:
            assert model.beta == 2.0 and model.options.ridge == 1e-6
            assert relative_difference(model, direct) <= 1e-13
        with pytest.raises(ofdm.InvalidArgumentError, match="beta"):
            moments.fit(beta=1.0)


def test_shards_merged_or_combined_like_mpi_give_the_whole_fit(basis):
    x = mixture_sample(N, 43)
    shards = np.array_split(x, 3)
    ranks = [ofdm.Moments(basis) for _ in shards]
    for moments, shard in zip(ranks, shards):
        moments.add(shard)
    # MPI_Allgather of the statistics arrays, then an ordered merge on every rank.
    gathered = [moments.export() for moments in ranks]
    for moments in ranks:
        moments.import_(gathered[0])
        for array in gathered[1:]:
            with ofdm.Moments.from_array(basis, array) as scratch:
                moments.merge(scratch)
        assert moments.count == N
        moments.begin_moments()
    for moments, shard in zip(ranks, shards):
        moments.add(shard)
    # MPI_Allreduce: SUM over [0, M + 1), MIN over the rest.
    arrays = np.array([moments.export() for moments in ranks])
    m = arrays.shape[1] - 4 - 2 * 2
    reduced = np.concatenate([arrays[:, :m + 1].sum(axis=0), arrays[:, m + 1:].min(axis=0)])
    ranks[2].merge(ranks[0])  # (C + A) + B, against the reduction's (A + B) + C
    ranks[2].merge(ranks[1])
    ranks[1].import_(reduced)
    with ranks[1].fit() as combined, ranks[2].fit() as merged, ofdm.Model.fit(basis, x) as direct:
        assert relative_difference(combined, direct) <= 1e-12
        assert relative_difference(merged, direct) <= 1e-12
    for moments in ranks:
        moments.close()


def test_export_import_round_trips_bit_for_bit(basis):
    x = mixture_sample(N, 44)
    with ofdm.Moments(basis) as source:
        source.add(x)
        statistics = source.export()
        assert statistics.shape == (4 + 2 * 2,) and statistics[0] == N
        with ofdm.Moments.from_array(basis, statistics) as copy:
            assert copy.in_statistics_pass and copy.count == N
            assert copy.export().tobytes() == statistics.tobytes()
        source.begin_moments()
        source.add(x)
        array = source.export()
        with ofdm.Moments.from_array(basis, array, statistics=statistics) as copy:
            assert copy.export().tobytes() == array.tobytes()
            with copy.fit() as a, source.fit() as b:
                assert a.coefficients(0.5).tobytes() == b.coefficients(0.5).tobytes()


def test_misuse_raises_and_changes_nothing(basis):
    x = mixture_sample(200, 45)
    with ofdm.Moments(basis) as moments, ofdm.Moments(basis, beta=2.0) as other:
        moments.add(x)
        other.add(x)
        before = moments.export()
        with pytest.raises(ofdm.InvalidArgumentError, match="statistics pass"):
            moments.fit()
        bad = x.copy()
        bad[17, 1] = np.nan
        with pytest.raises(ofdm.NonfiniteInputError, match="row 17"):
            moments.add(bad)
        with pytest.raises(ofdm.InvalidArgumentError, match="beta"):
            moments.merge(other)
        with pytest.raises(ofdm.InvalidArgumentError, match="fingerprint"):
            moments.import_(other.export())
        with pytest.raises(ofdm.InvalidArgumentError, match="length"):
            moments.import_(before[:-1])
        with pytest.raises(ValueError, match="columns|shape"):
            moments.add(x[:, :1])
        assert moments.export().tobytes() == before.tobytes()
        moments.begin_moments()
        with pytest.raises(ofdm.InvalidArgumentError, match="pass"):
            moments.begin_moments()
        with pytest.raises(ofdm.InvalidArgumentError, match="statistics"):
            moments.import_(before)
        with pytest.raises(TypeError):
            moments.merge(x)
    with pytest.raises(ValueError, match="closed"):
        moments.add(x)
    with pytest.raises(TypeError):
        ofdm.Moments("not a basis")
