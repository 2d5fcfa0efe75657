"""`make compare`: ofdm side by side with the methods users would otherwise pick, in one run.

For every data set (2-D mixtures, the Ginzburg–Landau chain at d = 16 and 64, the 8×8 φ⁴ lattice,
the UCI digits and Fashion-MNIST through PCA) and every method (ofdm exact and perturbation
modes, the automatic choice ofdm_fit_select, the adaptive basis ofdm_fit_adaptive, GMM with BIC,
KDE with cross-validated bandwidth, a PyTorch DSM diffusion model), fit on the training split, draw 2 000 samples, and measure them against the held-out split; then the
likelihood tables. Writes OUT/compare.md and OUT/*.png; prints progress as it goes.

    python3 run.py --references build/compare --out results [--only mix3,gl16] [--dsm-budget 120]
"""
import argparse
import json
import os
import platform
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import datasets  # noqa: E402
import figures  # noqa: E402
import metrics  # noqa: E402
import ofdm  # noqa: E402
from methods import DsmMethod, GmmMethod, KdeMethod, OfdmAdaptiveMethod, OfdmMethod, OfdmSelectMethod, timed  # noqa: E402

SAMPLES = 2000
ADAPTIVE_SECONDS = 120.0  # wall-clock budget of each adaptive fit's growth (max_seconds)
ALL = ["mix3", "mix5", "gl16", "digits", "fashion", "gl64", "phi4"]


def log(message):
    print(message, flush=True)


# ---- per data set: what ofdm fits -------------------------------------------------------------
def ofdm_methods(ds):
    d = ds["train"].shape[1]
    name = ds["name"]
    if name == "mix3":
        make, note = (lambda: ofdm.Basis.total_degree(2, 8)), "total degree 8 (DESIGN §4)"
    elif name == "mix5":
        make, note = (lambda: ofdm.Basis.total_degree(2, 14)), "total degree 14"
    elif ds["kind"] == "chain":
        edges = datasets.chain_edges(d)
        make, note = (lambda: ofdm.Basis.graph(d, 4, edges)), "chain basis, degree 4"
    elif ds["kind"] == "lattice":
        edges = datasets.lattice_edges(int(round(np.sqrt(d))))
        make, note = (lambda: ofdm.Basis.graph(d, 4, edges)), "lattice basis, degree 4"
    else:  # images: PCA scores done in NumPy, so that every method models the same space
        make, note = (lambda: ofdm.Basis.total_degree(d, 3, 2)), "total degree 3, pairs"
    out = [OfdmMethod(make, "galerkin", "sde", basis_note=note),
           OfdmMethod(make, "perturbation", "sde", basis_note=note)]
    if d <= 16:
        out.append(OfdmMethod(make, "galerkin", "flow", basis_note=note))
    # The automatic choice: in 2-D high degrees are cheap, so degrees up to 16; elsewhere the
    # library's default degrees 1..8, with candidate bases of at most 1 000 functions (the
    # default 4 000 costs 14 minutes of selection on the d = 16 chain).
    pca = None
    if ds["kind"] in ("chain", "lattice") and d > 16:
        pca = 8
        out.append(OfdmSelectMethod(components=pca, max_basis_size=1000, label=f"ofdm exact, PCA {pca}, auto"))
    elif d == 2:
        out.append(OfdmSelectMethod(max_degree=16))
    else:
        out.append(OfdmSelectMethod(max_basis_size=1000))
    # The adaptive basis (issue #15) with the library's defaults and the coordinates chosen
    # (standardize or the PCA of all d components, DESIGN §8 "Coordinates"), the growth capped at
    # ADAPTIVE_SECONDS over both maps; the standardized growth alone as a second row, so that the
    # table shows what the choice of map buys.
    out.append(OfdmAdaptiveMethod(coordinates="auto", max_seconds=ADAPTIVE_SECONDS))
    out.append(OfdmAdaptiveMethod(max_seconds=ADAPTIVE_SECONDS, label="ofdm adaptive, standardize"))
    return out


