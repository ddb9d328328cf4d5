"""Claims S25–S26 of spec/sloppiness.md (sections 2.F–2.G): the signal/initialisation split of the population
matrix ``S_∞ = x A' + B`` (``x = ρ^{-2}``), ribbon and no-ribbon certificates, and the certified phase regions.

Every statement is a relation between named quantities that the check computes by an independent route
(eigenvalues of the assembled matrices, direct root finding); the formulas of the certificates (the quadratics
``P_{k_1}``, the thresholds ``x_1, x_2``, the Weyl ratio bound) are written out in the statements, so a changed
constant, dropped term or flipped inequality is caught.  All claims are the project's own formulation (tag P).
"""
from __future__ import annotations

from dataclasses import replace

import sympy as sp

from ..claim import Choice, Interval, IntRange, Kind, Param, Step, StepCheck
from ..latex import symbol_latex
from ..quantity import Quantity
from .provenance import NOTE, spec_provenance
from .provenance import spec_claim as _claim

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational


# ---------------------------------------------------------------- the S25 population domain
#: one object per parameter name (a check binds ``p[RHO]``; points are keyed by name)
MODES = Param("d", IntRange(2, 80), "modes")
SPECTRUM = Param("spectrum", Choice(("geometric", "power")), "spectral family")
RATE = Param("c", Interval(R_(1, 100), 3), "geometric rate (used as min(c, 30/d))")
EXPONENT = Param("a", Interval(R_(3, 10), 3), "power-law exponent")
ETA = Param("eta_lam1", Choice((R_(3, 10), 1, R_(19, 10))), "eta lambda_1")
TEACHER = Param("teacher", Choice(("isotropic", "gaussian")), "beta_k = 1 or iid N(0,1)")
LAST_STEP = Param("T", Choice((1, 5, 30, 300)), "last checkpoint")
RHO = Param("rho", Interval(R_(1, 100), 1000), "rho")
RANK = Param("k", Choice((1, 2, 3)), "rank k (clipped to d)")
SEED = Param("seed", IntRange(0, 10**6), "teacher / split seed")
POP = (MODES, SPECTRUM, RATE, EXPONENT, ETA, TEACHER, LAST_STEP, RHO, RANK, SEED)
TAU = Param("tau", Interval(R_(1, 2), R_(99, 100)), "target tau")
#: S26(b): the point x = x_1 (1 + u) beyond x_1, resp. x_2 / (1 + u) below x_2; S26(d): its place in the set
OFFSET = Param("u", Interval(R_(1, 1000), 10), "x = x_1 (1 + u)")
RATIO = Param("r", Interval(R_(1, 20), R_(1, 2)), "ratio r")
RANKS = Param("K", IntRange(1, 3), "K")
DOMAIN = ("A = rho^-2 diag(a'), B of spec §1.7 (PSD); c is used as min(c, 30/d) (spec: c in [0.01, min(3, 30/d)])",
          "values are normalised by ||S|| (or mu_1(S)); float64 eigensolves, tolerances of the spec's conventions")
SPLIT = "the split k_1 + k_2 = k is drawn from the seed"

x, tau, g = sp.symbols("x tau g", nonnegative=True)
# norms: ||A||, ||B||, ||A - A_k||, ||B - B_k|| (normalised by ||S||) and the exact residual R_k(S)
nA, nB, tA, tB, Rk = sp.symbols("norm_A norm_B tail_A tail_B R_k", nonnegative=True)
rho = sp.Symbol("rho", positive=True)

# ---------------------------------------------------------------- the quantities (issue 10)
_CHK = "sloppy_verifier.verify.checks.ribbon_certificates."
#: the population matrix and its pieces (spec section 1.7, S25): A = x A', Frobenius norms, eigenvalues decreasing
_POP = r"S = S_\infty(x) = x A' + B,\ A' = \operatorname{diag}(a')"


def _measured(sym: sp.Symbol, description: str, rhs: str, estimator: str) -> Quantity:
    """A value the check computes from the instance's matrices: its definition typeset (lead by the symbol as the
    statement prints it) and the function of ``verify.checks.ribbon_certificates`` that computes it."""
    tex = symbol_latex(sym.name)
    return Quantity(sym.name, tex, description, typeset=f"{tex} = {rhs}", estimator=_CHK + estimator)


def _defined(sym: sp.Symbol, description: str, definition: sp.Basic, uses: tuple = ()) -> Quantity:
    return Quantity(sym.name, symbol_latex(sym.name), description, definition=definition, uses=uses)


