"""Claims S27 of spec/sloppiness.md (section 2.G): the phase structure of the reference family and the
conjectures K1–K3 (K0 is in ``hankel``, K4 in ``bernoulli_boundary``).

The population matrix is ``S_∞(ρ) = ρ^{−2} A' + B`` (§1.7); ``ES_k`` its explained stress; faces ``ES_k(A')``
(``ρ → 0``) and ``ES_k(B)`` (``ρ → ∞``).  Monotonicity conjectures are stated as "the largest step against the
conjectured direction is ≤ 0" over a grid, so a refutation is a concrete pair of grid points.
"""
from __future__ import annotations

from dataclasses import replace

import sympy as sp

from ..claim import Choice, Interval, IntRange, Kind, Param, Step, StepCheck
from ..quantity import measured
from .provenance import spec_claim as _claim

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational
S = sp.Symbol


SEED = Param("seed", IntRange(0, 10**6), "teacher seed (Gaussian teachers only)")
#: one object per parameter name; a claim with another domain takes ``replace(P, domain=...)`` of it (see
#: ``theory.ribbon.distances``), so a check binds every claim's ``c`` (say) by the one ``RATE``
MODES = Param("d", IntRange(2, 10), "modes")
RATE = Param("c", Interval(R_(1, 100), 3), "geometric rate")
ETA_LAM1 = Param("eta_lam1", Choice((R_(3, 10), 1, R_(19, 10))), "eta lambda_1")
LAST_T = Param("T", Choice((1, 3, 10, 30)), "last checkpoint")
RANK_K = Param("k", IntRange(1, 3), "rank (< d)")
TAU = Param("tau", Interval(R_(1, 2), R_(99, 100)), "target")
TEACHER = Param("teacher", Choice(("isotropic", "gaussian")), "teacher profile")
PART = Param("part", Choice(("table", "c_A", "grid")), "which printed list")
RHO = Param("rho", Interval(R_(1, 100), 100), "rho (face = full)")
FACE = Param("face", Choice(("full", "signal")), "ES_k(S_inf(rho)) or the signal face ES_k(B)")
LATER = Param("later", Choice((1, 3, 10, 30, 100, 300, 1000, 3000)), "later T (> T)")
DC = Param("dc", Interval(R_(1, 1000), 1), "c2 - c")
WIDE = IntRange(2, 100)
tau, I_, esA, esB, esIII = S("tau"), S("phase_I"), S("ES_A"), S("ES_B"), S("ES_beyond_x2")
rlo, rmin, rmax, rhi = S("rho_lo"), S("rho_star_min"), S("rho_star_max"), S("rho_hi")

# ---------------------------------------------------------------- quantities
_V = "sloppy_verifier.verify."
_CHK = _V + "checks.ribbon_phase."
_CERT = _V + "ribbon.certificates."


#: the population matrix of §1.7 (units 8 sigma^2 = 1), its explained stress and the S26(b) norms
_POP = (r"S_\infty(\rho) = \rho^{-2} A' + B,\ A' = \operatorname{diag}(a'_i),\ "
        r"a'_i = \frac{\|s\|^2}{\operatorname{tr}\Sigma}\lambda_i Q_{ii},\ B = D_s Q^c D_s,\ D_s = \operatorname{diag}(s_i)")
_ES = r"ES_k(S) = 1 - {\Big(\sum_{i>k} \mu_i^2 \Big/ \sum_i \mu_i^2\Big)}^{1/2},\ |\mu_1| \ge |\mu_2| \ge \dots \text{ the eigenvalues of } S"
_NORMS = (r"\alpha = \|a'\|,\ \alpha_k = {\Big(\sum_{i>k} {a'_{[i]}}^2\Big)}^{1/2},\ \beta = \|B\|_F,\ "
          r"\beta_k = {\Big(\sum_{i>k} {\mu_i(B)}^2\Big)}^{1/2}")
_SCAN = r"\rho \in [10^{-3}, 10^4]"
ES_FACE_A = measured("ES_A", "ES_k(A')", "explained stress of the initialisation-cloud face (rho to 0)",
                      r"ES_k(A'),\ " + _ES + r",\ " + _POP, _V + "ribbon.population.es_diagonal")
