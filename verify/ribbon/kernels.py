"""Kernel machines (spec/sloppiness.md §2.H, S28–S30): Gram matrices, GD in feature space and in function space,
RBF operator eigenvalues by Nyström quadrature, Poisson-kernel matrices.

* S28: ``f = Φθ`` with ``ΦΦᵀ = K``; GD on ``(1/2N)‖Φθ + g − y‖²`` (``g`` a fixed offset function, 0 by default)
  gives ``f_t − y = (I − ηK/N)^t (f_0 − y)``.  ``feature_gd`` iterates θ (the independent route);
  ``function_gd_exact`` iterates ``f`` itself in exact rationals (golden G4).
* S29: ``(Tf)(x) = ∫ k(x,y) f(y) p(y) dy``, ``k = exp(−(x−y)²/(2ℓ²))``, ``p = N(0, s²)``, discretised on the uniform
  grid of ``[−12s, 12s]`` with weights ``w_i = h p(x_i)``: the eigenvalues of ``A = W^{1/2} K W^{1/2}``.
* S30: ``k(θ) = (1−q²)/(1 − 2q cos θ + q²)`` on ``x_n = 2πn/N``.
Float64 arrays live in the namespace ``xp`` (NumPy or CuPy).
"""
from __future__ import annotations

import math

import numpy as np
import sympy as sp

from sloppy_verifier.theory.ribbon import kernels as kt

from ..mpeval import context, to_mpf

EPS = float(np.finfo(np.float64).eps)


