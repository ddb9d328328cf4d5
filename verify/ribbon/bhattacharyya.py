"""Intensive Bhattacharyya distance matrices (spec/sloppiness.md §1.5) from logits, any array namespace.

``D_ij = (1/N) Σ_n d_B(p_i(·|x_n), p_j(·|x_n))`` for logits ``Z`` of shape ``(m, N, C)``:

* Gaussian ``N(z, σ² I_C)``: ``d_B = ‖z_i − z_j‖² / (8σ²)`` (S3), summed over ``C``;
* Bernoulli (``C = 1``) and softmax (``C ≥ 2``): ``d_B = −log BC``, ``BC = Σ_c q_{i,c} q_{j,c}`` with the
  square-root probabilities ``q_c = sqrt p(c|x)`` (Bernoulli: ``q = (sqrt σ(z), sqrt σ(−z))``, softmax
  ``q_c = exp((z_c − lse z)/2)``).  Equivalently (S5, S7) ``½F(z_i) + ½F(z_j) − F((z_i + z_j)/2)`` with the
  log-partition ``F`` (``2 lc(z/2)`` with ``lc(x) = log cosh x = |x| + log1p(e^{−2|x|}) − log 2`` for
  Bernoulli, ``lse`` for softmax): the *log-partition route*, kept for logits too large for the first.

Routes (``route=``):

* ``"chunked"``: ``Σ_n log BC`` on model blocks of ``block`` rows × ``block`` columns (upper triangle only,
  mirrored), samples in chunks so that a work buffer holds at most ``budget`` numbers; blocks run on
  ``workers`` threads (NumPy releases the GIL: both cores).  Any namespace (CuPy: one worker).
* ``"fused"``: the same sums in one compiled loop (Numba, optional: ``pip install numba``), NumPy only: no
  temporaries per pair and sample; the product of ``R`` consecutive ``BC`` is formed before one ``log`` with
  ``R = ⌊L_prec/Λ⌋``, ``Λ = log K + ½ max range(z)`` a bound on ``−log BC`` (``BC ≥ sqrt(p_{i,c*} p_{j,c*})``
  with ``c* = argmax z_i``, ``p_{i,c*} ≥ 1/K``, ``p_{j,c*} ≥ e^{−range}/K``), ``L = 600`` (float64) or ``80``
  (float32), so no product leaves the normal range.  Rows ``i`` and ``m−1−i`` go to the same thread.
* ``"log-partition"``: the S5/S7 form on the same blocks (float64 only).
* ``"auto"``: ``fused`` when Numba is importable, the namespace is NumPy and the work ``m²NK/2 ≥ 2^26``;
  else ``chunked``; ``log-partition`` whenever ``Λ > L_prec`` (``BC`` could leave the floating-point range).

``precision="float32"``: ``q``, the products and the logs in float32, sums over samples in float64 (an option
for speed; its error is measured in ``benchmarks/bench_inpca.py``).

Peak memory: ``8 m²`` bytes (the result) ``+ 8 m N K`` (the ``q``; twice for ``fused``, which transposes
them) ``+ 16·budget`` bytes per worker (``chunked``).  With ``m = 2000`` Bernoulli models and ``N = 10⁴``:
about 32 MB + 640 MB.

Round-off (``u = 2^{-53}``, float64; ``2^{-24}`` with ``precision="float32"``).  Sqrt-probability routes: each
``q`` carries a few ulps of relative error, ``BC`` (a sum of ``K`` positive products) ``(K + 4)u``, its log
(or the log of a product of ``R`` of them, ``R + 4`` more ulps over ``R`` samples) an absolute ``(K + 6)u``
per sample.  Log-partition route: every per-sample term is a difference of quantities of size
``≤ 1 + |z_i| + |z_j|`` evaluated with a few ulps.  Summed pairwise over ``N`` samples, both stay below
``tol_ij := u (1 + log2 N)(64 (1 + mean_n(|z_i,n|_∞ + |z_j,n|_∞)) + 2K)`` (16 ulp of headroom per term and
the pairwise-summation factor ``log2 N``).  A distance below ``−tol_ij`` or non-finite is an error naming the
models: no clamping.  The diagonal is zero by definition and is stored as exact 0 after the same test.
"""
from __future__ import annotations

