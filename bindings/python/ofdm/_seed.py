"""Seeds: what a `seed=` or `random_state=` argument may be, and the uint64_t the C API gets.

    None                    fresh entropy (secrets.randbits(64)): every call differs
    int, 0 <= seed < 2**64  that seed: the same int gives bit-identical output (NumPy integers too)
    np.random.Generator     one uint64 drawn from it, so the generator advances: two calls with
                            one generator differ, two generators seeded alike agree call for call
    np.random.RandomState   the same, drawn with randint

Anything else (float, str, bytes, bool, ...) is a TypeError naming the argument; an int out of
range a ValueError. The C library's own default (ofdm_sample_options_init) stays seed 0: that
is what passing seed=0 gives.
"""
import operator
import secrets

import numpy as np

_UINT64_END = 2 ** 64


def resolve_seed(value, name="seed", *, none=None):
    """The uint64 seed for value, by the rules above. `none` is what None gives: fresh entropy
    when it is None itself, else that fixed seed (the library default of a call whose seed is not
    a sampling seed)."""
    if value is None:
        return secrets.randbits(64) if none is None else none
    if isinstance(value, np.random.Generator):
        return int(value.integers(0, _UINT64_END, dtype=np.uint64))
    if isinstance(value, np.random.RandomState):
        return int(value.randint(0, _UINT64_END, dtype=np.uint64))
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be None, an int or a numpy.random.Generator, not a bool ({value!r})")
    try:
        number = operator.index(value)  # int and NumPy integers; refuses 3.0 and "3"
    except TypeError:
        raise TypeError(f"{name} must be None, an int in [0, 2**64) or a numpy.random.Generator, "
                        f"not {type(value).__name__} ({value!r})") from None
    if not 0 <= number < _UINT64_END:
        raise ValueError(f"{name} = {number} is outside [0, 2**64)")
    return number
