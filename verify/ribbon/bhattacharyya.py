"""Intensive Bhattacharyya distance matrices (spec/sloppiness.md §1.5) from logits, float64, any array namespace.

``D_ij = (1/N) Σ_n d_B(p_i(·|x_n), p_j(·|x_n))`` for logits ``Z`` of shape ``(m, N, C)``:

* Gaussian ``N(z, σ² I_C)``: ``d_B = ‖z_i − z_j‖² / (8σ²)`` (S3), summed over ``C``;
* Bernoulli (``C = 1``): ``d_B = ½ lc(z_i/2) + ½ lc(z_j/2) − lc((z_i + z_j)/4)`` (S5) with the stable
  ``lc(x) = log cosh x = |x| + log1p(e^{−2|x|}) − log 2``;
* softmax (``C ≥ 2``): ``d_B = ½ lse(z_i) + ½ lse(z_j) − lse((z_i + z_j)/2)`` (S7, Jensen gap of the
  log-partition), ``lse`` evaluated as ``max + log Σ exp(z − max)``.

The pair term (the only part that does not split into ``f(z_i) + f(z_j)``) is evaluated block by block:
model blocks of ``block`` rows against ``block`` columns (upper triangle only, mirrored), samples in
chunks so that one work buffer holds at most ``budget`` float64 numbers.  Peak memory:
``8 m²`` bytes (the result) ``+ 8·budget·(1 + [C > 1])`` bytes (one buffer; softmax needs a second for the
per-class maximum) ``+ O(8 m N)`` (per-model terms); with the defaults (``budget = 2^21``) that is
``32 MB + 16 MB`` for ``m = 2000`` Bernoulli models, for any ``N``.

Round-off.  Every per-sample term is a difference of quantities of size ``≤ 1 + |z_i| + |z_j|`` (log-cosh,
lse); each is evaluated with a few ulps of relative error and summed pairwise, so
``|D_ij^{float} − D_ij| ≤ tol_ij := 64 u (1 + log2 N)(1 + mean_n(|z_i,n|_∞ + |z_j,n|_∞))`` with
``u = 2^{-53}`` (16 ulp of headroom per logcosh/lse and the pairwise-summation factor ``log2 N``).
A distance below ``−tol_ij`` or non-finite is an error naming the models: no clamping.  The diagonal is
zero by definition and is stored as exact 0 after the same test.
"""
from __future__ import annotations

import math

MODELS = ("gaussian", "bernoulli", "softmax")
EPS = 2.0 ** -53
LOG2 = math.log(2.0)


class DistanceError(ValueError):
    """A distance matrix entry that cannot come from valid logits (negative beyond round-off, or non-finite)."""


def logcosh(x, xp):
    """``log cosh x`` without overflow: ``|x| + log1p(exp(−2|x|)) − log 2``."""
    a = xp.abs(x)
    return a + xp.log1p(xp.exp(-2.0 * a)) - LOG2


def logsumexp(x, xp, axis=-1):
    """Stable ``log Σ exp`` along ``axis``."""
    mx = xp.max(x, axis=axis, keepdims=True)
    return xp.squeeze(mx, axis=axis) + xp.log(xp.sum(xp.exp(x - mx), axis=axis))


def _self_terms(Z, model, xp):
    """Per-model, per-sample half log-partition ``½ F(z_i)`` in the split ``d_B = ½F_i + ½F_j − pair``."""
    if model == "bernoulli":
        return 0.5 * logcosh(0.5 * Z[:, :, 0], xp)
    return 0.5 * logsumexp(Z, xp)


