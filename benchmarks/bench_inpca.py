"""Benchmark: Bernoulli distance matrix + inPCA for 2000 models x 10^4 samples (NumPy, float64).

Chunked engine (``verify.ribbon.inpca.inpca_of_logits``) against the per-pair baseline
(``inpca_per_pair``: Python double loop over pairs, each vectorised over samples) measured in the same run.
The full baseline (~2·10^6 pairs) is too slow, so it runs on the first ``--baseline-models`` models and is
scaled by the pair count m(m−1)/2.  Peak memory: ``tracemalloc`` (NumPy allocations are traced).

    python benchmarks/bench_inpca.py [--models 2000] [--samples 10000] [--baseline-models 200]
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", type=int, default=2000)
    ap.add_argument("--samples", type=int, default=10_000)
    ap.add_argument("--baseline-models", type=int, default=200)
    a = ap.parse_args()
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
