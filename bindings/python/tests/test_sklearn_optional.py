"""ofdm.sklearn without scikit-learn: the module imports, and OFDMDensity is a plain class with
fit, score_samples, score, sample, get_params and set_params, giving the results the binding's own
calls give. Run in a child interpreter where `import sklearn` fails."""
import json
import subprocess
import sys

import numpy as np

import ofdm
from conftest import mixture_sample, subprocess_env

CHILD = r"""
import json, sys
sys.modules["sklearn"] = None  # import sklearn now raises ImportError
import numpy as np
import ofdm.sklearn as module
from ofdm.sklearn import OFDMDensity
x = np.array(json.loads(sys.argv[1]))
density = OFDMDensity(degree=3)
assert density.set_params(ridge=1e-8) is density
try:
    density.set_params(colour="red")
    raise SystemExit("set_params accepted an unknown parameter")
except ValueError as error:
    unknown = str(error)
try:
    density.fit(x[:1])
    raise SystemExit("fit accepted one row")
except ValueError as error:
    one_row = str(error)
density.fit(x)
try:
    density.score_samples(np.zeros((2, 3)))
    raise SystemExit("score_samples accepted 3 columns")
except ValueError as error:
    width = str(error)
print(json.dumps({
    "have_sklearn": module.HAVE_SKLEARN, "params": density.get_params(), "repr": repr(density),
    "unknown": unknown, "one_row": one_row, "width": width, "n_features_in": density.n_features_in_,
    "scores": density.score_samples(x[:5]).tolist(), "score": density.score(x[:5]),
    "samples": density.sample(3, random_state=2).tolist()}))
"""


def test_without_scikit_learn_the_estimator_is_a_plain_class():
    x = mixture_sample(300, 91)
    run = subprocess.run([sys.executable, "-c", CHILD, json.dumps(x.tolist())], capture_output=True, text=True,
                         env=subprocess_env(), timeout=120)
    assert run.returncode == 0, run.stderr
    child = json.loads(run.stdout)
    assert child["have_sklearn"] is False
    assert child["params"] == {"beta": 1.0, "coordinates": None, "degree": 3, "max_degree": 8, "max_interaction": 2,
                               "memory_limit": 0, "n_components": None, "random_state": None, "ridge": 1e-8,
                               "sampler": "sde", "steps": None, "time_mode": "galerkin", "tolerance": None}
    assert child["repr"] == "OFDMDensity(degree=3, ridge=1e-08)"
    assert "colour" in child["unknown"] and "1 sample" in child["one_row"] and "3 features" in child["width"]
    assert child["n_features_in"] == 2
    # The same numbers as the binding itself (JSON round-trips doubles exactly).
    with ofdm.Basis.total_degree(2, 3, 2) as basis, ofdm.Model.fit(basis, x, ridge=1e-8) as model:
        assert child["scores"] == model.log_likelihood(x[:5]).tolist()
        assert child["score"] == float(np.mean(model.log_likelihood(x[:5])))
        assert child["samples"] == model.sample(3, seed=2).tolist()