def all_methods(ds, dsm_budget):
    d = ds["train"].shape[1]
    grid = (1, 2, 4, 8, 16) if d > 2 else (1, 2, 3, 4, 5, 6, 8, 10, 12, 16)
    return ofdm_methods(ds) + [GmmMethod(grid=grid), KdeMethod(),
                               DsmMethod(time_budget=dsm_budget, hidden=128 if d <= 16 else 256, log=log)]


# ---- quality per kind ---------------------------------------------------------------------------
class Quality:
    """Everything a sample set is measured by on one data set, with the noise floors."""

    def __init__(self, ds):
        self.ds = ds
        train, heldout = ds["train"], ds["heldout"]
        self.ed = metrics.EnergyDistanceRatio(train, heldout)
        self.floor = {"ed": self.ed.floor}
        floor_set = metrics.subsample(train, SAMPLES, 21)
        kind = ds["kind"]
        if kind in ("chain", "lattice"):
            d = train.shape[1]
            self.edges = np.linspace(-1.6, 1.6, 33) if kind == "chain" else np.linspace(-1.4, 1.4, 29)
            self.r_max = d // 2 if kind == "chain" else int(round(np.sqrt(d))) // 2
            self.side = int(round(np.sqrt(d)))
            self.h_ref = metrics.magnetization_histogram(heldout, self.edges)
            self.c_ref = self._correlation(heldout)
            self.floor.update(self._lattice(floor_set))
        if kind == "image":
            from sklearn.linear_model import LogisticRegression
            rng = np.random.default_rng(3)
            px, lb = ds["pixels_train"], ds["labels_train"]
            pick = rng.choice(len(px), min(len(px), 10000), replace=False)
            with warnings.catch_warnings():  # lbfgs may stop at max_iter; its held-out accuracy is reported
                warnings.simplefilter("ignore")
                self.classifier = LogisticRegression(max_iter=300, C=1.0).fit(px[pick], lb[pick])
            self.classes = int(lb.max()) + 1
            self.heldout_small = metrics.subsample(heldout, SAMPLES, 22)
            self.label_ref = self._labels(ds["pca"].decode(self.heldout_small))
            self.accuracy = float(self.classifier.score(ds["pixels_heldout"], ds["labels_heldout"]))
            self.floor.update(self._image(floor_set))
            self.floor["memo"] = 1.0  # held-out images against the training set: 1 by definition
        if kind == "mixture":
            self.floor["loglik"] = float(np.mean(ds["exact"].log_density(heldout)))

    def _correlation(self, x):
        if self.ds["kind"] == "chain":
            return metrics.chain_correlation(x, self.r_max)
        return metrics.lattice_correlation(x, self.side, self.r_max)

    def _lattice(self, x):
        h = metrics.magnetization_histogram(x, self.edges)
        return {"mag_l1": float(np.abs(h - self.h_ref).sum()),
                "corr_max": float(np.max(np.abs(self._correlation(x) - self.c_ref)))}

    def _labels(self, pixels):
        return metrics.label_histogram(self.classifier.predict(np.clip(pixels, 0.0, 1.0)), self.classes)

    def _image(self, z):
        ds = self.ds
        return {"fd": metrics.frechet_distance(z, self.heldout_small),
                "label_tv": metrics.total_variation(self._labels(ds["pca"].decode(z)), self.label_ref),
                "memo": metrics.memorization_ratio(metrics.subsample(z, 1000, 5), ds["train"],
                                                   metrics.subsample(ds["heldout"], 1000, 6))}

    def __call__(self, samples):
        finite = np.all(np.isfinite(samples), axis=1)
        out = {"nonfinite": int((~finite).sum())}
        samples = samples[finite]
        ed, ratio = self.ed(samples)
        out.update(ed=ed, ed_ratio=ratio)
        if self.ds["kind"] in ("chain", "lattice"):
            out.update(self._lattice(samples))
        if self.ds["kind"] == "image":
            out.update(self._image(samples))
        return out


