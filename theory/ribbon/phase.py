"""Claims S27 of spec/sloppiness.md (section 2.G): the phase structure of the reference family and the
conjectures K1–K3 (K0 is in ``hankel``, K4 in ``bernoulli_boundary``).

The population matrix is ``S_∞(ρ) = ρ^{−2} A' + B`` (§1.7); ``ES_k`` its explained stress; faces ``ES_k(A')``
(``ρ → 0``) and ``ES_k(B)`` (``ρ → ∞``).  Monotonicity conjectures are stated as "the largest step against the
conjectured direction is ≤ 0" over a grid, so a refutation is a concrete pair of grid points.
"""
from __future__ import annotations

import sympy as sp

from ..claim import Choice, Interval, IntRange, Kind, Param, Step, StepCheck
from .provenance import spec_claim as _claim

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational
S = sp.Symbol


SEED = Param("seed", IntRange(0, 10**6), "teacher seed (Gaussian teachers only)")
tau, I_, esA, esB, esIII = S("tau"), S("phase_I"), S("ES_A"), S("ES_B"), S("ES_beyond_x2")
rlo, rmin, rmax, rhi = S("rho_lo"), S("rho_star_min"), S("rho_star_max"), S("rho_hi")

# ================================================================ S27 theorem part
CLAIMS.append(_claim(
    id="ribbon.phase_regions", tag="S27", kind=Kind.INEQ,
    title="phases: I => both faces are ribbons; III: ES_k(B) < tau => no ribbon for rho > x_2^{-1/2}; "
          "every crossing rho* lies in [rho_lo, rho_hi]",
    statement=sp.And(sp.Ge(esA, tau * I_), sp.Ge(esB, tau * I_), sp.Lt(esIII, tau),
                     sp.Le(sp.atan(rlo), sp.atan(rmin)), sp.Le(sp.atan(rmax), sp.atan(rhi))),
    parameters=(Param("d", IntRange(2, 10), "modes"), Param("c", Interval(R_(1, 100), 3), "geometric rate"),
                Param("eta_lam1", Choice((R_(3, 10), 1, R_(19, 10))), "eta lambda_1"),
                Param("T", Choice((1, 3, 10, 30)), "last checkpoint"), Param("k", IntRange(1, 3), "rank (< d)"),
                Param("tau", Interval(R_(1, 2), R_(99, 100)), "target"),
                Param("teacher", Choice(("isotropic", "gaussian")), "teacher profile"), SEED),
    assumptions=("phase_I = 1 iff ES_k(S_inf) >= tau on the whole scan rho in [1e-3, 1e4] (rho* = 0), else 0",
                 "ES_beyond_x2: the largest ES_k(S_inf(rho)) on a grid of rho > x_2^{-1/2} and its limit ES_k(B), "
                 "when x_2 exists (S26b, i.e. ES_k(B) < tau); 0 otherwise",
                 "rho_star_min/max: the smallest/largest crossing of ES_k = tau (S26a,b certify both sides, so every "
                 "crossing is bracketed without assuming uniqueness); 0 in phase I, oo with no crossing; atan maps oo "
                 "to pi/2"),
    derivation=(Step(sp.true, "S25e: ES_k(S_inf) -> ES_k(A') (rho -> 0) and ES_k(B) (rho -> oo)", StepCheck.NUMERIC),
                Step(sp.true, "S26b: x < x_2 certifies R_k > 1 - tau; S26a/b: the certified regions bracket rho*",
                     StepCheck.NUMERIC)),
))

# ================================================================ S27 reference table
CLAIMS.append(_claim(
    id="ribbon.phase_table", tag="S27", kind=Kind.EXACT,
    title="reference family (d = 100, eta = 1/lambda_1, isotropic, (k,tau) = (2, 0.9)): the phase table, c_A(T) "
          "and the c = 1 ES_2 grid reproduce to their printed digits",
    statement=sp.And(*[sp.Le(S(f"ulps_{part}"), R_(1, 2)) for part in ("table", "c_A", "grid")]),
    parameters=(Param("part", Choice(("table", "c_A", "grid")), "which printed list"),),
    assumptions=("ulps_X: the largest |regenerated - printed| over the list X, in units of the last printed digit "
                 "(half a unit = the printed rounding; a value that rounds to a different string counts > 1/2)",
                 "the spec's numbers are float64 values rounded to 3 significant digits; its own tolerance is 1e-3",
                 "rho_hi columns by the spec's stated procedure: a 3000-point log scan in x = rho^-2 in [1e-10, 1e6] "
                 "(the closed-form end point of S26a is recorded beside it); rho_lo the closed form x_1^(-1/2)"),
    derivation=(Step(sp.true, "definitions §1.7, S18 (closed forms), S20 (c_A), S26 (rho_lo, rho_hi)",
                     StepCheck.DEFINITION),),
))