X = _defined(x, "inverse squared initialisation-to-target ratio", rho ** -2)
R_K = _measured(Rk, "residual stress of the best approximation of rank k of the population matrix",
                r"\frac{\|S - S_k\|_F}{\|S\|_F} = \frac{{(\sum_{i>k} {\mu_i(S)}^2)}^{1/2}}{\|S\|_F},\ " + _POP,
                "_ey (also _no_ribbon)")
NORMS_C = (_measured(nA, "Frobenius norm of the initialisation part over that of the population matrix",
                     r"\frac{\|A\|_F}{\|S\|_F} = \frac{x\|a'\|}{\|S\|_F},\ A = x A'", "_no_ribbon"),
           _measured(nB, "Frobenius norm of the signal part over that of the population matrix",
                     r"\frac{\|B\|_F}{\|S\|_F},\ " + _POP, "_no_ribbon"),
           _measured(tA, "distance of the initialisation part to its best approximation of rank k, over the norm of S",
                     r"\frac{\|A - A_k\|_F}{\|S\|_F} = \frac{x{(\sum_{i>k} a'^2_{[i]})}^{1/2}}{\|S\|_F},\ "
                     r"a'_{[1]} \ge a'_{[2]} \ge \dots", "_no_ribbon"),
           _measured(tB, "distance of the signal part to its best approximation of rank k, over the norm of S",
                     r"\frac{\|B - B_k\|_F}{\|S\|_F} = \frac{{(\sum_{i>k} {\mu_i(B)}^2)}^{1/2}}{\|S\|_F}",
                     "_no_ribbon"))

# ================================================================ S25(a)
trS, trA, trB = sp.symbols("trace_tail_S trace_tail_A trace_tail_B", nonnegative=True)
_SPLIT_TEX = r"k_1 + k_2 = k \text{ the seed's split}"
TRACE_TAILS = (
    _measured(trS, "sum of the eigenvalues of the population matrix beyond the k largest, over its trace",
              r"\frac{\sum_{i>k} \mu_i(S)}{\operatorname{tr} S},\ " + _POP, "_ky_fan"),
    _measured(trA, "sum of the eigenvalues of the initialisation part beyond the largest k_1, over tr S",
              r"\frac{\sum_{i>k_1} \mu_i(x A')}{\operatorname{tr} S},\ " + _SPLIT_TEX, "_ky_fan"),
    _measured(trB, "sum of the eigenvalues of the signal part beyond the largest k_2, over tr S",
              r"\frac{\sum_{i>k_2} \mu_i(B)}{\operatorname{tr} S},\ " + _SPLIT_TEX, "_ky_fan"))
CLAIMS.append(_claim(
    id="ribbon.ky_fan_split", tag="S25", kind=Kind.INEQ,
    title="Ky Fan split: sum_{i>k1+k2} mu_i(A+B) <= sum_{i>k1} mu_i(A) + sum_{i>k2} mu_i(B)",
    statement=sp.Le(trS, trA + trB), parameters=POP, assumptions=DOMAIN + (SPLIT, "traces divided by tr S"),
    quantities=TRACE_TAILS,
    derivation=(Step(sp.true, "P = projector on the top-k1 eigenvectors of A and top-k2 of B (rank <= k): "
                     "sum_{i<=k} mu_i(A+B) >= tr P(A+B) >= head_k1(A) + head_k2(B); subtract from the trace",
                     StepCheck.NUMERIC),),
))

# ================================================================ S25(b)
Rsplit, Rtri = sp.symbols("R_split R_triangle", nonnegative=True)
#: A_{k_1}: the k_1 largest diagonal entries of the diagonal A = x A' kept; B_{k_2}: the top-k_2 eigenpairs of B
SPLIT_BOUNDS = (
    _measured(Rsplit, "norm of the summed split remainders over the norm of the population matrix",
              r"\frac{\|(A - A_{k_1}) + (B - B_{k_2})\|_F}{\|S\|_F},\ A = x A',\ " + _SPLIT_TEX, "_ey"),
    _measured(Rtri, "summed norms of the split remainders over the norm of the population matrix",
              r"\frac{\|A - A_{k_1}\|_F + \|B - B_{k_2}\|_F}{\|S\|_F},\ A = x A',\ " + _SPLIT_TEX, "_ey"))
