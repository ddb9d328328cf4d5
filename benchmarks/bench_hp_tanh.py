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

from verify.hp import gauss
from verify.hp.fisher import order_parameters
from verify.mpeval import context

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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-dps", type=int, default=30)
    args = ap.parse_args()
    import mpmath
    print(f"mpmath backend: {mpmath.libmp.BACKEND}")
    for dps in (30, 50):
        gauss._kernels.cache_clear()
        op, t = timed(lambda: order_parameters(*R4, dps=dps))
        ok = all(abs(x - context(dps).mpf(g)) < 1e-29 for x, g in zip((op.kappa1, op.kappa2), GOLD))
        print(f"R4 kappa1, kappa2 at dps {dps}: {t:.2f} s  (goldens reproduced: {ok})")
    d = args.baseline_dps
    gauss._kernels.cache_clear()
    lat, t_lat = timed(lambda: gauss.kernels("tanh", None, d).K(*POINT))
    ref, t_ref = timed(lambda: nested_quad(d))
    print(f"one 2-D expectation at dps {d}: lattice trapezoid {t_lat:.3f} s, nested ctx.quad {t_ref:.1f} s, "
          f"ratio {t_ref / t_lat:.0f}x, |difference| {mpmath.nstr(abs(lat - ref), 3)}")


if __name__ == "__main__":
    main()
