"""PNG figures of `make compare` (matplotlib, Agg): scatter plots for 2-D mixtures, magnetization
histograms and correlation functions for the chains and the lattice, sample grids next to real
images. Small files: low dpi, at most 1 000 points per scatter."""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import metrics  # noqa: E402

DPI = 72


def _save(fig, out, name):
    path = os.path.join(out, name)
    fig.savefig(path, dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return path


def mixture(ds, samples, out):
    sets = [("held-out data", ds["heldout"])] + list(samples.items())
    fig, axes = plt.subplots(1, len(sets), figsize=(2.2 * len(sets), 2.4), sharex=True, sharey=True)
    lim = np.percentile(np.abs(ds["heldout"]), 99.9) * 1.25
    for ax, (name, y) in zip(axes, sets):
        y = y[:1000]
        ax.scatter(y[:, 0], y[:, 1], s=1.5, alpha=0.5, rasterized=True)
        ax.set_title(name, fontsize=8)
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_xticks([])
        ax.set_yticks([])
    return _save(fig, out, f"{ds['name']}_scatter.png")


def boltzmann(ds, samples, out):
    d = ds["train"].shape[1]
    chain = ds["kind"] == "chain"
    edges = np.linspace(-1.6, 1.6, 33) if chain else np.linspace(-1.4, 1.4, 29)
    side = int(round(np.sqrt(d)))
    r_max = d // 2 if chain else side // 2
    corr = (lambda x: metrics.chain_correlation(x, r_max)) if chain else \
        (lambda x: metrics.lattice_correlation(x, side, r_max))
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(9, 3.2))
    centres = 0.5 * (edges[1:] + edges[:-1])
    width = edges[1] - edges[0]
    a1.fill_between(centres, metrics.magnetization_histogram(ds["heldout"], edges) / width, step="mid",
                    color="0.8", label="MALA held-out")
    a2.plot(np.arange(r_max + 1), corr(ds["heldout"]), "k-", lw=3, alpha=0.3, label="MALA held-out")
    for name, y in samples.items():
        y = y[np.all(np.isfinite(y), axis=1)]
        a1.step(centres, metrics.magnetization_histogram(y, edges) / width, where="mid", lw=1, label=name)
        a2.plot(np.arange(r_max + 1), corr(y), lw=1, marker=".", label=name)
    a1.set_xlabel("magnetization (mean of the sites)")
    a1.set_ylabel("density")
    a2.set_xlabel("r")
    a2.set_ylabel("C(r)")
    a1.set_title(ds["title"], fontsize=9)
    a2.legend(fontsize=6)
    return _save(fig, out, f"{ds['name']}_magnetization.png")


def images(ds, samples, out, per_row=12):
    side, pca = ds["side"], ds["pca"]
    sets = [("real (held-out)", ds["pixels_heldout"][:per_row * 2]),
            ("real, PCA-projected", pca.decode(ds["heldout"][:per_row * 2]))]
    sets += [(name, pca.decode(y[:per_row * 2])) for name, y in samples.items()]
    fig, axes = plt.subplots(len(sets), 1, figsize=(per_row * 0.55, len(sets) * 1.25))
    for ax, (name, pixels) in zip(axes, sets):
        pixels = np.clip(pixels, 0.0, 1.0).reshape(2, per_row, side, side)
        grid = pixels.transpose(0, 2, 1, 3).reshape(2 * side, per_row * side)
        ax.imshow(grid, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        ax.set_ylabel(name, rotation=0, ha="right", va="center", fontsize=8)
        ax.set_xticks([])
        ax.set_yticks([])
    return _save(fig, out, f"{ds['name']}_samples.png")


def draw(ds, samples, out):
    if ds["kind"] == "mixture":
        return mixture(ds, samples, out)
    if ds["kind"] in ("chain", "lattice"):
        return boltzmann(ds, samples, out)
    return images(ds, samples, out)