import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

MODELS = ("gaussian", "bernoulli", "softmax")
ROUTES = ("auto", "chunked", "fused", "log-partition")
EPS = 2.0 ** -53
LOG2 = math.log(2.0)
#: unit round-off and the bound ``L`` on ``−log`` of a product kept before taking its log, per precision
UNIT = {"float64": EPS, "float32": 2.0 ** -24}
LOG_RANGE = {"float64": 600.0, "float32": 80.0}
#: ``auto`` takes the fused route from this many pair-sample-class terms on (its compile time is then negligible)
FUSED_MIN_WORK = 2 ** 26
#: rows per task of the fused kernel (they share each sample's ``q`` in cache)
FUSED_ROWS = 16


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


def softplus(x, xp):
    """``log(1 + e^x) = max(x, 0) + log1p(e^{−|x|})`` without overflow."""
    return xp.maximum(x, 0.0) + xp.log1p(xp.exp(-xp.abs(x)))


def sqrt_probabilities(Z, model: str, xp, models_last: bool = False):
    """``q`` of shape ``(m, N, K)`` (``models_last``: ``(N, K, m)``, C-contiguous): ``(sqrt σ(z), sqrt σ(−z)) =
    exp(−½ softplus(∓z))`` (Bernoulli, ``K = 2``) or ``exp((z_c − lse z)/2)`` (softmax, ``K = C``)."""
    A = xp.moveaxis(Z, 0, 2) if models_last else Z             # class axis at 1 (models_last) or 2
    ax = 1 if models_last else 2
    if model == "bernoulli":
        z = A[:, 0, :] if models_last else A[:, :, 0]
        return xp.stack([xp.exp(-0.5 * softplus(-z, xp)), xp.exp(-0.5 * softplus(z, xp))], axis=ax)
    return xp.ascontiguousarray(xp.exp(0.5 * (A - xp.expand_dims(logsumexp(A, xp, axis=ax), ax))))


def _probabilities_in_chunks(Z, model: str, xp, precision: str, models_last: bool, chunk: int = 128):
    """``sqrt_probabilities`` filled ``chunk`` models at a time into one ``precision`` array (its temporaries stay
    ``O(chunk·N·K)``)."""
    m, N, C = Z.shape
    K = 2 if model == "bernoulli" else C
    Q = xp.empty((N, K, m) if models_last else (m, N, K), dtype=precision)
    for s in range(0, m, chunk):
        q = sqrt_probabilities(Z[s:s + chunk], model, xp, models_last)
        if models_last:
            Q[:, :, s:s + chunk] = q
        else:
            Q[s:s + chunk] = q
    return Q


def _log_bound(Z, model: str, xp) -> float:
    """``Λ = log K + ½ max range(z) ≥ −log BC`` (module docstring; Bernoulli: the 2-class logits ``(z, 0)``)."""
    if model == "bernoulli":
        return LOG2 + 0.5 * float(xp.max(xp.abs(Z)))
    return math.log(Z.shape[2]) + 0.5 * float(xp.max(xp.max(Z, axis=2) - xp.min(Z, axis=2)))


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


