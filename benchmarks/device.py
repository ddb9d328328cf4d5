"""One-command device check (issue 13): ``python -m benchmarks.device [--out DIR] [--budget-s 450]``.

On a machine with CuPy and an NVIDIA GPU, in this order, each step under its own time limit so that the whole
check ends inside ``--budget-s`` (default 450 s, under the 8-minute bound on an H100/H200):

1. the GPU tests (``pytest -m gpu``);
2. the CuPy-vs-NumPy agreement checks: ``tests/test_standin.py`` with ``SLOPPY_DEVICE_BACKEND=cupy`` (every
   simulation, inPCA, trajectory, sweep and dual-Gram function on CuPy against NumPy on the same host inputs);
3. the width-16384 dual Gram (L = 4, C = 10, T = 2048), float64, with its fraction of the card's FP64 peak from
   the flop count of the roofline in ``benchmarks/RESULTS.md`` (``dual_gram_flops``);
4. Bernoulli inPCA of 2000 models × 10⁴ samples (target < 1 s), checked against the host engine on its first
   300 models;
5. the thorough sweep's heaviest point (largest ``T``; Bernoulli at every logit scale for every seed), in timed
   stages (``sweep_step``), stopped at the budget if it runs longer (the stages reached are reported).

Results (device name, versions, numbers, the pass/fail of each step) go to ``DIR/RESULTS_device.md`` and
``DIR/device.json`` (default ``benchmarks/``).  Without CuPy or a GPU it says so in one line and exits 2.
``--dry-run`` runs steps 3–5 on NumPy at toy sizes (to test the script itself without a device).

Needs only the device image's packages: CuPy, NumPy, SciPy, SymPy, mpmath, pytest, Hypothesis (missing ones are
named; carry them as wheels).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
#: FP64 peak (tensor core, dense) by device-name fragment, TFLOP/s, from NVIDIA's data sheets
FP64_PEAK_TFLOPS = (("H200", 67.0), ("H100 PCIe", 51.0), ("H100 NVL", 60.0), ("H100", 67.0), ("GH200", 67.0),
                    ("A100", 19.5), ("V100", 7.8))
NEEDED = ("numpy", "scipy", "sympy", "mpmath", "pytest", "hypothesis")


def dual_gram_flops(M: int, L: int, C: int, T: int) -> float:
    """Flops of ``dual_gram`` for ``L`` weight layers of width ``M`` (RESULTS.md roofline): forward
    ``2TM²(L−1)``, backward ``2CTM²(L−2)``, the products ``Δ_l Δ_lᵀ`` ``2(CT)²M(L−1)``."""
    return 2.0 * T * M * M * (L - 1) + 2.0 * C * T * M * M * (L - 2) + 2.0 * (C * T) ** 2 * M * (L - 1)


def fp64_peak(name: str) -> float | None:
    """The card's FP64 peak in FLOP/s, or None for an unknown card."""
    return next((tf * 1e12 for key, tf in FP64_PEAK_TFLOPS if key in name), None)


class StepTimeout(Exception):
    pass


@contextmanager
def limit(seconds: float):
    """Raise ``StepTimeout`` in the block after ``seconds`` (SIGALRM; main thread)."""
    def handler(signum, frame):
        raise StepTimeout(f"stopped after {seconds:.0f} s")
    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, max(1.0, seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def pytest_step(args: list[str], env: dict, timeout: float) -> dict:
    t0 = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=ROOT,
                           env=os.environ | env, capture_output=True, text=True, timeout=timeout)
        lines = (p.stdout + p.stderr).strip().splitlines()
        return {"ok": p.returncode == 0, "rc": p.returncode, "summary": lines[-1] if lines else "",
                "failures": [l for l in lines if l.startswith(("FAILED", "ERROR"))][:20],
                "seconds": round(time.perf_counter() - t0, 1)}
    except subprocess.TimeoutExpired:
        return {"ok": False, "rc": None, "summary": f"timed out after {timeout:.0f} s", "failures": [],
                "seconds": round(time.perf_counter() - t0, 1)}


def sync(be):
    if be.gpu:
        be.xp.cuda.Device().synchronize()


def dual_gram_step(be, M: int, L: int, C: int, T: int, repeats: int = 2) -> dict:
    from sloppy_verifier.verify.simulate import NetSpec, dual_gram, sample
    spec = NetSpec("tanh", 3.0, 0.64)
    net, X = sample(spec, (min(M, 256),) * L, C, min(T, 64), 1, be)
    dual_gram(net, X)                                                   # warm-up: cuBLAS handles, kernels
    t0 = time.perf_counter()
    net, X = sample(spec, (M,) * L, C, T, 1000 * M, be)
    sync(be)
    t_sample = time.perf_counter() - t0
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        F = dual_gram(net, X)
        sync(be)
        times.append(time.perf_counter() - t0)
    tr = float(be.xp.trace(F))
    del F
    flops = dual_gram_flops(M, L, C, T)
    peak = fp64_peak(be.device_name)
    best = min(times)
    return {"M": M, "L": L, "C": C, "T": T, "seconds": [round(t, 3) for t in times], "sample_seconds": round(t_sample, 1),
            "flops": flops, "tflops": flops / best / 1e12, "fp64_peak_tflops": peak / 1e12 if peak else None,
            "fraction_of_peak": flops / best / peak if peak else None, "trace": tr}


