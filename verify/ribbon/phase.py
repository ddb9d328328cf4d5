"""Float64 numerics of the phase structure (spec/sloppiness.md S25–S27) on an array namespace ``xp``.

Population matrix (§1.7, S18), uniform checkpoints ``{0..T}``, ``n = T+1``, ``x_k = ηλ_k``, ``r_k = 1 − x_k``:
``Q_kl = (1 − (r_k r_l)^n)/(1 − r_k r_l)`` with ``1 − r_k r_l = x_k + x_l − x_k x_l`` and ``1 − z^n =
−expm1(n log1p(−(1−z)))`` for ``z > 0``; ``Q^c = Q − n r̄ r̄ᵀ``; ``a'_k = (‖s‖²/tr Σ) λ_k Q_kk``,
``B = D_s Q^c D_s``, ``S_∞(ρ) = ρ^{−2} diag(a') + B``.

Error analysis (float64, unit round-off ``ε = 1.1e-16``).  Every ``Q_kl`` carries relative error ``O(ε)``
(the stable forms above); the centring ``Q − n r̄ r̄ᵀ`` loses at most ``ε n`` absolutely (both terms are
``≤ n``), so ``B_kl`` is off by ``≤ 4 ε n s_k s_l`` and ``‖δB‖_F ≤ 4 ε n Σ_k s_k² = 4 ε n ‖s‖²``.  With
``‖B‖_F ≥ B_11`` this is ``≤ 1e-11 ‖B‖`` for ``n ≤ 10⁴`` and ``‖s‖² ≤ 10 B_11`` (the reference family),
and by Weyl and the tail-sum form of ``R_k`` the explained stress is off by ``≲ 1e-10`` — far inside the
spec's float64 ES tolerance ``1e-7``.  ``eigvalsh`` adds ``O(d ε ‖S‖)``.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq

from sloppy_verifier.theory.ribbon import certificates as ct
from sloppy_verifier.theory.ribbon.certificates import BETA, C1_B, C1_COEFFS, C1_M, P_COEFFS, X1_FORM, X2_FORM
from sloppy_verifier.theory.ribbon.phase import RHO_LO

from ..backend import to_host
from ..vectorised import value


def geometric(c: float, d: int, xp=np):
    """``λ_k = e^{−c(k−1)}``, ``k = 1..d``."""
    return xp.exp(-float(c) * xp.arange(d, dtype=xp.float64))


def _one_minus_power(z, one_minus_z, n: int, xp):
    """``1 − z^n`` without cancellation (``z ∈ (−1, 1]``; ``1 − z`` supplied exactly)."""
    pos = z > 0
    safe = xp.where(pos, one_minus_z, 0.5)
    stable = -xp.expm1(n * xp.log1p(-safe))
    return xp.where(pos, stable, 1 - z ** n)


def _powsum(z, one_minus_z, n: int, xp):
    """``Σ_{t<n} z^t = (1 − z^n)/(1 − z)`` (``= n`` where ``z = 1``)."""
    zero = one_minus_z == 0
    den = xp.where(zero, 1.0, one_minus_z)
    return xp.where(zero, float(n), _one_minus_power(z, one_minus_z, n, xp) / den)


def matrices(lam, beta, eta: float, T: int, xp=np):
    """``(a', B)`` of §1.7 in float64 (``lam``, ``beta``: arrays of length ``d``)."""
    lam, beta = xp.asarray(lam, dtype=xp.float64), xp.asarray(beta, dtype=xp.float64)
    n = T + 1
    x = eta * lam
    r = 1 - x
    omz = x[:, None] + x[None, :] - x[:, None] * x[None, :]
    Q = _powsum(r[:, None] * r[None, :], omz, n, xp)
    nrbar = _powsum(r, x, n, xp)
    Qc = Q - nrbar[:, None] * nrbar[None, :] / n if n > 1 else xp.zeros_like(Q)
    s = xp.sqrt(lam) * beta
    a = (xp.sum(s ** 2) / xp.sum(lam)) * lam * xp.diagonal(Q)
    return a, s[:, None] * Qc * s[None, :]


def hankel_signal(lam, beta, eta: float, T: int, xp=np):
    """``Π_n H_s Π_n``, ``(H_s)_{tt'} = Σ_k s_k² r_k^{t+t'}`` (S17c): the same nonzero spectrum as ``B``."""
    lam, beta = xp.asarray(lam, dtype=xp.float64), xp.asarray(beta, dtype=xp.float64)
    t = xp.arange(T + 1, dtype=xp.float64)
    Phi = (1 - eta * lam)[None, :] ** t[:, None] * (xp.sqrt(lam) * beta)[None, :]
    F = Phi - xp.mean(Phi, axis=0)[None, :]
    return F @ F.T


def es_from_spectrum(mu, k: int, xp=np):
    """``ES_k = 1 − sqrt(Σ_{i>k} μ_[i]² / Σ μ_i²)`` along the last axis (tail summed directly)."""
    m = xp.sort(xp.abs(mu), axis=-1)[..., ::-1]
    return 1 - xp.sqrt(xp.sum(m[..., k:] ** 2, axis=-1) / xp.sum(m ** 2, axis=-1))


def es_signal(lam, beta, eta: float, T: int, k: int, xp=np):
    """``ES_k(B)``: from the ``n×n`` Hankel when ``n < d`` (S17c), else from ``B``."""
    M = hankel_signal(lam, beta, eta, T, xp) if T + 1 < len(lam) else matrices(lam, beta, eta, T, xp)[1]
    return float(es_from_spectrum(xp.linalg.eigvalsh(M), k, xp))


def es_population(a, B, rhos, k: int, xp=np):
    """``ES_k(S_∞(ρ))`` for every ``ρ`` in ``rhos`` (one batched ``eigvalsh``)."""
    x = 1 / xp.asarray(rhos, dtype=xp.float64) ** 2
    S = x[:, None, None] * xp.diag(a)[None] + B[None]
    return es_from_spectrum(xp.linalg.eigvalsh(S), k, xp)


def es_cloud(a, k: int, xp=np):
    """``ES_k(A')`` (the ``ρ → 0`` face, diagonal)."""
    return float(es_from_spectrum(xp.asarray(a), k, xp))


def es_grid(a, B, k: int, lo: float = 1e-2, hi: float = 1e3, points: int = 41, xp=np):
    """``ES_k(S_∞(ρ_j))`` on ``points`` log-spaced ``ρ_j ∈ [lo, hi]`` (the K1 grid: 41 values)."""
    rhos = np.logspace(np.log10(lo), np.log10(hi), points)
    return rhos, es_population(a, B, rhos, k, xp)


def largest_drop(values) -> float:
    """``max_j (v_j − v_{j+1})`` (``≤ 0`` iff the sequence is nondecreasing)."""
    v = np.asarray(values, dtype=float)
    return float(np.max(v[:-1] - v[1:]))


def teacher(kind: str, d: int, seed: int) -> np.ndarray:
    """``β``: isotropic (all ones) or i.i.d. standard Gaussian (seeded)."""
    if kind == "isotropic":
        return np.ones(d)
    return np.random.default_rng(seed).standard_normal(d)


# ---------------------------------------------------------------- the reference family of S27
D_REF, K_REF, TAU_REF = 100, 2, 0.9


def reference(c, T: int, xp=np):
    """``(λ, β, a', B)`` of the reference family: ``d = 100``, ``λ_k = e^{−c(k−1)}``, ``η = 1``, ``β = 1``."""
    lam = geometric(float(c), D_REF, xp)
    beta = xp.ones(D_REF)
    a, B = matrices(lam, beta, 1.0, T, xp)
    return lam, beta, a, B


def first_signal_T(c, Ts, tau: float = TAU_REF, k: int = K_REF, xp=np):
    """The first ``T`` of the increasing sequence ``Ts`` with ``ES_k(B_T) < τ`` (``None`` if none) and the last
    value computed."""
    lam, beta = geometric(float(c), D_REF, xp), xp.ones(D_REF)
    v = None
    for T in Ts:
        v = es_signal(lam, beta, 1.0, int(T), k, xp)
        if v < tau:
            return int(T), v
    return None, v


SCAN_X = np.logspace(-10, 6, 3000)   # the spec's S27 scan of the certificate in x = rho^-2


def _scan_hi(quads: dict, ctx):
    """The S27 scan reading of ``ρ_hi``: ``x_j^{−1/2}`` for the largest scan point ``x_j`` with every scan point
    ``≤ x_j`` certified (``min_{k_1} P_{k_1} ≤ 0``); ``inf`` when ``x_1 = 1e-10`` is not certified."""
    last = None
    for x in SCAN_X:
        xm = ctx.mpf(float(x))
        if min((p2 * xm + p1) * xm + p0 for p2, p1, p0 in quads.values()) > 0:
            break
        last = xm
    return ctx.inf if last is None else (ctx.zero if last == ctx.mpf(float(SCAN_X[-1])) else 1 / ctx.sqrt(last))


def cloud(lam, eta: float, T: int, xp=np):
    """The diagonal ``A'`` up to its scale: ``λ_k Q_kk`` (``ES_k(A')`` is scale invariant; no ``d×d`` work)."""
    lam = xp.asarray(lam, dtype=xp.float64)
    x = eta * lam
    return lam * _powsum((1 - x) ** 2, 2 * x - x * x, T + 1, xp)


def c_A64(T: int, k: int = K_REF, tau: float = TAU_REF, d: int = D_REF, xp=np) -> float:
    """float64 ``c_A(T)`` (S20): the root in ``c`` of ``ES_k(A'_{c,T}) = τ`` (``η = 1``, brentq to ~1e-14)."""
    f = lambda c: es_from_spectrum(cloud(geometric(c, d, xp), 1.0, T, xp), k, xp) - tau  # noqa: E731
    hi = 1.0
    while f(hi) < 0:
        hi *= 2
    return float(brentq(lambda c: float(f(c)), hi / 2 ** 8, hi, xtol=1e-14, rtol=1e-15))


#: relative error of every certificate coefficient in float64: ``B`` to ``1e-11 ‖B‖`` (module docstring),
#: ``eigh`` to ``d ε ‖B‖``, ``a'`` to ``O(ε)``; a coefficient is a sum of such products, so its error is at most
#: ``COEF_ERR`` times the sum of the magnitudes of its terms
COEF_ERR = 1e-11


def certificate64(a, B, k: int, tau: float, xp=np) -> dict:
    """S26 in float64 from one ``eigh`` of ``B``: the C2 quadratics ``{k_1: (p_2, p_1, p_0)}`` (S26a, with
    ``B^{(k_2)}_ii = Σ_{j>k_2} μ_j V_ij²`` and ``‖B − B_{k_2}‖² = Σ_{j>k_2} μ_j²`` summed from the tail, no
    cancellation), the C1 quadratics (S26e, as ``certificates.c1_quadratics``), their coefficient scales
    (sums of the magnitudes of the terms, for the conditioning of the roots) and ``(x_1, x_2)`` of S26(b) with
    the condition numbers ``(α_k + (1−τ)α)/(α_k − (1−τ)α)`` and ``(β_k + (1−τ)β)/(β_k − (1−τ)β)``."""
    a = to_host(a).astype(float)
    mu, V = (to_host(v) for v in xp.linalg.eigh(xp.asarray(B)))
    order = np.argsort(-np.abs(mu))
    mu, V = mu[order], V[:, order]
    Bn = to_host(B)
    g, d = (1 - tau) ** 2, len(a)
    a2, b2, cross = float(a @ a), float(np.sum(Bn * Bn)), float(a @ np.diag(Bn))
    rank = np.argsort(-a, kind="stable")
    c2, c1, scale2, scale1 = {}, {}, {}, {}
    # numpy scalars: at tr B = 0 (B = 0, the T = 0 rows) the untaken Piecewise branch is 0/0 = nan, not an error
    terms = {ct.nb2: np.float64(b2), ct.trB_: np.trace(Bn), ct.maxB: np.max(np.diag(Bn))}
    with np.errstate(invalid="ignore", divide="ignore"):
        m, b_k2 = float(value(C1_M, terms)), (float(value(BETA.definition, terms)), float(value(C1_B, terms)))
    for k1 in range(max(0, k - d), min(k, d) + 1):
        k2, out = k - k1, rank[k1:]
        D = (V[:, k2:] ** 2) @ mu[k2:]
        aJ2, tail = float(a[out] @ a[out]), float(mu[k2:] @ mu[k2:])
        env = {ct.g: g, ct.na2: a2, ct.cross: cross, ct.nb2: b2, ct.sA: aJ2, ct.cA: float(a[out] @ D[out]),
               ct.tb: tail}
        c2[k1] = tuple(float(value(p, env)) for p in P_COEFFS)            # S26(a)'s P_{k_1}
        scale2[k1] = (aJ2 + g * a2, 2 * (float(a[out] @ np.abs(D[out])) + g * cross), tail + g * b2)
        b = b_k2[k2 >= 1]
        c1[k1] = tuple(float(value(p, env | {ct.bk2: b})) for p in C1_COEFFS)   # S26(e)
        scale1[k1] = (aJ2 + g * a2, 2 * (math.sqrt(aJ2) * b + g * cross), b * b + g * b2 + 2 * m * m)
    alpha, beta = math.sqrt(a2), math.sqrt(b2)
    alpha_k = math.sqrt(float(a[rank[k:]] @ a[rank[k:]]))
    beta_k = math.sqrt(float(mu[k:] @ mu[k:]))
    t = 1 - tau
    norms = {ct.alpha: alpha, ct.alpha_k: alpha_k, ct.beta: beta, ct.beta_k: beta_k, ct.tau: tau}
    x1 = float(value(X1_FORM, norms)) if alpha_k > t * alpha else None          # S25(c)
    x2 = float(value(X2_FORM, norms)) if beta_k > t * beta else None
    kappa = lambda u, v: (u + v) / abs(u - v) if u != v else math.inf  # noqa: E731
    return {"C2": c2, "C1": c1, "scale_C2": scale2, "scale_C1": scale1, "x1": x1, "x2": x2,
            "kappa_x1": kappa(alpha_k, t * alpha), "kappa_x2": kappa(beta_k, t * beta)}


def root_condition(p, scale, x: float) -> float:
    """Relative condition number of a root ``x > 0`` of ``p_2x² + p_1x + p_0`` under relative perturbations of
    the coefficients bounded by their scales: ``(s_2x² + s_1x + s_0)/|x P'(x)|`` (``inf`` at a double root)."""
    dp = abs(x * (2 * p[0] * x + p[1]))
    return math.inf if dp == 0 else (scale[0] * x * x + scale[1] * x + scale[2]) / dp


def scan_hi(quads: dict, xs=None):
    """The spec's S27 scan reading of ``ρ_hi`` (float64, vectorised): ``x_j^{−1/2}`` for the largest scan point with
    every scan point ``≤ x_j`` certified (``min_{k_1} P_{k_1}(x) ≤ 0``); ``inf`` when the first point is not
    certified, ``0`` when all are.  Returns ``(ρ, j)`` with ``j`` the index of the last certified point."""
    xs = SCAN_X if xs is None else xs
    v = np.min([(p2 * xs + p1) * xs + p0 for p2, p1, p0 in quads.values()], axis=0)
    bad = np.nonzero(v > 0)[0]
    if len(bad) == 0:
        return 0.0, len(xs) - 1
    j = int(bad[0]) - 1
    return (math.inf, j) if j < 0 else (float(xs[j]) ** -0.5, j)


def certificate_columns(lam, beta, eta, T: int, k: int, tau, dps: int) -> dict:
    """The certificate columns of the S27 table from ``certificates`` (mp at ``dps``): ``rho_lo`` and the exact
    ``rho_hi_C2`` (``rho_bracket``), ``rho_hi_C1`` (C1, S26e: ``x_hi`` of ``c1_quadratics``), the same two read off
    the spec's 3000-point scan (``*_scan``), and ``rho_x2 = x_2^{−1/2}`` (S26b; ``None`` without ``x_2``)."""
    from . import certificates as cert
    from ..mpeval import context
    lo, hi = cert.rho_bracket(lam, beta, eta, T, k, tau, dps)
    P = cert.population(lam, beta, eta, T, dps)
    ctx, w = context(dps), context(P.dps)
    c1 = cert.c1_quadratics(P, k, tau)
    xh = cert.x_hi(c1)
    _, x2 = cert.thresholds(P, k, tau)
    return {RHO_LO.name: lo, "rho_hi_C2": hi,
            "rho_hi_C1": ctx.zero if xh is None else (ctx.inf if xh == 0 else ctx.mpf(1 / w.sqrt(xh))),
            "rho_hi_C2_scan": ctx.mpf(_scan_hi(cert.quadratics(P, k, tau), w)), "rho_hi_C1_scan": ctx.mpf(_scan_hi(c1, w)),
            "rho_x2": None if x2 is None else ctx.mpf(1 / w.sqrt(x2))}