ES_FACE_B = measured("ES_B", "ES_k(B)", "explained stress of the signal face (rho to infinity)",
                      r"ES_k(B),\ " + _ES + r",\ " + _POP, _V + "ribbon.population.es_symmetric")
ES_BEYOND = measured("ES_beyond_x2", r"ES_k|_{\rho > x_2^{-1/2}}",
                      "largest explained stress found beyond the no-ribbon threshold x_2^(-1/2), 0 without x_2",
                      r"ES_k|_{\rho > x_2^{-1/2}} = \max\big(\{ES_k(S_\infty(f x_2^{-1/2})) : f \in \{1.001, 2, 10, 100\}\} "
                      r"\cup \{ES_k(B)\}\big) \text{ if } \beta_k > (1-\tau)\beta \text{, else } 0,\ "
                      r"x_2 = \frac{\beta_k - (1-\tau)\beta}{\alpha(2-\tau)},\ " + _NORMS, _CHK + "_phase_regions")
PHASE_I = measured("phase_I", r"1_{\mathrm{I}}", "indicator of phase I: a ribbon at every rho of the scan",
                    r"1_{\mathrm{I}} = 1 \text{ if } ES_k(S_\infty(\rho)) \ge \tau \text{ at every scan point } " + _SCAN
                    + r" \text{, else } 0,\ " + _POP, _CERT + "rho_star")
RHO_LO = measured("rho_lo", r"\rho_{\mathrm{lo}}", "lower end of the bracket: below it no ribbon is certified (S26b)",
                   r"\rho_{\mathrm{lo}} = x_1^{-1/2},\ x_1 = \frac{\beta(2-\tau)}{\alpha_k - (1-\tau)\alpha} "
                   r"\text{ if } \alpha_k > (1-\tau)\alpha \text{, else } \rho_{\mathrm{lo}} = 0,\ " + _NORMS,
                   _CERT + "rho_bracket")
RHO_HI = measured("rho_hi", r"\rho_{\mathrm{hi}}", "upper end of the bracket: above it a ribbon is certified (S26a)",
                   r"\rho_{\mathrm{hi}} = \inf\{\rho : \min_{k_1 + k_2 = k} P_{k_1}({\rho'}^{-2}) \le 0 \text{ for all } "
                   r"\rho' \ge \rho\},\ P_{k_1}(x) = \Big(\sum_{i \notin J_{k_1}} {a'_i}^2 - g\|a'\|^2\Big)x^2 "
                   r"+ 2\Big(\sum_{i \notin J_{k_1}} a'_i B^{(k_2)}_{ii} - g\sum_i a'_i B_{ii}\Big)x "
                   r"+ \sum_{i>k_2} {\mu_i(B)}^2 - g\|B\|_F^2,\ g = {(1-\tau)}^2,\ B^{(k_2)} = B - B_{k_2}",
                   _CERT + "rho_bracket")
_CROSS = (r"\{\rho \in [10^{-3}, 10^4] : ES_k(S_\infty(\rho)) = \tau\} \text{; } 0 \text{ in phase I, } "
          r"\infty \text{ without a crossing}")
RHO_STAR_MIN = measured("rho_star_min", r"\rho^*_{\min}", "smallest crossing of ES_k = tau on the scan",
                         r"\rho^*_{\min} = \min " + _CROSS, _CERT + "rho_star")
RHO_STAR_MAX = measured("rho_star_max", r"\rho^*_{\max}", "largest crossing of ES_k = tau on the scan",
                         r"\rho^*_{\max} = \max " + _CROSS, _CERT + "rho_star")
S27_REGIONS = (ES_FACE_A, ES_FACE_B, ES_BEYOND, PHASE_I, RHO_LO, RHO_HI, RHO_STAR_MIN, RHO_STAR_MAX)