_FIRST_T = {R_(1, 10): 557, R_(1, 5): 505, R_(1, 2): 386, 1: 304, 2: 371}   # spec erratum (was 602/515/441/322/377)
CLAIMS.append(_claim(
    id="ribbon.signal_face_first_t", tag="S27", kind=Kind.EXACT,
    title="signal face of the reference family (d = 100): first T with ES_2(B_T) < 0.9 is 557, 505, 386, 304, 371 "
          "for c = 0.1, 0.2, 0.5, 1, 2; none up to 10^4 for c = 0.05 (ES_2(B) saturates at 0.913)",
    statement=sp.And(*[sp.Eq(S(f"T_first_c{c}"), t) for c, t in _FIRST_T.items()],
                     sp.Gt(S("T_first_c1/20"), 10 ** 4), sp.Le(S("ulps_saturation"), R_(1, 2))),
    parameters=(Param("c", Choice((R_(1, 20),) + tuple(_FIRST_T)), "geometric rate"),),
    assumptions=("T_first_c: the smallest integer T >= 1 with ES_2(B_T) < 0.9 (B_T the signal face of S_inf with "
                 "checkpoints {0..T}); 10^4 + 1 when there is none up to 10^4",
                 "ulps_saturation: |ES_2(B_{10^4}) - 0.913| for c = 0.05 in units of the last printed digit"),
    derivation=(Step(sp.true, "definitions §1.7, S17c (n x n Hankel of the signal face), S18", StepCheck.DEFINITION),),
))

# ================================================================ K1
drop = S("ES_drop")
CLAIMS.append(_claim(
    id="ribbon.k1_rho_monotone", tag="S27", kind=Kind.CONJ,
    title="K1: rho -> ES_k(S_inf(rho)) is nondecreasing for an isotropic teacher (|beta_k| constant)",
    statement=sp.Le(drop, 0),
    parameters=(Param("d", IntRange(2, 100), "modes"), Param("c", Interval(R_(1, 100), 3), "geometric rate"),
                Param("eta_lam1", Choice((R_(3, 10), 1, R_(3, 2))), "eta lambda_1"),
                Param("T", IntRange(0, 1000), "last checkpoint"), Param("k", IntRange(1, 3), "rank (< d)"),
                Param("teacher", Choice(("isotropic",)), "teacher profile (the conjecture's hypothesis)"), SEED),
    assumptions=("ES_drop = max_j [ES_k(rho_j) - ES_k(rho_{j+1})] over 41 log-spaced rho_j in [1e-2, 1e3]",
                 "False for anisotropic teachers (spec G7b; ribbon.k1_anisotropic_counterexample)"),
))
ES0, ESc, ESi, rc = S("ES_rho0"), S("ES_cross"), S("ES_rhoinf"), S("rho_cross")
xs = S("x", positive=True)


def _g7b_steps():
    """S_inf of G7(b) from the definitions (§1.7, S18) with exact rationals."""
    lam, beta, T = (1, R_(1, 16)), (0, R_(1, 2)), 1
    r = [1 - l for l in lam]                                   # eta = 1
    s = [sp.sqrt(l) * b for l, b in zip(lam, beta)]
    scale = sum(v ** 2 for v in s) / sum(lam)
    Q = [[sum((r[i] * r[j]) ** t for t in range(T + 1)) for j in range(2)] for i in range(2)]
    rbar = [sum(r[i] ** t for t in range(T + 1)) / (T + 1) for i in range(2)]
    Qc = [[sum((r[i] ** t - rbar[i]) * (r[j] ** t - rbar[j]) for t in range(T + 1)) for j in range(2)]
          for i in range(2)]
    Sinf = sp.Matrix(2, 2, lambda i, j: (xs * scale * lam[i] * Q[i][i] if i == j else 0) + s[i] * Qc[i][j] * s[j])
    p, q = xs / 68, 481 * xs / 278528 + R_(1, 32768)
    xc = sp.solve(sp.Eq(p, q), xs)[0]
    es1 = lambda a, b: 1 - sp.Min(a, b) / sp.sqrt(a ** 2 + b ** 2)  # noqa: E731 - ES_1 of diag(a, b)
    return [Step(sp.Eq(Sinf, sp.diag(p, q)), "S_inf = diag(x/68, 481x/278528 + 1/32768) from the definitions"),
            Step(sp.Eq(xc ** R_(-1, 2), sp.sqrt(R_(3615 * 32768, 278528))), "crossing x_c: the two diagonal entries equal"),
            Step(sp.Eq(es1(p, q).subs(xs, xc), 1 - 1 / sp.sqrt(2)), "ES_1 = 1 - 1/sqrt(2) at the crossing"),
            Step(sp.Eq(sp.limit(1 - q / sp.sqrt(p ** 2 + q ** 2), xs, sp.oo), 1 - 481 / sp.sqrt(17008577)),
                 "rho -> 0 (x -> oo): ES_1 -> 1 - 481/sqrt(4096^2 + 481^2)")]


