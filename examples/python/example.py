#!/usr/bin/python3
"""The example job, the same in every language: fit a 2-D three-mode Gaussian mixture, print the
score at three points for t = 0.1 and t = 1, draw 1 000 samples and save them (CSV) together
with the model.

    OFDM_LIBRARY=build/lib/libofdm.so PYTHONPATH=bindings/python \\
        /usr/bin/python3 examples/python/example.py [output-directory]

(or, with the binding installed by pip and the library by `make install`, just run it). The data
stream is the C example's (examples/c/example.c), so the printed scores equal its output.
"""
import math
import sys

import numpy as np

import ofdm

MASK64 = (1 << 64) - 1


class SplitMix64:
    """splitmix64 and Box–Muller: reproducible data without files, draw for draw as in C."""

    def __init__(self, seed):
        self.state = seed

    def uniform01(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return (float((z ^ (z >> 31)) >> 11) + 0.5) / 9007199254740992.0

    def normal01(self):
        radius = math.sqrt(-2.0 * math.log(self.uniform01()))  # the log's uniform is drawn first
        return radius * math.cos(6.283185307179586 * self.uniform01())


def mixture(n, rng):
    centres = ((-1.2, 0.0), (1.2, 0.0), (0.0, 1.2))
    x = np.empty((n, 2))
    for i in range(n):
        centre = centres[int(rng.uniform01() * 3)]
        for k in range(2):
            x[i, k] = centre[k] + 0.45 * rng.normal01()
    return x


def main(directory):
    x = mixture(5000, SplitMix64(42))
    with ofdm.Basis.total_degree(2, 8) as basis:
        model = ofdm.Model.fit(basis, x)  # defaults: β = 1, standardized, Galerkin; keeps its own basis

    points = np.array([[-1.2, 0.0], [0.0, 0.5], [2.0, 2.0]])
    for t in (0.1, 1.0):
        score = model.score(t, points)
        for p, s in zip(points, score):
            print("score at t = %.1f, x = (%5.2f, %5.2f): (%8.4f, %8.4f)" % (t, p[0], p[1], s[0], s[1]))

    samples = model.sample(1000, seed=7)
    with open(f"{directory}/samples.csv", "w") as csv:
        csv.write("x0,x1\n")
        csv.writelines("%.17g,%.17g\n" % (a, b) for a, b in samples)
    path = f"{directory}/mixture.ofdm"
    model.save(path)
    print(f"wrote {len(samples)} samples to {directory}/samples.csv and the model to {path}")
    model.close()


if __name__ == "__main__":
    try:
        main(sys.argv[1] if len(sys.argv) > 1 else ".")
    except ofdm.OfdmError as error:
        sys.exit(f"example: {error}")
