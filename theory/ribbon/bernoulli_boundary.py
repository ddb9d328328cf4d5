"""K4 of spec/sloppiness.md S27: the true boundary against finite-M simulations (Gaussian and Bernoulli outputs).

* ``ribbon.k4_gaussian_es`` (ASYMP): the explained stress of a finite-M Gaussian ensemble (its S8 inPCA of
  simulated logits) tends to ``ES_k(S_∞)`` at the rate ``M^{−1/2}`` — S17(b) (``S/M → S_∞`` a.s., CLT
  fluctuations) and the continuity of ``ES_k`` away from ``S = 0`` (S12).
* ``ribbon.k4_bernoulli_boundary`` (CONJ): the Bernoulli boundary ``ρ*_Bern(c, T; s)`` at logit scale ``s`` tends
  to the Gaussian boundary as ``s → 0``.  Measured on the same finite-M ensembles (paired, so the ``O(1/M)``
  finite-ensemble offset of both boundaries cancels): ``rho_bern_0`` is the ``s → 0`` extrapolation of the
  Bernoulli crossing, ``rho_gauss`` the Gaussian crossing of those ensembles.
"""
from __future__ import annotations

import sympy as sp

from ..claim import Choice, Kind, Param
from .provenance import spec_claim as _claim

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational
S = sp.Symbol


M = S("M")
CLAIMS.append(_claim(
    id="ribbon.k4_gaussian_es", tag="S27", kind=Kind.ASYMP,
    title="K4: finite-M Gaussian ensembles reproduce ES_k(S_inf) within O(M^-1/2)",
    statement=sp.Eq(S("ES_sim"), S("ES_pop")),
    parameters=(Param("M", Choice((10, 40, 160, 640, 2560)), "initialisations"),
                Param("c", Choice((1,)), "geometric rate (S27 check-log point)"),
                Param("T", Choice((10,)), "last checkpoint"), Param("rho", Choice((3,)), "ratio rho"),
                Param("k", Choice((2,)), "rank")),
    assumptions=("ES_sim: ES_k of the S8 inPCA of the m = M(T+1) simulated models (d = 20, N = 40, eta lambda_1 = 1, "
                 "isotropic teacher, W_0 iid N(0, sigma_0^2) with sigma_0 from rho)",
                 "ES_pop: ES_k(S_inf(rho)) of the population matrix (section 1.7)",
                 "checked as the decay of the root-mean-square deviation over seeds: fitted exponent of M"),
    large=M, rate=M ** R_(-1, 2),
))
CLAIMS.append(_claim(
    id="ribbon.k4_bernoulli_boundary", tag="S27", kind=Kind.CONJ,
    title="K4: the Bernoulli boundary rho*_Bern(c, T) tends to the Gaussian rho* as the logit scale -> 0",
    statement=sp.Eq(S("rho_bern_0"), S("rho_gauss")),
    parameters=(Param("c", Choice((1, R_(1, 2), 2)), "geometric rate"), Param("T", Choice((10, 1)), "last checkpoint"),
                Param("k", Choice((2,)), "rank"), Param("tau", Choice((R_(9, 10),)), "target")),
    assumptions=("logit scale s: RMS of the teacher's logits, Bernoulli p = sigmoid(s z/||s||)",
                 "rho_bern_0: extrapolation s -> 0 of the per-seed Bernoulli crossing of ES_k = tau (fit a + b s^2)",
                 "rho_gauss: the Gaussian crossing of the same ensembles; rho_star (exact population boundary) "
                 "is reported beside it",
                 "the finite-M offset rho_gauss - rho_star is O(1/M) and is ribbon.k4_gaussian_es's subject"),
))
CLAIMS = tuple(CLAIMS)
