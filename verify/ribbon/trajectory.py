"""GD trajectories of linear models (spec/sloppiness.md §1.1–1.4): the shared generator.

Data with an exactly prescribed spectrum, teachers, initialisation ensembles, checkpoint schedules, and the
logits ``Z[a, i] = X W_{t_i}^{(a)}`` of an ensemble of GD runs, by the exact per-mode formula of S1
(``theory.ribbon.dynamics.LOGIT_MODE``, the right side of claim ``ribbon.gd_logit_modes`` over ``alpha_k``,
taken from there) summed over the modes with the frozen offset ``X X^+ Y`` (``Y``'s part in the range of ``X``), and by
plain step-by-step GD as the cross-check.  Arrays live in the namespace ``xp`` (NumPy or CuPy), float64; random
numbers are drawn on the host from a NumPy ``Generator`` and moved to the device.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import sympy as sp

from ...theory.ribbon import dynamics as S1
from ..arith import FLOAT64

#: elements of the per-chunk working arrays (float64): 2^24 elements = 128 MiB
CHUNK_ELEMENTS = 1 << 24


# ---------------------------------------------------------------- spectra, data, teachers
def spectrum(kind: str, d: int, c=None, a=None, lam1=1.0) -> np.ndarray:
    """Host array ``lambda_1 >= ... >= lambda_d``: ``'geometric'`` ``lam1 e^{-c(k-1)}`` or ``'power'`` ``lam1 k^{-a}``."""
    k = np.arange(1, d + 1, dtype=np.float64)
    if kind == "geometric":
        return float(lam1) * np.exp(-float(c) * (k - 1))
    if kind == "power":
        return float(lam1) * k ** (-float(a))
    raise ValueError(f"unknown spectrum kind {kind!r}; choose 'geometric' or 'power'")


def orthonormal(rng: np.random.Generator, n: int, k: int, nx=FLOAT64) -> np.ndarray:
    """``n x k`` Haar-distributed orthonormal columns (QR in the number system ``nx``, with the sign fix)."""
    q, r = nx.qr(nx.array(rng.standard_normal((n, k))))
    return q * np.sign(np.diag(r))[None, :]


def design(lams, N: int, rng: np.random.Generator, xp=np, with_basis: bool = False, nx=FLOAT64):
    """``X = sqrt(N) U_o diag(sqrt lambda) V^T`` (spec §1.1), so ``X^T X / N = V diag(lambda) V^T`` up to round-off.

    ``lams``: length ``d``, nonnegative; at most ``N`` of them nonzero (``U_o`` has one orthonormal column per
    nonzero ``lambda``).  ``with_basis``: also return ``V`` (columns ``v_k`` in the order of ``lams``).
    ``nx = verify.arith.mp(dps)``: the same draws orthonormalised and multiplied at ``dps`` digits (NumPy object
    arrays; ``lams`` entered exactly).
    """
    lams = np.asarray(lams, dtype=np.float64) if nx is FLOAT64 else np.asarray(lams)
    d = lams.size
    pos = np.flatnonzero(lams > 0)
    if pos.size > N:
        raise ValueError(f"{pos.size} nonzero eigenvalues need N >= {pos.size} samples (got N = {N})")
    V = orthonormal(rng, d, d, nx)
    U = orthonormal(rng, N, pos.size, nx)
    X = nx.sqrt(nx.num(N)) * (U * nx.sqrt(lams[pos])[None, :]) @ V[:, pos].T
    if nx is not FLOAT64:
        return (X, V) if with_basis else X
    X = xp.asarray(X, dtype=xp.float64)
    return (X, xp.asarray(V, dtype=xp.float64)) if with_basis else X


def teacher(V, beta=None, xp=np):
    """``W* = sum_k v_k beta_k`` (``d x C``): mode amplitudes ``beta_k = v_k^T W*``; ``beta`` of shape ``(d,)`` (C = 1)
    or ``(d, C)``; ``None`` is the isotropic teacher ``beta_k = 1`` (C = 1)."""
    beta = xp.ones(V.shape[0]) if beta is None else xp.asarray(beta, dtype=xp.float64)
    return V @ (beta[:, None] if beta.ndim == 1 else beta)


def sigma0_for_rho(lams, beta, rho, C: int = 1) -> float:
    """Initial weight scale for a target ratio (spec §1.4): ``sigma_0^2 = |s|^2 / (C rho^2 tr Sigma)``,
    ``|s|^2 = sum_k lambda_k |beta_k|^2``."""
    lams = np.asarray(lams, dtype=np.float64)
    b2 = np.asarray(beta, dtype=np.float64) ** 2
    s2 = float(np.sum(lams * (b2 if b2.ndim == 1 else b2.sum(axis=1))))
    return math.sqrt(s2 / (C * float(rho) ** 2 * float(np.sum(lams))))


def initialisations(M: int, d: int, C: int, sigma0: float, rng: np.random.Generator, xp=np):
    """``M`` initial weights ``(M, d, C)``, entries i.i.d. ``N(0, sigma0^2)``."""
    return xp.asarray(float(sigma0) * rng.standard_normal((M, d, C)), dtype=xp.float64)


# ---------------------------------------------------------------- checkpoints
def uniform(T: int) -> np.ndarray:
    """``{0, 1, ..., T}``."""
    return np.arange(int(T) + 1)


def log_spaced(T: int, n: int) -> np.ndarray:
    """``n`` distinct integers in ``[0, T]``, including 0 and ``T``, as close as possible to ``0, T^{j/(n-2)}``."""
    T, n = int(T), int(n)
    if not 2 <= n <= T + 1:
        raise ValueError(f"need 2 <= n <= T + 1 (got n = {n}, T = {T})")
    ts = [0]
    for i in range(1, n):
        ideal = round(T ** ((i - 1) / (n - 2))) if n > 2 else T
        ts.append(min(max(ideal, ts[-1] + 1), T - (n - 1 - i)))
    return np.asarray(ts)


# ---------------------------------------------------------------- trajectories
def _chunks(M: int, per_init: int):
    step = max(1, CHUNK_ELEMENTS // max(1, per_init))
    for a in range(0, M, step):
        yield slice(a, min(M, a + step))


def _powers(x, ts, xp):
    """``(1 - x)^t`` for contraction arguments ``x = eta lambda >= 0`` (shape ``(r,)``) and integer checkpoints
    ``ts`` (shape ``(n,)``), as ``sign^t exp(t log|1 - x|)`` with ``log1p(-x)`` for small ``x`` (no loss in
    ``1 - x``), ``0^0 = 1``; overflows to ``inf`` when ``|1 - x|^t`` exceeds the float64 range."""
    small, absr = x < 0.5, xp.abs(1 - x)     # 1 - x is exact for x in [0.5, 2] (Sterbenz)
    logr = xp.where(small, xp.log1p(-xp.minimum(x, 0.5)), xp.log(xp.maximum(absr, 1e-300)))
    t = xp.asarray(ts, dtype=xp.float64)[:, None]
    mag = xp.where(absr[None, :] == 0, 0.0, xp.exp(t * logr[None, :]))
    odd = (xp.asarray(ts)[:, None] % 2) == 1
    sign = xp.where(odd & (x[None, :] > 1), -1.0, 1.0)
    return xp.where(t == 0, 1.0, sign * mag)


@functools.lru_cache(maxsize=4)
def _mode_scale(xp):
    """``(eta, lambda_k, t, N) -> sqrt(N lambda_k) r_k^t``: theory's ``LOGIT_MODE`` (S1), lambdified with every
    power ``(1 − x)^t`` evaluated by ``_powers`` from ``x`` (so ``1 − eta lambda`` is never rounded before the
    power); shape ``(n, r)`` for ``t`` of shape ``(n,)``, ``lambda_k`` ``(r,)``."""
    powt = sp.Function("powt")
    expr = S1.LOGIT_MODE.replace(
        lambda e: e.is_Pow and S1.t in e.exp.free_symbols, lambda e: powt(sp.expand(1 - e.base), e.exp))
    return sp.lambdify((S1.eta, S1.lam, S1.t, S1.N), expr,
                       [{"powt": lambda x, ts: _powers(x, ts, xp), "sqrt": xp.sqrt}, "numpy"])


def closed_form_chunks(X, Y, W0s, eta, checkpoints, xp=np):
    """Yield ``(slice, Z)`` with ``Z`` the logits ``(m, n, N, C)`` of the initialisations in ``slice`` (exact
    per-mode formula; working memory bounded by ``CHUNK_ELEMENTS``)."""
    N = X.shape[0]
    U, s, Vt = xp.linalg.svd(X, full_matrices=False)
    # numerical rank: a mode below round-off contributes below round-off to Z (its sqrt(N lambda) is ~ eps s_1)
    r = int(xp.sum(s > s.max() * max(X.shape) * np.finfo(np.float64).eps))
    U, s, Vt = U[:, :r], s[:r], Vt[:r]
    lam = s * s / N
    UtY = U.T @ Y                                   # (r, C)
    base = U @ UtY                                  # X X^+ Y = Y - (I - XX^+) Y
    Wstar_modes = UtY / s[:, None]                  # V^T W* on the range: (r, C)
    scale = _mode_scale(xp)(eta, lam, np.asarray(checkpoints), N)          # (n, r): sqrt(N lambda_k) r_k^t
    n, C = len(checkpoints), Y.shape[1]
    for sl in _chunks(W0s.shape[0], n * (N + U.shape[1]) * C):
        alpha = xp.einsum("kd,mdc->mkc", Vt, W0s[sl]) - Wstar_modes[None]   # (m, r, C)
        Z = xp.einsum("nk,tk,mkc->mtnc", U, scale, alpha) + base[None, None]
        yield sl, Z


def gd_closed_form(X, Y, W0s, eta, checkpoints, xp=np):
    """Logits ``Z[a, i] = X W_{t_i}^{(a)}`` of GD from each ``W0s[a]`` (``(M, d, C)``), shape ``(M, n, N, C)``."""
    Z = xp.empty((W0s.shape[0], len(checkpoints), X.shape[0], Y.shape[1]), dtype=xp.float64)
    for sl, z in closed_form_chunks(X, Y, W0s, eta, checkpoints, xp):
        Z[sl] = z
    return Z


def gd_steps(X, Y, W0s, eta, checkpoints, xp=np):
    """The same logits by iterating ``W <- W - eta X^T (X W - Y) / N`` (the cross-check of ``gd_closed_form``);
    float64, or mp when ``W0s`` is an object array of mpf (``eta`` then an mpf too)."""
    N = X.shape[0]
    dtype = object if W0s.dtype == object else xp.float64
    ts = [int(t) for t in checkpoints]
    where = {t: i for i, t in enumerate(ts)}
    Z = xp.empty((W0s.shape[0], len(ts), N, Y.shape[1]), dtype=dtype)
    for sl in _chunks(W0s.shape[0], (N + 2 * X.shape[1]) * Y.shape[1]):
        W = xp.array(W0s[sl], dtype=dtype)
        for t in range(max(ts) + 1):
            Zt = xp.einsum("nd,mdc->mnc", X, W)
            if t in where:
                Z[sl, where[t]] = Zt
            W = W - (eta / N) * xp.einsum("nd,mnc->mdc", X, Zt - Y[None])
    return Z