def inpca_step(be, m: int, N: int, check: int = 300) -> dict:
    from sloppy_verifier.verify.ribbon.bhattacharyya import distance_matrix
    from sloppy_verifier.verify.ribbon.inpca import inpca, inpca_of_logits
    Z = 3 * np.random.default_rng(3).standard_normal((m, N, 1))
    inpca_of_logits(be.asarray(Z[:64, :100]), "bernoulli", be.xp, top=10)            # warm-up (kernels)
    Zd = be.asarray(Z)
    sync(be)
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        res = inpca_of_logits(Zd, "bernoulli", be.xp, top=10)
        sync(be)
        times.append(time.perf_counter() - t0)
    k = min(check, m)
    host = inpca(distance_matrix(Z[:k], "bernoulli", np), np, top=10)
    dev = inpca_of_logits(be.asarray(Z[:k]), "bernoulli", be.xp, top=10)
    err = float(np.max(np.abs(be.to_host(dev.mu) - host.mu)) / abs(host.mu[0]))
    return {"m": m, "N": N, "seconds": [round(t, 3) for t in times], "target_s": 1.0, "met": min(times) < 1.0,
            "mu_1": float(be.to_host(res.mu)[0]), f"agreement_{k}_models_mu1": err, "agree": err < 1e-10}


def sweep_step(be, settings, results: dict) -> dict:
    """The heaviest point of ``settings`` (largest ``T``, middle ρ) in stages, each recorded as it ends (so a
    stage cut off by the time limit leaves the earlier ones): host setup, the seeds' ensembles, the Gaussian
    ``ES_k`` of every seed, one Bernoulli ``ES_k`` (seed 0, first scale), then the whole point."""
    from sloppy_verifier.verify.ribbon import sweep
    s = sweep.validate(settings)
    c, T, rho = s.c[0], max(s.T), s.rho[len(s.rho) // 2]
    out = results.setdefault("sweep_point", {}) | {"c": c, "T": T, "rho": rho}
    results["sweep_point"] = out

    def stage(name, fn):
        t0 = time.perf_counter()
        val = fn()
        sync(be)
        out[name + "_seconds"] = round(time.perf_counter() - t0, 2)
        return val

    g = stage("host_setup", lambda: sweep.Group(s, c, T, be.xp))
    out |= {"seeds": s.seeds, "scales": len(s.scales), "bernoulli_models_per_matrix": g.bern_runs * (T + 1)}
    ens = stage("ensembles", lambda: g.ensembles)
    stage("gaussian_all_seeds", lambda: [e.gaussian_es(rho, s.k) for e in ens])
    if g.bern_runs >= 2:
        stage("one_bernoulli_es", lambda: ens[0].bernoulli_es(rho, s.k, s.scales[0], g.bern_runs))
    rec = stage("whole_point", lambda: g.point(rho))
    return out | {"gaussian_mean_es": rec["gaussian"]["mean"], "bernoulli_mean_es": [b["mean"] for b in rec["bernoulli"]]}


def run_step(results: dict, name: str, seconds: float, fn):
    t0 = time.perf_counter()
    try:
        with limit(seconds):
            results[name] = fn() | {"ok": True}
    except StepTimeout as exc:
        results[name] = results.get(name, {}) | {"ok": False, "error": str(exc)}
    except Exception as exc:                                    # recorded, the other steps still run
        results[name] = results.get(name, {}) | {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:500]}
    results[name]["wall_s"] = round(time.perf_counter() - t0, 1)
    print(f"device: {name}: {json.dumps(results[name], default=str)[:400]}", flush=True)


