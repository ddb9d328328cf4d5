"""Certified phase regions of the population matrix ``S_∞(x) = x A' + B``, ``x = ρ^{-2}`` (spec/sloppiness.md S25, S26).

Public API (the inputs of ``population.population_es``: ``lam``, ``beta`` lists, ``eta``, last checkpoint ``T``,
rank ``k``, target ``tau ∈ (0, 1)``, precision ``dps``; numbers are anything ``mpeval.to_mpf`` accepts):

* ``rho_star(lam, beta, eta, T, k, tau, dps)`` – the crossing ``ρ*`` of ``ES_k(S_∞(ρ)) = τ`` on ``ρ ∈ [1e-3, 1e4]``
  (S27 numerical check): ``0`` if ``ES_k ≥ τ`` at every scan point (phase I), ``mp inf`` if ``ES_k < τ`` at every
  scan point (no crossing), the root (Anderson–Björck in ``log ρ`` on the exact mp ``ES_k``) if there is exactly one
  sign change; several sign changes raise ``SeveralCrossings`` (its ``.roots`` holds every crossing, refined).
  Sign changes are located on a log grid of ``SCAN_PER_DECADE`` points per decade (float64 ``ES_k``, re-evaluated
  in mp where ``|ES_k − τ| < 1e-6``): two crossings closer than one grid step are not resolved.
* ``rho_bracket(lam, beta, eta, T, k, tau, dps)`` – ``(ρ_lo, ρ_hi)``: ``ρ_lo = x_1^{-1/2}`` (S26b closed form,
  ``0`` where ``x_1`` does not exist), ``ρ_hi = inf{ρ : certified for all ρ' ≥ ρ}`` from the exact roots of the
  quadratics ``P_{k_1}`` of S26(a) (``inf`` when no ``ρ`` is certified near ``ρ = ∞``, ``0`` when every ``ρ`` is).
* ``population(lam, beta, eta, T, dps) -> Population`` (``a'``, ``B``, its norms) and, on it:
  ``quadratic(P, k1, k2, tau)`` / ``quadratics(P, k, tau)`` – coefficients ``(p_2, p_1, p_0)`` of ``P_{k_1}``
  (S26a); ``c1_quadratics(P, k, tau)`` – the same for the closed-form certificate C1 (S26e); ``roots(p)`` – the
  non-negative real roots of one quadratic; ``certified_intervals(quads)`` – the certified set in ``x`` as
  closed intervals; ``x_hi(quads)`` – the end of its component at ``x = 0+``; ``thresholds(P, k, tau)`` –
  ``(x_1, x_2)`` of S26(b) (``None`` where absent); ``no_ribbon_lower(P, k, x)`` – the bound of S25(c);
  ``weyl_ratio_bound(a_sorted, mu_B, x, i)`` – the eigenvalue-ratio certificate of S25(g).

Everything runs in local mpmath contexts at ``dps + EXTRA + log10(T+1)`` working digits (as ``population_es``);
the top ``k_2`` eigenpairs of ``B`` are float64 pairs refined in mp (``population._refine``; ``eigsy`` fallback),
and ``B − B_{k_2}`` is formed explicitly, so ``Σ_{i>k_2} μ_i(B)² = ‖B − B_{k_2}‖²`` is summed directly.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from sloppy_verifier.theory.ribbon.certificates import (BETA, C1_B, C1_COEFFS, C1_TERMS, CROSS_AB, NORM2_A, NORM2_B,
                                                       P_COEFFS, REGION, bk2, g)

from ..mpeval import context, mp_value, to_mpf
from ..point import named
from . import population as pop

OUTSIDE_A2, OUTSIDE_CROSS, TAIL_B2 = REGION[1:]
TRACE_B, MAX_B_KK = C1_TERMS

RHO_RANGE = (1e-3, 1e4)      # the S27 root-finding range
SCAN_PER_DECADE = 10
AMBIGUOUS = 1e-6             # float64 ES_k is good to ~1e-7 absolute (spec conventions): re-check in mp below this


class SeveralCrossings(ValueError):
    """``ES_k(S_∞(ρ)) − τ`` changes sign more than once on the range; ``roots`` lists every crossing (mp)."""

    def __init__(self, roots):
        self.roots = roots
        super().__init__(f"ES_k crosses tau {len(roots)} times, at rho = "
                         + ", ".join(context(15).nstr(r, 8) for r in roots))


@dataclass(frozen=True, eq=False)
class Population:
    """``a'`` (list), ``B`` (rows), ``‖a'‖²``, ``‖B‖²``, ``Σ a'_i B_ii`` at ``dps`` working digits, and the
    float64 copies ``a64``, ``B64``."""
    a: tuple
    B: tuple
    dps: int
    a2: object
    b2: object
    cross: object
    a64: np.ndarray
    B64: np.ndarray

    @property
    def ctx(self):
        return context(self.dps)

    def S(self, x):
        """``S_∞(x) = x diag(a') + B`` (rows of mp numbers)."""
        S = [list(row) for row in self.B]
        for i, v in enumerate(self.a):
            S[i][i] += x * v
        return S


def working_dps(T: int, dps: int) -> int:
    return dps + pop.EXTRA + int(math.log10(T + 1))


@functools.lru_cache(maxsize=32)
def _population(lam, beta, eta, T, w):
    ctx = context(w)
    a, B = pop.population_matrices(list(lam), list(beta), eta, T, w, relative=False)
    a2 = ctx.fdot(a, a)
    b2 = ctx.fsum(ctx.fdot(row, row) for row in B)
    cross = ctx.fsum(a[i] * B[i][i] for i in range(len(a)))
    return Population(tuple(a), tuple(tuple(r) for r in B), w, a2, b2, cross,
                      np.array([float(v) for v in a]), np.array([[float(v) for v in r] for r in B]))


def population(lam, beta, eta, T: int, dps: int) -> Population:
    """``a'`` and ``B`` of §1.7 at ``working_dps(T, dps)`` digits (cached)."""
    w = working_dps(T, dps)
    ctx = context(w)
    key = lambda v: to_mpf(ctx, v)  # noqa: E731 - hashable mp values for the cache
    return _population(tuple(map(key, lam)), tuple(map(key, beta)), key(eta), int(T), w)


@functools.lru_cache(maxsize=256)
def _deflated(P: Population, k2: int):
    """``B − B_{k_2}`` (rows of mp numbers), by ``k_2`` sequential deflations: the top eigenpair of the current
    (mp) remainder is a float64 ``eigh`` pair of its rescaled copy, refined in mp against it and subtracted.
    Deflating the remainder rather than ``B`` keeps small eigenvalues resolved (float64 sees each one relative
    to the remainder's norm); a remainder below ``10^{5−dps}‖B‖`` is at the precision floor and is left as is;
    a stalled refinement (a genuinely clustered pair) falls back to ``eigsy`` of the remainder."""
    ctx = context(P.dps)
    R = [list(row) for row in P.B]
    d = len(R)
    if k2 >= d:
        return [[ctx.zero] * d for _ in range(d)]
    floor = max((abs(v) for row in R for v in row), default=0) * ctx.mpf(10) ** (5 - P.dps)
    tol = d * ctx.mpf(10) ** (4 - P.dps)
    for _ in range(k2):
        norm = max(abs(v) for row in R for v in row)
        if norm <= floor:
            break
        Rn = [[v / norm for v in row] for row in R]
        A = np.array([[float(v) for v in row] for row in Rn])
        w, V = np.linalg.eigh(A)
        i = int(np.argmax(np.abs(w)))
        J = np.zeros((d + 1, d + 1))
        J[:d, :d] = A - w[i] * np.eye(d)
        J[:d, d] = -V[:, i]
        J[d, :d] = V[:, i]
        pair = pop._refine(ctx, Rn, w[i], V[:, i], J, tol)
        if pair is None:
            E, Qm = ctx.eigsy(ctx.matrix(Rn))
            j = max(range(d), key=lambda j: abs(E[j]))
            pair = E[j], [Qm[r, j] for r in range(d)]
        mu, v = pair
        for r in range(d):
            f = mu * v[r] * norm
            R[r] = [b - f * t for b, t in zip(R[r], v)]
    return R


def _top(values, k):
    """Indices of the ``k`` largest entries (ties broken by position)."""
    return set(sorted(range(len(values)), key=lambda i: (-values[i], i))[:k])


def quadratic(P: Population, k1: int, k2: int, tau):
    """``(p_2, p_1, p_0)`` of ``P_{k_1}(x)`` (S26a, ``theory.ribbon.certificates.P_COEFFS``) for the split
    ``k_1 + k_2 = k``, ``g = (1−τ)²``, from ``Σ_{i∉J} a'_i²``, ``Σ_{i∉J} a'_i B^{(k_2)}_ii``, ``‖B − B_{k_2}‖²``."""
    ctx = context(P.dps)
    J = _top(P.a, k1)
    D = _deflated(P, k2)
    out = [i for i in range(len(P.a)) if i not in J]
    env = named({g: (1 - to_mpf(ctx, tau)) ** 2, NORM2_A: P.a2, CROSS_AB: P.cross, NORM2_B: P.b2,   # mp_value: by name
                 OUTSIDE_A2: ctx.fsum(P.a[i] ** 2 for i in out), OUTSIDE_CROSS: ctx.fsum(P.a[i] * D[i][i] for i in out),
                 TAIL_B2: ctx.fsum(ctx.fdot(row, row) for row in D)})
    return tuple(mp_value(p, env, P.dps) for p in P_COEFFS)


def quadratics(P: Population, k: int, tau) -> dict:
    """``{k_1: (p_2, p_1, p_0)}`` for every split ``k_1 + k_2 = k`` (``k_1, k_2 ≤ d``)."""
    d = len(P.a)
    return {k1: quadratic(P, k1, k - k1, tau) for k1 in range(max(0, k - d), min(k, d) + 1)}


def c1_quadratics(P: Population, k: int, tau) -> dict:
    """C1 (S26e): the triangle form ``x‖a'_{∉J}‖ + b_{k_2} ≤ (1−τ)‖S_∞(x)‖`` of S25(b), squared, as the coefficients
    ``theory.ribbon.certificates.C1_COEFFS`` with ``b_{k_2} = C1_B`` (``‖B‖² − m²``, ``m ≤ μ_1(B)``) for
    ``k_2 ≥ 1`` and ``b_0 = ‖B‖`` (``BETA``)."""
    ctx = context(P.dps)
    d = len(P.a)
    env = named({g: (1 - to_mpf(ctx, tau)) ** 2, NORM2_A: P.a2, CROSS_AB: P.cross, NORM2_B: P.b2,   # mp_value: by name
                 TRACE_B: ctx.fsum(P.B[i][i] for i in range(d)), MAX_B_KK: max(P.B[i][i] for i in range(d))})
    b = {True: mp_value(C1_B, env, P.dps), False: mp_value(BETA.definition, env, P.dps)}
    out = {}
    for k1 in range(max(0, k - d), min(k, d) + 1):
        J = _top(P.a, k1)
        env |= named({OUTSIDE_A2: ctx.fsum(P.a[i] ** 2 for i in range(d) if i not in J), bk2: b[k - k1 >= 1]})
        out[k1] = tuple(mp_value(p, env, P.dps) for p in C1_COEFFS)
    return out


def roots(p) -> list:
    """Non-negative real roots of ``p_2 x² + p_1 x + p_0`` (sorted; cancellation-free form)."""
    p2, p1, p0 = p
    if p2 == 0:
        rs = [] if p1 == 0 else [-p0 / p1]
    else:
        disc = p1 * p1 - 4 * p2 * p0
        if disc < 0:
            return []
        sq = disc.sqrt() if hasattr(disc, "sqrt") else disc ** 0.5
        q = -(p1 + (sq if p1 >= 0 else -sq)) / 2
        rs = [q / p2] + ([p0 / q] if q != 0 else [])
    return sorted(r for r in rs if r >= 0)


def _value(p, x):
    return (p[0] * x + p[1]) * x + p[2]


def _pieces(quads: dict):
    """Break points ``0 < b_1 < … < b_m`` (all positive roots) and, per piece ``(b_j, b_{j+1})``, whether it is
    certified (``min_{k_1} P_{k_1} ≤ 0`` at an interior point; membership is constant on each piece)."""
    bps = sorted({r for p in quads.values() for r in roots(p) if r > 0})
    edges = [0] + bps
    out = []
    for j, lo in enumerate(edges):
        hi = edges[j + 1] if j + 1 < len(edges) else None
        x = (lo + hi) / 2 if hi is not None else (2 * lo if lo else 1)
        out.append((lo, hi, min(_value(p, x) for p in quads.values()) <= 0))
    return out


def certified_intervals(quads: dict) -> list:
    """The certified set ``{x ≥ 0 : min_{k_1} P_{k_1}(x) ≤ 0}`` as closed intervals ``(lo, hi)`` in ``x``
    (``hi = None`` for ``+∞``; isolated touching points omitted)."""
    merged = []
    for lo, hi, ok in _pieces(quads):
        if not ok:
            continue
        if merged and merged[-1][1] == lo:
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def x_hi(quads: dict):
    """``sup{x_0 : (0, x_0] certified}``: ``0`` if no neighbourhood of ``x = 0+`` is certified, ``None`` for ``+∞``."""
    iv = certified_intervals(quads)
    return iv[0][1] if iv and iv[0][0] == 0 else 0


def _norms(P: Population, k: int):
    """``(α, β, α_k, β_k)`` of S26(b): ``‖a'‖``, ``‖B‖``, the tails ``sqrt(Σ_{i>k} a'^2_[i])`` and ``‖B − B_k‖``."""
    ctx = context(P.dps)
    a_sorted = sorted(P.a, reverse=True)
    return (ctx.sqrt(P.a2), ctx.sqrt(P.b2), ctx.sqrt(ctx.fdot(a_sorted[k:], a_sorted[k:])),
            ctx.sqrt(ctx.fsum(ctx.fdot(row, row) for row in _deflated(P, k))))


def thresholds(P: Population, k: int, tau):
    """``(x_1, x_2)`` of S26(b) (``None`` where the condition fails): ``x_1 = β(2−τ)/(α_k − (1−τ)α)`` if
    ``α_k > (1−τ)α``; ``x_2 = (β_k − (1−τ)β)/(α(2−τ))`` if ``β_k > (1−τ)β``."""
    ctx = context(P.dps)
    t = to_mpf(ctx, tau)
    alpha, beta, alpha_k, beta_k = _norms(P, k)
    x1 = beta * (2 - t) / (alpha_k - (1 - t) * alpha) if alpha_k > (1 - t) * alpha else None
    x2 = (beta_k - (1 - t) * beta) / (alpha * (2 - t)) if beta_k > (1 - t) * beta else None
    return x1, x2


def no_ribbon_lower(P: Population, k: int, x):
    """S25(c) evaluated directly: ``max(x α_k − β, β_k − x α)/(x α + β) ≤ R_k(S_∞(x))``."""
    x = to_mpf(context(P.dps), x)
    alpha, beta, alpha_k, beta_k = _norms(P, k)
    return max(x * alpha_k - beta, beta_k - x * alpha) / (x * alpha + beta)


def weyl_ratio_bound(a_sorted, mu_B, x, i: int):
    """S25(g) for ``S_∞``: ``μ_{i+1}/μ_i ≤ min_{p+q=i+2}(x a'_[p] + μ_q(B)) / max(x a'_[i], μ_i(B))`` (1-based ``i``,
    ``1 ≤ i < d``; ``a_sorted``, ``mu_B`` in decreasing order).  Works on floats or mp numbers."""
    num = min(x * a_sorted[p - 1] + mu_B[i + 1 - p] for p in range(1, i + 2))
    return num / max(x * a_sorted[i - 1], mu_B[i - 1])


def rho_bracket(lam, beta, eta, T: int, k: int, tau, dps: int):
    """``(ρ_lo, ρ_hi)`` (mp at ``dps``): ``ρ_lo = x_1^{-1/2}`` (``0`` without ``x_1``, ``inf`` when ``x_1 = 0``),
    ``ρ_hi = x_hi^{-1/2}`` of the S26(a) certificate (``inf`` when never certified near ``ρ = ∞``)."""
    P = population(lam, beta, eta, T, dps)
    ctx, out = context(dps), context(P.dps)
    x1, _ = thresholds(P, k, tau)
    xh = x_hi(quadratics(P, k, tau))
    lo = ctx.zero if x1 is None else (ctx.inf if x1 == 0 else ctx.mpf(1 / out.sqrt(x1)))
    hi = ctx.zero if xh is None else (ctx.inf if xh == 0 else ctx.mpf(1 / out.sqrt(xh)))
    return lo, hi


def es64(P: Population, x: float, k: int) -> float:
    """float64 ``ES_k(S_∞(x))`` from ``eigvalsh`` with the tail summed directly (abs. error ~1e-7)."""
    S = P.B64 + np.diag(x * P.a64)
    mu = np.sort(np.abs(np.linalg.eigvalsh(S)))[::-1]
    return 1.0 - math.sqrt(float(np.dot(mu[k:], mu[k:]) / np.dot(mu, mu)))


def es(P: Population, rho, k: int):
    """mp ``ES_k(S_∞(ρ))`` at the population's working precision."""
    ctx = context(P.dps)
    return pop.es_symmetric(P.S(1 / to_mpf(ctx, rho) ** 2), k, P.dps)


def _polish(P: Population, k: int, t, u0: float, u1: float, dps: int):
    """The root in ``log ρ ∈ [u0, u1]`` (a sign change): float64 Brent first (float64 ``ES_k`` is good to ~1e-7,
    so its root is off by ~1e-7/slope), then the secant method on the exact mp ``ES_k`` from that root (superlinear:
    ~4 mp evaluations); if the secant leaves the cell, Anderson–Björck on the whole cell."""
    w = context(P.dps)
    f = lambda u: es(P, w.exp(u), k) - t  # noqa: E731
    uf = brentq(lambda u: es64(P, math.exp(-2 * u), k) - float(t), u0, u1, xtol=1e-13)
    tol = w.mpf(10) ** (-(dps + pop.EXTRA // 2))
    root = w.findroot(f, (w.mpf(uf), w.mpf(uf) + w.mpf(1e-8)), solver="secant", tol=tol, maxsteps=50)
    if not u0 <= root <= u1:
        root = w.findroot(f, (w.mpf(u0), w.mpf(u1)), solver="anderson", tol=tol, maxsteps=200)
    return w.exp(root)


def rho_star(lam, beta, eta, T: int, k: int, tau, dps: int):
    """The crossing ``ρ*`` of ``ES_k(S_∞(ρ)) = τ`` on ``[1e-3, 1e4]`` (see the module docstring for 0 / inf /
    ``SeveralCrossings``)."""
    P = population(lam, beta, eta, T, dps)
    ctx, w = context(dps), context(P.dps)
    t = to_mpf(w, tau)
    lo, hi = (math.log(v) for v in RHO_RANGE)
    m = int(round((hi - lo) / math.log(10) * SCAN_PER_DECADE))
    us = [lo + (hi - lo) * j / m for j in range(m + 1)]

    def sign(u):
        v = es64(P, math.exp(-2 * u), k) - float(t)
        if abs(v) < AMBIGUOUS:
            v = es(P, w.exp(w.mpf(u)), k) - t
        return v >= 0

    signs = [sign(u) for u in us]
    changes = [j for j in range(m) if signs[j] != signs[j + 1]]
    if not changes:
        return ctx.zero if signs[0] else ctx.inf
    found = [_polish(P, k, t, us[j], us[j + 1], dps) for j in changes]
    if len(found) > 1:
        raise SeveralCrossings([ctx.mpf(r) for r in found])
    return ctx.mpf(found[0])