CLAIMS.append(_claim(
    id="ribbon.k1_anisotropic_counterexample", tag="S27", kind=Kind.EXACT,
    title="G7(b): lam = (1, 1/16), eta = 1, beta = (0, 1/2), T = 1, k = 1: ES_1 = 0.88337 (rho -> 0), "
          "1 - 1/sqrt 2 at rho = (3615*32768/278528)^(1/2), 1 (rho -> oo): K1 fails for anisotropic teachers",
    statement=sp.And(sp.Eq(ES0, 1 - 481 / sp.sqrt(17008577)), sp.Eq(ESc, 1 - 1 / sp.sqrt(2)), sp.Eq(ESi, 1),
                     sp.Eq(rc, sp.sqrt(R_(3615 * 32768, 278528))), sp.Gt(ES0, ESc)),
    parameters=(Param("rho", Choice(("0", "cross", "oo")), "where ES_1 is evaluated"),),
    assumptions=("ES_1 from the mp eigenvalues of the population matrix built by population_matrices",
                 "rho_cross: the mp root of the two diagonal entries of S_inf(x)"),
    derivation=_g7b_steps,
))

# ================================================================ K2
ES_T1, ES_T2 = S("ES_earlier"), S("ES_later")
CLAIMS.append(_claim(
    id="ribbon.k2_time_monotone", tag="S27", kind=Kind.CONJ,
    title="K2 (refuted in the spec): ES_k(S_inf) and ES_k(B_T) are nonincreasing in T (the S19 direction)",
    statement=sp.Le(ES_T2, ES_T1),
    parameters=(Param("face", Choice(("full", "signal")), "ES_k(S_inf(rho)) or the signal face ES_k(B)"),
                Param("d", IntRange(2, 100), "modes"), Param("c", Interval(R_(1, 100), 3), "geometric rate"),
                Param("eta_lam1", Interval(R_(1, 10), 1), "eta lambda_1 (monotone regime)"),
                Param("rho", Interval(R_(1, 100), 100), "rho (face = full)"),
                Param("T", Choice((1, 3, 10, 30, 100, 300, 1000, 3000)), "earlier T"),
                Param("later", Choice((1, 3, 10, 30, 100, 300, 1000, 3000)), "later T (> T)"),
                Param("k", IntRange(1, 3), "rank (< d)"),
                Param("teacher", Choice(("isotropic", "gaussian")), "teacher profile"), SEED),
    assumptions=("T < later",),
))

# ================================================================ K3
ES_c1, ES_c2 = S("ES_c"), S("ES_c_larger")
CLAIMS.append(_claim(
    id="ribbon.k3_c_monotone", tag="S27", kind=Kind.CONJ,
    title="K3: ES_k is nondecreasing in the spectral decay c (rho -> 0 face; signal face; full ES at rho = 1)",
    statement=sp.Le(ES_c1, ES_c2),
    parameters=(Param("face", Choice(("cloud", "signal", "full")), "ES_k(A'), ES_k(B) or ES_k(S_inf(1))"),
                Param("d", IntRange(2, 100), "modes"), Param("c", Interval(R_(1, 100), 3), "smaller rate"),
                Param("dc", Interval(R_(1, 1000), 1), "c2 - c"),
                Param("T", Choice((1, 10, 100, 1000)), "last checkpoint"), Param("k", IntRange(1, 3), "rank (< d)"),
                Param("eta_lam1", Choice((R_(1, 5), R_(1, 2), 1)), "eta lambda_1")),
))
CLAIMS = tuple(CLAIMS)
