"""Benchmark: FIM dual Gram ``F* = J J^T / T`` of a random MLP — the project's layer-wise route against the routes a
user would otherwise take, same network, same inputs, float64, results checked equal before timing.

Routes (``L`` weight layers, widths ``M_0 = … = M_{L-1} = M``, ``C`` outputs, ``T`` inputs, ``P`` weights):

* ``dual``  — ``verify.simulate.dual_gram``: ``F* = (1/T) Σ_l (Δ_l Δ_lᵀ) ∘ (1_{C×C} ⊗ H_{l-1} H_{l-1}ᵀ)``,
  never forming ``J``: ``O(L (CT)² M)`` flops, ``O(CT max(M, CT))`` memory.
* ``torch`` — ``torch.func``: ``J = vmap(jacrev(f))`` over the inputs (the way curvlinops / nngeometry users build
  per-sample Jacobians), then ``J Jᵀ / T``.  When the full ``CT × P`` Jacobian would exceed ``--torch-budget-gib``
  it is built in row blocks of ``--torch-chunk`` inputs and ``F*`` is accumulated block pair by block pair
  (``J_a J_bᵀ``, recomputing ``J_b``): the only way that route fits in memory at large width.  The table says which.
* ``explicit`` — the ``P × P`` FIM ``F = Jᵀ J / T`` (from the torch Jacobian) and its nonzero spectrum, where
  ``P²`` doubles fit in ``--explicit-budget-gib``; its top ``CT`` eigenvalues must equal those of ``F*``.

Memory: each (route, width) runs in a fresh child process, warmed up on a 4-wide network; the figure is the peak
resident set size during the route (``VmHWM``, reset through ``/proc/self/clear_refs``) minus the resident size just
before it, so NumPy and PyTorch allocations are
measured alike.  Time: wall clock of the route, median of ``--repeat`` runs (one run for routes over 60 s).
Threads: NumPy uses the project default (one OpenBLAS thread, ``verify/__init__.py``); PyTorch its default
(``torch.get_num_threads()``), which favours the baseline.

    python -m benchmarks.bench_fim_torch [--widths 32 64 128 256 512 1024] [--L 3] [--C 10] [--T 256] [--write]

PyTorch is a benchmark-only optional extra (``pip install .[bench]``); nothing in ``theory/`` or ``verify/``
imports it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from sloppy_verifier.verify.simulate import NetSpec, dual_gram, param_count, sample

SPEC = NetSpec("tanh", 3.0, 0.64)            # config A of spec/fisher.md (tanh, sigma_w^2 = 3, sigma_b^2 = 0.64)


def _rss_mib() -> float:
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith("VmRSS")) / 1024


def _reset_peak() -> None:
    """Reset the kernel's resident high-water mark (``VmHWM``) of this process (``clear_refs`` value 5)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def _peak_mib() -> float:
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) for l in fh if l.startswith("VmHWM")) / 1024


def network(M: int, L: int, C: int, T: int):
    """The benchmark network and inputs on the host (``default_rng(1000 M)``, spec §2.2 draw order)."""
    return sample(SPEC, (M,) * L, C, T, 1000 * M)


# ---------------------------------------------------------------- the torch routes
def _torch_model(net):
    import torch
    phi = torch.tanh
    b = [torch.as_tensor(np.asarray(v)) for v in net.b]

    def f(Ws, x):                                   # one input x (M_0,) -> logits (C,)
        h = x
        for l, W in enumerate(Ws):
            u = W @ h + b[l]
            h = phi(u) if l < len(Ws) - 1 else u
        return h
    return f


def _jacobian_rows(net, X, lo: int, hi: int):
    """Rows ``(k, t)``, ``t ∈ [lo, hi)``, of ``J`` by ``vmap(jacrev)``: a ``C(hi-lo) × P`` tensor, ``k``-major."""
    import torch
    from torch.func import jacrev, vmap
    Ws = tuple(torch.as_tensor(np.asarray(W)) for W in net.W)
    x = torch.as_tensor(np.asarray(X[lo:hi]))
    jac = vmap(jacrev(_torch_model(net)), in_dims=(None, 0))(Ws, x)      # per layer: (t, C, M_l, M_{l-1})
    J = torch.cat([j.reshape(j.shape[0], j.shape[1], -1) for j in jac], dim=2)   # (t, C, P)
    return J.permute(1, 0, 2).reshape(-1, J.shape[2])


