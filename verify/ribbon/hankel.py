"""Hankel numerics of one GD trajectory (spec/sloppiness.md S21–S24) and the Beckermann–Townsend factor (S22).

* Moment / Hankel matrices of a discrete measure ``Σ_k w_k δ_{x_k}``: ``H_{ij} = m_{i+j}``, ``m_p = Σ_k w_k x_k^p``;
  with ``x_k = r_k = 1 − ηλ_k`` and ``w_k = λ_k α_k²`` this is the trajectory time Gram ``G_{tt'}`` (S21).
* Checkpoint Grams ``G_{tt'} = Σ_k w_k r_k^{t+t'}`` for arbitrary checkpoints (``Φ D_w Φ^T``, ``Φ_{tk} = r_k^t``),
  the mode matrix ``D_w^{1/2} Q D_w^{1/2}`` and the weighted Pick matrix ``√(w_k w_l)/(1 − r_k r_l)`` (S21, S24).
* ``ϱ_n = exp(π²/(4 log(8⌊n/2⌋/π)))`` and ``16 ϱ_n^{−2k+2}`` (S22), in a local mpmath context.
* Spectra: float64 ``eigvalsh`` in an array namespace ``xp`` (NumPy or CuPy); mp ``eigsy`` where the small
  eigenvalues matter.  Both sorted decreasingly (for PSD matrices these are the singular values).
"""
from __future__ import annotations

import numpy as np

from ..mpeval import context, to_mpf


# ---------------------------------------------------------------- the Beckermann–Townsend factor
def varrho(n: int, dps: int):
    """``ϱ_n = exp(π² / (4 log(8⌊n/2⌋/π)))`` (mpf at ``dps`` digits), ``n ≥ 2``."""
    if int(n) < 2:
        raise ValueError(f"n must be an integer >= 2 (got {n})")
    m = context(dps)
    return m.exp(m.pi ** 2 / (4 * m.log(8 * (int(n) // 2) / m.pi)))


def bt_factor(n: int, k: int, dps: int):
    """``16 ϱ_n^{−2k+2}``: the S22 bound on ``σ_{j+2k}/σ_j`` for a real PSD ``n × n`` Hankel matrix (mpf)."""
    if int(k) < 1:
        raise ValueError(f"k must be an integer >= 1 (got {k})")
    return 16 * varrho(n, dps) ** (-2 * int(k) + 2)


# ---------------------------------------------------------------- matrices (float64, namespace xp)
def gram(w, r, ts, xp=np):
    """``G_{ab} = Σ_k w_k r_k^{t_a + t_b}`` = ``Φ D_w Φ^T`` for checkpoints ``ts`` (float64, ``|r_k| ≤ 1``; mp when
    ``w``, ``r`` are object arrays of mpf)."""
    obj = getattr(w, "dtype", None) == object
    w, r = (w, r) if obj else (xp.asarray(w, dtype=xp.float64), xp.asarray(r, dtype=xp.float64))
    Phi = r[None, :] ** (np.asarray(ts, dtype=int) if obj else xp.asarray(ts, dtype=xp.float64))[:, None]
    return (Phi * w[None, :]) @ Phi.T


def moments(nodes, weights, count: int, xp=np):
    """``m_p = Σ_k w_k x_k^p``, ``p < count`` (float64; powers by repeated multiplication, a Vandermonde matrix)."""
    return xp.asarray(weights, dtype=xp.float64) @ xp.vander(xp.asarray(nodes, dtype=xp.float64), count, increasing=True)


def hankel(moments, xp=np):
    """``H_{ij} = m_{i+j}`` from ``2n − 1`` moments (float64)."""
    m = xp.asarray(moments, dtype=xp.float64)
    n = (m.shape[0] + 1) // 2
    i = xp.arange(n)
    return m[i[:, None] + i[None, :]]


def eig_desc(A, xp=np):
    """Eigenvalues of a symmetric float64 matrix, decreasing."""
    return xp.sort(xp.linalg.eigvalsh(0.5 * (A + A.T)))[::-1]


def centred(A, xp=np):
    """``Π A Π``, ``Π = I − 11^T/n`` (through row/column means)."""
    r = xp.mean(A, axis=1)
    return A - r[:, None] - r[None, :] + xp.mean(r)


# ---------------------------------------------------------------- matrices (mp)
def moments_mp(nodes, weights, count: int, dps: int) -> list:
    """``m_p = Σ_k w_k x_k^p``, ``p < count``, at ``dps`` digits (inputs converted exactly)."""
    m = context(dps)
    x = [to_mpf(m, v) for v in nodes]
    w = [to_mpf(m, v) for v in weights]
    return [m.fsum(wk * xk ** p for wk, xk in zip(w, x)) for p in range(count)]


def hankel_mp(moments, dps: int):
    """The mp Hankel matrix ``H_{ij} = m_{i+j}``."""
    m = context(dps)
    n = (len(moments) + 1) // 2
    H = m.matrix(n, n)
    for i in range(n):
        for j in range(n):
            H[i, j] = moments[i + j]
    return H


def _weighted_mp(w, r, kernel, dps: int):
    """``K_{kl} = √(w_k w_l) · kernel(r_k r_l)`` as an mp matrix."""
    m = context(dps)
    wm, rm = [to_mpf(m, v) for v in w], [to_mpf(m, v) for v in r]
    d = len(wm)
    K = m.matrix(d, d)
    for k in range(d):
        for l in range(k, d):
            K[k, l] = K[l, k] = m.sqrt(wm[k] * wm[l]) * kernel(rm[k] * rm[l])
    return K


def pick_mp(w, r, dps: int):
    """The weighted Pick matrix ``P_{kl} = √(w_k w_l)/(1 − r_k r_l)`` (mp; ``|r_k| < 1``)."""
    return _weighted_mp(w, r, lambda z: 1 / (1 - z), dps)


def eig_desc_mp(A, dps: int) -> list:
    """Eigenvalues of a symmetric mp matrix, decreasing (``eigsy`` at ``dps`` digits)."""
    m = context(dps)
    A = m.matrix(A)
    return sorted(m.eigsy((A + A.T) / 2, eigvals_only=True), reverse=True)