# ---------------------------------------------------------------- S28: features, Gram, GD
def random_features(N: int, p: int, kind: str, rng: np.random.Generator, xp=np):
    """``Φ ∈ ℝ^{N×p}`` scaled so that the top eigenvalue of ``ΦΦᵀ/N`` is 1: ``'gaussian'`` i.i.d. entries (rank
    ``min(N, p)``), ``'low_rank'`` a product ``G_1 G_2`` of rank ``r = max(1, min(N, p) // 2) < N`` (so ``K``
    has ``κ = 0`` modes for every ``N ≥ 2``)."""
    if kind == "gaussian":
        Phi = rng.standard_normal((N, p))
    elif kind == "low_rank":
        r = max(1, min(N, p) // 2)
        Phi = rng.standard_normal((N, r)) @ rng.standard_normal((r, p))
    else:
        raise ValueError(f"unknown feature kind {kind!r}; choose 'gaussian' or 'low_rank'")
    Phi /= math.sqrt(np.linalg.eigvalsh(Phi @ Phi.T / N)[-1])
    return xp.asarray(Phi, dtype=xp.float64)


def gram(F, G=None, xp=np):
    """Kernel Gram ``K_{nm} = ⟨φ(x_n), φ(x_m)⟩`` of feature rows (the linear kernel ``x_nᵀx_m`` when ``F = X``)."""
    return F @ (F if G is None else G).T


def feature_gd(Phi, y, theta0, eta: float, T: int, offset=None, xp=np):
    """Predictions ``f_t = Φθ_t + g``, ``t = 0..T`` (shape ``(T+1, N)``), of GD ``θ ← θ − (η/N) Φᵀ(f − y)``."""
    N = Phi.shape[0]
    g = xp.zeros(N) if offset is None else offset
    theta, out = xp.array(theta0, dtype=xp.float64), []
    for _ in range(T + 1):
        f = Phi @ theta + g
        out.append(f)
        theta = theta - (eta / N) * (Phi.T @ (f - y))
    return xp.stack(out)


def function_gd_exact(K: sp.Matrix, y: sp.Matrix, f0: sp.Matrix, eta, T: int) -> list:
    """Exact ``f_0..f_T`` of ``f_{t+1} = f_t − (η/N) K (f_t − y)`` (SymPy matrices: rationals stay rational)."""
    N, f, out = K.rows, f0, [f0]
    for _ in range(T):
        f = f - eta * K * (f - y) / N
        out.append(f)
    return out


# ---------------------------------------------------------------- S30: Poisson kernel on the circle
def poisson_gram(N: int, q: float, xp=np):
    """``K_{nm} = k(2π(n−m)/N)`` in float64, denominator ``(1−q)² + 4q sin²(θ/2)`` (no cancellation as q → 1)."""
    d = np.subtract.outer(np.arange(N), np.arange(N)) % N
    den = (1 - q) ** 2 + 4 * q * np.sin(np.pi * d / N) ** 2
    return xp.asarray((1 - q) * (1 + q) / den, dtype=xp.float64)


def poisson_gram_exact(N: int, q) -> sp.Matrix:
    """Exact SymPy ``K`` at ``x_n = 2πn/N`` (rational when the cosines are: ``N ∈ {1, 2, 3, 4, 6}``)."""
    q = sp.nsimplify(q)
    k = lambda th: sp.nsimplify((1 - q ** 2) / (1 - 2 * q * sp.cos(th) + q ** 2))  # noqa: E731
    return sp.Matrix(N, N, lambda n, m: k(2 * sp.pi * (n - m) / N))


# ---------------------------------------------------------------- S29: RBF operator by Nyström quadrature
#: trapezoid aliasing target: e^{-2π²σ²/h²} (2πσ/h)^{J} ≤ 10^-30 with J = 15 Hermite degrees (see nystrom_points)
ALIAS_DIGITS = 30
#: S29's ``A = a + b + c`` (``theory.ribbon.kernels.A_``) in float64
_precision_A = sp.lambdify((kt.ell, kt.s), kt.A_, modules="math")
HALF_WIDTH = 12   # grid on [-12 s, 12 s]: the neglected Gaussian mass e^{-72} ~ 5e-32


def nystrom_points(ell: float, s: float, degree: int = 15) -> int:
    """Grid size ``n`` (even) of the uniform rule on ``[−12s, 12s]``.

    Error analysis: the Nyström integrals ``∫ k(x,y) φ_j(y) p(y) dy`` have a Gaussian envelope of precision
    ``b + (c − a) + 2a = A`` (kernel ``e^{−b(x−y)²}``, eigenfunction ``e^{−(c−a)y²}``, density ``e^{−2a y²}``), i.e.
    width ``σ = (2A)^{−1/2}``, times a polynomial of degree ``j ≤ 15``.  The trapezoid rule's aliasing error for such
    an integrand is ``≲ e^{−2π²σ²/h²} (2πσ/h)^j``; ``h`` is the largest step making it ``≤ 10^{−30}`` (far below the
    float64 resolution, so the grid never limits the check).  ``A`` is the theory's (``theory.ribbon.kernels.A_``).
    """
    sigma = 1 / math.sqrt(2 * _precision_A(ell, s))
    z = 1.0     # z = 2πσ/h: smallest z with z²/2 − j ln z ≥ 30 ln 10 (e^{−2π²σ²/h²} = e^{−z²/2})
    while z * z / 2 - degree * math.log(z) < ALIAS_DIGITS * math.log(10):
        z *= 1.01
    h = 2 * math.pi * sigma / z
    n = math.ceil(2 * HALF_WIDTH * s / h) + 1
    return n + n % 2


def rbf_nystrom(ell: float, s: float, n: int | None = None, xp=np):
    """Eigenvalues (descending, float64) of the Nyström matrix ``A_{ik} = sqrt(w_i w_k) k(x_i, x_k)``.

    The grid is symmetric and ``A`` centro-symmetric (``A = JAJ``, ``J`` the reversal), so its spectrum is the union
    of the even block ``A₁₁ + A₁₂J`` and the odd block ``A₁₁ − A₁₂J`` (``n/2`` each: 4× cheaper than one ``n×n``
    eigensolve).  ``h = 24s/(n−1)`` is computed directly, not as a difference of grid points (which would carry a
    relative error ``~n u``).
    """
    n = nystrom_points(ell, s) if n is None else n + n % 2
    h = 2 * HALF_WIDTH * s / (n - 1)
    x = -HALF_WIDTH * s + h * np.arange(n)
    sw = np.sqrt(h / math.sqrt(2 * math.pi) / s) * np.exp(-x * x / (4 * s * s))
    m = n // 2
    xl, xr = x[:m], x[m:][::-1]                       # xr = -xl
    swl = sw[:m]
    kern = lambda u, v: np.exp(-np.subtract.outer(u, v) ** 2 / (2 * ell * ell))  # noqa: E731
    A11 = swl[:, None] * kern(xl, xl) * swl[None, :]
    A12J = swl[:, None] * kern(xl, xr) * swl[None, :]
    ev = xp.concatenate([xp.linalg.eigvalsh(xp.asarray(A11 + A12J)), xp.linalg.eigvalsh(xp.asarray(A11 - A12J))])
    return xp.sort(ev)[::-1]


def rbf_eigenvalue_floor(kappa0: float) -> float:
    """Absolute float64 resolution of a computed Nyström eigenvalue: ``8 u ‖A‖₂`` with ``‖A‖₂ = κ̂₀``.

    Entry rounding (exp, products) perturbs ``A`` by ``|E| ≤ 4u|A|`` entrywise, and since ``A`` is entrywise
    positive ``‖|A|‖₂ = ‖A‖₂`` (Perron), so by Weyl each eigenvalue moves by ``≤ 4u‖A‖₂``; the Householder
    tridiagonal eigensolver adds a backward error of the same order (observed: total error ``≤ 0.1 u ‖A‖₂`` on
    the spec's pairs and the domain's corners).  Below ``κ_j ≈ 8u κ₀ / 10^{-12} ≈ 2·10^{-3} κ₀`` the spec's relative
    ``10^{-12}`` is therefore not resolvable in float64.
    """
    return 8 * EPS * kappa0


def rbf_nystrom_mp(ell, s, dps: int, n: int | None = None) -> list:
    """The same Nyström eigenvalues (descending, mpf) at ``dps`` digits: entries in a local mpmath context, the even
    and odd blocks by ``eigsy``.  Cost ``O(n³)`` in Python (≈1 s for ``n = 60`` at 30 digits): for the coarse grids of
    fast-decaying spectra, whose small eigenvalues float64 cannot resolve (``rbf_eigenvalue_floor``).  Eigenvalue
    error ``≲ n 10^{−dps} κ₀`` (Weyl), so ``dps = 30`` resolves ``κ_j ≥ 10^{−13}`` to ``10^{−14}`` relative."""
    c = context(dps)
    n = nystrom_points(float(ell), float(s)) if n is None else n + n % 2
    ell, s = to_mpf(c, ell), to_mpf(c, s)
    h = 2 * HALF_WIDTH * s / (n - 1)
    x = [-HALF_WIDTH * s + h * i for i in range(n // 2)]          # the left half; the right half is -x
    sw = [c.sqrt(h / (c.sqrt(2 * c.pi) * s)) * c.exp(-xi * xi / (4 * s * s)) for xi in x]
    m, out = n // 2, []
    for sign in (1, -1):     # even block A11 + A12 J, odd block A11 - A12 J; (A12 J)_ik = k(x_i, -x_k)
        M = c.matrix(m, m)
        for i in range(m):
            for k in range(i, m):
                M[i, k] = M[k, i] = sw[i] * sw[k] * (c.exp(-(x[i] - x[k]) ** 2 / (2 * ell * ell))
                                                     + sign * c.exp(-(x[i] + x[k]) ** 2 / (2 * ell * ell)))
        out += list(c.eigsy(M, eigvals_only=True))
    return sorted(out, reverse=True)
