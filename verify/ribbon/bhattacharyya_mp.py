"""High-precision Bhattacharyya divergences from their definitions (spec/sloppiness.md §1.5, S3–S7).

Reference values independent of the closed forms under test: ``d_B = -log BC`` with the Bhattacharyya
coefficient ``BC = ∫ sqrt(p q)`` computed literally — mpmath quadrature for Gaussians, the defining sums
``Σ_y sqrt(p(y) q(y))`` for Bernoulli / categorical outputs and for product distributions over samples.
``1 - BC`` cancels (``d_B`` can be ``1e-200`` for large same-sign logits), so each value is recomputed at a
working precision raised by the digits the cancellation costs.  Everything runs in local mpmath contexts.
"""
from __future__ import annotations

import itertools
import math

import mpmath

from ..mpeval import MAX_DPS, context, to_mpf

GUARD = 20


def _divergence(bc, dps: int):
    """``-log bc(ctx)`` correct to ``dps`` digits: ``bc`` is re-evaluated until the working precision covers
    the digits lost in ``1 - BC``."""
    work = dps + GUARD
    while True:
        c = context(work)
        s = bc(c)
        gap = abs(1 - s)
        if gap == 0:
            if work * 2 > MAX_DPS:
                raise ArithmeticError("1 - BC underflows the working precision")
            work *= 2
            continue
        need = dps + GUARD + max(0, int(-c.log10(gap)) + 1)
        if work >= need:
            return -c.log(s)
        work = need


def gaussian_db(mu1, mu2, sigma, dps: int):
    """``-log ∫ sqrt(p q)`` for ``p = N(mu1, σ²I)``, ``q = N(mu2, σ²I)``.

    The isotropic density is the product of its coordinate densities, so BC is a product of 1-D integrals of
    ``sqrt(p_k(y) q_k(y))``.  Each is taken in the variable ``u = (y − ȳ)/σ`` (``ȳ`` the midpoint, where the
    integrand peaks) after dividing by the integrand's value at ``ȳ`` (``log`` of it is added back, so no
    ``1 − BC`` cancellation arises and ``e^{-10^6}`` integrands are harmless).  Quadrature: the trapezoidal rule
    with step ``h`` on ``|u| ≤ U``.  The integrand is entire and ``≤ e^{-u²/2}`` (a product of Gaussian densities;
    no closed form of the integral is used), so the rule's aliasing error is ``≤ 2√(2π) e^{-2π²/h²}`` and the
    truncated tails ``≤ e^{-U²/2}``; ``h`` and ``U`` make both ``< 10^{-(dps+20)}`` (``h = 1/4``, ``U = 16`` at
    30 digits).
    """
    work = dps + GUARD
    c = context(work)
    s = to_mpf(c, sigma)
    digits = work * math.log(10)
    h = c.mpf(1) / math.ceil(math.sqrt(digits / (2 * math.pi ** 2)) + 1)
    reach = math.ceil(math.sqrt(2 * digits)) + 1
    nodes = [h * k for k in range(-int(reach / h), int(reach / h) + 1)]
    norm = 1 / c.sqrt(2 * c.pi * s ** 2)
    total = c.mpf(0)
    for m1, m2 in zip(mu1, mu2):
        m1, m2 = to_mpf(c, m1), to_mpf(c, m2)
        # sqrt(p(y) q(y)) with p = norm e^{-(y-m1)^2/(2 s^2)}, q likewise: the square root of the product of
        # exponentials taken as the exponential of the half-sum (one exp per node)
        root = lambda y: norm * c.exp(-((y - m1) ** 2 + (y - m2) ** 2) / (4 * s ** 2))
        mid = (m1 + m2) / 2
        peak = root(mid)
        integral = h * s * c.fsum(root(mid + s * u) / peak for u in nodes)
        total -= c.log(peak) + c.log(integral)
    return total


def _sigmoid(c, z):
    return 1 / (1 + c.exp(-z))