def _pair_sum(Zi, Zj, model, sigma, xp, budget):
    """``Σ_n pair(z_i,n, z_j,n)`` for a block of models: Gaussian ‖z_i−z_j‖²/(8σ²), Bernoulli lc((z_i+z_j)/4),
    softmax lse((z_i+z_j)/2); samples in chunks so that a buffer holds at most ``budget`` numbers."""
    bi, bj, N, C = Zi.shape[0], Zj.shape[0], Zi.shape[1], Zi.shape[2]
    step = max(1, budget // max(1, bi * bj * C))
    out = xp.zeros((bi, bj), dtype=xp.float64)
    for s in range(0, N, step):
        a, b = Zi[:, None, s:s + step, :], Zj[None, :, s:s + step, :]
        if model == "gaussian":
            buf = a - b
            xp.multiply(buf, buf, out=buf)
            out += xp.sum(buf, axis=(2, 3)) / (8.0 * sigma * sigma)
        elif model == "bernoulli":
            buf = a[..., 0] + b[..., 0]
            xp.abs(buf, out=buf)
            out += 0.25 * xp.sum(buf, axis=2)          # |s|/4 part of logcosh(s/4)
            xp.multiply(buf, -0.5, out=buf)            # −2|s/4|
            xp.exp(buf, out=buf)
            xp.log1p(buf, out=buf)
            out += xp.sum(buf, axis=2) - LOG2 * buf.shape[2]
        else:
            buf = a + b
            buf *= 0.5
            mx = xp.max(buf, axis=3, keepdims=True)
            buf -= mx
            xp.exp(buf, out=buf)
            out += xp.sum(mx[..., 0], axis=2) + xp.sum(xp.log(xp.sum(buf, axis=3)), axis=2)
    return out


def distance_matrix(Z, model: str, xp, *, sigma: float = 1.0, block: int = 256, budget: int = 2 ** 21):
    """Intensive Bhattacharyya matrix ``D`` (m×m, float64) of the logits ``Z`` (m, N, C) under ``model``.

    Raises ``DistanceError`` naming the models ``i, j`` if an entry is non-finite or below ``−tol_ij``.
    """
    if model not in MODELS:
        raise ValueError(f"unknown output model {model!r}; one of {MODELS}")
    Z = xp.asarray(Z, dtype=xp.float64)
    if Z.ndim != 3:
        raise ValueError(f"logits must have shape (m, N, C), got {tuple(Z.shape)}")
    m, N, C = Z.shape
    if model == "bernoulli" and C != 1:
        raise ValueError(f"Bernoulli output needs C = 1 logit per sample, got C = {C}")
    if model == "softmax" and C < 2:
        raise ValueError("softmax output needs C >= 2 classes")
    if not bool(xp.all(xp.isfinite(Z))):
        bad = int(xp.argmax(~xp.all(xp.isfinite(Z.reshape(m, -1)), axis=1)))
        raise DistanceError(f"model {bad} has non-finite logits")
    half = None if model == "gaussian" else xp.sum(_self_terms(Z, model, xp), axis=1)
    D = xp.empty((m, m), dtype=xp.float64)
    for i0 in range(0, m, block):
        for j0 in range(i0, m, block):
            blk = _pair_sum(Z[i0:i0 + block], Z[j0:j0 + block], model, sigma, xp, budget)
            if half is not None:   # d_B = ½F_i + ½F_j − F(midpoint)
                blk = half[i0:i0 + block, None] + half[None, j0:j0 + block] - blk
            D[i0:i0 + block, j0:j0 + block] = blk
            D[j0:j0 + block, i0:i0 + block] = blk.T
    D /= N
    _check_distances(D, Z, xp)
    idx = xp.arange(m)
    D[idx, idx] = 0.0
    return D


def roundoff_bound(Z, xp):
    """``tol_ij`` of the module docstring (m×m)."""
    N = Z.shape[1]
    size = xp.mean(xp.max(xp.abs(Z), axis=2), axis=1)
    return 64 * EPS * (1 + math.log2(max(N, 1))) * (1 + size[:, None] + size[None, :])


def _check_distances(D, Z, xp):
    tol = roundoff_bound(Z, xp)
    bad = ~xp.isfinite(D) | (D < -tol)
    idx = xp.arange(D.shape[0])
    bad |= (xp.abs(D[idx, idx]) > tol[idx, idx])[:, None] * (idx[:, None] == idx[None, :])
    if bool(xp.any(bad)):
        k = int(xp.argmax(bad.reshape(-1)))
        i, j = divmod(k, D.shape[0])
        raise DistanceError(f"distance between models {i} and {j} is {float(D[i, j])!r}, beyond the round-off "
                            f"bound {float(tol[i, j]):.3g} (negative, non-finite or nonzero self-distance)")


def pair_distance(zi, zj, model: str, xp, *, sigma: float = 1.0) -> float:
    """``D_ij`` for one pair of models (logits (N, C)): the per-pair route the benchmark's baseline uses."""
    if model == "gaussian":
        return float(xp.sum((zi - zj) ** 2)) / (8 * sigma * sigma * zi.shape[0])
    if model == "bernoulli":
        a, b = zi[:, 0], zj[:, 0]
        terms = 0.5 * logcosh(a / 2, xp) + 0.5 * logcosh(b / 2, xp) - logcosh((a + b) / 4, xp)
    else:
        terms = 0.5 * logsumexp(zi, xp) + 0.5 * logsumexp(zj, xp) - logsumexp((zi + zj) / 2, xp)
    return float(xp.mean(terms))