# ================================================================ S27 theorem part
CLAIMS.append(_claim(
    id="ribbon.phase_regions", tag="S27", kind=Kind.INEQ,
    title="phases: I => both faces are ribbons; III: ES_k(B) < tau => no ribbon for rho > x_2^{-1/2}; "
          "every crossing rho* lies in [rho_lo, rho_hi]",
    statement=sp.And(sp.Ge(esA, tau * I_), sp.Ge(esB, tau * I_), sp.Lt(esIII, tau),
                     sp.Le(sp.atan(rlo), sp.atan(rmin)), sp.Le(sp.atan(rmax), sp.atan(rhi))),
    parameters=(MODES, RATE, ETA_LAM1, LAST_T, RANK_K, TAU, TEACHER, SEED),
    quantities=S27_REGIONS,
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
_ULPS = (r" = \max_{v} \frac{|\hat{v} - v|}{10^{e(v)}},\ v \text{ a printed value of the list, } \hat{v} "
         r"\text{ its regeneration, } 10^{e(v)} \text{ its last printed digit}")
ULPS_TABLE = ULPS_TABLE_Q, ULPS_C_A, ULPS_GRID = tuple(measured(f"ulps_{part}", rf"u_{{\mathrm{{{tex}}}}}",
                             f"largest error of the regenerated {what}, in units of the last printed digit",
                             rf"u_{{\mathrm{{{tex}}}}}" + _ULPS, _CHK + "_phase_table")
                   for part, tex, what in (("table", "table", "phase table"), ("c_A", "c_A", "c_A(T) list"),
                                           ("grid", "grid", "ES_2 grid at c = 1")))
CLAIMS.append(_claim(
    id="ribbon.phase_table", tag="S27", kind=Kind.EXACT,
    title="reference family (d = 100, eta = 1/lambda_1, isotropic, (k,tau) = (2, 0.9)): the phase table, c_A(T) "
          "and the c = 1 ES_2 grid reproduce to their printed digits",
    statement=sp.And(*[sp.Le(S(f"ulps_{part}"), R_(1, 2)) for part in ("table", "c_A", "grid")]),
    parameters=(PART,), quantities=ULPS_TABLE,
    assumptions=("ulps_X: the largest |regenerated - printed| over the list X, in units of the last printed digit "
                 "(half a unit = the printed rounding; a value that rounds to a different string counts > 1/2)",
                 "the spec's numbers are float64 values rounded to 3 significant digits; its own tolerance is 1e-3",
                 "rho_hi columns by the spec's stated procedure: a 3000-point log scan in x = rho^-2 in [1e-10, 1e6] "
                 "(the closed-form end point of S26a is recorded beside it); rho_lo the closed form x_1^(-1/2)"),
    derivation=(Step(sp.true, "definitions §1.7, S18 (closed forms), S20 (c_A), S26 (rho_lo, rho_hi)",
                     StepCheck.DEFINITION),),
))

_FIRST_T = {R_(1, 10): 557, R_(1, 5): 505, R_(1, 2): 386, 1: 304, 2: 371}   # spec erratum (was 602/515/441/322/377)
_REF = (r",\ B_T \text{ the signal face of the reference family: } d = 100,\ \lambda_i = e^{-c(i-1)},\ "
        r"\eta = 1/\lambda_1,\ \beta_i = 1,\ \mathcal{T} = \{0, \dots, T\}")
FIRST_T = tuple(
    measured(f"T_first_c{c}", rf"T_{{\mathrm{{first}}}}({sp.latex(c)})", f"first T at which ES_2 of the signal face at c = {c} "
              "falls below 0.9",
              rf"T_{{\mathrm{{first}}}}({sp.latex(c)}) = \min\{{T \ge 1 : ES_2(B_T) < 0.9\}}" + _REF
              + r" \text{; one past the scanned range if none}", _V + "ribbon.phase.first_signal_T")
    for c in (R_(1, 20),) + tuple(_FIRST_T))
#: rate c -> its first-T quantity (c = 1/20: none up to 10^4, the saturating rate)
FIRST_T_BY_C = dict(zip((R_(1, 20),) + tuple(_FIRST_T), FIRST_T))
ULPS_SAT = measured("ulps_saturation", r"u_{\mathrm{sat}}", "error of the regenerated saturation value 0.913 at c = 1/20, "
                     "in units of its last printed digit",
                     r"u_{\mathrm{sat}} = \frac{|ES_2(B_{10^4}) - 0.913|}{10^{-3}},\ c = 1/20" + _REF, _CHK + "_signal_face_first_t")
CLAIMS.append(_claim(
    id="ribbon.signal_face_first_t", tag="S27", kind=Kind.EXACT,
    title="signal face of the reference family (d = 100): first T with ES_2(B_T) < 0.9 is 557, 505, 386, 304, 371 "
          "for c = 0.1, 0.2, 0.5, 1, 2; none up to 10^4 for c = 0.05 (ES_2(B) saturates at 0.913)",
    statement=sp.And(*[sp.Eq(S(f"T_first_c{c}"), t) for c, t in _FIRST_T.items()],
                     sp.Gt(S("T_first_c1/20"), 10 ** 4), sp.Le(S("ulps_saturation"), R_(1, 2))),
    parameters=(replace(RATE, domain=Choice((R_(1, 20),) + tuple(_FIRST_T))),), quantities=FIRST_T + (ULPS_SAT,),
    assumptions=("T_first_c: the smallest integer T >= 1 with ES_2(B_T) < 0.9 (B_T the signal face of S_inf with "
                 "checkpoints {0..T}); 10^4 + 1 when there is none up to 10^4",
                 "ulps_saturation: |ES_2(B_{10^4}) - 0.913| for c = 0.05 in units of the last printed digit"),
    derivation=(Step(sp.true, "definitions §1.7, S17c (n x n Hankel of the signal face), S18", StepCheck.DEFINITION),),
))

# ================================================================ K1
drop = S("ES_drop")
ES_DROP = measured("ES_drop", r"\Delta_{\downarrow} ES_k", "largest decrease of ES_k between neighbouring values on the grid of rho",
                    r"\Delta_{\downarrow} ES_k = \max_{0 \le j < 40} \big(ES_k(S_\infty(\rho_j)) - ES_k(S_\infty(\rho_{j+1}))\big),\ "
                    r"\rho_j = 10^{-2 + j/8},\ " + _POP, _CHK + "_k1_values")
CLAIMS.append(_claim(
    id="ribbon.k1_rho_monotone", tag="S27", kind=Kind.CONJ,
    title="K1: rho -> ES_k(S_inf(rho)) is nondecreasing for an isotropic teacher (|beta_k| constant)",
    statement=sp.Le(drop, 0), quantities=(ES_DROP,),
    parameters=(replace(MODES, domain=WIDE), RATE, replace(ETA_LAM1, domain=Choice((R_(3, 10), 1, R_(3, 2)))),
                replace(LAST_T, domain=IntRange(0, 1000)), RANK_K,
                replace(TEACHER, domain=Choice(("isotropic",)), description="teacher profile (the conjecture's "
                                                                            "hypothesis)"), SEED),
    assumptions=("ES_drop = max_j [ES_k(rho_j) - ES_k(rho_{j+1})] over 41 log-spaced rho_j in [1e-2, 1e3]",
                 "False for anisotropic teachers (spec G7b; ribbon.k1_anisotropic_counterexample)"),
))
ES0, ESc, ESi, rc = S("ES_rho0"), S("ES_cross"), S("ES_rhoinf"), S("rho_cross")
_G7B = (r",\ S_\infty(\rho) \text{ of G7(b): } \lambda = (1, 1/16),\ \eta = 1,\ \beta = (0, 1/2),\ T = 1,\ "
        r"k = 1,\ " + _ES + r",\ " + _POP)
G7B = ES_RHO0, ES_CROSS, ES_RHOINF, RHO_CROSS = (
    measured("ES_rho0", r"ES_1|_{\rho \to 0}", "explained stress of G7(b) in the limit rho to 0 (the cloud face)",
              r"ES_1|_{\rho \to 0} = \lim_{\rho \to 0} ES_1(S_\infty(\rho)) = ES_1(A')" + _G7B,
              _V + "ribbon.population.es_diagonal"),
    measured("ES_cross", r"ES_1(\rho_c)", "explained stress of G7(b) at the crossing of the diagonal entries",
              r"ES_1(\rho_c) = ES_1(S_\infty(\rho_c))" + _G7B, _CHK + "_k1_anisotropic"),
    measured("ES_rhoinf", r"ES_1|_{\rho \to \infty}", "explained stress of G7(b) in the limit rho to infinity (the signal face)",
              r"ES_1|_{\rho \to \infty} = \lim_{\rho \to \infty} ES_1(S_\infty(\rho)) = ES_1(B)" + _G7B,
              _CHK + "_k1_anisotropic"),
    measured("rho_cross", r"\rho_c", "the rho at which the two diagonal entries of the G7(b) population matrix are equal",
              r"\rho_c = x_c^{-1/2},\ x_c \text{ the root of } {(x A' + B)}_{11} = {(x A' + B)}_{22}" + _G7B,
              _CHK + "_k1_anisotropic"))
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
    parameters=(replace(RHO, domain=Choice(("0", "cross", "oo")), description="where ES_1 is evaluated"),),
    quantities=G7B,
    assumptions=("ES_1 from the mp eigenvalues of the population matrix built by population_matrices",
                 "rho_cross: the mp root of the two diagonal entries of S_inf(x)"),
    derivation=_g7b_steps,
))

