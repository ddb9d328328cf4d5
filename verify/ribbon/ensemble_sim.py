"""Finite-M ensembles of GD-trained linear models in the reference setting of spec/sloppiness.md (§1.1–1.6, S27).

Setting (one seed).  Geometric spectrum ``λ_j = e^{−c(j−1)}`` (``λ_1 = 1``), ``η = η_rel/λ_1``, data
``X = sqrt(N) U_o diag(sqrt λ) Vᵀ`` (§1.1), isotropic teacher ``W* = V·1`` (``β_k = 1``, ``C = 1``), ``M``
initialisations ``W_0^{(a)} = σ_0 ξ_a`` with ``ξ_a`` i.i.d. standard normal and ``σ_0 = σ_1/ρ``,
``σ_1² = ‖s‖²/tr Σ`` (§1.4), checkpoints ``{0..T}``; logits by the closed form S1 (never stepped).

S1 is affine in ``W_0``: ``Z_{a,t} = τ_t + σ_0 ι_{a,t}`` with the teacher part ``τ_t = X(I − (I−ηΣ)^t)W*`` and the
initialisation part ``ι_{a,t} = X(I−ηΣ)^t ξ_a``.  The ``m = M(T+1)`` models are ``(a, t)``.

* Gaussian output (S8): the nonzero inPCA eigenvalues are those of ``C(σ_0)/(8σ²N)`` with the centred logit
  covariance ``C = Σ_{a,t} (z_{a,t} − z̄)(z_{a,t} − z̄)ᵀ ∈ ℝ^{N×N}``, and
  ``C(σ_0) = M C_ττ + σ_0 (C_τι + C_τιᵀ) + σ_0² C_ιι`` (``C_ττ = Σ_t (τ_t − τ̄)(τ_t − τ̄)ᵀ``,
  ``C_τι = Σ_t (τ_t − τ̄)(Σ_a ι_{a,t} − M ῑ)ᵀ``, ``C_ιι = Σ_{a,t}(ι_{a,t} − ῑ)(ι_{a,t} − ῑ)ᵀ``), accumulated in
  chunks of initialisations (two passes: means, then centred products).  ``ES_k`` is σ-invariant, so each ``ρ``
  costs one ``N×N`` eigensolve.  ``gaussian_es_direct`` is the same number through the distance matrix.
* Bernoulli output: logits ``ℓ = (s_ℓ/‖s‖) z`` where the *logit scale* ``s_ℓ`` is the RMS of the teacher's logits
  (``‖XW*‖_F/sqrt N = ‖s‖``); ``D`` from ``bhattacharyya.distance_matrix`` (chunked), ``ES_k`` from
  ``inpca.inpca`` (eigenvalues ordered by ``|μ|``; the share ``Σ_{μ<0} μ²/Σ μ²`` of time-like directions is
  returned too).  As ``s_ℓ → 0``, ``d_B = δ²/32 + O(δ⁴)`` (S6), so the Bernoulli ``ES_k`` of an ensemble tends
  to its Gaussian ``ES_k`` (K4).
* Boundary: for one seed, ``ρ ↦ ES_k(ρ)`` on a log grid; its first upward crossing of ``τ`` is refined by Brent's
  method in ``log ρ`` (``crossing``).

Random numbers: one ``numpy.random.Generator`` per seed index ``j`` from ``SeedSequence([seed, j])``, drawing
``V, U_o`` (in ``trajectory.design``) and then ``ξ`` — the same draws for every ``(c, T, ρ)`` (common random
numbers, so simulated curves are smooth in ``ρ``).  Arrays live in ``xp`` (NumPy or CuPy), float64.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from . import trajectory as tr
from .bhattacharyya import distance_matrix
from .inpca import inpca, stress


def generator(seed: int, j: int) -> np.random.Generator:
    """The host generator of seed index ``j`` under the base seed ``seed``."""
    return np.random.default_rng(np.random.SeedSequence([int(seed), int(j)]))


def es_of_eigenvalues(mu, k: int, xp) -> tuple[float, float]:
    """``(ES_k, negative share)`` from eigenvalues (any order): ``ES_k`` by the tail sum of ``inpca.stress``
    and ``Σ_{μ<0} μ²/Σ μ²``."""
    mu = mu[xp.argsort(-xp.abs(mu))]
    _, es = stress(mu, xp)
    sq = mu * mu
    return float(es[min(k, mu.shape[0])]), float(xp.sum(sq[mu < 0]) / xp.sum(sq))


@dataclass(frozen=True)
class Spec:
    """The physical setting of one ``(c, T)`` group: spectrum rate, horizon, sizes, step ``η λ_1``."""

    c: float
    T: int
    d: int
    N: int
    M: int
    eta_lam1: float = 1.0


class Ensemble:
    """One seed's ensemble at ``spec``; ``keep`` initialisations' logits are kept for the Bernoulli output
    (``keep = 0``: Gaussian only)."""

    def __init__(self, spec: Spec, rng: np.random.Generator, xp, keep: int = 0):
        self.spec, self.xp = spec, xp
        lam = tr.spectrum("geometric", spec.d, c=spec.c)
        beta = np.ones(spec.d)
        X, V = tr.design(lam, spec.N, rng, xp, with_basis=True)
        xi = tr.initialisations(spec.M, spec.d, 1, 1.0, rng, xp)
        self.sigma1 = tr.sigma0_for_rho(lam, beta, 1.0)              # σ_0 = σ_1 / ρ
        self.s_norm = math.sqrt(float(np.sum(lam * beta ** 2)))      # RMS of the teacher's logits
        ts, eta = tr.uniform(spec.T), spec.eta_lam1 / float(lam[0])
        Y = X @ tr.teacher(V, beta, xp)
        zero0 = xp.zeros((1, spec.d, 1))
        self.teach = tr.gd_closed_form(X, Y, zero0, eta, ts, xp)[0, :, :, 0]      # τ_t, (n, N)
        Y0 = xp.zeros_like(Y)
        n, N = len(ts), spec.N
        isum = xp.zeros((n, N))                                                    # Σ_a ι_{a,t}
        kept = []
        for sl, Z in tr.closed_form_chunks(X, Y0, xi, eta, ts, xp):
            isum += xp.sum(Z[..., 0], axis=0)
            if sl.start < keep:
                kept.append(Z[: keep - sl.start, :, :, 0])
        ibar = xp.sum(isum, axis=0) / (spec.M * n)
        Cii = xp.zeros((N, N))
        for _, Z in tr.closed_form_chunks(X, Y0, xi, eta, ts, xp):
            Bc = Z[..., 0].reshape(-1, N) - ibar[None, :]
            Cii += Bc.T @ Bc
        tc = self.teach - xp.mean(self.teach, axis=0)[None, :]
        self.Ctt = spec.M * (tc.T @ tc)
        self.Cti = tc.T @ (isum - spec.M * ibar[None, :])
        self.Cii = Cii
        self.init = xp.concatenate(kept, axis=0) if kept else None                # ι for the kept runs, (keep, n, N)

    def sigma0(self, rho: float) -> float:
        return self.sigma1 / float(rho)

    def covariance(self, rho: float):
        """``C(σ_0(ρ))``, the centred ``N×N`` logit covariance of all ``m`` models."""
        s = self.sigma0(rho)
        C = self.Ctt + s * (self.Cti + self.Cti.T) + (s * s) * self.Cii
        return 0.5 * (C + C.T)

    def gaussian_es(self, rho: float, k: int) -> float:
        """``ES_k`` of the Gaussian-output inPCA of the ensemble (S8 route)."""
        return es_of_eigenvalues(self.xp.linalg.eigvalsh(self.covariance(rho)), k, self.xp)[0]

    def logits(self, rho: float, runs: int):
        """Logits ``(runs·n, N, 1)`` of the first ``runs`` initialisations (needs ``runs ≤ keep``)."""
        if self.init is None or runs > self.init.shape[0]:
            raise ValueError(f"only {0 if self.init is None else self.init.shape[0]} runs kept, {runs} asked")
        Z = self.teach[None] + self.sigma0(rho) * self.init[:runs]
        return Z.reshape(-1, self.spec.N)[..., None]

    def gaussian_es_direct(self, rho: float, k: int, runs: int) -> float:
        """``ES_k`` of the first ``runs`` initialisations via the Gaussian distance matrix and inPCA."""
        return float(inpca(distance_matrix(self.logits(rho, runs), "gaussian", self.xp), self.xp).explained[k])

    def bernoulli_es(self, rho: float, k: int, scale: float, runs: int) -> tuple[float, float]:
        """``(ES_k, negative share)`` of the Bernoulli-output inPCA of the first ``runs`` initialisations at
        logit scale ``scale``."""
        Z = self.logits(rho, runs) * (float(scale) / self.s_norm)
        res = inpca(distance_matrix(Z, "bernoulli", self.xp), self.xp)
        return es_of_eigenvalues(res.mu, k, self.xp)


def crossing(f, rhos, values, tau: float, rtol: float = 1e-6) -> tuple[str, float | None]:
    """First upward crossing of ``τ`` by ``ρ ↦ f(ρ)`` given its ``values`` on the increasing grid ``rhos``.

    ``('below', None)``: ``f ≥ τ`` already at ``rhos[0]``; ``('above', None)``: no upward crossing on the grid;
    else ``('crossing', ρ)`` with ``ρ`` from Brent's method in ``log ρ`` inside the first bracketing cell.
    """
    if values[0] >= tau:
        return "below", None
    for i in range(len(rhos) - 1):
        if values[i] < tau <= values[i + 1]:
            if values[i + 1] == tau:
                return "crossing", float(rhos[i + 1])
            u = brentq(lambda v: f(math.exp(v)) - tau, math.log(rhos[i]), math.log(rhos[i + 1]),
                       xtol=1e-12, rtol=rtol)
            return "crossing", math.exp(u)
    return "above", None


def summary(values) -> dict:
    """Mean and standard error over seeds (``se = None`` for one seed)."""
    v = np.asarray([float(x) for x in values])
    if v.size == 0:
        return {"mean": None, "se": None, "n": 0}
    se = float(v.std(ddof=1) / math.sqrt(v.size)) if v.size > 1 else None
    return {"mean": float(v.mean()), "se": se, "n": int(v.size)}


def boundary_summary(results: list[tuple[str, float | None]]) -> dict:
    """Seed crossings ``[(status, ρ)]`` → ``{status, per_seed, mean, se, n_cross, n_below, n_above}``;
    ``status`` is ``'crossing'`` when every seed crosses, ``'below'``/``'above'`` when none does and all agree,
    else ``'mixed'`` (mean and se over the crossing seeds only)."""
    stats = summary([r for s, r in results if s == "crossing"])
    counts = {s: sum(1 for t, _ in results if t == s) for s in ("crossing", "below", "above")}
    status = next((s for s, n in counts.items() if n == len(results)), "mixed")
    return {"status": status, "per_seed": [r if s == "crossing" else s for s, r in results],
            "mean": stats["mean"], "se": stats["se"], "n_cross": counts["crossing"],
            "n_below": counts["below"], "n_above": counts["above"]}
