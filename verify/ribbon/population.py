"""The population ensemble matrix of spec/sloppiness.md §1.7 and its explained stress (S15–S20).

Uniform checkpoints ``{0..T}`` (``n = T+1``), mode factors ``r_k = 1 − x_k``, ``x_k = ηλ_k``:

* ``Q_kl = (1 − (r_k r_l)^n)/(1 − r_k r_l)``, ``n r̄_k = (1 − r_k^n)/(1 − r_k)``, ``Q^c = Q − n r̄ r̄^T`` (S18),
  evaluated with ``1 − z^n = −expm1(n log z)``, ``1 − r_k r_l = x_k + x_l − x_k x_l`` and, for ``Q^c``,
  ``2 log10(1/(n·sqrt(x_k x_l)))`` extra digits where the subtraction cancels (S18 "stable evaluation");
* ``A' = diag((‖s‖²/tr Σ) λ_k Q_kk)``, ``B = D_s Q^c D_s``, ``S_∞(x) = x A' + B`` with ``x = ρ^{-2}`` (§1.7, S17);
* ``ES_k = 1 − sqrt(Σ_{i>k} μ_i² / Σ_i μ_i²)`` (§1.6), the tail taken directly (never ``1 − head/total``).

Everything runs in local mpmath contexts (``verify.mpeval.context``).  The top eigenpairs of ``S_∞`` are
float64 ``eigh`` pairs refined in mp by a chord-Newton iteration on the bordered system
``[[S − μI, −v], [vᵀ, 0]]`` (residuals in mp, the float64 Jacobian reused): O(d²) mp work per step instead of
the O(d³) of ``eigsy``, which is the fallback when the iteration stalls (clustered eigenvalues).
"""
from __future__ import annotations

import math

import numpy as np

from ..mpeval import context, to_mpf

#: extra working digits on top of the caller's precision (round-off of O(d^2) sums and of the refinement)
EXTRA = 10


def spectrum(kind: str, value, d: int, dps: int) -> list:
    """``λ_k``, ``k = 1..d``: geometric ``e^{−c(k−1)}`` (``value = c``) or power law ``k^{−a}`` (``value = a``)."""
    ctx = context(dps)
    v = to_mpf(ctx, value)
    if kind == "geometric":
        return [ctx.exp(-v * k) for k in range(d)]
    if kind == "power":
        return [ctx.mpf(k) ** (-v) for k in range(1, d + 1)]
    raise ValueError(f"unknown spectrum {kind!r}")


class _Modes:
    """Per-mode data for the geometric sums: ``x_k``, ``r_k = 1 − x_k`` and ``log r_k`` (when ``r_k > 0``)."""

    def __init__(self, ctx, x):
        self.ctx, self.x = ctx, x
        self.r = [1 - v for v in x]
        self.log = [ctx.log1p(-v) if 0 < 1 - v < 1 else None for v in x]

    def powsum(self, k, l, n):
        """``Σ_{t<n} (r_k r_l)^t = (1 − (r_k r_l)^n)/(1 − r_k r_l)``; ``l = None`` means ``r_l = 1``."""
        ctx = self.ctx
        xk, xl = self.x[k], (ctx.zero if l is None else self.x[l])
        one_minus = xk + xl - xk * xl
        if one_minus == 0:
            return ctx.mpf(n)
        lk, ll = self.log[k], (ctx.zero if l is None else self.log[l])
        if lk is None or ll is None:  # r <= 0: exact powers (0^0 = 1)
            z = self.r[k] * (1 if l is None else self.r[l])
            return (1 - z ** n) / one_minus if z != 0 else ctx.one
        y = n * (lk + ll)
        head = -ctx.expm1(y) if y > -1 else 1 - ctx.exp(y)
        return head / one_minus


def time_gram(x: list, T: int, dps: int, relative: bool = True):
    """``(Q, n r̄, Q^c)`` for uniform checkpoints ``0..T`` (rows of mp numbers) at ``dps`` digits.

    ``relative``: every ``Q^c`` entry to ``dps`` relative digits (extra precision where ``n x`` is small);
    otherwise to ``dps`` digits relative to ``n`` (what the spectrum of ``S_∞`` needs, by Weyl's inequality).
    """
    n, d = T + 1, len(x)
    ctx = context(dps)
    xs = [to_mpf(ctx, v) for v in x]
    m = _Modes(ctx, xs)
    nrbar = [m.powsum(k, None, n) for k in range(d)]
    Q = [[None] * d for _ in range(d)]
    Qc = [[None] * d for _ in range(d)]
    for k in range(d):
        for l in range(k, d):
            Q[k][l] = Q[l][k] = m.powsum(k, l, n)
            small = n * ctx.sqrt(abs(xs[k] * xs[l])) if relative else 0
            extra = int(5 - 2 * float(ctx.log10(small))) if 0 < small < 1 else 0
            if n == 1:  # one checkpoint: the centred trajectory is exactly zero
                Qc[k][l] = Qc[l][k] = ctx.zero
            elif extra:
                hi = context(dps + extra)
                mh = _Modes(hi, [to_mpf(hi, xs[k]), to_mpf(hi, xs[l])])
                val = mh.powsum(0, 1, n) - mh.powsum(0, None, n) * mh.powsum(1, None, n) / n
                Qc[k][l] = Qc[l][k] = ctx.mpf(val)
            else:
                Qc[k][l] = Qc[l][k] = Q[k][l] - nrbar[k] * nrbar[l] / n
    return Q, nrbar, Qc


