"""Benchmark: ``ribbon.population_es`` (d = 100, T = 10^4) against the naive O(d^2 T) summation of Q, Q^c.

Run: ``python benchmarks/bench_population.py``.
"""
import time
from fractions import Fraction

from sloppy_verifier.verify.mpeval import context
from sloppy_verifier.verify.ribbon import population as pop


def naive_time_gram(x, T, dps):
    ctx = context(dps)
    d = len(x)
    Q = [[ctx.zero] * d for _ in range(d)]
    for k in range(d):
        for l in range(k, d):
            z, p, acc = (1 - x[k]) * (1 - x[l]), ctx.one, ctx.zero
            for _ in range(T + 1):
                acc += p
                p *= z
            Q[k][l] = Q[l][k] = acc
    return Q


if __name__ == "__main__":
    d, T = 100, 10**4
    lam = pop.spectrum("geometric", Fraction(1, 5), d, 60)
    t = time.perf_counter()
    v = pop.population_es(lam, [1] * d, 1, T, 1, 2, 30)
    fast = time.perf_counter() - t
    print(f"population_es d={d} T={T}: ES_2 = {context(30).nstr(v, 30)}  {fast:.3f} s")
    t = time.perf_counter()
    naive_time_gram([context(44).mpf(l) for l in lam[:20]], T, 44)
    naive = (time.perf_counter() - t) * (d * (d + 1) / 2) / (20 * 21 / 2)
    print(f"naive O(d^2 T) Q summation (20x20 block timed, scaled to d={d}): {naive:.1f} s")
