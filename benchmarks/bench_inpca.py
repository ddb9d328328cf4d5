"""Benchmark: Bernoulli distance matrix + inPCA for 2000 models x 10^4 samples (NumPy, float64).

Chunked engine (``verify.ribbon.inpca.inpca_of_logits``) against the per-pair baseline
(``inpca_per_pair``: Python double loop over pairs, each vectorised over samples) measured in the same run.
The full baseline (~2·10^6 pairs) is too slow, so it runs on the first ``--baseline-models`` models and is
scaled by the pair count m(m−1)/2.  Peak memory: ``tracemalloc`` (NumPy allocations are traced).

    python benchmarks/bench_inpca.py [--models 2000] [--samples 10000] [--baseline-models 200]
    python benchmarks/bench_inpca.py --scaling [--grid-models 100 200 400] [--grid-samples 1000 10000]

``--scaling``: time and tracemalloc peak across model and sample counts, for Gaussian and Bernoulli outputs, of the
chunked engine against the per-pair loop and, for Gaussian output (where ``D = ‖z_i − z_j‖²/(8σ²N)`` is a
squared Euclidean distance), against SciPy (``scipy.spatial.distance.pdist(..., "sqeuclidean")`` +
``scipy.linalg.eigh``).  SciPy has no Bhattacharyya metric for logits: a ``pdist`` callable would be the per-pair
loop again, so that cell is "n/a".  Eigenvalues are checked equal (to 1e-10 μ₁) before the times are reported.
"""
from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from verify.ribbon.inpca import inpca_of_logits, inpca_per_pair


def timed(fn):
    tracemalloc.start()
    t = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out, dt, peak


def scipy_gaussian(Z, sigma: float = 1.0):
    """Gaussian-output inPCA eigenvalues with SciPy: ``pdist`` squared Euclidean, double centring, ``eigh``."""
    import scipy.linalg
    from scipy.spatial.distance import pdist, squareform
    m, N = Z.shape[:2]
    D = squareform(pdist(Z.reshape(m, -1), "sqeuclidean")) / (8 * sigma ** 2 * N)
    r = D.mean(1)
    W = -0.5 * (D - r[:, None] - r[None, :] + r.mean())
    mu = scipy.linalg.eigh(W, eigvals_only=True)
    return mu[np.argsort(-np.abs(mu))]


def scaling(models, samples) -> list:
    """Rows ``(output, m, N, {route: (seconds, peak bytes)})`` with the routes checked equal first."""
    rows = []
    warm = np.zeros((3, 2, 1))
    scipy_gaussian(warm), inpca_of_logits(warm, "gaussian", np), inpca_per_pair(warm, "gaussian", np)  # imports
    for model in ("gaussian", "bernoulli"):
        for N in samples:
            for m in models:
                Z = 3 * np.random.default_rng(m + N).standard_normal((m, N, 1))
                res = {"chunked": timed(lambda: inpca_of_logits(Z, model, np)),
                       "per-pair": timed(lambda: inpca_per_pair(Z, model, np))}
                ref = res["chunked"][0].mu
                mus = {"per-pair": res["per-pair"][0].mu}
                if model == "gaussian":
                    res["scipy"] = timed(lambda: scipy_gaussian(Z))
                    mus["scipy"] = res["scipy"][0]
                for r, mu in mus.items():
                    err = float(np.max(np.abs(np.asarray(mu) - np.asarray(ref))) / abs(ref[0]))
                    if err > 1e-10:
                        raise SystemExit(f"{r} disagrees with the chunked engine ({model}, m={m}, N={N}): {err:.1e}")
                rows.append((model, m, N, {r: v[1:] for r, v in res.items()}))
                print(f"{model} m={m} N={N}: " + ", ".join(f"{r} {t:.3g} s" for r, (_, t, _) in res.items()),
                      flush=True)
    return rows


def scaling_table(rows) -> str:
    out = ["| output | models | samples | chunked | per-pair | SciPy | per-pair / chunked (time, memory) |",
           "|---|---|---|---|---|---|---|"]
    for model, m, N, r in rows:
        cell = lambda k: f"{r[k][0]:.3g} s, {r[k][1] / 2**20:.1f} MiB" if k in r else "n/a"  # noqa: E731
        ratio = f"×{r['per-pair'][0] / r['chunked'][0]:.1f}, ×{r['per-pair'][1] / r['chunked'][1]:.2f}"
        out.append(f"| {model} | {m} | {N} | {cell('chunked')} | {cell('per-pair')} | {cell('scipy')} | {ratio} |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scaling", action="store_true", help="grid over model and sample counts (see the docstring)")
    ap.add_argument("--grid-models", type=int, nargs="+", default=[100, 200, 400])
    ap.add_argument("--grid-samples", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--models", type=int, default=2000)
    ap.add_argument("--samples", type=int, default=10_000)
    ap.add_argument("--baseline-models", type=int, default=200)
    a = ap.parse_args()
    if a.scaling:
        print(scaling_table(scaling(a.grid_models, a.grid_samples)))
        return
    Z = 3 * np.random.default_rng(0).standard_normal((a.models, a.samples, 1))
    pairs = lambda m: m * (m - 1) / 2  # noqa: E731
    mb = a.baseline_models
    base, tb, pb = timed(lambda: inpca_per_pair(Z[:mb], "bernoulli", np))
    sub, ts, ps = timed(lambda: inpca_of_logits(Z[:mb], "bernoulli", np))
    full, tf, pf = timed(lambda: inpca_of_logits(Z, "bernoulli", np))
    agree = float(np.max(np.abs(base.mu - sub.mu)) / abs(base.mu[0]))
    print(f"baseline (per pair), {mb} models: {tb:.2f} s, peak {pb / 2**20:.1f} MiB -> scaled to {a.models}: "
          f"{tb * pairs(a.models) / pairs(mb):.0f} s")
    print(f"chunked, {mb} models: {ts:.2f} s, peak {ps / 2**20:.1f} MiB; eigenvalues agree with baseline to {agree:.1e}·mu_1")
    print(f"chunked, {a.models} models x {a.samples} samples: {tf:.1f} s, peak {pf / 2**20:.1f} MiB; "
          f"mu_1..3 = {full.mu[:3]}, ES_2 = {full.explained[2]:.6f}, time-like: {int(full.timelike.sum())}")


if __name__ == "__main__":
    main()
