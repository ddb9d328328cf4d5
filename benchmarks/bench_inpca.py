"""Benchmark: the inPCA engine against its baselines, measured in one run (issue 13 targets).

    python -m benchmarks.bench_inpca [--repeats 3] [--write]     # the target table (a few minutes)
    python -m benchmarks.bench_inpca --scaling [--grid-models 100 200] [--grid-samples 1000 10000]

Targets (ratios measured in the same process, routes interleaved, best of ``--repeats``):

* Gaussian output, 2000 models × 10⁴ samples: the engine (``inpca_of_logits``: Gram
  route, the ``TOP`` leading eigenpairs) against SciPy (``pdist(..., "sqeuclidean")``, double centring,
  ``scipy.linalg.eigh(eigvals_only=True)``): ≥ 2× faster.  The full-spectrum engine is timed too.
* Bernoulli output, 300 × 10⁴: the engine (``route="auto"``: fused Numba kernel when Numba is installed, on all
  cores) against NumPy's own single-core evaluation of the same pair-sample terms (``numpy_pair_terms``: per model
  ``i`` one vectorised ``½lc(z_i/2) + ½lc(z_j/2) − lc((z_i + z_j)/4)`` over all ``j ≥ i`` and samples): ≤ 0.75×.
  The NumPy-only route (``chunked``, all cores) and the float32 option are timed too.
* Bernoulli output, 2000 × 10⁴: ≤ 60 s, peak memory ≤ 1 GiB (one run).

Before any timing the routes are checked equal: distance matrices within the written round-off bound
(``roundoff_bound``, twice: both sides carry it) of the current engine's log-partition route, eigenvalues to
``1e-10 μ_1`` (Gaussian, against SciPy; Bernoulli 2000 × 10⁴ on its first 300 models).  Peak memory: the
process's resident high-water mark (``VmHWM``, reset before each route through ``/proc/self/clear_refs``), minus
the resident size before it; it includes the compiled kernel's own allocations, which ``tracemalloc`` misses.
"""
from __future__ import annotations

import argparse
import math
import os
import platform
import time
from pathlib import Path

import numpy as np

from sloppy_verifier.verify.ribbon import bhattacharyya as bh
from sloppy_verifier.verify.ribbon.bhattacharyya import LOG2, distance_matrix, roundoff_bound
from sloppy_verifier.verify.ribbon.inpca import inpca, inpca_of_logits, inpca_per_pair

TOP = 10