CLAIMS.append(_claim(
    id="ribbon.ribbon_certificate", tag="S25", kind=Kind.INEQ,
    title="R_k(S) <= ||(A - A_k1) + (B - B_k2)||/||S|| <= (||A - A_k1|| + ||B - B_k2||)/||S||",
    statement=sp.And(sp.Le(Rk, Rsplit), sp.Le(Rsplit, Rtri)), parameters=POP,
    assumptions=DOMAIN + (SPLIT,), quantities=(R_K,) + SPLIT_BOUNDS,
    derivation=(Step(sp.true, "Eckart-Young: ||S - S_k|| = min_{rank L <= k} ||S - L|| with L = A_k1 + B_k2; "
                     "triangle inequality", StepCheck.NUMERIC),),
))

# ================================================================ S25(c)
CLAIMS.append(_claim(
    id="ribbon.no_ribbon_certificate", tag="S25", kind=Kind.INEQ,
    title="R_k(S) >= max(||A - A_k|| - ||B||, ||B - B_k|| - ||A||) / (||A|| + ||B||)",
    statement=sp.Ge(Rk, sp.Max(tA - nB, tB - nA) / (nA + nB)), parameters=POP, assumptions=DOMAIN,
    quantities=(R_K,) + NORMS_C,
    derivation=(Step(sp.true, "||S - S_k|| >= min_L ||A - L|| - ||B|| (and symmetrically); ||S|| <= ||A|| + ||B||",
                     StepCheck.NUMERIC),),
))

# ================================================================ S25(d)
ES_S, ES_A, ES_B, nAp = sp.symbols("ES_S ES_A ES_B norm_Aprime", nonnegative=True)
fro2, na2, cross, nb2 = sp.symbols("fro2_S norm2_a cross_aB norm2_B", nonnegative=True)
#: S25(f), S26: unnormalised (the checks divide every term by ||S||_F^2; the statements are homogeneous in them)
_MODES = (r"s_k = \sqrt{\lambda_k}\,\beta_k,\ Q^c_{kl} = \sum_{t \in \mathcal{T}} (r_k^t - \bar{r}_k)(r_l^t - \bar{r}_l),\ "
          r"r_k = 1 - \eta\lambda_k")
FRO2_S = _measured(fro2, "squared Frobenius norm of the assembled population matrix",
                   r"\|S\|_F^2 = \sum_{k,l} S_{kl}^2,\ " + _POP, "_frobenius")
NORM2_A = _measured(na2, "squared norm of the initialisation spread a'",
                    r"\|a'\|^2 = \sum_k a'^2_k,\ a'_k = \frac{\|s\|^2}{\operatorname{tr}\Sigma}\lambda_k Q_{kk},\ "
                    r"Q_{kk} = \sum_{t \in \mathcal{T}} r_k^{2t}",
                    "_frobenius (also _region_values)")
CROSS_AB = _measured(cross, "trace of A' B, the cross term of the squared norm of S",
                     r"\sum_k a'_k B_{kk},\ B_{kk} = s_k^2 Q^c_{kk},\ " + _MODES, "_frobenius (also _region_values)")
NORM2_B = _measured(nb2, "squared Frobenius norm of the signal part B",
                    r"\|B\|_F^2 = \sum_{k,l} s_k^2 s_l^2 {(Q^c_{kl})}^2,\ " + _MODES,
                    "_frobenius (also _region_values)")
_ES = r"\mathrm{ES}_k(M) = 1 - \frac{{(\sum_{i>k} {\mu_i(M)}^2)}^{1/2}}{\|M\|_F}"
ES_POP = _defined(ES_S, "explained stress of the population matrix at rank k", 1 - Rk, (R_K,))
ES_FACES = (_measured(ES_A, "explained stress of the initialisation face A' (the rho -> 0 limit)",
                      r"\mathrm{ES}_k(A') = 1 - \frac{{(\sum_{i>k} a'^2_{[i]})}^{1/2}}{\|a'\|}", "_es_values"),
            _measured(ES_B, "explained stress of the signal face B (the rho -> infinity limit)",
                      r"\mathrm{ES}_k(B),\ " + _ES, "_es_values"))