def torch_dual(net, X, budget_gib: float, chunk: int):
    """``F* = J Jᵀ / T`` through ``torch.func``; block pairs when ``J`` exceeds the budget.  Returns (F*, mode)."""
    import torch
    C, T = net.C, X.shape[0]
    P = sum(int(np.prod(W.shape)) for W in net.W)
    if C * T * P * 8 <= budget_gib * 2**30:
        J = _jacobian_rows(net, X, 0, T)
        return (J @ J.T / T).numpy(), "full J"
    blocks = [(lo, min(T, lo + chunk)) for lo in range(0, T, chunk)]
    F = torch.zeros((C, T, C, T), dtype=torch.float64)
    for i, (a0, a1) in enumerate(blocks):
        Ja = _jacobian_rows(net, X, a0, a1).reshape(C, a1 - a0, -1)
        for b0, b1 in blocks[i:]:
            Jb = Ja if b0 == a0 else _jacobian_rows(net, X, b0, b1).reshape(C, b1 - b0, -1)
            G = torch.einsum("kap,lbp->kalb", Ja, Jb) / T
            F[:, a0:a1, :, b0:b1] = G
            F[:, b0:b1, :, a0:a1] = G.permute(2, 3, 0, 1)
    return F.reshape(C * T, C * T).numpy(), f"row blocks of {chunk} inputs (J would need {C * T * P * 8 / 2**30:.0f} GiB)"


def explicit_fim_top(net, X):
    """Top ``CT`` eigenvalues of the ``P × P`` FIM ``F = Jᵀ J / T`` (torch Jacobian, NumPy ``eigvalsh``)."""
    J = _jacobian_rows(net, X, 0, X.shape[0]).numpy()
    F = J.T @ J / X.shape[0]
    del J
    return np.linalg.eigvalsh(F)[::-1][: net.C * X.shape[0]]


# ---------------------------------------------------------------- one measurement (child process)
def measure(route: str, M: int, L: int, C: int, T: int, repeat: int, budget: float, chunk: int) -> dict:
    net, X = network(M, L, C, T)
    if route != "dual":
        import torch
        torch.set_default_dtype(torch.float64)
    run = {"dual": lambda: (dual_gram(net, X), "layer-wise"),
           "torch": lambda: torch_dual(net, X, budget, chunk),
           "explicit": lambda: (explicit_fim_top(net, X), "P x P eigvalsh")}[route]
    warm = network(4, L, C, 2)
    {"dual": lambda: dual_gram(*warm), "torch": lambda: torch_dual(*warm, budget, chunk),
     "explicit": lambda: explicit_fim_top(*warm)}[route]()          # imports, vmap tracing, BLAS start-up
    _reset_peak()
    before = _rss_mib()
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out, mode = run()
        times.append(time.perf_counter() - t0)
        if times[-1] > 60:
            break
    peak = _peak_mib() - before
    eig = np.linalg.eigvalsh(out)[::-1] if out.ndim == 2 else out
    return {"route": route, "M": M, "time_s": float(np.median(times)), "runs": len(times), "peak_mib": peak,
            "mode": mode, "eig_top": eig[:C * T].tolist(), "F_diag": (np.diag(out).tolist() if out.ndim == 2 else None)}