# ---- the run ------------------------------------------------------------------------------------
def load(name, references):
    if name == "mix3":
        return datasets.mixture_set("mix3", datasets.three_mode(), seed=0) | {"title": "2-D three-mode mixture (DESIGN §4)"}
    if name == "mix5":
        return datasets.mixture_set("mix5", datasets.five_mode(), seed=1) | {"title": "2-D five-mode anisotropic mixture"}
    if name == "gl16":
        return datasets.boltzmann_set("gl16", references, "chain", "Ginzburg–Landau chain d = 16")
    if name == "gl64":
        return datasets.boltzmann_set("gl64", references, "chain", "Ginzburg–Landau chain d = 64")
    if name == "phi4":
        return datasets.boltzmann_set("phi4", references, "lattice", "φ⁴ lattice 8×8 (κ 0.32, λ 0.5)")
    if name == "digits":
        return datasets.digits(r=16)
    if name == "fashion":
        return datasets.fashion_mnist(r=24)
    raise ValueError(name)


def run_dataset(ds, dsm_budget, keep):
    log(f"== {ds['title']}: train {ds['train'].shape}, held-out {ds['heldout'].shape[0]}")
    quality, t_quality = timed(Quality, ds)
    log(f"   noise floors {json.dumps({k: round(v, 5) for k, v in quality.floor.items()})} ({t_quality:.1f} s)")
    rows, samples = [], {}
    for method in all_methods(ds, dsm_budget):
        try:
            _, t_fit = timed(method.fit, ds["train"])
            y, t_sample = timed(method.sample, SAMPLES, seed=7)
        except Exception as error:  # a failure is a result too: it goes in the table
            log(f"   {method.name:22s} FAILED: {type(error).__name__}: {error}")
            rows.append({"method": method.name, "error": f"{type(error).__name__}: {error}"})
            continue
        q = quality(y)
        row = {"method": method.name, "notes": method.notes, "fit_s": t_fit,
               "sample_s_per_1000": t_sample * 1000.0 / SAMPLES, **q}
        rows.append(row)
        samples[method.name] = y
        log(f"   {method.name:22s} fit {t_fit:7.2f} s  sample {row['sample_s_per_1000']:7.3f} s/1000  "
            f"ED ratio {q['ed_ratio']:7.2f}  " + "  ".join(f"{k} {v:.4g}" for k, v in q.items()
                                                       if k not in ("ed", "ed_ratio", "nonfinite"))
            + (f"  nonfinite {q['nonfinite']}" if q["nonfinite"] else "") + f"  [{method.notes}]")
        if ds["name"] in keep:
            keep[ds["name"]][method.name] = method
    return {"name": ds["name"], "title": ds["title"], "kind": ds["kind"], "d": ds["train"].shape[1],
            "n_train": ds["train"].shape[0], "n_heldout": ds["heldout"].shape[0], "floor": quality.floor,
            "rows": rows, "extra": {"accuracy": getattr(quality, "accuracy", None),
                                    "pca_explained": ds["pca"].explained if "pca" in ds else None}}, samples


def heldout_loglik(ds, fitted):
    """Held-out mean log-likelihood on the three-mode mixture (2 000 held-out points)."""
    x = metrics.subsample(ds["heldout"], 2000, 31)
    rows = [{"method": "exact mixture", "loglik": float(np.mean(ds["exact"].log_density(x))), "seconds": 0.0}]
    degree12 = OfdmMethod(lambda: ofdm.Basis.total_degree(2, 12), "galerkin", "flow").fit(ds["train"])
    for name, method in list(fitted.items()) + [("ofdm exact, total degree 12", degree12)]:
        if "flow" in name:
            continue
        ll, t = timed(method.log_likelihood, x)
        finite = np.isfinite(ll)
        rows.append({"method": name, "loglik": float(np.mean(ll[finite])), "seconds": t,
                     "nonfinite": int((~finite).sum())})
        log(f"   held-out log-lik {name:22s} {rows[-1]['loglik']:.4f}  ({t:.2f} s)")
    return rows