#: S25(d), (e): the norms unnormalised (the check of S25(d) binds them so; the statements are homogeneous in them)
NORM_AP = _defined(nAp, "Frobenius norm of the initialisation spread A'", sp.sqrt(na2), (NORM2_A,))
NORM_B = _defined(nB, "Frobenius norm of the signal part B", sp.sqrt(nb2), (NORM2_B,))
NORM_A = _defined(nA, "Frobenius norm of the initialisation part x A'", rho ** -2 * nAp, (NORM_AP,))
CLAIMS.append(_claim(
    id="ribbon.perturbative_general", tag="S25", kind=Kind.INEQ,
    title="ES_k(A+B) >= ES_k(B) - ||A||/||B|| and ES_k(A+B) >= ES_k(A) - ||B||/||A|| (A, B PSD)",
    statement=sp.And(sp.Ge(ES_S, ES_B - nA / nB), sp.Ge(ES_S, ES_A - nB / nA)), parameters=POP, assumptions=DOMAIN,
    quantities=(ES_POP, NORM_A, NORM_B) + ES_FACES,
    derivation=(Step(sp.true, "S25(b) with the splits (0,k), (k,0) and ||A+B|| >= max(||A||, ||B||) (PSD)",
                     StepCheck.NUMERIC),),
))
CLAIMS.append(_claim(
    id="ribbon.perturbative_population", tag="S25", kind=Kind.INEQ,
    title="ES_k(S_inf) >= ES_k(B) - rho^-2 ||A'||/||B|| and ES_k(S_inf) >= ES_k(A') - rho^2 ||B||/||A'||",
    statement=sp.And(sp.Ge(ES_S, ES_B - rho ** -2 * nAp / nB), sp.Ge(ES_S, ES_A - rho ** 2 * nB / nAp)),
    parameters=POP, assumptions=DOMAIN + ("ES_A = ES_k(A'), norms unnormalised (||A'||, ||B||)",),
    quantities=(ES_POP, NORM_AP, NORM_B) + ES_FACES,
))

# ================================================================ S25(e)
gap0, gapinf = sp.symbols("gap_rho0 gap_rhoinf", nonnegative=True)
GAP_0 = _defined(gap0, "distance of the explained stress to that of the initialisation face",
                 sp.Abs(ES_S - ES_A), (ES_POP, ES_FACES[0]))
GAP_INF = _defined(gapinf, "distance of the explained stress to that of the signal face",
                   sp.Abs(ES_S - ES_B), (ES_POP, ES_FACES[1]))
CLAIMS.append(_claim(
    id="ribbon.limit_rho_zero", tag="S25", kind=Kind.ASYMP,
    title="|ES_k(S_inf(rho)) - ES_k(A')| <= 2 rho^2 ||B||/||A'|| -> 0 as rho -> 0 (rate rho^2)",
    statement=sp.Le(gap0, 2 * rho ** 2 * nB / nAp), parameters=POP, large=1 / rho, rate=rho ** 2,
    quantities=(GAP_0, NORM_AP, NORM_B),
    assumptions=DOMAIN + ("norms unnormalised (||A'||, ||B||)",
                          "Lipschitz bound |R_k(S) - R_k(A)| <= 2||S - A||/||S|| (Eckart-Young distance is "
                          "1-Lipschitz) and ||S|| >= rho^-2 ||A'|| (PSD)"),
))
CLAIMS.append(_claim(
    id="ribbon.limit_rho_infinity", tag="S25", kind=Kind.ASYMP,
    title="|ES_k(S_inf(rho)) - ES_k(B)| <= 2 rho^-2 ||A'||/||B|| -> 0 as rho -> infinity (B != 0; rate rho^-2)",
    statement=sp.Le(gapinf, 2 * rho ** -2 * nAp / nB), parameters=POP, large=rho, rate=rho ** -2,
    quantities=(GAP_INF, NORM_AP, NORM_B),
    assumptions=DOMAIN + ("norms unnormalised; B != 0 (T >= 1 and a nonzero signal mode)",),
))

