"""inPCA at high precision (mpmath local context, ``ctx.eigsy``): goldens and exact checks.

Same definitions as ``verify.ribbon.inpca`` and ``verify.ribbon.bhattacharyya``; logits are converted exactly
(``verify.mpeval.to_mpf``), Bernoulli distances use the definition
``d_B = −log(sqrt(p(a)p(b)) + sqrt(p(−a)p(−b)))`` (never ``1 − p``), softmax the Jensen form with exact
``log Σ exp``; eigenvalue accuracy ``10^{−(dps−10)}·|μ_1|`` (spec numerical conventions).
"""
from __future__ import annotations

from ..mpeval import context, to_mpf


def d_bernoulli(ctx, a, b):
    """Bhattacharyya distance of ``Bernoulli(sigmoid(a))`` and ``Bernoulli(sigmoid(b))`` from the definition."""
    p = lambda x: 1 / (1 + ctx.exp(-x))  # noqa: E731
    return -ctx.log(ctx.sqrt(p(a) * p(b)) + ctx.sqrt(p(-a) * p(-b)))


def distance_matrix_mp(Z, model: str, dps: int, *, sigma=1):
    """``D`` (mp matrix) for logits ``Z[i][n][c]`` (nested sequences of exact numbers or mpf)."""
    ctx = context(dps)
    Zm = [[[to_mpf(ctx, v) for v in row] for row in model_] for model_ in Z]
    m, N = len(Zm), len(Zm[0])
    s2 = to_mpf(ctx, sigma) ** 2
    lse = lambda z: ctx.log(ctx.fsum(ctx.exp(x) for x in z))  # noqa: E731

    def d(zi, zj):
        if model == "gaussian":
            return ctx.fsum((x - y) ** 2 for x, y in zip(zi, zj)) / (8 * s2)
        if model == "bernoulli":
            return d_bernoulli(ctx, zi[0], zj[0])
        return lse(zi) / 2 + lse(zj) / 2 - lse([(x + y) / 2 for x, y in zip(zi, zj)])

    D = ctx.matrix(m, m)
    for i in range(m):
        for j in range(i + 1, m):
            D[i, j] = D[j, i] = ctx.fsum(d(Zm[i][n], Zm[j][n]) for n in range(N)) / N
    return D


def inpca_mp(D, dps: int):
    """``(mu, vectors, R, ES)`` of ``W = −½ΠDΠ``: ``mu`` sorted by decreasing ``|μ|`` (list of mpf), ``vectors``
    the matching columns, ``R[k]``/``ES[k]`` for ``k = 0..m`` from tail sums."""
    ctx = context(dps)
    m = D.rows
    r = [ctx.fsum(D[i, j] for j in range(m)) / m for i in range(m)]
    g = ctx.fsum(r) / m
    W = ctx.matrix(m, m)
    for i in range(m):
        for j in range(m):
            W[i, j] = -(D[i, j] - r[i] - r[j] + g) / 2
    E, Q = ctx.eigsy(W)
    order = sorted(range(m), key=lambda i: -abs(E[i]))
    mu = [E[i] for i in order]
    vecs = [[Q[a, i] for a in range(m)] for i in order]
    sq = [x * x for x in mu]
    total = ctx.fsum(sq)
    R = [ctx.sqrt(ctx.fsum(sq[k:]) / total) if total else ctx.zero for k in range(m + 1)]
    return mu, vecs, R, [1 - x for x in R]