def population_matrices(lam: list, beta: list, eta, T: int, dps: int, relative: bool = True):
    """``(a', B)``: ``a'_k = (‖s‖²/tr Σ) λ_k Q_kk`` and ``B = D_s Q^c D_s``, ``s_k = sqrt(λ_k) β_k`` (§1.7)."""
    ctx = context(dps)
    lam = [to_mpf(ctx, v) for v in lam]
    beta = [to_mpf(ctx, v) for v in beta]
    eta = to_mpf(ctx, eta)
    Q, _, Qc = time_gram([eta * v for v in lam], T, dps, relative)
    s = [ctx.sqrt(l) * b for l, b in zip(lam, beta)]
    scale = ctx.fsum(v ** 2 for v in s) / ctx.fsum(lam)
    d = len(lam)
    a = [scale * lam[k] * Q[k][k] for k in range(d)]
    B = [[s[k] * Qc[k][l] * s[l] for l in range(d)] for k in range(d)]
    return a, B


def es_diagonal(values: list, k: int, dps: int):
    """``ES_k`` of a diagonal PSD matrix: ``1 − sqrt(Σ_{i>k} e_[i]² / Σ e_i²)`` (tail summed directly)."""
    ctx = context(dps)
    e = sorted((abs(to_mpf(ctx, v)) for v in values), reverse=True)
    total = ctx.fdot(e, e)
    return 1 - ctx.sqrt(ctx.fdot(e[k:], e[k:]) / total)


def es_from_eigenvalues(mu: list, k: int, dps: int):
    """``ES_k`` from eigenvalues (sorted by ``|μ|`` here)."""
    return es_diagonal(mu, k, dps)


def _refine(ctx, S, w0: float, v0: np.ndarray, J: np.ndarray, tol):
    """Chord-Newton refinement of one eigenpair of the mp matrix ``S``; ``None`` if it stalls."""
    d = len(S)
    v = [ctx.mpf(float(t)) for t in v0]
    mu = ctx.mpf(w0)
    last = None
    for _ in range(60):
        res = [ctx.fdot(S[i], v) - mu * v[i] for i in range(d)]
        res.append((ctx.fdot(v, v) - 1) / 2)
        size = max(abs(t) for t in res)
        if size <= tol:
            return mu, v
        if last is not None and size > last * 1e-2:
            return None
        last = size
        step = np.linalg.solve(J, np.array([float(t / size) for t in res]))
        v = [vi - ctx.mpf(float(si)) * size for vi, si in zip(v, step[:d])]
        mu -= ctx.mpf(float(step[d])) * size
    return None


def es_symmetric(S, k: int, dps: int):
    """``ES_k`` of a symmetric matrix (rows of mp numbers) at ``dps`` digits: refined top-``k`` eigenpairs ``(μ_i, v_i)`` and the
    tail ``‖S − Σ_{i≤k} μ_i v_i v_iᵀ‖_F²`` (no cancellation against the total); ``eigsy`` as the fallback."""
    ctx = context(dps)
    d = len(S)
    if k >= d:
        return ctx.mpf(1)
    norm = max(abs(v) for row in S for v in row)
    if norm == 0:
        raise ValueError("ES_k of the zero matrix is undefined")
    inv = 1 / ctx.mpf(norm)
    S = [[v * inv for v in row] for row in S]
    A = np.array([[float(v) for v in row] for row in S])
    w, V = np.linalg.eigh(A)
    order = np.argsort(-np.abs(w))[:k]
    tol = d * ctx.mpf(10) ** (4 - dps)  # the residual's rounding floor is ~ d 10^-dps
    pairs = []
    for i in order:
        J = np.zeros((d + 1, d + 1))
        J[:d, :d] = A - w[i] * np.eye(d)
        J[:d, d] = -V[:, i]
        J[d, :d] = V[:, i]
        p = _refine(ctx, S, w[i], V[:, i], J, tol)
        if p is None:
            mu = sorted(ctx.eigsy(ctx.matrix(S), eigvals_only=True), key=abs, reverse=True)
            return es_from_eigenvalues(mu, k, dps)
        pairs.append(p)
    tail = ctx.zero
    for i in range(d):
        row = S[i]
        for mu, v in pairs:
            f = mu * v[i]
            row = [a - f * b for a, b in zip(row, v)]
        tail += ctx.fdot(row, row)
    total = ctx.fsum(ctx.fdot(row, row) for row in S)
    return 1 - ctx.sqrt(tail / total)