# ================================================================ S25(f)
_M = sp.Matrix(3, 3, lambda i, j: sp.Symbol(f"b_{min(i, j)}{max(i, j)}"))
_a = sp.symbols("a1:4")
_S = _M + x * sp.diag(*_a)
CLAIMS.append(_claim(
    id="ribbon.frobenius_identity", tag="S25", kind=Kind.EXACT,
    title="||S_inf||^2 = x^2 ||a'||^2 + 2x sum_k a'_k B_kk + ||B||^2, ||B||^2 = sum s_k^2 s_l^2 (Q^c_kl)^2",
    statement=sp.Eq(fro2, x ** 2 * na2 + 2 * x * cross + nb2),
    parameters=tuple(p for p in POP if p.name != "k"), quantities=(X, FRO2_S, NORM2_A, CROSS_AB, NORM2_B),
    assumptions=("fro2_S: sum of squared entries of the assembled mp matrix x A' + B; norm2_B, cross_aB from the "
                 "closed forms s_k^2 s_l^2 (Q^c_kl)^2 and s_k^2 Q^c_kk (S18); x = rho^-2",),
    derivation=(Step(sp.Eq(sum(v ** 2 for v in _S),
                           x ** 2 * sum(v ** 2 for v in _a) + 2 * x * sum(_a[i] * _M[i, i] for i in range(3))
                           + sum(v ** 2 for v in _M)),
                     "expansion of ||x diag(a) + B||_F^2 for a symmetric 3 x 3 B (tr(A'B) = sum a'_k B_kk)",
                     StepCheck.ALGEBRA),),
))

# ================================================================ S25(g)
_mS = sp.symbols("muS_1:5", nonnegative=True)
_mA = sp.symbols("muA_1:5", nonnegative=True)
_mB = sp.symbols("muB_1:5", nonnegative=True)
_NTH = ("largest", "second", "third", "fourth")
WEYL = tuple(
    _measured(sym, f"{_NTH[i]} eigenvalue of {what} over the largest of S, 0 beyond d",
              rf"\mu_{i + 1}({arg})/\mu_1(S),\ " + _POP, "_weyl")
    for ms, what, arg in ((_mS, "the population matrix S", "S"), (_mA, "the initialisation part x A'", "x A'"),
                          (_mB, "the signal part B", "B"))
    for i, sym in enumerate(ms))
CLAIMS.append(_claim(
    id="ribbon.weyl_bounds", tag="S25", kind=Kind.INEQ,
    title="Weyl: mu_{p+q-1}(A+B) <= mu_p(A) + mu_q(B) and mu_i(A+B) >= max(mu_i(A), mu_i(B))",
    statement=sp.And(*[sp.Le(_mS[p + q - 2], _mA[p - 1] + _mB[q - 1]) for p in range(1, 4) for q in range(1, 4)
                       if p + q <= 5],
                     *[sp.Ge(_mS[i], sp.Max(_mA[i], _mB[i])) for i in range(4)]),
    parameters=POP, assumptions=DOMAIN + ("eigenvalues mu_1..mu_4 divided by mu_1(S), 0 beyond d",),
    quantities=WEYL,
))
CLAIMS.append(_claim(
    id="ribbon.weyl_ratio_certificate", tag="S25", kind=Kind.INEQ,
    title="mu_{i+1}(S)/mu_i(S) <= min_{p+q=i+2}(x a'_[p] + mu_q(B)) / max(x a'_[i], mu_i(B)), i = 1, 2, 3",
    statement=sp.And(*[sp.Le(_mS[i] * sp.Max(_mA[i - 1], _mB[i - 1]),
                             _mS[i - 1] * sp.Min(*[_mA[p - 1] + _mB[i + 1 - p] for p in range(1, i + 2)]))
                       for i in range(1, 4)]),
    parameters=POP, quantities=WEYL,
    assumptions=DOMAIN + ("cross-multiplied by mu_i(S) max(...) >= 0 (equivalent where mu_i(S) > 0; 0 beyond d)",
                          "muA_p = x a'_[p] (sorted), muB_q = mu_q(B), muS_i = mu_i(S_inf), all divided by mu_1(S)"),
))

# ================================================================ S26
POP_TAU = POP + (TAU,)
E_, sA, cA, tb = sp.symbols("E_k outside_a2 outside_cross tail_B2")
#: S26(a), (e): unnormalised, as S25(f) (the checks divide every term by ||S||_F^2)
_J = r"J = \text{the indices of the } k_1 \text{ largest } a'_i,\ " + _SPLIT_TEX
REGION = (
    _measured(E_, "squared residual of S at rank k less (1 - tau)^2 times its squared norm",
              r"\|S - S_k\|_F^2 - {(1 - \tau)}^2\,\|S\|_F^2,\ " + _POP, "_region_values"),
    _measured(sA, "squared norm of the entries of a' outside the k_1 largest",
              r"\sum_{i \notin J} a'^2_i,\ " + _J, "_region_values"),
    _measured(cA, "cross term of the entries of a' outside the k_1 largest with the deflated signal part",
              r"\sum_{i \notin J} a'_i {(B - B_{k_2})}_{ii},\ " + _J, "_region_values"),
    _measured(tb, "squared distance of the signal part to its best approximation of rank k_2",
              r"\|B - B_{k_2}\|_F^2 = \sum_{i>k_2} {\mu_i(B)}^2", "_region_values"))