def _status(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def timed(fn):
    """``(result, seconds, peak bytes above the resident size at the start)``."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")                          # reset VmHWM to the current resident size
    except OSError:
        pass
    base = _status("VmRSS")
    t = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t
    return out, dt, max(0, _status("VmHWM") - base)


def best(routes: dict, repeats: int) -> dict:
    """Route name -> (last result, best time, largest peak), the routes interleaved ``repeats`` times."""
    res = {}
    for _ in range(repeats):
        for name, fn in routes.items():
            out, dt, peak = timed(fn)
            t0, p0 = res.get(name, (None, math.inf, 0))[1:]
            res[name] = (out, min(t0, dt), max(p0, peak))
    return res


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


def numpy_pair_terms(Z):
    """``D`` of Bernoulli logits ``Z`` (m, N, 1) by NumPy alone on one core: per model ``i``, the log-cosh terms of
    every pair ``(i, j ≥ i)`` and sample in one vectorised expression (the baseline of the Bernoulli target)."""
    z = Z[:, :, 0]
    m, N = z.shape
    lc = lambda x: np.abs(x) + np.log1p(np.exp(-2 * np.abs(x))) - LOG2  # noqa: E731
    half = 0.5 * lc(0.5 * z)
    D = np.zeros((m, m))
    for i in range(m):
        D[i, i:] = np.mean(half[i] + half[i:] - lc(0.25 * (z[i] + z[i:])), axis=1)
    D = D + np.triu(D, 1).T
    np.fill_diagonal(D, 0.0)
    return D


def _agree_distances(D, ref, Z, what):
    err = float(np.max(np.abs(D - ref) / (2 * roundoff_bound(Z, np))))
    if err > 1:
        raise SystemExit(f"{what}: distances differ from the current engine's beyond round-off ({err:.2f} x bound)")
    return float(np.max(np.abs(D - ref)))


def _agree_mu(mu, ref, what, n=TOP):
    err = float(np.max(np.abs(np.asarray(mu)[:n] - np.asarray(ref)[:n])) / abs(float(ref[0])))
    if err > 1e-10:
        raise SystemExit(f"{what}: eigenvalues differ by {err:.1e} mu_1")
    return err


def targets(repeats: int = 3, log=print) -> list:
    """Rows ``(what, engine, baseline, ratio, target, met)``; raises SystemExit when routes disagree."""
    rows = []
    fused = bh.fused_kernel() is not None
    # ---- Gaussian: Gram route vs SciPy
    m, N = 2000, 10_000
    Z = 3 * np.random.default_rng(1).standard_normal((m, N, 1))
    warm = Z[:20, :50]
    scipy_gaussian(warm), inpca_of_logits(warm, "gaussian", np, top=3)          # imports, BLAS warm-up
    r = best({"gram, top 10": lambda: inpca_of_logits(Z, "gaussian", np, top=TOP),
              "gram, full": lambda: inpca_of_logits(Z, "gaussian", np),
              "scipy": lambda: scipy_gaussian(Z)}, repeats)
    e1 = _agree_mu(r["gram, top 10"][0].mu, r["scipy"][0], "Gaussian top-10 vs SciPy")
    e2 = _agree_mu(r["gram, full"][0].mu, r["scipy"][0], "Gaussian full vs SciPy", n=m)
    ts = r["scipy"][1]
    log(f"Gaussian {m}x{N}: top-10 {r['gram, top 10'][1]:.2f} s, full {r['gram, full'][1]:.2f} s, "
        f"SciPy {ts:.2f} s (eigenvalues agree to {max(e1, e2):.1e} mu_1)")
    for name in ("gram, top 10", "gram, full"):
        t, p = r[name][1:]
        rows.append((f"inPCA Gaussian {m} × {N:,}: engine ({name}) vs SciPy pdist + eigh", f"{t:.2f} s, {p / 2**20:.0f} MiB",
                     f"{ts:.2f} s, {r['scipy'][2] / 2**20:.0f} MiB", f"×{ts / t:.1f} faster", "≥ 2×", ts / t >= 2))
    # ---- Bernoulli 300 x 10^4: engine vs NumPy single-core pair terms
    m, N = 300, 10_000
    Z = 3 * np.random.default_rng(2).standard_normal((m, N, 1))
    distance_matrix(Z[:20, :50], "bernoulli", np)                            # compile the fused kernel (cached)
    ref = distance_matrix(Z, "bernoulli", np, route="log-partition", workers=1)  # the current engine
    routes = {"numpy pair terms": lambda: numpy_pair_terms(Z),
              "chunked": lambda: distance_matrix(Z, "bernoulli", np, route="chunked"),
              "chunked float32": lambda: distance_matrix(Z, "bernoulli", np, route="chunked", precision="float32")}
    if fused:
        routes |= {"fused": lambda: distance_matrix(Z, "bernoulli", np, route="fused"),
                   "fused float32": lambda: distance_matrix(Z, "bernoulli", np, route="fused", precision="float32")}
    r = best(routes, repeats)
    for name in routes:
        if "float32" not in name:
            _agree_distances(r[name][0], ref, Z, f"Bernoulli {name}")
    tb = r["numpy pair terms"][1]
    for name in routes:
        if name == "numpy pair terms":
            continue
        t, p = r[name][1:]
        err = float(np.max(np.abs(r[name][0] - ref)) / np.max(ref))
        note = f"; max ΔD / max D = {err:.1e}" if "float32" in name else ""
        rows.append((f"Bernoulli D, 300 × 10⁴: {name} ({bh._workers(None, np)} threads{note}) vs NumPy pair terms, 1 core",
                     f"{t:.2f} s, {p / 2**20:.0f} MiB", f"{tb:.2f} s", f"×{t / tb:.2f} of the time",
                     "≤ 0.75×" if name == "fused" else "—", t / tb <= 0.75 if name == "fused" else None))
    log("Bernoulli 300x10^4: " + ", ".join(f"{k} {v[1]:.2f} s" for k, v in r.items()))
    # ---- Bernoulli 2000 x 10^4: one run of the engine, inPCA included
    m = 2000
    Z = 3 * np.random.default_rng(3).standard_normal((m, N, 1))
    sub = inpca(distance_matrix(Z[:300], "bernoulli", np, route="log-partition"), np)
    res, t, p = timed(lambda: inpca_of_logits(Z, "bernoulli", np, top=TOP))
    sub_new = inpca_of_logits(Z[:300], "bernoulli", np, top=TOP)
    _agree_mu(sub_new.mu, sub.mu, "Bernoulli 300-model subset vs the current engine")
    route = bh.choose_route(Z, "bernoulli", np)
    log(f"Bernoulli {m}x{N} ({route}): {t:.1f} s, peak {p / 2**20:.0f} MiB")
    rows.append((f"inPCA Bernoulli 2000 × 10⁴ ({route} route, top 10)", f"{t:.1f} s, {p / 2**20:.0f} MiB",
                 "629 s before (RESULTS_inpca.md, other machine state)", "—", "≤ 60 s, ≤ 1 GiB",
                 t <= 60 and p <= 2**30))
    return rows


def table(rows) -> str:
    out = ["| what | engine | baseline | ratio | target | met |", "|---|---|---|---|---|---|"]
    for what, e, b, ratio, target, met in rows:
        out.append(f"| {what} | {e} | {b} | {ratio} | {target} | {'—' if met is None else ('yes' if met else '**no**')} |")
    return "\n".join(out)


def scaling(models, samples) -> list:
    """Rows ``(output, m, N, {route: (seconds, peak bytes)})``, the engine against the per-pair loop (and SciPy for
    Gaussian output), eigenvalues checked equal (to 1e-10 μ₁) first."""
    rows = []
    for model in ("gaussian", "bernoulli"):
        for N in samples:
            for m in models:
                Z = 3 * np.random.default_rng(m + N).standard_normal((m, N, 1))
                routes = {"engine": lambda: inpca_of_logits(Z, model, np), "per-pair": lambda: inpca_per_pair(Z, model, np)}
                if model == "gaussian":
                    routes["scipy"] = lambda: scipy_gaussian(Z)
                res = best(routes, 1)
                ref = res["engine"][0].mu
                _agree_mu(res["per-pair"][0].mu, ref, f"per-pair ({model}, {m}, {N})", n=m)
                if "scipy" in res:
                    _agree_mu(res["scipy"][0], ref, f"scipy ({model}, {m}, {N})", n=m)
                rows.append((model, m, N, {k: v[1:] for k, v in res.items()}))
                print(f"{model} m={m} N={N}: " + ", ".join(f"{k} {v[1]:.3g} s" for k, v in res.items()), flush=True)
    return rows


def header(command: str) -> str:
    from sloppy_verifier.verify.backend import _cpu_name
    try:
        import numba
        nb = f"Numba {numba.__version__}"
    except ImportError:
        nb = "no Numba (fused route unavailable)"
    return (f"# inPCA engine benchmark (`{command}`)\n\n{_cpu_name()} (`lscpu` model name), {os.cpu_count()} cores, no GPU; "
            f"Python {platform.python_version()}, NumPy {np.__version__} (1 OpenBLAS thread per caller), {nb}; "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average before the run "
            f"{os.getloadavg()[0]:.2f}.\n")


NOTES = """
- Every ratio is measured in this run, the routes interleaved, best of the repeats; the 2 cores were shared with
  other jobs (see the load average), so absolute times are upper bounds and vary between runs.
- "NumPy pair terms": ``numpy_pair_terms``, one vectorised NumPy expression per model over all later models and all
  samples, one core: the work the old engine did, without its blocking.  "chunked": the square-root-probability route
  in NumPy on all cores (no Numba).  "fused": the Numba kernel (``pip install .[fast]``), all cores.
- Checked before timing: every float64 distance matrix within twice the written round-off bound of the log-partition
  route (the previous engine); eigenvalues to 1e-10 μ₁ (Gaussian against SciPy; Bernoulli 2000 × 10⁴ on its first
  300 models against the previous engine).
- Peak memory: resident high-water mark above the resident size before the route (the logits are allocated before).
- GPU (CuPy) times: unmeasured, no GPU was lent; ``python -m benchmarks.device`` measures them.
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="write benchmarks/RESULTS_inpca.md")
    ap.add_argument("--scaling", action="store_true", help="grid over model and sample counts (see the docstring)")
    ap.add_argument("--grid-models", type=int, nargs="+", default=[100, 200])
    ap.add_argument("--grid-samples", type=int, nargs="+", default=[1000, 10000])
    a = ap.parse_args()
    if a.scaling:
        for row in scaling(a.grid_models, a.grid_samples):
            print(row)
        return
    head = header(f"python -m benchmarks.bench_inpca --repeats {a.repeats}")
    text = head + "\n" + table(targets(a.repeats)) + "\n" + NOTES
    print(text)
    if a.write:
        Path(__file__).with_name("RESULTS_inpca.md").write_text(text)


if __name__ == "__main__":
    main()
