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

from dataclasses import replace

import sympy as sp

from ..claim import Choice, Kind, Param
from ..latex import symbol_latex
from ..quantity import Quantity
from .provenance import spec_claim as _claim

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational
S = sp.Symbol


M = S("M")


def _measured(name: str, description: str, rhs: str, estimator: str) -> Quantity:
    """A value the K4 check measures: its definition typeset (lead by the symbol as the statement prints it) and
    the function that computes it."""
    tex = symbol_latex(name)
    return Quantity(name, tex, description, typeset=f"{tex} = {rhs}", estimator=estimator)


_SWEEP = "sloppy_verifier.verify.checks.ribbon_sweep."
#: the explained stress of a Gaussian-output ensemble's inPCA (S8, S12) and its population limit (section 1.7)
ES_K4 = ES_SIM, ES_POP = (_measured("ES_sim", "explained stress of the inPCA of the simulated Gaussian-output ensemble",
                   r"1 - {\Big(\sum_{i>k} \mu_i^2 / \sum_i \mu_i^2\Big)}^{1/2},\ "
                   r"W = -\tfrac{1}{2}\Pi_m D\,\Pi_m = \sum_i \mu_i q_i q_i^{\top},\ "
                   r"D_{ij} = d_B(Z_i, Z_j),\ m = M(T+1)",
                   "sloppy_verifier.verify.ribbon.ensemble_sim.Ensemble (gaussian_es)"),
         _measured("ES_pop", "explained stress of the population matrix at the same rho",
                   r"\mathrm{ES}_k(S_\infty),\ S_\infty = \rho^{-2} A' + B",
                   "sloppy_verifier.verify.ribbon.certificates.es"))
#: the crossings of ES_k = tau by rho of the same finite-M ensembles, Gaussian and Bernoulli outputs
_CROSS = r"\text{the first } \rho \text{ with } \mathrm{ES}_k = \tau \text{ for the }"
RHO_K4 = RHO_BERN_0, RHO_GAUSS = (
          _measured("rho_bern_0", "small-scale limit of the Bernoulli boundary of the finite ensembles",
                    r"\lim_{s \to 0} \mathbb{E}\,\rho_B(s),\ \rho_B(s) = " + _CROSS
                    + r"\text{Bernoulli-output inPCA at logit scale } s",
                    _SWEEP + "_case (per seed: intercept of a + b s^2 fitted to rho_B(s) - rho_G)"),
          _measured("rho_gauss", "Gaussian boundary of the same finite ensembles",
                    r"\mathbb{E}\,\rho_G,\ \rho_G = " + _CROSS + r"\text{Gaussian-output inPCA}",
                    _SWEEP + "_case (mean over seeds)"))
#: K4's parameters (one object per name; the boundary claim takes ``replace`` of them, see ``theory.ribbon.distances``)
ENSEMBLES = Param("M", Choice((10, 40, 160, 640, 2560)), "initialisations")
RATE = Param("c", Choice((1,)), "geometric rate (S27 check-log point)")
LAST_T = Param("T", Choice((10,)), "last checkpoint")
RHO = Param("rho", Choice((3,)), "ratio rho")
RANK_K = Param("k", Choice((2,)), "rank")
TAU = Param("tau", Choice((R_(9, 10),)), "target")
#: the simulated instance's modes and training inputs (K4's Gaussian instance d = 20, N = 40, as its assumptions state;
#: the Bernoulli check's sizes per profile): named here so that the checks and the phase sweep spell them as K4 does;
#: no K4 claim ranges over them (they are not among the claims' parameters)
MODES = Param("d", Choice((20,)), "modes of the simulated instance")
SAMPLES = Param("N", Choice((40,)), "training inputs of the simulated instance")
CLAIMS.append(_claim(
    id="ribbon.k4_gaussian_es", tag="S27", kind=Kind.ASYMP,
    title="K4: finite-M Gaussian ensembles reproduce ES_k(S_inf) within O(M^-1/2)",
    statement=sp.Eq(S("ES_sim"), S("ES_pop")), quantities=ES_K4,
    parameters=(ENSEMBLES, RATE, LAST_T, RHO, RANK_K),
    assumptions=("ES_sim: ES_k of the S8 inPCA of the m = M(T+1) simulated models (d = 20, N = 40, eta lambda_1 = 1, "
                 "isotropic teacher, W_0 iid N(0, sigma_0^2) with sigma_0 from rho)",
                 "ES_pop: ES_k(S_inf(rho)) of the population matrix (section 1.7)",
                 "checked as the decay of the root-mean-square deviation over seeds: fitted exponent of M"),
    large=M, rate=M ** R_(-1, 2),
))
CLAIMS.append(_claim(
    id="ribbon.k4_bernoulli_boundary", tag="S27", kind=Kind.CONJ,
    title="K4: the Bernoulli boundary rho*_Bern(c, T) tends to the Gaussian rho* as the logit scale -> 0",
    statement=sp.Eq(S("rho_bern_0"), S("rho_gauss")), quantities=RHO_K4,
    parameters=(replace(RATE, domain=Choice((1, R_(1, 2), 2)), description="geometric rate"),
                replace(LAST_T, domain=Choice((10, 1))), RANK_K, TAU),
    assumptions=("logit scale s: RMS of the teacher's logits, Bernoulli p = sigmoid(s z/||s||)",
                 "rho_bern_0: extrapolation s -> 0 of the per-seed Bernoulli crossing of ES_k = tau (fit a + b s^2)",
                 "rho_gauss: the Gaussian crossing of the same ensembles; rho_star (exact population boundary) "
                 "is reported beside it",
                 "the finite-M offset rho_gauss - rho_star is O(1/M) and is ribbon.k4_gaussian_es's subject"),
))
CLAIMS = tuple(CLAIMS)