_P = (sA - g * na2) * x ** 2 + 2 * (cA - g * cross) * x + (tb - g * nb2)
#: S26(a)'s P_{k_1} as its coefficients (p_2, p_1, p_0) of x^2, x, 1
P_COEFFS = tuple(sp.Poly(_P, x).all_coeffs())
CLAIMS.append(_claim(
    id="ribbon.certified_ribbon_region", tag="S26", kind=Kind.INEQ,
    title="||S - S_k||^2 - g||S||^2 <= P_k1(x) for every split (so min_k1 P_k1(x) <= 0 => ES_k >= tau); "
          "the certified set's end points are the roots of the P_k1",
    statement=sp.Le(E_, _P.subs(g, (1 - tau) ** 2)), parameters=POP_TAU,
    quantities=(X, NORM2_A, CROSS_AB, NORM2_B) + REGION,
    assumptions=DOMAIN + (SPLIT, "outside_a2 = sum_{i not in J} a'_i^2, outside_cross = sum_{i not in J} a'_i "
                          "(B - B_k2)_ii, tail_B2 = sum_{i > k2} mu_i(B)^2; all divided by ||S||_F^2, S = x A' + B",
                          "second tier: the closed-form certified set equals the sign of min P on 61 log-spaced x"),
    derivation=(Step(sp.true, "square S25(b) (exact split), S25(f), A' - A'_k1 = diag(a'_notJ)", StepCheck.NUMERIC),),
))
alpha, alpha_k, beta, beta_k, u = sp.symbols("alpha alpha_k beta beta_k u", nonnegative=True)
x1d, x2d, R1, R2 = sp.symbols("x1_direct x2_direct R_k_beyond_x1 R_k_below_x2", nonnegative=True)
#: S26(b): the norms of the spec, unnormalised; a'_{[i]} decreasing
#: S25(c)'s no-ribbon thresholds: the roots of its increasing and decreasing branches
X1_FORM = beta * (2 - tau) / (alpha_k - (1 - tau) * alpha)
X2_FORM = (beta_k - (1 - tau) * beta) / (alpha * (2 - tau))
ALPHA = _defined(alpha, "Frobenius norm of A'", sp.sqrt(na2), (NORM2_A,))
BETA = _defined(beta, "Frobenius norm of B", sp.sqrt(nb2), (NORM2_B,))
ALPHA_K = _measured(alpha_k, "distance of A' to its best approximation of rank k",
                    r"\|A' - A'_k\|_F = {(\sum_{i>k} a'^2_{[i]})}^{1/2}", "_norms")
BETA_K = _measured(beta_k, "distance of B to its best approximation of rank k",
                   r"\|B - B_k\|_F = {(\sum_{i>k} {\mu_i(B)}^2)}^{1/2}", "_norms")
X1_DIRECT = _measured(x1d, "root of the increasing branch of the direct no-ribbon bound (S25 c)",
                      r"\text{the root } x > 0 \text{ of } \frac{x\alpha_k - \beta}{x\alpha + \beta} = 1 - \tau",
                      "_x_direct (branch 1, bisection)")
X2_DIRECT = _measured(x2d, "root of the decreasing branch of the direct no-ribbon bound (S25 c)",
                      r"\text{the root } x > 0 \text{ of } \frac{\beta_k - x\alpha}{x\alpha + \beta} = 1 - \tau",
                      "_x_direct (branch 2, bisection)")
R_BEYOND = _measured(R1, "residual stress of the population matrix just beyond the threshold x_1",
                     r"R_k(S_\infty(x)),\ x = x_{1,\mathrm{direct}}\,(1 + u)", "_thresholds")
R_BELOW = _measured(R2, "residual stress of the population matrix just below the threshold x_2",
                    r"R_k(S_\infty(x)),\ x = x_{2,\mathrm{direct}}/(1 + u)", "_thresholds")