def population_es(lam: list, beta: list, eta, T: int, rho, k: int, dps: int):
    """``ES_k(S_∞)``, ``S_∞ = ρ^{-2} A' + B`` (S17), at ``dps`` digits."""
    w = dps + EXTRA + int(math.log10(T + 1))
    ctx = context(w)
    a, B = population_matrices(lam, beta, eta, T, w, relative=False)
    x = 1 / to_mpf(ctx, rho) ** 2
    S = [row[:] for row in B]
    for i in range(len(a)):
        S[i][i] += x * a[i]
    return context(dps).mpf(es_symmetric(S, k, w))


def cloud_energies(lam: list, eta, T: int, dps: int) -> list:
    """Initialisation-cloud energies ``e_k = λ_k Q_kk = (1 − r_k^{2n})/(η(2 − ηλ_k))`` (S18), by the closed form."""
    ctx = context(dps)
    eta = to_mpf(ctx, eta)
    lam = [to_mpf(ctx, v) for v in lam]
    m = _Modes(ctx, [eta * v for v in lam])
    return [lam[k] * m.powsum(k, k, T + 1) for k in range(len(lam))]


def cloud_es(lam: list, eta, T: int, k: int, dps: int):
    """``ES_k(A')``: the ``ρ → 0`` face of ``S_∞`` (``A'`` is diagonal; its scale drops out)."""
    return es_diagonal(cloud_energies(lam, eta, T, dps + EXTRA), k, dps)


def geometric_cloud_es(c, T: int, k: int, d: int, dps: int):
    """``ES_k(A'_T)`` for ``λ_j = e^{−c(j−1)}``, ``η = 1`` (S20), summing ``e_j`` until the tail bound
    ``Σ_{j>J} e_j² ≤ n² q^{2J}/(1 − q²)`` is below ``10^{-dps}`` of the total (exact to that precision)."""
    ctx = context(dps + EXTRA)
    c = to_mpf(ctx, c)
    q2, n = ctx.exp(-2 * c), T + 1
    stop = ctx.mpf(10) ** (-dps - EXTRA) * (1 - q2) / n ** 2   # the tail bound, divided by n^2/(1 - q^2)
    e, tail = [], q2                                          # tail = q^(2(j+1)) (a running product)
    for j in range(d):
        lam = ctx.exp(-c * j)
        e.append(lam * _Modes(ctx, [lam]).powsum(0, 0, n))
        if j >= k and q2 < 1 and tail < stop * e[0] ** 2:
            break
        tail *= q2
    return es_diagonal(e, k, dps)


def c_A(T: int, k: int, tau, d: int, dps: int):
    """The ``ρ → 0`` boundary ``c_A(T) = {c : ES_k(A'_T) = τ}`` (S20), by bracketing and Anderson–Björck.

    ``ES_k(A'_T)`` rises from ``1 − sqrt((d−k)/d)`` at ``c = 0`` to 1; the bracket ``[c/2, c]`` starts at ``c = 1``
    and doubles or halves ``c`` until it crosses.  It never evaluates ``c = 0``, where no term of the sum is
    negligible and all ``d`` of them would be summed.
    """
    ctx = context(dps + EXTRA)
    tau = to_mpf(ctx, tau)
    f = lambda c: geometric_cloud_es(c, T, k, d, dps + EXTRA) - tau  # noqa: E731
    lo, hi = ctx.mpf(1) / 2, ctx.mpf(1)
    while f(hi) < 0:
        lo, hi = hi, 2 * hi
    while f(lo) > 0:
        lo, hi = lo / 2, lo
    # stop when the step is below 10^-(dps+EXTRA) (reachable: f carries 2 EXTRA guard digits); a tighter
    # tolerance stalls at the precision floor and runs to maxsteps
    root = ctx.findroot(f, (lo, hi), solver="anderson", tol=ctx.mpf(10) ** (-(dps + EXTRA)), maxsteps=400)
    return context(dps).mpf(root)
