"""SGD on linear least squares (spec/sloppiness.md §2.I, S31–S34): exact enumeration, the exact second-moment
recursion, and simulated ensembles.

One step on batch ``B`` (``|B| = b``): ``w ← w − (η/b) Σ_{n∈B} x_n (x_nᵀw − y_n)``.  Batch schemes:
``"with"`` (``b`` indices uniform with replacement, ordered), ``"without"`` (a uniform ``b``-subset), both
independent across steps, and ``"reshuffle"`` (each epoch a uniform permutation cut into ``⌊N/b⌋``
consecutive batches; consecutive batches dependent).

* ``enumerate_moments``: ``E[w_t]`` and ``E[w_t w_tᵀ]`` by visiting every batch sequence with its exact
  probability (pure Python on exact rationals, or any number type closed under ``+ − × /``).
* ``second_moments``: the recursion of S32 for ``e_t = w_t − w*`` (realisable targets)
  ``P_{t+1} = R P_t R + (η² f/b) 𝒩(P_t)``, ``R = I − ηΣ``, ``𝒩(P) = Γ(P) − ΣPΣ``,
  ``Γ(P) = (1/N) Σ_n (x_nᵀP x_n) x_n x_nᵀ``, ``f = 1`` (with) or ``(N − b)/(N − 1)`` (without); with the mean
  ``ē_t = R^t e_0``, ``Cov_t = P_t − ē_t ē_tᵀ`` and ``D_t = tr(Σ Cov_t)``.  Runs on an ``xp`` namespace in float64
  or on NumPy object arrays of ``Fraction``/``mpf`` (exact / high precision).
* ``simulate``: ensembles of independent SGD runs, batched over runs, in an ``xp`` namespace (NumPy or CuPy);
  batch indices are drawn on the host with NumPy and moved to the device, so both backends see the same runs.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

SCHEMES = ("with", "without")


# ---------------------------------------------------------------- batch distributions
def noise_factor(N: int, b: int, scheme: str):
    """``f`` of S32: 1 with replacement, ``(N − b)/(N − 1)`` without (exact ``Fraction``)."""
    if scheme == "with":
        return Fraction(1)
    if scheme == "without":
        return Fraction(N - b, N - 1)
    raise ValueError(f"scheme must be 'with' or 'without' (got {scheme!r})")


def _blocks(N: int, b: int, scheme: str):
    """The support of one independent block of consecutive batches, each block equally likely: one step for
    the i.i.d. schemes (ordered ``b``-tuples / ``b``-subsets), one epoch (``⌊N/b⌋`` steps) for reshuffling."""
    if scheme == "with":
        return [(B,) for B in itertools.product(range(N), repeat=b)]
    if scheme == "without":
        return [(B,) for B in itertools.combinations(range(N), b)]
    if scheme == "reshuffle":
        return [tuple(p[i * b:(i + 1) * b] for i in range(N // b)) for p in itertools.permutations(range(N))]
    raise ValueError(f"scheme must be 'with', 'without' or 'reshuffle' (got {scheme!r})")


def _step(u, X, y, B, p, s, st):
    """Scaled step on integers: with ``u_t = s^t w_t``, ``s = b q``, ``eta = p/q``:
    ``u_{t+1} = s u_t − p Σ_{n∈B} x_n (x_nᵀ u_t − s^t y_n)`` (``st = s^t``)."""
    g = [0] * len(u)
    for n in B:
        res = sum(xi * ui for xi, ui in zip(X[n], u)) - st * y[n]
        g = [gi + xi * res for gi, xi in zip(g, X[n])]
    return [s * ui - p * gi for ui, gi in zip(u, g)]


def enumerate_moments(X, y, w0, eta, b: int, scheme: str, T: int):
    """``(means, seconds)``: ``means[t] = E[w_t]`` (list of ``d`` ``Fraction``), ``seconds[t] = E[w_t w_tᵀ]``
    (``d × d``), ``t = 0..T``, exactly, by depth-first enumeration of every batch sequence of length ``T``
    (``|law|^T`` leaves for the i.i.d. schemes).  ``X`` (``N`` rows of ``d``), ``y``, ``w0``: integers;
    ``eta``: a ``Fraction``.  Arithmetic is on the integers ``s^t w_t`` (``s = b·denominator(eta)``); every law
    is uniform, so a moment is an integer sum over the visited nodes divided by their number and ``s^t``."""
    N, d = len(X), len(w0)
    eta = Fraction(eta)
    p, s = eta.numerator, b * eta.denominator
    law = _blocks(N, b, scheme)
    count = [0] * (T + 1)
    sums = [[0] * d for _ in range(T + 1)]
    squares = [[[0] * d for _ in range(d)] for _ in range(T + 1)]

    def add(t, u):
        count[t] += 1
        sums[t] = [m + ui for m, ui in zip(sums[t], u)]
        squares[t] = [[q + ui * uj for q, uj in zip(row, u)] for row, ui in zip(squares[t], u)]

    def visit(t, u):
        if t == T:
            return
        for batches in law:
            v, r = u, t
            for B in batches[:T - t]:
                v, r = _step(v, X, y, B, p, s, s ** r), r + 1
                add(r, v)
            visit(r, v)

    u0 = [int(w) for w in w0]
    add(0, u0)
    visit(0, u0)
    means = [[Fraction(m, count[t] * s ** t) for m in sums[t]] for t in range(T + 1)]
    seconds = [[[Fraction(q, count[t] * s ** (2 * t)) for q in row] for row in squares[t]] for t in range(T + 1)]
    return means, seconds


# ---------------------------------------------------------------- the exact recursion (S32)
def noise_operator(X, P, Sigma, xp=np):
    """``𝒩(P) = (1/N) Σ_n (x_nᵀ P x_n) x_n x_nᵀ − Σ P Σ`` (for a stack ``P`` of shape ``(..., d, d)``)."""
    q = ((X @ P) * X).sum(axis=-1)                              # (..., N): x_n^T P x_n
    return (X.T * q[..., None, :]) @ X / X.shape[0] - Sigma @ P @ Sigma


def second_moments(X, e0, eta, b, f, T: int, xp=np):
    """``(P, ebar, Cov, D)`` for ``t = 0..T`` from S32's recursion, ``P[t] = E[e_t e_tᵀ]`` (``(T+1, ..., d, d)``),
    ``ebar[t] = R^t e_0``, ``Cov[t] = P[t] − ebar ebarᵀ``, ``D[t] = tr(Σ Cov_t)``.  ``e0``: ``(d,)`` or a stack
    ``(M, d)`` of initial errors (one independent run each).  ``X``: an ``xp`` float64 array, or a NumPy object array
    of ``Fraction``/``mpf`` (then ``eta``, ``f`` of the same type) for exact / high-precision values."""
    N, d = X.shape
    Sigma = X.T @ X / N
    R = (xp.eye(d, dtype=X.dtype) if X.dtype != object else np.eye(d, dtype=int).astype(object)) - eta * Sigma
    c = eta * eta * f / b
    e = e0
    P = e[..., :, None] * e[..., None, :]
    Ps, es = [P], [e]
    for _ in range(T):
        P = R @ P @ R + c * noise_operator(X, P, Sigma, xp)
        e = e @ R
        Ps.append(P)
        es.append(e)
    P, ebar = xp.stack(Ps), xp.stack(es)
    Cov = P - ebar[..., :, None] * ebar[..., None, :]
    D = (Sigma * Cov).sum(axis=(-2, -1))
    return P, ebar, Cov, D


# ---------------------------------------------------------------- simulated ensembles
def draw_batches(rng: np.random.Generator, N: int, b: int, scheme: str, runs: int) -> np.ndarray:
    """Host integer array ``(runs, b)``: one batch per run (uniform with replacement, or a uniform ``b``-subset)."""
    if scheme == "with":
        return rng.integers(0, N, size=(runs, b))
    if scheme == "without":
        return np.argsort(rng.random((runs, N)), axis=1)[:, :b]
    raise ValueError(f"scheme must be 'with' or 'without' (got {scheme!r})")


def simulate(X, y, W0, eta, b: int, scheme: str, T: int, rng: np.random.Generator, xp=np):
    """Weights ``(T+1, runs, d)`` of independent SGD runs started from the rows of ``W0`` (``(runs, d)``), all
    steps; ``X`` ``(N, d)``, ``y`` ``(N,)`` float64 arrays in ``xp``."""
    N = X.shape[0]
    W = xp.asarray(W0, dtype=xp.float64)
    out = [W]
    for _ in range(T):
        idx = xp.asarray(draw_batches(rng, N, b, scheme, W.shape[0]))
        Xb = X[idx]                                              # (runs, b, d)
        res = xp.einsum("rbd,rd->rb", Xb, W) - y[idx]
        W = W - (eta / b) * xp.einsum("rbd,rb->rd", Xb, res)
        out.append(W)
    return xp.stack(out)


def decaying_design(rng: np.random.Generator, N: int, d: int, u: float, xp=np):
    """``X = sqrt(N) U_o diag(sqrt λ) Vᵀ`` (spec §1.1) with ``λ_k = e^{−u k/2}``, ``k = 0..min(N, d) − 1``, and
    ``λ_k = 0`` beyond (at most ``N`` nonzero eigenvalues); returns ``(X, λ)``."""
    from .trajectory import design
    lam = np.where(np.arange(d) < min(N, d), np.exp(-u * np.arange(d) / 2), 0.0)
    return design(lam, N, rng, xp), lam