CLAIMS.append(_claim(
    id="ribbon.no_ribbon_x1", tag="S26", kind=Kind.INEQ,
    title="x > x_1 = ||B||(2 - tau)/(alpha_k - (1-tau)alpha) certifies R_k(S_inf) > 1 - tau (rho_lo = x_1^-1/2); "
          "x_1 is the root of the direct S25(c) bound",
    statement=sp.And(sp.Eq(x1d, X1_FORM), sp.Gt(R1, 1 - tau)),
    quantities=(X1_DIRECT, R_BEYOND, ALPHA, ALPHA_K, BETA),
    parameters=POP_TAU + (OFFSET,),
    assumptions=DOMAIN + ("only where alpha_k > (1 - tau) alpha (the bare cloud is not a ribbon)",
                          "x1_direct: bisection of (x alpha_k - beta)/(x alpha + beta) = 1 - tau, the increasing "
                          "branch of the S25(c) bound"),
))
CLAIMS.append(_claim(
    id="ribbon.no_ribbon_x2", tag="S26", kind=Kind.INEQ,
    title="x < x_2 = (beta_k - (1-tau)||B||)/(||a'||(2 - tau)) certifies R_k(S_inf) > 1 - tau; "
          "x_2 is the root of the direct S25(c) bound",
    statement=sp.And(sp.Eq(x2d, X2_FORM), sp.Gt(R2, 1 - tau)),
    quantities=(X2_DIRECT, R_BELOW, ALPHA, BETA, BETA_K),
    parameters=POP_TAU + (replace(OFFSET, description="x = x_2 / (1 + u)"),),
    assumptions=DOMAIN + ("only where beta_k > (1 - tau) beta (the signal is not a ribbon)",
                          "x2_direct: bisection of (beta_k - x alpha)/(x alpha + beta) = 1 - tau, the decreasing "
                          "branch of the S25(c) bound"),
))
rlo, rstar, rhi = sp.symbols("rho_lo rho_star rho_hi", nonnegative=True)
#: S26(c): rho_lo = x_1^{-1/2} of S26(b) (0 where x_1 does not exist); rho_hi and rho* from S26(a) and ES_k
RHO_LO = _defined(rlo, "lower end of the bracket, the closed-form no-ribbon threshold x_1 to the power -1/2",
                  sp.Piecewise((sp.sqrt((alpha_k - (1 - tau) * alpha) / (beta * (2 - tau))), alpha_k > (1 - tau) * alpha),
                               (0, True)), (ALPHA, ALPHA_K, BETA))
RHO_HI = _measured(rhi, "upper end of the bracket, beyond which the ribbon certificate holds for every rho",
                   r"\inf\{\rho : \min_{k_1} P_{k_1}(\rho'^{-2}) \le 0 \text{ for all } \rho' \ge \rho\}",
                   "_bracket_cached (closed-form end points, verify.ribbon.certificates.x_hi)")
RHO_STAR = _measured(rstar, "the single crossing of the target by the explained stress of the population matrix",
                     r"\text{the } \rho \text{ with } \mathrm{ES}_k(S_\infty(\rho^{-2})) = \tau", "_rho_star")
CLAIMS.append(_claim(
    id="ribbon.phase_bracket", tag="S26", kind=Kind.INEQ,
    title="a single crossing rho* of ES_k(S_inf) = tau satisfies rho_lo <= rho* <= rho_hi",
    statement=sp.And(sp.Le(rlo, rstar), sp.Le(rstar, rhi)), parameters=tuple(p for p in POP_TAU if p.name != "rho"),
    quantities=(RHO_LO, RHO_STAR, RHO_HI),
    assumptions=DOMAIN + ("instances with exactly one sign change of ES_k - tau on a 71-point log grid of "
                          "rho in [1e-3, 1e4] (K1 of S27); rho* by Brent in log rho (float64)",),
))
Rg, ratg, r_ = sp.symbols("R_over_r_power ratio_over_r r", nonnegative=True)
#: S26(d): x_c a point of the certified intersection and x_w one of the Weyl-certified set, both placed by u
GEOMETRIC = (
    _measured(Rg, "largest residual stress over r^k, k up to K, at a point of the certified intersection",
              r"\max_{k \le K} R_k(S_\infty(x_c))/r^k,\ x_c = \text{the point } u \text{ of } "
              r"\bigcap_{k \le K}\{x : \min_{k_1} P_{k_1}(x) \le 0,\ \tau = 1 - r^k\}", "_geometric"),
    _measured(ratg, "largest ratio of consecutive eigenvalues, up to K, at a point of the Weyl-certified set",
              r"\max_{i \le K} \mu_{i+1}(S_\infty(x_w))/\mu_i(S_\infty(x_w)),\ x_w = \text{the point } u "
              r"\text{ of the S25(g) set}", "_geometric"))
