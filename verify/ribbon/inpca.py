"""inPCA of a distance matrix (spec/sloppiness.md §1.6), float64, any array namespace (NumPy / CuPy).

``W = −½ Π D Π`` (``Π = I − 11ᵀ/m``), ``W = Σ_i μ_i q_i q_iᵀ`` ordered by ``|μ|`` (largest first), coordinates
``q_i sqrt|μ_i|`` (time-like where ``μ_i < 0``).  Residual stress ``R_k = sqrt(Σ_{i>k} μ_i² / Σ_i μ_i²)`` is
computed from the tail sum itself (accumulated from the smallest ``|μ|`` up), never as ``sqrt(1 − head/total)``;
``ES_k = 1 − R_k``.  Accuracy (spec numerical conventions): eigenvalues to ``1e-10·|μ_1|`` absolute,
``ES_k`` to ``1e-7``, ``R_k`` to ``1e-10`` relative when ``R_k > 1e-6``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .bhattacharyya import EPS, DistanceError, distance_matrix, pair_distance


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


def stress(mu, xp):
    """``(R, ES)`` for ``k = 0..m`` from eigenvalues sorted by decreasing ``|μ|``; the tail sums are
    accumulated from the small end so that ``R_k`` keeps its relative accuracy when it is tiny."""
    sq = (mu * mu)[::-1]
    tail = xp.concatenate([xp.cumsum(sq)[::-1], xp.zeros(1, dtype=mu.dtype)])   # tail[k] = Σ_{i>k} μ_i²
    total = tail[0]
    R = xp.sqrt(tail / total) if float(total) > 0 else xp.zeros_like(tail)
    return R, 1.0 - R


def inpca(D, xp, *, tol: float | None = None) -> InPCA:
    """inPCA of the intensive distance matrix ``D`` (validated first, see ``validate_distances``)."""
    D = validate_distances(D, xp, tol=tol)
    W = double_centre(D, xp)
    mu, V = xp.linalg.eigh(W)
    order = xp.argsort(-xp.abs(mu), kind="stable") if xp.__name__ == "numpy" else xp.argsort(-xp.abs(mu))
    mu, V = mu[order], V[:, order]
    R, ES = stress(mu, xp)
    return InPCA(mu=mu, vectors=V, coords=V * xp.sqrt(xp.abs(mu))[None, :], timelike=mu < 0,
                 residual=R, explained=ES, W=W)


def inpca_of_logits(Z, model: str, xp, **kw) -> InPCA:
    """Distance matrix (chunked, ``verify.ribbon.bhattacharyya``) then inPCA."""
    return inpca(distance_matrix(Z, model, xp, **kw), xp)


def inpca_per_pair(Z, model: str, xp, *, sigma: float = 1.0) -> InPCA:
    """Naive baseline for the benchmark: a Python double loop over pairs (each pair vectorised over samples),
    then the same eigen-decomposition."""
    m = Z.shape[0]
    D = xp.zeros((m, m), dtype=xp.float64)
    for i in range(m):
        for j in range(i + 1, m):
            D[i, j] = D[j, i] = pair_distance(Z[i], Z[j], model, xp, sigma=sigma)
    return inpca(D, xp)
