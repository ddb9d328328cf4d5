"""The exact finite-width law of ``F*`` for a deep linear network, sampled in dimensions ``C`` and ``T`` only.

For ``phi(u) = u`` without biases, ``delta^l_k(t) = (W^L ... W^{l+1})_k`` does not depend on ``t``, so (§1.4)

    F* = (1/T) sum_{l=1}^{L} A_l (x) G_{l-1},   A_l = P_l P_l^T (C x C),   G_l = H_l H_l^T (T x T),

with ``P_l = W^L ... W^{l+1}`` (``P_L = I_C``) and ``H_l = X W^1T ... W^lT`` (``H_0 = X``): a sum of Kronecker
products of products of Wishart matrices.  Write layer ``l``'s weights in orthonormal frames of the row space of
``P_l`` (output side, ``C`` dims) and of ``H_{l-1}`` (input side, ``T`` dims):
``W^l = [O O_perp] [[a, b], [c, d]] [Q Q_perp]^T``.  By rotation invariance the blocks are i.i.d.
``N(0, sigma_w^2 / M_{l-1})`` whatever the frames, and with ``P_l = R_P^T O^T``, ``H_{l-1} = R_H^T Q^T``:

    A_{l-1} = R_P^T (a a^T + b b^T) R_P,     G_l = R_H^T (a^T a + c^T c) R_H,

where ``b b^T`` is Wishart(``C``, ``M_{l-1} - T`` dof) and ``c^T c`` is Wishart(``T``, ``M_l - C`` dof), independent
of the shared ``C x T`` block ``a``.  ``G_0 = X X^T`` is Wishart(``T``, ``M_0``).  Each network therefore costs
``O((CT)^3)`` whatever the width, which lets a sweep reach widths where the ``O(M^-1/2)`` edge correction of
F6b (``c_1 ~ 12`` at ``C T = 100``) is small.  The law is validated against the network simulation in
``tests/test_deep_linear.py``.
"""
from __future__ import annotations

import numpy as np


def wishart(rng: np.random.Generator, p: int, dof: int, scale: float) -> np.ndarray:
    """``Z^T Z`` for ``Z`` (``dof x p``) i.i.d. ``N(0, scale)``, by Bartlett's decomposition (needs ``dof >= p``)."""
    A = np.tril(rng.standard_normal((p, p)), -1)
    A[np.diag_indices(p)] = np.sqrt(rng.chisquare(dof - np.arange(p)))
    return scale * (A @ A.T)


def _root(G: np.ndarray) -> np.ndarray:
    """``R`` with ``R^T R = G`` (the transposed Cholesky factor)."""
    return np.linalg.cholesky(G).T


def dual_gram(widths, C: int, T: int, sigma_w2: float, rng: np.random.Generator) -> np.ndarray:
    """One draw of ``F*`` (``CT x CT``, rows ``(k, t)`` ``k``-major) of the linear network with ``widths``
    ``(M_0, ..., M_{L-1})``, ``C`` outputs and ``T`` standard Gaussian inputs; needs ``M_l >= C + T``."""
    sizes = tuple(widths) + (C,)
    L = len(widths)
    if min(widths) < C + T:
        raise ValueError(f"the exact linear law needs every width >= C + T = {C + T}, got {widths}")
    blocks = {}
    for l in range(2, L + 1):        # layer l's blocks: a (C x T), b b^T (C x C), c^T c (T x T)
        s = sigma_w2 / sizes[l - 1]
        a = rng.standard_normal((C, T)) * np.sqrt(s)
        blocks[l] = (a, wishart(rng, C, sizes[l - 1] - T, s), wishart(rng, T, sizes[l] - C, s) if l < L else None)
    G = [wishart(rng, T, sizes[0], 1.0)]
    G.append(_root(G[0]).T @ wishart(rng, T, sizes[1], sigma_w2 / sizes[0]) @ _root(G[0]))
    for l in range(2, L):
        a, _, cc = blocks[l]
        R = _root(G[l - 1])
        G.append(R.T @ (a.T @ a + cc) @ R)
    A = {L: np.eye(C)}
    for l in range(L, 1, -1):
        a, bb, _ = blocks[l]
        R = _root(A[l])
        A[l - 1] = R.T @ (a @ a.T + bb) @ R
    return sum(np.kron(A[l], G[l - 1]) for l in range(1, L + 1)) / T