CLAIMS.append(_claim(
    id="ribbon.geometric_ribbon", tag="S26", kind=Kind.INEQ,
    title="(r, K) criterion: on the intersection of the S26(a) regions with tau_k = 1 - r^k, R_k <= r^k (k <= K); "
          "where the S25(g) condition holds for i <= K, mu_{i+1}/mu_i <= r",
    statement=sp.And(sp.Le(Rg, 1), sp.Le(ratg, r_)), quantities=GEOMETRIC,
    parameters=tuple(p for p in POP if p.name not in ("rho", "k")) + (
        RATIO, RANKS, replace(OFFSET, domain=Interval(0, 1), description="position in the certified set")),
    assumptions=DOMAIN + ("R_over_r_power = max_k R_k/r^k at a point of the certified intersection (closed-form "
                          "end points), ratio_over_r: max_i mu_{i+1}/mu_i at a point of the Weyl-certified set",),
))
trB_, maxB, bk2 = sp.symbols("trace_B max_B_kk b_k2", nonnegative=True)
C1_TERMS = (_measured(trB_, "trace of the signal part B", r"\operatorname{tr} B = \sum_k s_k^2 Q^c_{kk},\ " + _MODES,
                      "_region_values"),
            _measured(maxB, "largest diagonal entry of the signal part B", r"\max_k B_{kk}", "_region_values"))
#: m <= mu_1(B): max_k B_kk = max_k e_k^T B e_k <= mu_1(B) for every symmetric B; ||B||^2/tr B = sum mu_i^2/sum mu_i,
#: a mean of the mu_i weighted by mu_i >= 0, is <= mu_1(B) where tr B > 0.  At tr B = 0 (B PSD, so B = 0) the
#: spec's max(||B||^2/tr B, max_k B_kk) is 0/0, undefined: there m is the bound that exists, max_k B_kk (= 0)
C1_M = sp.Piecewise((sp.Max(nb2 / trB_, maxB), trB_ > 0), (maxB, True))
#: b_{k_2} (k_2 >= 1): ||B - B_k2||^2 = sum_{i>k2} mu_i(B)^2 <= ||B||^2 - mu_1(B)^2 <= ||B||^2 - m^2; >= 0 exactly
#: (m <= mu_1(B) <= ||B||), the Max absorbs round-off.  k_2 = 0: b_0 = ||B|| (BETA), C1 is then S26(a)'s triangle form
C1_B = sp.sqrt(sp.Max(0, nb2 - C1_M ** 2))
#: S26(e) squared (both sides >= 0): (x ||a'_notJ|| + b_k2)^2 - g ||S||^2 with ||S||^2 of S25(f)
_C1 = (x * sp.sqrt(sA) + bk2) ** 2 - g * (x ** 2 * na2 + 2 * x * cross + nb2)
#: C1's quadratic as its coefficients (p_2, p_1, p_0) of x^2, x, 1, in b_k2 (C1_B for k_2 >= 1, ||B|| for k_2 = 0)
C1_COEFFS = tuple(sp.Poly(_C1, x).all_coeffs())
CLAIMS.append(_claim(
    id="ribbon.c1_certificate", tag="S26", kind=Kind.INEQ,
    prov=spec_provenance("S26", NOTE + " The spec's m = max(||B||^2/tr B, max_k B_kk) is ill-posed at tr B = 0 "
                         "(0/0; B PSD, so B = 0): stated there as m = max_k B_kk, the lower bound of mu_1(B) that "
                         "exists (spec S26e to be amended)."),
    title="C1: ||S - S_k||^2 - g||S||^2 <= (x||a'_notJ|| + sqrt(||B||^2 - m^2))^2 - g||S||^2, "
          "m = max(||B||^2/tr B, max_k B_kk) <= mu_1(B) (k_2 >= 1)",
    statement=sp.Le(E_, _C1.subs(bk2, C1_B).subs(g, (1 - tau) ** 2)),
    parameters=POP_TAU, assumptions=DOMAIN + (SPLIT + " with k_2 >= 1 (k_2 = 0 is S26(a))",
                                              "m = max_k B_kk where tr B = 0 (B = 0; the spec's ||B||^2/tr B is 0/0 "
                                              "there)"),
    quantities=(X, NORM2_A, CROSS_AB, NORM2_B, REGION[0], REGION[1]) + C1_TERMS,
))
CLAIMS = tuple(CLAIMS)