def _log_bc_sum(Qi, Qj, xp, budget):
    """``Σ_n log Σ_c q_{i,n,c} q_{j,n,c}`` (``bi × bj``, float64) in sample chunks of at most ``budget`` numbers per
    buffer (two buffers, reused)."""
    bi, bj, N, K = Qi.shape[0], Qj.shape[0], Qi.shape[1], Qi.shape[2]
    step = max(1, min(N, budget // max(1, bi * bj)))
    out = xp.zeros((bi, bj), dtype=xp.float64)
    bc, tmp = (xp.empty((bi, bj, step), dtype=Qi.dtype) for _ in range(2))
    for s in range(0, N, step):
        n = min(step, N - s)
        b, t = bc[:, :, :n], tmp[:, :, :n]
        for c in range(K):
            qi, qj = Qi[:, None, s:s + n, c], Qj[None, :, s:s + n, c]
            xp.multiply(qi, qj, out=b if c == 0 else t)
            if c:
                b += t
        xp.log(b, out=b)
        out += xp.sum(b, axis=2, dtype=xp.float64)
    return out


_FUSED = []
#: Numba's default thread pool (workqueue) takes one caller at a time and is not known to survive a fork: calls
#: are serialised, and ``auto`` avoids the kernel in a process forked after this one started its threads
_FUSED_LOCK = threading.Lock()
_FUSED_PID = []


def fused_kernel():
    """The compiled kernel ``out[i, j] = Σ_n log Σ_c Q[n,c,i] Q[n,c,j]`` for ``j ≥ i`` (``Q``: ``(N, K, m)``,
    products of ``R`` samples per log), or None without Numba.  Compiled on first use (cached on disk)."""
    if not _FUSED:
        try:
            import numba
        except ImportError:
            _FUSED.append(None)
            return None

        @numba.njit(cache=True, nogil=True, inline="always")
        def times_bc2(p, a, b, qa, qb):
            for j in range(p.shape[0]):               # contiguous 1-D operands: the loop vectorises
                p[j] *= qa * a[j] + qb * b[j]

        @numba.njit(cache=True, nogil=True, inline="always")
        def times_bc(p, bc, Qn, r):
            for j in range(p.shape[0]):
                bc[j] = 0.0
            for c in range(Qn.shape[0]):
                q, row = Qn[c, r], Qn[c, r:]
                for j in range(p.shape[0]):
                    bc[j] += q * row[j]
            for j in range(p.shape[0]):
                p[j] *= bc[j]

        @numba.njit(cache=True, nogil=True)
        def rows(Q, R, i0, i1, out):
            """Rows ``i0 ≤ i < i1``: per sample, ``Q[n]`` (``K m`` numbers) is reused from cache by every row."""
            N, K, m = Q.shape
            w = m - i0
            prod = np.ones((i1 - i0, w), dtype=Q.dtype)
            bc = np.empty(w, dtype=Q.dtype)
            for n0 in range(0, N, R):
                for n in range(n0, min(N, n0 + R)):
                    Qn = Q[n, :, i0:]
                    for r in range(i1 - i0):
                        if K == 2:
                            times_bc2(prod[r, r:], Qn[0, r:], Qn[1, r:], Qn[0, r], Qn[1, r])
                        else:
                            times_bc(prod[r, r:], bc[: w - r], Qn, r)
                for r in range(i1 - i0):
                    for j in range(r, w):
                        out[i0 + r, i0 + j] += np.log(prod[r, j])
                        prod[r, j] = 1.0

        @numba.njit(parallel=True, cache=True)
        def kernel(Q, R, block, out):
            m = Q.shape[2]
            nb = (m + block - 1) // block
            for p in numba.prange((nb + 1) // 2):
                rows(Q, R, p * block, min(m, (p + 1) * block), out)
                q = nb - 1 - p
                if q != p:
                    rows(Q, R, q * block, min(m, (q + 1) * block), out)

        _FUSED.append((numba, kernel))
    return _FUSED[0]


def _workers(workers, xp) -> int:
    """Threads for the host routes: all usable cores for NumPy, one for any other namespace."""
    if xp is not np:
        return 1
    if workers is None:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if int(workers) < 1:
        raise ValueError(f"workers must be an integer >= 1 (got {workers})")
    return int(workers)


def _blocks(m: int, block: int, fn, workers: int, xp):
    """``D`` with ``D[I, J] = fn(I, J)`` on the upper block triangle, mirrored; blocks on ``workers`` threads."""
    D = xp.empty((m, m), dtype=xp.float64)
    jobs = [(slice(i0, i0 + block), slice(j0, j0 + block)) for i0 in range(0, m, block) for j0 in range(i0, m, block)]

    def one(job):
        I, J = job
        blk = fn(I, J)
        D[I, J] = blk
        D[J, I] = blk.T

    if workers > 1 and len(jobs) > 1:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(one, jobs))
    else:
        for job in jobs:
            one(job)
    return D


def choose_route(Z, model: str, xp, route: str = "auto", precision: str = "float64") -> str:
    """The route ``distance_matrix`` takes (module docstring); ValueError for an impossible request."""
    if route not in ROUTES:
        raise ValueError(f"route must be one of {', '.join(ROUTES)} (got {route!r})")
    if precision not in UNIT:
        raise ValueError(f"precision must be float64 or float32 (got {precision!r})")
    if model == "gaussian":
        return "gaussian"
    if route == "log-partition":
        if precision != "float64":
            raise ValueError("route 'log-partition' is float64 only")
        return route
    too_large = _log_bound(Z, model, xp) > LOG_RANGE[precision]
    if route == "auto":
        if too_large:
            return "log-partition"
        m, N, C = Z.shape
        big = m * m * N * max(C, 2) / 2 >= FUSED_MIN_WORK
        forked = bool(_FUSED_PID) and _FUSED_PID[0] != os.getpid()
        return "fused" if xp is np and big and not forked and fused_kernel() is not None else "chunked"
    if too_large:
        raise ValueError(f"route {route!r} at {precision}: logits beyond ±{2 * LOG_RANGE[precision]:g} would leave "
                         f"the floating-point range; use route 'log-partition'")
    if route == "fused" and (xp is not np or fused_kernel() is None):
        raise ValueError("route 'fused' needs NumPy arrays and Numba (pip install numba)")
    return route


#: default ``(block, budget)``: cache-sized on the host, launch-amortising on a device (CuPy)
HOST_BLOCKING, DEVICE_BLOCKING = (128, 2 ** 18), (1024, 2 ** 25)


def distance_matrix(Z, model: str, xp, *, sigma: float = 1.0, block: int | None = None, budget: int | None = None,
                    route: str = "auto", precision: str = "float64", workers: int | None = None):
    """Intensive Bhattacharyya matrix ``D`` (m×m, float64) of the logits ``Z`` (m, N, C) under ``model``.

    ``route``, ``precision``, ``block``, ``budget``, ``workers``: see the module docstring (they change the
    speed, not the numbers beyond round-off).  Raises ``DistanceError`` naming the models ``i, j`` if an entry is
    non-finite or below ``−tol_ij``.
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
    how = choose_route(Z, model, xp, route, precision)
    threads = _workers(workers, xp)
    defaults = HOST_BLOCKING if xp is np else DEVICE_BLOCKING
    block, budget = block or defaults[0], budget or defaults[1]
    if how == "fused":
        numba, kernel = fused_kernel()
        Q = _probabilities_in_chunks(Z, model, xp, precision, models_last=True)
        lam = _log_bound(Z, model, xp)
        D = xp.zeros((m, m), dtype=xp.float64)
        with _FUSED_LOCK:
            _FUSED_PID[:] = _FUSED_PID or [os.getpid()]
            before = numba.get_num_threads()
            numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
            try:
                kernel(Q, max(1, int(LOG_RANGE[precision] / lam)), FUSED_ROWS, D)
            finally:
                numba.set_num_threads(before)
        D = -(D + D.T - xp.diag(xp.diagonal(D)))
    elif how == "chunked":
        Q = _probabilities_in_chunks(Z, model, xp, precision, models_last=False)
        D = _blocks(m, block, lambda I, J: -_log_bc_sum(Q[I], Q[J], xp, budget), threads, xp)
    else:
        half = None if model == "gaussian" else xp.sum(_self_terms(Z, model, xp), axis=1)

        def blk(I, J):
            s = _pair_sum(Z[I], Z[J], model, sigma, xp, budget)
            return s if half is None else half[I, None] + half[None, J] - s   # d_B = ½F_i + ½F_j − F(midpoint)

        D = _blocks(m, block, blk, threads, xp)
    D /= N
    _check_distances(D, Z, xp, UNIT[precision] if how in ("fused", "chunked") else EPS)
    idx = xp.arange(m)
    D[idx, idx] = 0.0
    return D


def roundoff_bound(Z, xp, unit: float = EPS):
    """``tol_ij`` of the module docstring (m×m) for unit round-off ``unit``."""
    N, C = Z.shape[1], Z.shape[2]
    K = 2 if C == 1 else C
    size = xp.mean(xp.max(xp.abs(Z), axis=2), axis=1)
    return unit * (1 + math.log2(max(N, 1))) * (64 * (1 + size[:, None] + size[None, :]) + 2 * K)


def _check_distances(D, Z, xp, unit=EPS):
    tol = roundoff_bound(Z, xp, unit)
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