# ================================================================ K2
ES_T1, ES_T2 = S("ES_earlier"), S("ES_later")
_FACE = (r" \text{ for face full, } ES_k(B) \text{ for face signal},\ \lambda_i = e^{-c(i-1)},\ "
         r"\mathcal{T} = \{0, \dots, T\},\ " + _POP)
ES_EARLIER = measured("ES_earlier", "ES_k(T)", "explained stress at the earlier last checkpoint T",
                       r"ES_k(T) = ES_k(S_\infty(\rho))" + _FACE, _CHK + "_k2_values")
ES_LATER = measured("ES_later", r"ES_k(T')", "explained stress at the later last checkpoint T' > T",
                     r"ES_k(T') = ES_k(T)\big|_{T \to T'}", _CHK + "_k2_values")
CLAIMS.append(_claim(
    id="ribbon.k2_time_monotone", tag="S27", kind=Kind.CONJ,
    title="K2 (refuted in the spec): ES_k(S_inf) and ES_k(B_T) are nonincreasing in T (the S19 direction)",
    statement=sp.Le(ES_T2, ES_T1), quantities=(ES_EARLIER, ES_LATER),
    parameters=(FACE, replace(MODES, domain=WIDE), RATE,
                replace(ETA_LAM1, domain=Interval(R_(1, 10), 1), description="eta lambda_1 (monotone regime)"), RHO,
                replace(LAST_T, domain=LATER.domain, description="earlier T"), LATER, RANK_K, TEACHER, SEED),
    assumptions=("T < later",),
))

