"""Quality measures of `make compare`, each with the two-sample noise floor it is read against.

Energy distance follows tests/support/test_data.cpp: the V-statistic 2E|X−Y| − E|X−X'| − E|Y−Y'|
over all pairs (i = j included), so that two independent sets of n and m points from one law differ
by ≈ E|X−X'|(1/n + 1/m) — the noise floor. DESIGN §4 reports ED(samples, held-out) divided by
ED(training subset, held-out) at the same sizes: 1 means "as close as another true set".
"""
import numpy as np

ED_POINTS = 2000  # points per set: the all-pairs V-statistic costs O(n²·d)


def _pairwise_mean_distance(a, b, block=1000):
    """Mean Euclidean distance over all pairs of rows of a and b (blocked to bound memory)."""
    total = 0.0
    b2 = np.einsum("ij,ij->i", b, b)
    for start in range(0, a.shape[0], block):
        x = a[start:start + block]
        d2 = np.einsum("ij,ij->i", x, x)[:, None] + b2[None, :] - 2.0 * (x @ b.T)
        total += np.sqrt(np.maximum(d2, 0.0)).sum()
    return total / (a.shape[0] * b.shape[0])


def energy_distance(x, y):
    """The V-statistic energy distance between the rows of x and of y (test_data.cpp)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    return 2.0 * _pairwise_mean_distance(x, y) - _pairwise_mean_distance(x, x) - _pairwise_mean_distance(y, y)


def subsample(x, n, seed):
    """n rows of x drawn without replacement with a fixed seed (all of x if it has fewer rows)."""
    if x.shape[0] <= n:
        return x
    return x[np.random.default_rng(seed).choice(x.shape[0], n, replace=False)]


class EnergyDistanceRatio:
    """ED(samples, held-out) / ED(training subset, held-out), every set of `points` rows.

    One ED at 2 000 points fluctuates by tens of percent around its mean, so both numerator and
    denominator are averaged over `repeats` disjoint held-out subsets (and, for the floor, as many
    training subsets). The floor is computed once per data set: every method is read against the
    same denominator. Non-finite sample rows are dropped (and counted by the caller)."""

    def __init__(self, train, heldout, points=ED_POINTS, repeats=3, seed=11):
        rng = np.random.default_rng(seed)
        points = min(points, heldout.shape[0] // repeats)
        ho = rng.permutation(heldout.shape[0])[:points * repeats].reshape(repeats, points)
        tr = rng.permutation(train.shape[0])[:min(points * repeats, train.shape[0])]
        self.heldout = [heldout[i] for i in ho]
        self.points = points
        self.floor = float(np.mean([energy_distance(train[np.resize(tr, points * repeats)[k * points:(k + 1) * points]],
                                                    h) for k, h in enumerate(self.heldout)]))

    def __call__(self, samples):
        samples = subsample(samples[np.all(np.isfinite(samples), axis=1)], self.points, 5)
        ed = float(np.mean([energy_distance(samples, h) for h in self.heldout]))
        return ed, ed / self.floor


def frechet_distance(a, b):
    """|μ_a − μ_b|² + tr(C_a + C_b − 2 (C_a^{1/2} C_b C_a^{1/2})^{1/2}) of Gaussian fits to the rows."""
    mu_a, mu_b = a.mean(axis=0), b.mean(axis=0)
    ca, cb = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    w, v = np.linalg.eigh(ca)
    root_a = (v * np.sqrt(np.maximum(w, 0.0))) @ v.T
    w2 = np.linalg.eigvalsh(root_a @ cb @ root_a)
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(ca) + np.trace(cb) - 2.0 * np.sum(np.sqrt(np.maximum(w2, 0.0))))


def nearest_distances(queries, reference, block=500):
    """Euclidean distance of each query row to its nearest row of reference."""
    r2 = np.einsum("ij,ij->i", reference, reference)
    out = np.empty(queries.shape[0])
    for start in range(0, queries.shape[0], block):
        q = queries[start:start + block]
        d2 = np.einsum("ij,ij->i", q, q)[:, None] + r2[None, :] - 2.0 * (q @ reference.T)
        out[start:start + block] = np.sqrt(np.maximum(d2.min(axis=1), 0.0))
    return out


def memorization_ratio(samples, train, heldout):
    """median nearest-training distance of the samples / that of held-out points: ≪ 1 is copying."""
    return float(np.median(nearest_distances(samples, train)) / np.median(nearest_distances(heldout, train)))


def total_variation(p, q):
    return 0.5 * float(np.abs(np.asarray(p) - np.asarray(q)).sum())


def label_histogram(labels, classes):
    return np.bincount(labels, minlength=classes) / max(len(labels), 1)


def magnetization_histogram(samples, edges):
    """Fraction of rows whose mean falls in each bin (rows outside count nowhere), as boltzmann.cpp."""
    m = samples.mean(axis=1)
    counts, _ = np.histogram(m, bins=edges)
    return counts / samples.shape[0]


def chain_correlation(samples, r_max):
    """C(r) = <u_i u_{i+r}>, r = 0..r_max, averaged over samples and i (tests/support/boltzmann.h)."""
    d = samples.shape[1]
    return np.array([np.mean(samples[:, :d - r] * samples[:, r:]) for r in range(r_max + 1)])


def lattice_correlation(samples, side, r_max):
    """C(r) = <φ_x φ_{x+r e_μ}>, periodic, averaged over samples, sites and both axes."""
    phi = samples.reshape(-1, side, side)
    return np.array([0.5 * (np.mean(phi * np.roll(phi, -r, axis=1)) + np.mean(phi * np.roll(phi, -r, axis=2)))
                     for r in range(r_max + 1)])