def likelihood_throughput(fitted, references):
    """Evaluations per second: ofdm (closed-form divergence, adaptive DP5(4)) vs the DSM flow (RK4,
    64 steps) with the exact trace (d backward passes) or one Hutchinson probe."""
    rows = []
    for name, d in (("mix3", 2), ("gl16", 16), ("gl64", 64)):
        if name not in fitted or "ofdm exact" not in fitted[name] or "DSM MLP (torch)" not in fitted[name]:
            continue
        ds = load(name, references)
        o, dsm = fitted[name]["ofdm exact"], fitted[name]["DSM MLP (torch)"]
        n, n_exact = (400, 200) if d <= 16 else (200, 50)
        x = np.ascontiguousarray(ds["heldout"][:n])
        ll_o, t_o = timed(o.log_likelihood, x)
        ll_e, t_e = timed(dsm.log_likelihood, x[:n_exact], divergence="exact")
        ll_h, t_h = timed(dsm.log_likelihood, x, divergence="hutchinson")
        ll_o = ll_o[:n_exact]  # the log-likelihoods are compared on the same points
        ll_h = ll_h[:n_exact]
        row = {"d": d, "data": name, "ofdm_per_s": n / t_o, "dsm_exact_per_s": n_exact / t_e,
               "dsm_hutchinson_per_s": n / t_h, "ofdm_ll": float(np.mean(ll_o)),
               "dsm_exact_ll": float(np.mean(ll_e)), "dsm_hutchinson_ll": float(np.mean(ll_h)),
               "ofdm_K": o.model.basis.size}
        rows.append(row)
        log(f"   likelihood d = {d:2d}: ofdm {row['ofdm_per_s']:8.1f}/s   DSM exact {row['dsm_exact_per_s']:8.1f}/s"
            f"   DSM Hutchinson {row['dsm_hutchinson_per_s']:8.1f}/s")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--references", required=True, help="folder of make_references' .npy files")
    parser.add_argument("--out", default="results")
    parser.add_argument("--only", default=",".join(ALL), help="comma-separated data sets, of " + ",".join(ALL))
    parser.add_argument("--dsm-budget", type=float, default=100.0, help="seconds of DSM training per data set")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite OUT/compare.md from REFERENCES/compare.json without running anything")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.report_only:
        import report
        with open(os.path.join(args.references, "compare.json")) as f:
            saved = json.load(f)
        report.write(saved["results"], saved["extra"], args, total=saved.get("total"))
        return
    names = [n for n in args.only.split(",") if n]
    start = time.perf_counter()
    log(f"ofdm {ofdm.version_string()} ({ofdm.library_path}); numpy {np.__version__}; "
        f"python {platform.python_version()}; {os.cpu_count()} cores")

    keep = {n: {} for n in ("mix3", "gl16", "gl64") if n in names}
    results, extra_tables = [], {}
    for name in names:
        ds = load(name, args.references)
        result, samples = run_dataset(ds, args.dsm_budget, keep)
        results.append(result)
        if name == "mix3":
            extra_tables["loglik"] = heldout_loglik(ds, keep["mix3"])
        figures.draw(ds, samples, args.out)
        result["elapsed"] = time.perf_counter() - start
        log(f"   ({result['elapsed'] / 60:.1f} min so far)")
        import report
        report.write(results, extra_tables, args)
    log("== likelihood throughput")
    extra_tables["throughput"] = likelihood_throughput(keep, args.references)
    import report
    report.write(results, extra_tables, args, total=time.perf_counter() - start)
    with open(os.path.join(args.references, "compare.json"), "w") as f:
        json.dump({"results": results, "extra": extra_tables, "total": time.perf_counter() - start}, f, indent=1, default=float)
    log(f"done in {(time.perf_counter() - start) / 60:.1f} min: {os.path.join(args.out, 'compare.md')}")


if __name__ == "__main__":
    main()
