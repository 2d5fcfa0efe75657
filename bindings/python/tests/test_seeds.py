"""Seeds of the sampling calls (ofdm/_seed.py): None draws fresh entropy, an int repeats, a NumPy
Generator or RandomState gives one uint64 drawn from it (and advances); anything else is refused
naming the argument. fit_select's seed picks held-out rows: None keeps the library's 0 there."""
import math

import numpy as np
import pytest

import ofdm

STEPS = 10  # short runs: the seed, not the sampler, is under test


def draw(generator):
    """The seed a Generator gives: one uint64 over the whole range, as _seed draws it."""
    return int(generator.integers(0, 2 ** 64, dtype=np.uint64))


@pytest.fixture(params=["sample", "sample_flow"])
def sampler(request, mixture_model):
    """samples(n, seed) of Model.sample or Model.sample_flow, as one array of bytes-comparable
    samples (the flow's log_q included)."""
    if request.param == "sample":
        return lambda n, **seed: mixture_model.sample(n, steps=STEPS, **seed)
    return lambda n, **seed: np.column_stack(mixture_model.sample_flow(n, steps=STEPS, **seed))


def test_no_seed_gives_fresh_samples_on_every_call(sampler):
    first, second = sampler(5), sampler(5)
    assert not (first == second).all()
    assert not (first == sampler(5, seed=0)).all()  # not the C default 0 either
    assert not (sampler(5, seed=None) == first).all()


def test_the_same_int_gives_bit_identical_samples(sampler):
    assert sampler(5, seed=12).tobytes() == sampler(5, seed=12).tobytes()
    assert sampler(5, seed=np.uint64(2 ** 64 - 1)).tobytes() == sampler(5, seed=2 ** 64 - 1).tobytes()
    assert sampler(5, seed=np.int32(12)).tobytes() == sampler(5, seed=12).tobytes()


def test_a_generator_gives_one_draw_and_advances(sampler):
    generator = np.random.default_rng(2024)
    first, second = sampler(5, seed=generator), sampler(5, seed=generator)
    assert not (first == second).all()  # the generator moved on
    # Exactly the samples of the ints it drew, in order.
    twin = np.random.default_rng(2024)
    assert first.tobytes() == sampler(5, seed=draw(twin)).tobytes()
    assert second.tobytes() == sampler(5, seed=draw(twin)).tobytes()
    # Two generators seeded alike agree call for call.
    a, b = np.random.default_rng(7), np.random.default_rng(7)
    assert [sampler(3, seed=a).tobytes() for _ in range(2)] == [sampler(3, seed=b).tobytes() for _ in range(2)]


def test_a_random_state_gives_one_draw_and_advances(sampler):
    state = np.random.RandomState(5)
    first, second = sampler(5, seed=state), sampler(5, seed=state)
    assert not (first == second).all()
    twin = np.random.RandomState(5)
    assert first.tobytes() == sampler(5, seed=int(twin.randint(0, 2 ** 64, dtype=np.uint64))).tobytes()


@pytest.mark.parametrize("bad", [1.0, 3.5, math.nan, "3", b"3", True, np.bool_(False), [3], np.array([3]),
                                 np.float64(3.0), 1j, object()])
def test_other_seed_types_are_type_errors_naming_the_seed(sampler, bad):
    with pytest.raises(TypeError, match="seed"):
        sampler(2, seed=bad)


@pytest.mark.parametrize("bad", [-1, 2 ** 64])
def test_seeds_outside_uint64_are_value_errors(sampler, bad):
    with pytest.raises(ValueError, match=r"seed = .* outside \[0, 2\*\*64\)"):
        sampler(2, seed=bad)


def test_sampling_defaults_still_report_the_c_default_seed():
    # The C library's default is unchanged; the binding only draws a fresh one for seed=None.
    assert ofdm.SampleOptions.defaults().seed == 0 == ofdm.SampleOptions.flow_defaults().seed


# ---- fit_select: the held-out split ------------------------------------------------------------

@pytest.fixture(scope="module")
def few_rows():
    return np.random.default_rng(61).standard_normal((300, 2))


def selected_bytes(x, **seed):
    model, report = ofdm.fit_select(x, max_degree=2, max_interaction=1, **seed)
    with model:
        return model.to_bytes(), report


def test_fit_select_without_a_seed_is_the_library_default_split(few_rows):
    assert selected_bytes(few_rows) == selected_bytes(few_rows, seed=0)
    assert ofdm.SelectOptions.defaults().seed == 0


def test_fit_select_takes_a_generator_as_one_draw(few_rows):
    twin = np.random.default_rng(3)
    assert selected_bytes(few_rows, seed=np.random.default_rng(3)) == selected_bytes(few_rows, seed=draw(twin))
    with pytest.raises(TypeError, match="seed"):
        ofdm.fit_select(few_rows, max_degree=2, seed="1")
