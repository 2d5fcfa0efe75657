"""Progress callables for fit and sample: what they are told, cancellation (a true return), and
an exception inside the callable, which cancels the call and is raised after it returns."""
import threading

import numpy as np
import pytest

import ofdm
from conftest import mixture_sample

SENTINEL = 12345.0


class Recorder:
    """Records (done, total, thread) per call; cancels on call number cancel_at (1-based), or on
    the final report when cancel_when_done; raises `error` on its first call when given."""

    def __init__(self, cancel_at=0, cancel_when_done=False, error=None):
        self.calls, self.cancel_at, self.cancel_when_done, self.error = [], cancel_at, cancel_when_done, error

    def __call__(self, done, total):
        self.calls.append((done, total, threading.get_ident()))
        if self.error is not None:
            raise self.error
        return len(self.calls) == self.cancel_at or (self.cancel_when_done and done == total)

    def assert_completed(self, total):
        """Consistent totals, done rising to total on the final call, all on this thread."""
        assert self.calls and self.calls[-1][:2] == (total, total)
        assert all(t == total and 0 <= d <= total for d, t, _ in self.calls)
        assert [d for d, _, _ in self.calls] == sorted(d for d, _, _ in self.calls)
        assert {thread for _, _, thread in self.calls} == {threading.get_ident()}


@pytest.fixture(scope="module")
def data():
    return mixture_sample(20000, 41)


@pytest.fixture(scope="module")
def basis():
    with ofdm.Basis.total_degree(2, 4) as basis:
        yield basis


def test_fit_reports_samples_read(basis, data):
    recorder = Recorder()
    ofdm.Model.fit(basis, data, progress=recorder).close()
    recorder.assert_completed(len(data))


def test_sampling_reports_sample_steps_on_the_calling_thread(mixture_model):
    recorder = Recorder()
    mixture_model.sample(300, steps=40, threads=2, progress=recorder)  # workers never call back
    recorder.assert_completed(300 * 40)


def test_a_true_return_cancels_sampling_and_writes_nothing(mixture_model):
    # 4096 samples × 400 steps run long enough for a report mid-run on a slow machine; on a
    # fast one the first report is the final one. Either way nothing may be written.
    for cancel in (Recorder(cancel_at=1), Recorder(cancel_when_done=True)):
        out = np.full((4096, 2), SENTINEL)
        with pytest.raises(ofdm.CancelledError, match="cancel"):
            mixture_model.sample(4096, progress=cancel, out=out)
        assert (out == SENTINEL).all()
        assert cancel.calls and (cancel.cancel_when_done or len(cancel.calls) == 1)


def test_a_true_return_cancels_the_fit(basis, data):
    recorder = Recorder(cancel_at=1)
    with pytest.raises(ofdm.CancelledError, match="cancel"):
        ofdm.Model.fit(basis, data, progress=recorder)
    assert len(recorder.calls) == 1  # "the call then returns": no report after the cancel


def test_an_exception_in_the_callable_cancels_and_is_raised_after_the_call(basis, data, mixture_model):
    recorder = Recorder(error=ZeroDivisionError("from the callback"))
    with pytest.raises(ZeroDivisionError, match="from the callback") as raised:
        ofdm.Model.fit(basis, data, progress=recorder)
    assert len(recorder.calls) == 1
    assert raised.traceback[-1].name == "__call__"  # the callable's own frame is kept
    out = np.full((500, 2), SENTINEL)
    with pytest.raises(ZeroDivisionError):
        mixture_model.sample(500, steps=40, out=out, progress=Recorder(error=ZeroDivisionError()))
    assert (out == SENTINEL).all()
    assert mixture_model.sample(5, steps=10).shape == (5, 2)  # and the model is fine afterwards


def test_keyboard_interrupt_in_the_callable_stops_a_run(mixture_model):
    with pytest.raises(KeyboardInterrupt):
        mixture_model.sample(100, steps=20, progress=Recorder(error=KeyboardInterrupt()))


def test_a_callable_that_returns_none_lets_the_run_finish(mixture_model):
    calls = []
    samples = mixture_model.sample(50, seed=2, steps=20, progress=lambda done, total: calls.append(done))
    assert calls[-1] == 50 * 20
    assert (samples == mixture_model.sample(50, seed=2, steps=20)).all()  # reporting changes nothing