def report(results: dict) -> str:
    env = results["environment"]
    lines = ["# Device check (`python -m benchmarks.device`)", "",
             f"{env['device']}; CuPy {env.get('cupy')}, CUDA runtime {env.get('cuda_runtime')}, NumPy {env['numpy']}, "
             f"Python {env['python']}; {env['date']}; wall time {results['wall_s']:.0f} s (budget {results['budget_s']:.0f} s).", "",
             "| step | result | numbers |", "|---|---|---|"]
    for name in ("gpu_tests", "agreement", "dual_gram", "inpca", "sweep_point"):
        r = results.get(name)
        if r is None:
            lines.append(f"| {name} | not run | — |")
            continue
        ok = "pass" if r.get("ok") else "**fail**"
        if "summary" in r:
            nums = r["summary"] + ("; " + "; ".join(r["failures"]) if r.get("failures") else "")
        elif "error" in r and name != "sweep_point":
            nums = r["error"]
        elif name == "dual_gram":
            frac = "unknown peak" if r["fraction_of_peak"] is None else f"{100 * r['fraction_of_peak']:.0f}% of FP64 peak"
            nums = (f"M = {r['M']}, L = {r['L']}, C = {r['C']}, T = {r['T']}: {min(r['seconds']):.2f} s, "
                    f"{r['tflops']:.1f} TFLOP/s ({r['flops']:.2e} flops), {frac}")
        elif name == "inpca":
            nums = (f"{r['m']} × {r['N']:,} Bernoulli: {min(r['seconds']):.3f} s (target < 1 s: "
                    f"{'met' if r['met'] else 'missed'}); agrees with the host engine: {r['agree']}")
        else:
            stages = ", ".join(f"{k[:-8].replace('_', ' ')} {v} s" for k, v in r.items() if k.endswith("_seconds"))
            nums = (f"c = {r.get('c')}, T = {r.get('T')}, ρ = {r.get('rho')}, {r.get('seeds')} seeds × {r.get('scales')} "
                    f"scales, {r.get('bernoulli_models_per_matrix')} models per Bernoulli matrix: {stages}"
                    + (f"; {r['error']}" if "error" in r else ""))
        lines.append(f"| {name} | {ok} ({r.get('wall_s', r.get('seconds'))} s) | {nums} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="GPU tests, agreement checks and device benchmarks in one run")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks", help="folder for RESULTS_device.md and device.json")
    ap.add_argument("--budget-s", type=float, default=450.0, help="wall-time budget for all steps (seconds)")
    ap.add_argument("--dry-run", action="store_true", help="NumPy, toy sizes, no tests: checks the script itself")
    a = ap.parse_args(argv)
    start = time.perf_counter()
    missing = [m for m in NEEDED if importlib.util.find_spec(m) is None]
    if missing:
        print(f"device: missing packages {', '.join(missing)}: carry them as wheels (benchmarks/device.py docstring)")
        return 2
    from sloppy_verifier.verify.backend import get_backend
    from sloppy_verifier.verify.ribbon import sweep
    if a.dry_run:
        be = get_backend("numpy")
    else:
        try:
            be = get_backend("cupy")
        except ValueError as exc:
            print(f"device: {exc}; this check needs CuPy and an NVIDIA GPU (targets stay unmeasured)")
            return 2
    env = {"device": be.device_name, "backend": be.name, "numpy": np.__version__, "python": platform.python_version(),
           "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    if be.gpu:
        env |= {"cupy": be.xp.__version__, "cuda_runtime": be.xp.cuda.runtime.runtimeGetVersion()}
    results = {"environment": env, "budget_s": a.budget_s}
    left = lambda: a.budget_s - (time.perf_counter() - start)  # noqa: E731
    if not a.dry_run:
        results["gpu_tests"] = pytest_step(["-m", "gpu", "tests"], {},
                                           min(150.0, 0.3 * left()))
        print(f"device: gpu_tests: {results['gpu_tests']['summary']}", flush=True)
        results["agreement"] = pytest_step(["tests/test_standin.py"], {"SLOPPY_DEVICE_BACKEND": "cupy"},
                                           min(90.0, 0.3 * left()))
        print(f"device: agreement: {results['agreement']['summary']}", flush=True)
        sizes = dict(dual=(16384, 4, 10, 2048), inpca=(2000, 10_000), sweep=sweep.PRESETS["thorough"])
    else:
        sizes = dict(dual=(64, 4, 3, 16), inpca=(60, 200),
                     sweep=sweep.Settings(c=(1.0,), rho=(0.5, 2.0), T=(1, 3), d=6, N=12, M=4, seeds=2, scales=(0.5,),
                                          bern_M=3, bern_max_models=20))
    run_step(results, "dual_gram", min(120.0, 0.4 * left()), lambda: dual_gram_step(be, *sizes["dual"]))
    run_step(results, "inpca", min(60.0, 0.4 * left()), lambda: inpca_step(be, *sizes["inpca"]))
    run_step(results, "sweep_point", max(5.0, left() - 10), lambda: sweep_step(be, sizes["sweep"], results))
    results["wall_s"] = time.perf_counter() - start
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "device.json").write_text(json.dumps(results, indent=1, default=str) + "\n")
    text = report(results)
    (a.out / "RESULTS_device.md").write_text(text)
    print(text)
    return 0 if all(results[k].get("ok") for k in results if isinstance(results[k], dict) and "ok" in results[k]) else 1


if __name__ == "__main__":
    sys.exit(main())