# ================================================================ K3
ES_c1, ES_c2 = S("ES_c"), S("ES_c_larger")
ES_C = measured("ES_c", "ES_k(c)", "explained stress of the chosen face at the geometric rate c",
                 r"ES_k(c) = ES_k(A') \text{ (cloud)}, ES_k(B) \text{ (signal) or } ES_k(S_\infty(1)) \text{ (full)},\ "
                 r"\lambda_i = e^{-c(i-1)},\ \beta_i = 1,\ " + _POP, _CHK + "_k3_values")
ES_C_LARGER = measured("ES_c_larger", r"ES_k(c + \Delta c)", "the same at the larger rate c + dc",
                        r"ES_k(c + \Delta c) = ES_k(c)\big|_{c \to c + \Delta c}", _CHK + "_k3_values")
CLAIMS.append(_claim(
    id="ribbon.k3_c_monotone", tag="S27", kind=Kind.CONJ,
    title="K3: ES_k is nondecreasing in the spectral decay c (rho -> 0 face; signal face; full ES at rho = 1)",
    statement=sp.Le(ES_c1, ES_c2), quantities=(ES_C, ES_C_LARGER),
    parameters=(replace(FACE, domain=Choice(("cloud", "signal", "full")),
                        description="ES_k(A'), ES_k(B) or ES_k(S_inf(1))"),
                replace(MODES, domain=WIDE), replace(RATE, description="smaller rate"), DC,
                replace(LAST_T, domain=Choice((1, 10, 100, 1000))), RANK_K,
                replace(ETA_LAM1, domain=Choice((R_(1, 5), R_(1, 2), 1)))),
))
CLAIMS = tuple(CLAIMS)
