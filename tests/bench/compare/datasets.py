"""The data sets of `make compare`: train / held-out splits with fixed seeds.

Every data set is a dict with name, train, heldout (n × d float64 arrays in the space every method
models), and what its metrics need: `kind` ('mixture', 'chain', 'lattice', 'image'), for
mixtures the exact log-density, for images the PCA decoder, pixel arrays and labels.
"""
import gzip
import os

import numpy as np

FASHION_DIR = "/usr/share/datasets/fashion-mnist"  # Debian's dataset-fashion-mnist


# ---- 2-D mixtures ------------------------------------------------------------------------------
class IsotropicMixture:
    """Equal-weight Gaussian mixture with per-mode (anisotropic) covariances."""

    def __init__(self, centres, covariances):
        self.centres = np.asarray(centres, dtype=np.float64)
        self.covariances = np.asarray(covariances, dtype=np.float64)

    def sample(self, n, rng):
        k = rng.integers(0, len(self.centres), n)
        chol = np.linalg.cholesky(self.covariances)
        return self.centres[k] + np.einsum("nij,nj->ni", chol[k], rng.standard_normal((n, 2)))

    def log_density(self, x):
        out = []
        for c, cov in zip(self.centres, self.covariances):
            diff = x - c
            prec = np.linalg.inv(cov)
            out.append(-0.5 * np.einsum("ni,ij,nj->n", diff, prec, diff) - 0.5 * np.log(np.linalg.det(2 * np.pi * cov)))
        out = np.array(out)
        top = out.max(axis=0)
        return top + np.log(np.exp(out - top).mean(axis=0))


def three_mode():
    """DESIGN §4: σ = 0.45, centres (±1.2, 0) and (0, 1.2)."""
    s2 = 0.45 ** 2 * np.eye(2)
    return IsotropicMixture([[-1.2, 0.0], [1.2, 0.0], [0.0, 1.2]], [s2, s2, s2])


def five_mode():
    """An anisotropic five-mode mixture (DESIGN §4's harder 2-D case): rotated elongated modes."""
    centres, covs = [], []
    for k in range(5):
        a = 2 * np.pi * k / 5
        centres.append([1.6 * np.cos(a), 1.6 * np.sin(a)])
        rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
        covs.append(rot @ np.diag([0.35 ** 2, 0.12 ** 2]) @ rot.T)
    return IsotropicMixture(centres, covs)


def mixture_set(name, mixture, n_train=20000, n_heldout=20000, seed=0):
    rng = np.random.default_rng(seed)
    return {"name": name, "kind": "mixture", "train": mixture.sample(n_train, rng),
            "heldout": mixture.sample(n_heldout, rng), "exact": mixture}


# ---- Boltzmann references (made by make_references.cpp) -----------------------------------------
def boltzmann_set(name, references, kind, title):
    return {"name": name, "kind": kind, "title": title,
            "train": np.load(os.path.join(references, f"{name}_train.npy")),
            "heldout": np.load(os.path.join(references, f"{name}_heldout.npy"))}


def chain_edges(d):
    return np.array([[i, i + 1] for i in range(d - 1)], dtype=np.int64)


def lattice_edges(side):
    """Nearest neighbours of a periodic side × side lattice, site = row·side + column."""
    edges = []
    for r in range(side):
        for c in range(side):
            x = r * side + c
            edges.append([x, r * side + (c + 1) % side])
            edges.append([x, ((r + 1) % side) * side + c])
    return np.array(edges, dtype=np.int64)


# ---- images -------------------------------------------------------------------------------------
def _read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Pca:
    """x ≈ mean + z @ components, z the first r principal-component scores (NumPy SVD)."""

    def __init__(self, x, r):
        self.mean = x.mean(axis=0)
        _, s, vt = np.linalg.svd(x - self.mean, full_matrices=False)
        self.components = vt[:r]
        self.explained = float((s[:r] ** 2).sum() / (s ** 2).sum())

    def encode(self, x):
        return (x - self.mean) @ self.components.T

    def decode(self, z):
        return self.mean + z @ self.components


def image_set(name, pixels_train, labels_train, pixels_heldout, labels_heldout, side, r, title):
    pca = Pca(pixels_train, r)
    return {"name": name, "kind": "image", "title": title, "side": side, "pca": pca,
            "pixels_train": pixels_train, "labels_train": labels_train,
            "pixels_heldout": pixels_heldout, "labels_heldout": labels_heldout,
            "train": pca.encode(pixels_train), "heldout": pca.encode(pixels_heldout)}


def digits(r=16, seed=0):
    """The 8×8 UCI digits shipped in python3-sklearn (1 797 images, values 0..16 → [0, 1])."""
    from sklearn.datasets import load_digits
    data = load_digits()
    x, y = data.data / 16.0, data.target
    order = np.random.default_rng(seed).permutation(len(x))
    n_train = 1300
    tr, ho = order[:n_train], order[n_train:]
    return image_set("digits", x[tr], y[tr], x[ho], y[ho], 8, r, f"digits 8×8, PCA {r}")


def fashion_mnist(r=24, n_train=60000):
    """Fashion-MNIST 28×28 from Debian's package: the 60 000 training and 10 000 test images."""
    xtr = _read_idx(os.path.join(FASHION_DIR, "train-images-idx3-ubyte.gz")).reshape(-1, 784) / 255.0
    ytr = _read_idx(os.path.join(FASHION_DIR, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    xte = _read_idx(os.path.join(FASHION_DIR, "t10k-images-idx3-ubyte.gz")).reshape(-1, 784) / 255.0
    yte = _read_idx(os.path.join(FASHION_DIR, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    return image_set("fashion", xtr[:n_train], ytr[:n_train], xte, yte, 28, r, f"Fashion-MNIST 28×28, PCA {r}")