def _child(route, M, a) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.bench_fim_torch", "--child", route, str(M), "--L", str(a.L), "--C", str(a.C),
           "--T", str(a.T), "--repeat", str(a.repeat), "--torch-budget-gib", str(a.torch_budget_gib),
           "--torch-chunk", str(a.torch_chunk)]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        return {"route": route, "M": M, "error": (res.stderr.strip().splitlines() or ["killed"])[-1][:200]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def _agree(a: dict, b: dict) -> float:
    ea, eb = np.array(a["eig_top"]), np.array(b["eig_top"])
    return float(np.max(np.abs(ea - eb)) / ea[0])


def collect(a) -> list:
    """``(M, P, {route: measurement})`` per width; every route's spectrum is checked against the dual Gram's."""
    rows = []
    for M in a.widths:
        P = param_count((M,) * a.L, a.C)
        res = {r: _child(r, M, a) for r in ("dual", "torch")}
        if P * P * 8 <= a.explicit_budget_gib * 2**30:
            res["explicit"] = _child("explicit", M, a)
        d = res["dual"]
        for r, v in res.items():
            if r == "dual" or "error" in v:
                continue
            v["agree"] = _agree(d, v)
            if v["agree"] > 1e-10:
                raise SystemExit(f"{r} disagrees with the dual Gram at M={M}: {v['agree']:.2e} of lambda_max")
        rows.append((M, P, res))
        print(f"M={M}: " + "; ".join(f"{r} {v.get('time_s', float('nan')):.3g} s, {v.get('peak_mib', float('nan')):.0f} MiB"
                                      for r, v in res.items()), file=sys.stderr, flush=True)
    return rows


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--widths", type=int, nargs="+", default=[32, 64, 128, 256, 512, 1024])
    ap.add_argument("--L", type=int, default=3)
    ap.add_argument("--C", type=int, default=10)
    ap.add_argument("--T", type=int, default=256)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--torch-budget-gib", type=float, default=6.0, help="largest full J the torch route may form")
    ap.add_argument("--torch-chunk", type=int, default=16, help="inputs per row block when J does not fit")
    ap.add_argument("--explicit-budget-gib", type=float, default=0.25, help="largest P x P FIM to form")
    ap.add_argument("--write", action="store_true", help="write benchmarks/RESULTS_fim_torch.md")
    ap.add_argument("--child", nargs=2, metavar=("ROUTE", "M"), help=argparse.SUPPRESS)
    return ap


def main():
    a = parser().parse_args()
    if a.child:
        print(json.dumps(measure(a.child[0], int(a.child[1]), a.L, a.C, a.T, a.repeat, a.torch_budget_gib,
                                 a.torch_chunk)))
        return
    import torch
    rows = collect(a)
    lines = ["# FIM dual Gram vs torch.func (`benchmarks/bench_fim_torch.py`)", "",
             f"- Machine: {_cpu()}, {os.cpu_count()} cores, no GPU; Python {platform.python_version()}, NumPy "
             f"{np.__version__} (1 OpenBLAS thread), PyTorch {torch.__version__} ({torch.get_num_threads()} threads);"
             f" {time.strftime('%Y-%m-%d')}; load average before the run {os.getloadavg()[0]:.2f}.",
             f"- Network: tanh(3, 0.64) (fisher config A), L={a.L}, widths M, C={a.C}, T={a.T}, float64, seed 1000*M.",
             "- Each cell: wall time (median of up to 3 runs) / peak added resident memory of a fresh process. "
             "Results checked equal before timing: top CT eigenvalues agree to the stated relative error.",
             f"- Command: `python -m benchmarks.bench_fim_torch --widths {' '.join(map(str, a.widths))} --L {a.L} --C {a.C} --T {a.T}`",
             "", "| M | P | dual Gram | torch.func J Jᵀ | time ratio | memory ratio | explicit P×P | agreement |",
             "|---|---|---|---|---|---|---|---|"]
    for M, P, res in rows:
        d, t, e = res["dual"], res["torch"], res.get("explicit")
        cell = lambda v: (f"{v['time_s']:.3g} s / {v['peak_mib']:.0f} MiB" if "time_s" in v  # noqa: E731
                          else f"failed: {v['error']}")
        ratio = (f"×{t['time_s'] / d['time_s']:.0f}", f"×{t['peak_mib'] / max(d['peak_mib'], 1):.0f}") \
            if "time_s" in t else ("—", "—")
        agree = max(v["agree"] for v in (t, e) if v and "agree" in v) if "agree" in t else float("nan")
        lines.append(f"| {M} | {P:,} | {cell(d)} | {cell(t)} ({t.get('mode', '')}) | {ratio[0]} | {ratio[1]} | "
                     f"{cell(e) if e else 'does not fit'} | {agree:.1e} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if a.write:
        Path(__file__).with_name("RESULTS_fim_torch.md").write_text(text)


def _cpu() -> str:
    from sloppy_verifier.verify.backend import _cpu_name
    return _cpu_name()


if __name__ == "__main__":
    main()