def _softmax(c, z):
    z = [to_mpf(c, x) for x in z]
    top = max(z)
    e = [c.exp(x - top) for x in z]
    tot = c.fsum(e)
    return [x / tot for x in e]


def _bernoulli_probs(c, z):
    z = to_mpf(c, z)
    return [_sigmoid(c, z), _sigmoid(c, -z)]   # p(-z), never 1 - p(z)


def _probs(kind: str):
    return {"bernoulli": _bernoulli_probs, "categorical": _softmax}[kind]


def _bc_sum(c, p, q):
    return c.fsum(c.sqrt(x * y) for x, y in zip(p, q))


def bernoulli_db(a, b, dps: int):
    """``-log(sqrt(p(a)p(b)) + sqrt(p(-a)p(-b)))``, ``p = sigmoid``, from the defining sum over ``y ∈ {0,1}``."""
    if to_mpf(context(dps + GUARD), a) == to_mpf(context(dps + GUARD), b):
        return context(dps).mpf(0)
    return _divergence(lambda c: _bc_sum(c, _bernoulli_probs(c, a), _bernoulli_probs(c, b)), dps)


def categorical_db(a, b, dps: int):
    """``-log Σ_c sqrt(softmax(a)_c softmax(b)_c)``."""
    c0 = context(dps + GUARD)
    if all(to_mpf(c0, x) == to_mpf(c0, y) for x, y in zip(a, b)):
        return context(dps).mpf(0)
    return _divergence(lambda c: _bc_sum(c, _softmax(c, a), _softmax(c, b)), dps)


def joint_bc(zs_i, zs_j, kind: str, dps: int):
    """Bhattacharyya coefficient of the product distributions ``⊗_n p(·|z_n)`` of two models (logit lists
    ``zs_i``, ``zs_j``; Bernoulli scalars or categorical rows), summed over every joint outcome."""
    c = context(dps + GUARD)
    probs = _probs(kind)
    P = [probs(c, z) for z in zs_i]
    Q = [probs(c, z) for z in zs_j]
    total = c.mpf(0)
    for ys in itertools.product(*(range(len(p)) for p in P)):
        pi = c.fprod(p[y] for p, y in zip(P, ys))
        qi = c.fprod(q[y] for q, y in zip(Q, ys))
        total += c.sqrt(pi * qi)
    return total


def line_coefficients(db, m, delta, order: int, dps: int):
    """Taylor coefficients ``[c_0, …, c_order]`` in ``t`` of ``t ↦ db(m + tδ/2, m − tδ/2)`` at ``t = 0``
    (scalars or equal-length lists), by mpmath's numerical differentiation of the reference ``db``."""
    c = mpmath.MPContext()
    c.dps = dps + 5 * (order + 1)
    vec = isinstance(m, (list, tuple))
    ms = [to_mpf(c, x) for x in (m if vec else [m])]
    ds = [to_mpf(c, x) for x in (delta if vec else [delta])]

    def f(t):
        a = [x + t * d / 2 for x, d in zip(ms, ds)]
        b = [x - t * d / 2 for x, d in zip(ms, ds)]
        return c.mpf(db(a if vec else a[0], b if vec else b[0], c.dps + GUARD))
    return [context(dps).mpf(x) for x in c.taylor(f, 0, order)]


def lse(z, dps: int):
    """``log Σ_c e^{z_c}`` (max-shifted)."""
    c = context(dps + GUARD)
    z = [to_mpf(c, x) for x in z]
    top = max(z)
    return top + c.log(c.fsum(c.exp(x - top) for x in z))


def precision_for_logits(zmax: float) -> int:
    """Extra digits the log-partition (log-cosh) closed forms lose to cancellation when every logit has
    modulus ≤ ``zmax``: ``d_B ~ e^{-zmax}`` while the terms are ``O(zmax)``."""
    return int(math.ceil(2 * zmax / math.log(10))) + 10
