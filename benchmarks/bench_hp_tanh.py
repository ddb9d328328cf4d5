"""Timing of the tanh lattice-trapezoid kernels (verify.hp.gauss) against nested adaptive tanh-sinh.

1. kappa_1, kappa_2 of R4 (tanh, sigma_w^2 = 4, sigma_b^2 = 0.05, L = 5) at 30 and 50 digits, cold
   caches, certification (h vs 0.7 h) included, checked against the spec §4 goldens.
2. Baseline: ONE 2-D expectation E tanh(u) tanh(v) at (s11, s22, s12) = (2, 2, 0.7) by nested ctx.quad
   (outer over z0, inner over z, both tanh-sinh) at --baseline-dps digits (default 30; the spec quotes
   254 s at dps 40), against the lattice rule for the same expectation (which also yields Kd).

Usage: python benchmarks/bench_hp_tanh.py [--baseline-dps 30]
"""
import argparse
import time

from sloppy_verifier.verify.hp import gauss
from sloppy_verifier.verify.hp.fisher import order_parameters
from sloppy_verifier.verify.mpeval import context

R4 = ("tanh", 4, "0.05", [1] * 5)
GOLD = ("1.46558383561097515274693187257", "0.0155266100029222752883219537974")
POINT = ("2", "2", "0.7")


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def nested_quad(dps):
    """E tanh(u) tanh(v), u = a z0 + b z1, v = a z0 + b z2 (s11 = s22 = 2, c = 0.35), nested ctx.quad."""
    ctx = context(dps)
    s, c = ctx.mpf(POINT[0]), ctx.mpf(POINT[2]) / ctx.mpf(POINT[0])
    a, b = ctx.sqrt(s * c), ctx.sqrt(s * (1 - c))
    g = lambda m: ctx.quad(lambda z: ctx.npdf(z) * ctx.tanh(m + b * z), [-ctx.inf, -m / b, ctx.inf])
    return ctx.quad(lambda z0: ctx.npdf(z0) * g(a * z0) ** 2, [-ctx.inf, 0, ctx.inf])


def measure(baseline_dps: int = 30) -> dict:
    """Seconds for R4's kappa_1, kappa_2 at dps 30 and 50 (cold caches, goldens checked) and for one 2-D expectation
    by the lattice rule and by nested ``ctx.quad`` at ``baseline_dps``."""
    out = {}
    for dps in (30, 50):
        gauss._kernels.cache_clear()
        op, t = timed(lambda: order_parameters(*R4, dps=dps))
        if not all(abs(x - context(dps).mpf(g)) < 1e-29 for x, g in zip((op.kappa1, op.kappa2), GOLD)):
            raise SystemExit(f"R4 goldens not reproduced at dps {dps}")
        out[f"R4_dps{dps}"] = t
    gauss._kernels.cache_clear()
    lat, out["lattice"] = timed(lambda: gauss.kernels("tanh", None, baseline_dps).K(*POINT))
    ref, out["nested_quad"] = timed(lambda: nested_quad(baseline_dps))
    out["difference"] = float(abs(lat - ref))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-dps", type=int, default=30)
    args = ap.parse_args()
    import mpmath
    print(f"mpmath backend: {mpmath.libmp.BACKEND}")
    r = measure(args.baseline_dps)
    for dps in (30, 50):
        print(f"R4 kappa1, kappa2 at dps {dps}: {r[f'R4_dps{dps}']:.2f} s  (goldens reproduced)")
    print(f"one 2-D expectation at dps {args.baseline_dps}: lattice trapezoid {r['lattice']:.3f} s, nested ctx.quad "
          f"{r['nested_quad']:.1f} s, ratio {r['nested_quad'] / r['lattice']:.0f}x, |difference| {r['difference']:.1e}")


if __name__ == "__main__":
    main()
