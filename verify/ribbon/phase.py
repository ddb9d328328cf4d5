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

import numpy as np


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
    return {"rho_lo": lo, "rho_hi_C2": hi,
            "rho_hi_C1": ctx.zero if xh is None else (ctx.inf if xh == 0 else ctx.mpf(1 / w.sqrt(xh))),
            "rho_hi_C2_scan": ctx.mpf(_scan_hi(cert.quadratics(P, k, tau), w)), "rho_hi_C1_scan": ctx.mpf(_scan_hi(c1, w)),
            "rho_x2": None if x2 is None else ctx.mpf(1 / w.sqrt(x2))}
