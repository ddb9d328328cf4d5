"""All benchmarks in one run, with one table of ratios (every ratio is measured in this process tree, this run).

    python -m benchmarks.run [--quick] [--write]

1. FIM statistics of a random MLP (L = 3, C = 10, T = 256): dual Gram vs ``torch.func`` J Jᵀ and the explicit
   P × P FIM (``bench_fim_torch``); full run: widths 64–1024, ``--quick``: 32–256.
2. inPCA, the issue-13 targets (``bench_inpca``): Gaussian Gram route vs SciPy ``pdist`` + ``eigh`` at 2000 × 10⁴;
   Bernoulli fused / chunked routes vs NumPy's single-core pair terms at 300 × 10⁴; Bernoulli 2000 × 10⁴ time and
   memory.  Best of 2 interleaved runs (``--quick``) or 3.
3. High precision: tanh order parameters at 30 and 50 digits; one 2-D expectation, lattice rule vs nested
   adaptive ``mpmath.quad`` (``bench_hp_tanh``).
4. The quick verification profile's wall time (``sloppy verify --profile quick``) in a subprocess.

Needs the ``bench`` extra (PyTorch, CPU build): ``pip install .[bench]``.  ``--write`` stores the table in
``benchmarks/RESULTS_run.md`` with the machine, date and versions.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from . import bench_fim_torch, bench_hp_tanh, bench_inpca


def _fim(quick: bool) -> list:
    a = bench_fim_torch.parser().parse_args(["--widths", *map(str, (32, 64, 128, 256) if quick else (64, 256, 512, 1024))])
    rows = bench_fim_torch.collect(a)
    out = []
    for M, P, res in rows:
        d, t = res["dual"], res["torch"]
        if "time_s" not in t:
            out.append((f"FIM dual Gram vs torch.func J Jᵀ, M={M}", f"{d['time_s']:.3g} s", t["error"], "—"))
            continue
        out.append((f"FIM dual Gram vs torch.func J Jᵀ, M={M} (P={P:,}; {t['mode']})",
                    f"{d['time_s']:.3g} s, {d['peak_mib']:.0f} MiB", f"{t['time_s']:.3g} s, {t['peak_mib']:.0f} MiB",
                    f"time ×{t['time_s'] / d['time_s']:.0f}, memory ×{t['peak_mib'] / max(d['peak_mib'], 1):.0f}"))
        if "explicit" in res and "time_s" in res["explicit"]:
            e = res["explicit"]
            out.append((f"FIM dual Gram vs explicit P×P FIM, M={M}", f"{d['time_s']:.3g} s, {d['peak_mib']:.0f} MiB",
                        f"{e['time_s']:.3g} s, {e['peak_mib']:.0f} MiB",
                        f"time ×{e['time_s'] / d['time_s']:.0f}, memory ×{e['peak_mib'] / max(d['peak_mib'], 1):.0f}"))
    return out


def _inpca(quick: bool) -> list:
    return [(what, engine, base, f"{ratio} (target {target}: {'—' if met is None else ('met' if met else 'missed')})")
            for what, engine, base, ratio, target, met in bench_inpca.targets(2 if quick else 3)]


def _hp() -> list:
    r = bench_hp_tanh.measure(30)
    return [("tanh κ₁, κ₂, L = 5 (R4), 30 digits", f"{r['R4_dps30']:.2f} s", "target < 5 s", "—"),
            ("tanh κ₁, κ₂, L = 5 (R4), 50 digits", f"{r['R4_dps50']:.2f} s", "—", "—"),
            ("one 2-D tanh expectation, 30 digits: lattice rule vs nested mpmath.quad", f"{r['lattice']:.3f} s",
             f"{r['nested_quad']:.1f} s", f"time ×{r['nested_quad'] / r['lattice']:.0f}")]


def _quick_profile() -> list:
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, "-m", "sloppy_verifier.verify.cli", "verify", "--profile", "quick", "--out", tmp],
                             capture_output=True, text=True)
        dt = time.perf_counter() - t0
    last = (res.stdout.strip().splitlines() or [""])[-1]
    return [("sloppy verify --profile quick (wall time)", f"{dt / 60:.1f} min (exit {res.returncode})", last[:80], "—")]


def main():
    ap = argparse.ArgumentParser(description="all benchmarks, one table of ratios")
    ap.add_argument("--quick", action="store_true", help="smaller sizes (a few minutes)")
    ap.add_argument("--write", action="store_true", help="write benchmarks/RESULTS_run.md")
    a = ap.parse_args()
    try:
        import torch
        torch_line = f"PyTorch {torch.__version__} ({torch.get_num_threads()} threads)"
    except ImportError:  # the FIM rows compare against torch.func: the `bench` extra
        torch, torch_line = None, "PyTorch not installed (FIM rows skipped: pip install '.[bench]')"
        print(f"benchmarks.run: {torch_line}", file=sys.stderr)
    load = os.getloadavg()[0]
    rows = (_fim(a.quick) if torch else []) + _inpca(a.quick) + _hp() + _quick_profile()
    from sloppy_verifier.verify.backend import _cpu_name
    head = [f"# All benchmarks (`python -m benchmarks.run{' --quick' if a.quick else ''}`)", "",
            f"{_cpu_name()}, {os.cpu_count()} cores, no GPU; Python {platform.python_version()}, NumPy {np.__version__} "
            f"(1 OpenBLAS thread), {torch_line}; "
            f"{time.strftime('%Y-%m-%d %H:%M')}; load average before the run {load:.2f}.", "",
            "| what | this project | baseline | ratio (baseline / project) |", "|---|---|---|---|"]
    text = "\n".join(head + [f"| {w} | {o} | {b} | {r} |" for w, o, b, r in rows]) + "\n"
    print(text)
    if a.write:
        Path(__file__).with_name("RESULTS_run.md").write_text(text)


if __name__ == "__main__":
    main()
