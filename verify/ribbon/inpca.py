"""inPCA of a distance matrix (spec/sloppiness.md §1.6), float64, any array namespace (NumPy / CuPy).

``W = −½ Π D Π`` (``Π = I − 11ᵀ/m``), ``W = Σ_i μ_i q_i q_iᵀ`` ordered by ``|μ|`` (largest first), coordinates
``q_i sqrt|μ_i|`` (time-like where ``μ_i < 0``).  Residual stress ``R_k = sqrt(Σ_{i>k} μ_i² / Σ_i μ_i²)`` is
computed from the tail sum itself (accumulated from the smallest ``|μ|`` up), never as ``sqrt(1 − head/total)``;
``ES_k = 1 − R_k``.  Accuracy (spec numerical conventions): eigenvalues to ``1e-10·|μ_1|`` absolute,
``ES_k`` to ``1e-7``, ``R_k`` to ``1e-10`` relative when ``R_k > 1e-6``.

Partial spectrum (``top = k``): the ``k`` eigenpairs largest in ``|μ|`` lie among the ``k`` largest and the
``k`` smallest eigenvalues, so only those ``2k`` are computed (SciPy's ``eigh(subset_by_index=…)`` on NumPy;
other namespaces take the full ``eigh`` and keep the same ``k``).  The tail beyond them is the deflated
Frobenius norm ``Σ_{i>k} μ_i² = ‖W − Σ_{i≤k} μ_i q_i q_iᵀ‖_F²`` (entrywise round-off ``O(u |μ_1|)``, so
``R_k`` keeps a relative error ``O(u/R_k)``, as the full-spectrum tail sum does), then ``R_j``, ``j ≤ k``,
from the tail upwards.

Gaussian logits (S8): ``W = Z_c Z_cᵀ/(8σ²N)`` with the model-centred logits ``Z_c = Z − 1 z̄ᵀ`` (``Z`` as an
``m × NC`` matrix), accumulated over sample chunks by BLAS (one GEMM per chunk, on all cores): no distance
matrix and no per-pair work.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from .bhattacharyya import EPS, DistanceError, _workers, distance_matrix, pair_distance


@dataclass(frozen=True)
class InPCA:
    """``mu[i]`` eigenvalues by decreasing ``|μ|``; ``vectors[:, i]`` the unit eigenvectors; ``coords[:, i] =
    vectors[:, i]·sqrt|mu[i]|``; ``timelike[i] = mu[i] < 0``; ``residual[k] = R_k`` and ``explained[k] = ES_k``
    for ``k = 0..m``; ``W`` the double-centred matrix."""

    mu: Any
    vectors: Any
    coords: Any
    timelike: Any
    residual: Any
    explained: Any
    W: Any


def validate_distances(D, xp, *, tol: float | None = None):
    """Refuse a matrix that is no intensive distance matrix: non-square, non-finite, asymmetric, nonzero
    diagonal or negative entries beyond ``tol`` (default ``64 u · max|D|``, the round-off of a computed D)."""
    D = xp.asarray(D, dtype=xp.float64)
    if D.ndim != 2 or D.shape[0] != D.shape[1]:
        raise DistanceError(f"distance matrix must be square, got shape {tuple(D.shape)}")
    m = D.shape[0]

    def fail(mask, what):
        if bool(xp.any(mask)):
            i, j = divmod(int(xp.argmax(mask.reshape(-1))), m)
            raise DistanceError(f"distance matrix: {what} at models {i} and {j} (D[{i},{j}] = {float(D[i, j])!r}, "
                                f"D[{j},{i}] = {float(D[j, i])!r}, tolerance {tol:.3g})")

    if not bool(xp.all(xp.isfinite(D))):
        tol = 0.0
        fail(~xp.isfinite(D), "non-finite entry")
    scale = float(xp.max(xp.abs(D))) if m else 0.0
    tol = 64 * EPS * scale if tol is None else tol
    fail(xp.abs(D - D.T) > tol, "not symmetric")
    fail(D < -tol, "negative distance")
    eye = xp.eye(m, dtype=bool)
    fail(eye & (xp.abs(D) > tol), "nonzero self-distance")
    return D


def double_centre(D, xp):
    """``−½ Π D Π`` through row/column means (no m×m projector)."""
    r = xp.mean(D, axis=1)
    W = D - r[:, None] - r[None, :] + xp.mean(r)
    W *= -0.5
    return 0.5 * (W + W.T)


def stress(mu, xp, rest=0.0):
    """``(R, ES)`` for ``k = 0..len(mu)`` from eigenvalues sorted by decreasing ``|μ|`` and ``rest``, the sum of the
    squares of the eigenvalues not in ``mu`` (0 for a full spectrum); the tail sums are accumulated from the
    small end so that ``R_k`` keeps its relative accuracy when it is tiny."""
    sq = (mu * mu)[::-1]
    tail = xp.cumsum(xp.concatenate([xp.full(1, rest, dtype=mu.dtype), sq]))[::-1]   # tail[k] = Σ_{i>k} μ_i²
    total = tail[0]
    R = xp.sqrt(tail / total) if float(total) > 0 else xp.zeros_like(tail)
    return R, 1.0 - R


def _eigenpairs(W, xp, top, psd=False):
    """``(mu, V)`` by decreasing ``|μ|``: all of them, or the ``top`` largest in ``|μ|`` (module docstring); ``psd``:
    ``W`` is positive semi-definite by construction, so only the top end is computed (one solve, not two)."""
    m = W.shape[0]
    if top is not None and not 1 <= int(top) <= m:
        raise ValueError(f"top must be an integer in 1..{m} (the number of models), got {top}")
    if top is not None and xp is np and 2 * top < m:
        import scipy.linalg
        ends = [[m - top, m - 1]] if psd else [[0, top - 1], [m - top, m - 1]]
        parts = [scipy.linalg.eigh(W, subset_by_index=e, driver="evr") for e in ends]
        mu, V = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts], axis=1)
    else:
        mu, V = xp.linalg.eigh(W)
    order = xp.argsort(-xp.abs(mu), kind="stable") if xp is np else xp.argsort(-xp.abs(mu))
    if top is not None:
        order = order[:top]
    return mu[order], V[:, order]


def decompose(W, xp, *, top: int | None = None, psd: bool = False) -> InPCA:
    """inPCA of the double-centred matrix ``W``: every eigenpair, or the ``top`` largest in ``|μ|`` (``psd``: ``W``
    is positive semi-definite by construction, as for Gaussian output; eigenvalues of round-off size aside)."""
    mu, V = _eigenpairs(W, xp, top, psd)
    rest = 0.0
    if top is not None and top < W.shape[0]:
        E = W - (V * mu[None, :]) @ V.T                     # the deflated matrix: ‖E‖_F² = Σ_{i>top} μ_i²
        rest = float(xp.sum(E * E))
    R, ES = stress(mu, xp, rest)
    return InPCA(mu=mu, vectors=V, coords=V * xp.sqrt(xp.abs(mu))[None, :], timelike=mu < 0,
                 residual=R, explained=ES, W=W)


def inpca(D, xp, *, tol: float | None = None, top: int | None = None) -> InPCA:
    """inPCA of the intensive distance matrix ``D`` (validated first, see ``validate_distances``)."""
    return decompose(double_centre(validate_distances(D, xp, tol=tol), xp), xp, top=top)


def gaussian_gram(Z, xp, *, sigma: float = 1.0, budget: int = 2 ** 22, workers: int | None = None):
    """``W = Z_c Z_cᵀ/(8σ²N)`` for Gaussian-output logits ``Z`` (m, N, C): the double-centred Gaussian distance
    matrix without forming it (S8), in sample chunks of at most ``budget`` numbers, on ``workers`` threads."""
    Z = xp.asarray(Z, dtype=xp.float64)
    if Z.ndim != 3:
        raise ValueError(f"logits must have shape (m, N, C), got {tuple(Z.shape)}")
    m, N = Z.shape[0], Z.shape[1]
    if not bool(xp.all(xp.isfinite(Z))):
        bad = int(xp.argmax(~xp.all(xp.isfinite(Z.reshape(m, -1)), axis=1)))
        raise DistanceError(f"model {bad} has non-finite logits")
    F = Z.reshape(m, -1)
    mean = xp.mean(F, axis=0)
    step = max(1, budget // max(1, m))
    chunks = [slice(s, s + step) for s in range(0, F.shape[1], step)]
    threads = min(_workers(workers, xp), len(chunks))

    def part(k):
        W = xp.zeros((m, m), dtype=xp.float64)
        for sl in chunks[k::threads]:
            A = F[:, sl] - mean[None, sl]
            W += A @ A.T
        return W

    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            parts = list(pool.map(part, range(threads)))
    else:
        parts = [part(0)]
    W = parts[0]
    for P in parts[1:]:
        W += P
    W /= 8.0 * sigma * sigma * N
    return 0.5 * (W + W.T)


def inpca_of_logits(Z, model: str, xp, *, top: int | None = None, **kw) -> InPCA:
    """inPCA of logits: Gaussian output through ``gaussian_gram`` (``kw``: ``sigma``, ``budget``, ``workers``);
    Bernoulli / softmax through the distance matrix (``bhattacharyya.distance_matrix``, ``kw`` passed on)."""
    if model == "gaussian":
        return decompose(gaussian_gram(Z, xp, **kw), xp, top=top, psd=True)
    return inpca(distance_matrix(Z, model, xp, **kw), xp, top=top)


def inpca_per_pair(Z, model: str, xp, *, sigma: float = 1.0) -> InPCA:
    """Naive baseline for the benchmark: a Python double loop over pairs (each pair vectorised over samples),
    then the same eigen-decomposition."""
    m = Z.shape[0]
    D = xp.zeros((m, m), dtype=xp.float64)
    for i in range(m):
        for j in range(i + 1, m):
            D[i, j] = D[j, i] = pair_distance(Z[i], Z[j], model, xp, sigma=sigma)
    return inpca(D, xp)
