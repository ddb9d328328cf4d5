"""Claims S14–S20 of spec/sloppiness.md (section 2.D): widths and ensemble geometry from the input spectrum.

Statements are relations between named scalar quantities; the checks compute the left-hand sides by an
independent route (a simulated ensemble, direct sums over checkpoints, eigenvalues) and evaluate the
right-hand side from the statement itself, so a changed constant, dropped term or flipped inequality is
caught.  All claims are the project's own formulation (tag P).
"""
from __future__ import annotations

from dataclasses import replace

import sympy as sp

from ..claim import Choice, Interval, IntRange, Kind, Param, Step, StepCheck
from ..quantity import Quantity
from .provenance import spec_claim as _claim

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational
S = sp.Symbol


# ---------------------------------------------------------------- shared symbols and domains
x, xk, xl, n, eta, lam, c, a, k, d, T, tau = sp.symbols("x x_k x_l n eta lam c a k d T tau")
rk, rl = 1 - xk, 1 - xl
#: one object per parameter name; a claim with another domain takes ``replace(P, domain=...)`` of it (see
#: ``theory.ribbon.phase``), so a check binds every claim's ``k`` (say) by the one ``RANK``
SEED = Param("seed", IntRange(0, 10**6), "instance seed")
MODES = Param("d", IntRange(1, 12), "modes")
N_EXTRA = Param("N_extra", IntRange(0, 10), "N - d")
RUNS = Param("M", IntRange(1, 8), "initialisations")
ETA_LAM1 = Param("eta_lam1", Choice((R_(1, 2), 1, R_(19, 10), R_(1999, 1000))), "eta lambda_1")
LAST_T = Param("T", Choice((1, 3, 10, 50, 300)), "last checkpoint")
GRID = Param("grid", Choice(("uniform", "log")), "checkpoint set")
TEACHER = Param("teacher", Choice((R_(1, 100), 1, 100)), "teacher scale")
INIT = Param("init", Choice((R_(1, 100), 1, 100)), "initialisation scale")
DEGENERATE = Param("degenerate", Choice((False, True)), "near-degenerate spectrum lambda(1 + 1e-9 xi)")
ENSEMBLE = (MODES, N_EXTRA, RUNS, ETA_LAM1, LAST_T, GRID, TEACHER, INIT, DEGENERATE, SEED)
RANK = Param("k", IntRange(1, 12), "rank k (clipped to d)")
RANK_3 = replace(RANK, domain=IntRange(1, 3), description="rank")
RATE = Param("c", Interval(R_(1, 100), 3), "geometric rate")
POWER = Param("a", Interval(R_(1, 10), R_(7, 2)), "power")
POWER_T0 = replace(POWER, domain=Interval(R_(3, 5), R_(7, 2)))
ETA_LAM1_OPEN = replace(ETA_LAM1, domain=Interval(0, 2, open_lo=True, open_hi=True))

# ================================================================ S14
P_, A_, Nn, eta_lam, t_, frac, sig = sp.symbols("P A N eta_lam t fraction sigma")
ETA_LAM = Param("eta_lam", Interval(0, 2, open_lo=True), "eta lambda_k")
STEP = Param("t", IntRange(0, 10**4), "step")
SAMPLES = Param("N", IntRange(1, 100), "samples")
LAMBDA = Param("lam", Interval(R_(1, 1000), 1), "lambda_k")
BOX = Param("A", Interval(R_(1, 100), 100), "A_k")
FRACTION = Param("fraction", Interval(0, 1), "|alpha_k| / A_k")
SIGMA = Param("sigma", Interval(R_(1, 10), 10), "output sigma")
#: S14(a): the k-th logit residual coordinate after t steps, alpha_k = fraction A_k (S1: r_k^t alpha_k)
P_BOX = Quantity("P", r"|\langle u_k, Z_t - Y\rangle|", "absolute coordinate of the logit residual along mode k at step t",
                 definition=sp.sqrt(Nn * lam) * sp.Abs(1 - eta_lam) ** t_ * frac * A_)
CLAIMS.append(_claim(
    id="ribbon.width_box", tag="S14", kind=Kind.INEQ,
    title="|<u_k, Z_t - Y>| = sqrt(N lam_k)|r_k|^t |alpha_k| <= sqrt(N lam_k) A_k in the stable regime",
    statement=sp.Le(P_, sp.sqrt(Nn * lam) * A_),
    parameters=(ETA_LAM, STEP, SAMPLES, LAMBDA, BOX, FRACTION),
    derivation=(Step(sp.true, "S1: the mode residual is r_k^t alpha_k; |r_k| <= 1 for eta lambda_k in (0, 2]",
                     StepCheck.NUMERIC),),
    assumptions=("C = 1", "equality at t = 0 when |alpha_k| = A_k"), quantities=(P_BOX,),
))


def width(lam_k):
    """S14(b): the box half-width of mode k in parameter units, w_k = A sqrt(lam_k / (2 sigma^2))."""
    return A_ * sp.sqrt(lam_k / (2 * sig ** 2))


wg, wp = sp.symbols("w_geo w_pow")
#: ratios of consecutive widths (geometric spectrum lam_j = e^{-c(j-1)}) and of w_k to w_1 (power law lam_j = j^-a)
W_GEO = Quantity("w_geo", r"w_{k+1}/w_k", "ratio of consecutive widths, geometric spectrum lambda_j = e^{-c(j-1)}",
                 definition=width(sp.exp(-c * k)) / width(sp.exp(-c * (k - 1))))
W_POW = Quantity("w_pow", r"w_k/w_1", "ratio of the width of mode k to the first, power-law spectrum lambda_j = j^{-a}",
                 definition=width(k ** -a) / width(sp.Integer(1)))
CLAIMS.append(_claim(
    id="ribbon.width_ratios", tag="S14", kind=Kind.EXACT,
    title="widths w_k = A sqrt(lam_k/(2 sigma^2)): ratio e^{-c/2} (geometric), w_k/w_1 = k^{-a/2} (power law)",
    statement=sp.And(sp.Eq(wg, sp.exp(-c / 2)), sp.Eq(wp, k ** (-a / 2))),
    parameters=(replace(RATE, domain=Interval(0, 3)), POWER, replace(RANK, domain=IntRange(1, 200), description="mode"),
                SIGMA, replace(BOX, description="box half-width A")),
    quantities=(W_GEO, W_POW),
))

# ================================================================ S15
muW, muS, trW, trA, trB, fW, fS, gap = sp.symbols("mu1_W mu1_S tr_W tr_A tr_B fro_W fro_S spectral_gap")
FORM = Param("form", Choice(("plain", "multi", "metric")), "which form")
OUTPUTS = Param("C", IntRange(1, 1), "outputs")
_CHECK = "sloppy_verifier.verify.checks.ribbon_ensemble."
_POP = "sloppy_verifier.verify.ribbon.population."
#: S15's objects: the inPCA matrix W of the m = Mn models, the parts A, B of S = A + B (Gamma = D_lambda / sigma^2,
#: Gamma_V in the metric form; Q, Q^c tensored with J_C for C > 1) and the unit u of every measured value
_W15 = r"W = -\tfrac{1}{2}\Pi_m D \Pi_m"
_AB15 = (r"A = \tfrac{1}{8}\Gamma^{1/2} (Q \circ \hat G)\, \Gamma^{1/2},\ "
         r"B = \tfrac{M}{8}\Gamma^{1/2} ((\bar\alpha \bar\alpha^{\top}) \circ Q^c)\, \Gamma^{1/2},\ "
         r"\Gamma = D_\lambda/\sigma^2")
_U15 = r"u = \max_i |\mu_i(W)|"
_GAP = r"\max_i \bigl|\, |\mu_{(i)}({a})| - |\mu_{(i)}({b})| \,\bigr| / u"
_S15_EST = _CHECK + "_identity_values"
S15_QUANTITIES = MU1_W, MU1_S, TR_W, TR_A, TR_B, FRO_W, FRO_S, GAP_S15 = tuple(
    Quantity(name, tex, text, typeset=defn, estimator=_S15_EST) for name, tex, text, defn in (
    ("mu1_W", r"\mu_1(W)", "largest absolute inPCA eigenvalue of the simulated models, in units of itself",
     r"\mu_{1,W} = \max_i |\mu_i(W)|/u,\ " + _W15 + r",\ " + _U15),
    ("mu1_S", r"\mu_1(S)", "largest absolute eigenvalue of the mode matrix S, in units of that of W",
     r"\mu_{1,S} = \max_i |\mu_i(A + B)|/u,\ " + _AB15 + r",\ " + _U15),
    ("tr_W", r"\operatorname{tr} W", "trace of the inPCA matrix W, in units of its largest eigenvalue",
     r"\operatorname{tr}\,W = \sum_i W_{ii}/u,\ " + _W15 + r",\ " + _U15),
    ("tr_A", r"\operatorname{tr} A", "trace of the initialisation-cloud part A of S, in units u",
     r"\operatorname{tr}\,A = \sum_k A_{kk}/u,\ " + _AB15 + r",\ " + _U15),
    ("tr_B", r"\operatorname{tr} B", "trace of the mean-trajectory part B of S, in units u",
     r"\operatorname{tr}\,B = \sum_k B_{kk}/u,\ " + _AB15 + r",\ " + _U15),
    ("fro_W", r"\|W\|_F", "Frobenius norm of W, in units u",
     r"\|W\|_F = {\bigl(\sum_{i,j} W_{ij}^2\bigr)}^{1/2}/u,\ " + _W15 + r",\ " + _U15),
    ("fro_S", r"\|S\|_F", "Frobenius norm of S = A + B, in units u",
     r"\|S\|_F = {\bigl(\sum_{k,l} S_{kl}^2\bigr)}^{1/2}/u,\ S = A + B,\ " + _AB15 + r",\ " + _U15),
    ("spectral_gap", r"\mathrm{gap}", "largest difference of the sorted absolute spectra of W and S, zero-padded",
     r"\mathrm{gap} = " + _GAP.replace("{a}", "W").replace("{b}", "S") + r",\ |\mu_{(1)}| \ge |\mu_{(2)}| \ge "
     r"\cdots,\ " + _U15)))
_IDENTITY = sp.And(sp.Eq(muW, muS), sp.Eq(trW, trA + trB), sp.Eq(fW, fS), sp.Eq(gap, 0))
for cid, form, title in (
        ("ribbon.ensemble_identity", "plain",
         "S = D^1/2 (Q o G + M (abar abar^T) o Q^c) D^1/2 / (8 sigma^2): nonzero inPCA spectrum"),
        ("ribbon.ensemble_identity_multi", "multi",
         "multi-output form: Q -> Q (x) J_C, Q^c -> Q^c (x) J_C, D_lam -> D_lam (x) I_C"),
        ("ribbon.ensemble_identity_metric", "metric",
         "metric-weighted form Gamma_V^1/2 C_aQ Gamma_V^1/2 / 8 (heteroscedastic Gaussian)")):
    CLAIMS.append(_claim(
        id=cid, tag="S15", kind=Kind.EXACT,
        title=title, statement=_IDENTITY,
        parameters=ENSEMBLE + (replace(FORM, domain=Choice((form,))),
                               replace(OUTPUTS, domain=IntRange(1, 1) if form != "multi" else IntRange(2, 3))),
        assumptions=("top eigenvalue, trace, Frobenius norm (normalised by mu_1 of W) and the sorted spectra agree",
                     "tr_A, tr_B: traces of the initialisation-cloud and mean-trajectory parts"),
        derivation=(Step(sp.true, "S1 + S8: Psi_c^T Psi_c expanded mode by mode, Psi_c the centred m-by-d matrix of the mode coordinates "
                         "psi_k(a, t) = r_k^t alpha_k^(a) of the m models; Schur product theorem",
                         StepCheck.NUMERIC),), quantities=S15_QUANTITIES,
    ))

# ================================================================ S16
hm, he, tm, te, hm2, he2, Rk, tailE, normE, FJ, FS = sp.symbols(
    "head_mu head_E tail_mu tail_E head_mu2 head_E2 R_k tail_Esum norm_E fro_JJ2 fro_S2")
_S16 = (
    ("ribbon.schur_horn", "(a) Schur-Horn: top-k eigenvalue sums dominate top-k energies; tails reversed",
     sp.And(sp.Ge(hm, he), sp.Le(tm, te))),
    ("ribbon.ky_fan_squares", "(b) sum_{i<=k} mu_i^2 >= sum_{i<=k} E_[i]^2 (Tomic-Weyl)", sp.Ge(hm2, he2)),
    ("ribbon.mode_truncation", "(c) R_k(S) <= min(1, sum_{i>k} E_[i] / ||E||_2)", sp.Le(Rk, sp.Min(1, tailE / normE))),
    ("ribbon.block_truncation", "(d) R_k(S) <= sqrt(1 - ||S_JJ||_F^2/||S||_F^2), J = top-k energies",
     sp.Le(Rk, sp.sqrt(1 - FJ / FS))),
)
_S16_ESTIMATOR = "sloppy_verifier.verify.checks.ribbon_ensemble._s16_values"
#: S16's quantities of the d x d PSD matrix S of an S15 instance (no closed form at general d): eigenvalues mu_i
#: and diagonal energies E_[i] = S_ii, both in decreasing order, k clipped to d, J = the indices of the k largest E
S16_QUANTITIES = HEAD_MU, HEAD_E, TAIL_MU, TAIL_E, HEAD_MU2, HEAD_E2, R_K, TAIL_ESUM, NORM_E, FRO_JJ2, FRO_S2 = tuple(
    Quantity(name, tex, text, typeset=f"{tex} = {defn}", estimator=_S16_ESTIMATOR)
    for name, tex, text, defn in (
    ("head_mu", r"\mu_{\le k}", "sum of the k largest eigenvalues of S", r"\sum_{i \le k} \mu_i(S)"),
    ("head_E", r"E_{\le k}", "sum of the k largest diagonal energies of S", r"\sum_{i \le k} E_{[i]}"),
    ("tail_mu", r"\mu_{> k}", "sum of all but the k largest eigenvalues of S", r"\sum_{i > k} \mu_i(S)"),
    ("tail_E", r"E_{> k}", "sum of all but the k largest diagonal energies of S", r"\sum_{i > k} E_{[i]}"),
    ("head_mu2", r"\mu^2_{\le k}", "sum of the squares of the k largest eigenvalues", r"\sum_{i \le k} {\mu_i(S)}^2"),
    ("head_E2", r"E^2_{\le k}", "sum of the squares of the k largest energies", r"\sum_{i \le k} E_{[i]}^2"),
    ("R_k", r"R_k(S)", "residual stress of the rank-k truncation",
     r"{\bigl(\sum_{i > k} {\mu_i(S)}^2 / \sum_i {\mu_i(S)}^2\bigr)}^{1/2}"),
    ("tail_Esum", r"E_{> k}", "sum of all but the k largest energies", r"\sum_{i > k} E_{[i]}"),
    ("norm_E", r"\|E\|_2", "Euclidean norm of the energies", r"{\bigl(\sum_i E_i^2\bigr)}^{1/2}"),
    ("fro_JJ2", r"\|S_{JJ}\|_F^2", "squared Frobenius norm of the block of the top-k energies",
     r"\sum_{i, j \in J} S_{ij}^2"),
    ("fro_S2", r"\|S\|_F^2", "squared Frobenius norm of S", r"\sum_{i, j} S_{ij}^2")))
for cid, title, st in _S16:
    used = tuple(qq for qq in S16_QUANTITIES if qq.symbol in st.free_symbols)
    CLAIMS.append(_claim(id=cid, tag="S16", kind=Kind.INEQ, title=title, statement=st,
                         parameters=ENSEMBLE + (RANK,), assumptions=("S from S15 (any PSD matrix)",), quantities=used))

# S16 at fixed dimension n = 2, k = 1, in closed form: every 2 x 2 PSD matrix is, up to a positive scale and a
# permutation (which leave (a)-(d) invariant), S = [[1, rho sqrt(q)], [rho sqrt(q), q]] with 0 <= q <= 1, |rho| <= 1
q2, rho2 = sp.symbols("q rho")
DIAGONAL_Q = Param("q", Interval(0, 1), "second diagonal entry (the first is 1)")
CORRELATION = Param("rho", Interval(-1, 1), "correlation S_12 / sqrt(S_11 S_22)")
_disc = sp.sqrt((1 - q2) ** 2 / 4 + rho2 ** 2 * q2)
MU_1 = Quantity("mu_1", r"\mu_1", "top eigenvalue of S = [[1, rho sqrt q], [rho sqrt q, q]]",
                definition=(1 + q2) / 2 + _disc)
MU_2 = Quantity("mu_2", r"\mu_2", "bottom eigenvalue of S = [[1, rho sqrt q], [rho sqrt q, q]]",
                definition=(1 + q2) / 2 - _disc)
R_1 = Quantity("R_1", "R_1(S)", "residual stress of the rank-1 truncation, |mu_2| / sqrt(mu_1^2 + mu_2^2)",
               definition=sp.Abs(MU_2.symbol) / sp.sqrt(MU_1.symbol ** 2 + MU_2.symbol ** 2), uses=(MU_1, MU_2))
FRO2 = Quantity("F_S2", r"\|S\|_F^2", "squared Frobenius norm 1 + q^2 + 2 rho^2 q of S", definition=1 + q2 ** 2
                + 2 * rho2 ** 2 * q2)
CLAIMS.append(_claim(
    id="ribbon.spectral_bounds_n2", tag="S16", kind=Kind.INEQ,
    title="S16 (a)-(d) for n = 2, k = 1 in closed form: energies E = (1, q), J = {1}",
    statement=sp.And(sp.Ge(MU_1.symbol, 1), sp.Le(MU_2.symbol, q2), sp.Ge(MU_1.symbol ** 2, 1),
                     sp.Le(R_1.symbol, sp.Min(1, q2 / sp.sqrt(1 + q2 ** 2))),
                     sp.Le(R_1.symbol, sp.sqrt(1 - 1 / FRO2.symbol))),
    parameters=(DIAGONAL_Q, CORRELATION),
    assumptions=("S scaled by its largest diagonal entry and permuted so that it comes first",),
    quantities=(MU_1, MU_2, R_1, FRO2),
))

# ================================================================ S17
ES_hat, ES_th, sig0, sig8, Qkk, Qckk, Qckl, sk, sl, Mm = sp.symbols(
    "ES_mc ES_formula sigma0 sigma Q_kk Qc_kk Qc_kl s_k s_l M")
Ekk, Ekl = sp.symbols("E_kk E_kl")
_R17 = r"r_k = 1 - \eta \lambda_k"
_RBAR = r"\bar r_k = \tfrac{1}{n} \sum_{t \in \mathcal{T}} r_k^t"
_MC = _CHECK + "_mc_instance"
#: S17's mode data: spectrum, time Gram entries, signal amplitudes, noise and initialisation scales
LAM_MODE = Quantity("lam", r"\lambda_k", "eigenvalue of the input covariance along mode k",
                    typeset=r"\lambda_k = v_k^{\top} \Sigma v_k,\ \Sigma = X^{\top} X/N",
                    estimator=_POP + "spectrum (geometric, lambda_k = e^{-c(k-1)}; S17a: c = 1/2 in _mc_instance)")
Q_KK = Quantity("Q_kk", "Q_{kk}", "diagonal entry of the mode time Gram matrix",
                typeset=r"Q_{kk} = \sum_{t \in \mathcal{T}} r_k^{2t},\ " + _R17,
                estimator=_POP + "time_gram (S17a, b: the same sum in _mc_instance)")
QC_KK = Quantity("Qc_kk", "Q^c_{kk}", "diagonal entry of the centred mode time Gram matrix",
                 typeset=r"Q^c_{kk} = \sum_{t \in \mathcal{T}} {(r_k^t - \bar r_k)}^2,\ " + _RBAR + r",\ " + _R17,
                 estimator=_MC)
QC_KL = Quantity("Qc_kl", "Q^c_{kl}", "entry of the centred mode time Gram matrix",
                 typeset=r"Q^c_{kl} = \sum_{t \in \mathcal{T}} (r_k^t - \bar r_k)(r_l^t - \bar r_l),\ " + _RBAR
                 + r",\ " + _R17, estimator=_MC)
S_K = Quantity("s_k", "s_k", "signal amplitude of mode k", typeset=r"s_k = \sqrt{\lambda_k}\, \beta_k,\ "
               r"\beta_k = v_k^{\top} W^*", estimator=_MC + " (isotropic teacher, beta_k = 1)")
S_L = Quantity("s_l", "s_l", "signal amplitude of mode l", typeset=r"s_l = \sqrt{\lambda_l}\, \beta_l,\ "
               r"\beta_l = v_l^{\top} W^*", estimator=_MC + " (isotropic teacher, beta_l = 1)")
SIGMA_OUT = Quantity("sigma", r"\sigma", "variance sigma^2 of the Gaussian output model (sigma its standard deviation)",
                     typeset=r"\sigma^2 = \operatorname{Var}(y \mid x_n),\ p(y \mid x_n) = \mathcal{N}(z_n, \sigma^2)",
                     estimator=_MC + " (sigma = 1/2)")
SIGMA_0 = Quantity("sigma0", r"\sigma_0", "standard deviation of the independent Gaussian initial weights",
                   typeset=r"\sigma_0^2 = \operatorname{Var}(W_{0,ij})",
                   estimator=_MC + " (sigma0^2 = ||s||^2 / tr Sigma, rho = 1)")
#: S17(a): Monte-Carlo means of the entries of S (S15, C = 1) over the initialisations
_S17 = r"S = A + B \text{ (S15)}"
E_KK = Quantity("E_kk", "E_{kk}", "expected diagonal entry of the ensemble matrix S over the initialisations",
                typeset=r"E_{kk} = \mathbb{E}[S_{kk}],\ " + _S17,
                estimator=_CHECK + "_expectation (Monte-Carlo mean over the profile's replicates)")
E_KL = Quantity("E_kl", "E_{kl}", "expected off-diagonal entry of the ensemble matrix S over the initialisations",
                typeset=r"E_{kl} = \mathbb{E}[S_{kl}],\ k \ne l,\ " + _S17,
                estimator=_CHECK + "_expectation (Monte-Carlo mean over the profile's replicates)")
#: S17(b): one realisation of S/M, and the Kronecker delta of the mode indices
SINF_KL = Quantity("Sinf_kl_over_M", r"{(S/M)}_{kl}", "entry of the ensemble matrix S divided by the number of runs M",
                   typeset=r"{(S/M)}_{kl} = S_{kl}/M,\ " + _S17, estimator=_CHECK + "_limit (one draw per seed)")
DELTA_KL = Quantity("delta_kl", r"\delta_{kl}", "Kronecker delta of the mode indices",
                    typeset=r"\delta_{kl} = 1 \text{ if } k = l,\ 0 \text{ otherwise}", estimator=_CHECK + "_limit")
CLAIMS.append(_claim(
    id="ribbon.ensemble_expectation", tag="S17", kind=Kind.FIN_EXACT,
    title="E[S] = {sigma0^2 diag(lam_k[(M-1)Q_kk + Q^c_kk]) + M D_s Q^c D_s}/(8 sigma^2)",
    statement=sp.And(
        sp.Eq(Ekk, (sig0 ** 2 * lam * ((Mm - 1) * Qkk + Qckk) + Mm * sk ** 2 * Qckk) / (8 * sig8 ** 2)),
        sp.Eq(Ekl, Mm * sk * sl * Qckl / (8 * sig8 ** 2))),
    parameters=(replace(RUNS, domain=Choice((4,)), description="initialisations (spec: d = 6, M = 4)"),),
    assumptions=("W_0 entries iid N(0, sigma0^2), teacher fixed, C = 1",
                 "E_kk, E_kl: Monte-Carlo means of S entries (k != l)"),
    quantities=(E_KK, E_KL, LAM_MODE, Q_KK, QC_KK, QC_KL, S_K, S_L, SIGMA_OUT, SIGMA_0),
))
Sinf_kl = sp.Symbol("Sinf_kl_over_M")
CLAIMS.append(_claim(
    id="ribbon.population_limit", tag="S17", kind=Kind.ASYMP,
    title="S/M -> S_inf/(8 sigma^2), S_inf = sigma0^2 diag(lam_k Q_kk) + D_s Q^c D_s (entrywise)",
    statement=sp.Eq(Sinf_kl, (sig0 ** 2 * lam * Qkk * sp.Symbol("delta_kl") + sk * sl * Qckl) / (8 * sig8 ** 2)),
    parameters=(replace(RUNS, domain=Choice((10, 100, 1000, 10000))),),
    large=Mm, rate=Mm ** R_(-1, 2),
    quantities=(SINF_KL, DELTA_KL, LAM_MODE, Q_KK, QC_KL, S_K, S_L, SIGMA_OUT, SIGMA_0),
))
muB, muH, trBB, trH = sp.symbols("mu1_B mu1_H tr_B tr_PiHPi")
POP = (replace(MODES, domain=IntRange(1, 8)), replace(LAST_T, domain=IntRange(0, 12)), ETA_LAM1_OPEN,
       replace(RATE, description="geometric rate of lambda"), SEED)
RHO = Param("rho", Interval(R_(1, 100), 1000), "rho")
rho, s2, trS, ap = sp.symbols("rho s2 trSigma a_prime")
#: spec §1.4 and §1.7: sigma0^2 from rho, and the initialisation-cloud entries a'_k of the population matrix
S2_NORM = Quantity("s2", r"\|s\|^2", "squared norm of the signal amplitudes",
                   typeset=r"\|s\|^2 = \sum_k \lambda_k \beta_k^2,\ \beta_k = v_k^{\top} W^*",
                   estimator=_CHECK + "_rho (isotropic teacher, beta_k = 1)")
TR_SIGMA = Quantity("trSigma", r"\operatorname{tr}\Sigma", "trace of the input covariance",
                    typeset=r"\operatorname{tr}\Sigma = \sum_k \lambda_k", estimator=_CHECK + "_rho")
SIGMA0_SQ = Quantity("sigma0_sq", r"\sigma_0^2", "variance of the initial weights that sets the ratio rho",
                     definition=s2 / (rho ** 2 * trS), uses=(S2_NORM, TR_SIGMA))
A_PRIME = Quantity("a_prime", "a'_k", "initialisation-cloud entry of the population matrix A'",
                   typeset=r"a'_k = \frac{\|s\|^2}{\operatorname{tr}\Sigma}\, \lambda_k Q_{kk}",
                   estimator=_POP + "population_matrices")
CLAIMS.append(_claim(
    id="ribbon.rho_scaling", tag="S17", kind=Kind.EXACT,
    title="sigma0^2 = ||s||^2/(rho^2 tr Sigma) makes sigma0^2 lam_k Q_kk = rho^-2 a'_k",
    statement=sp.Eq(sp.Symbol("sigma0_sq") * lam * Qkk, rho ** -2 * ap),
    parameters=(RHO,) + POP,
    assumptions=("geometric spectrum lam_k = e^{-c(k-1)}, isotropic teacher; a'_k from population_matrices",),
    derivation=(Step(sp.Eq(s2 / (rho ** 2 * trS) * lam * Qkk, rho ** -2 * (s2 / trS) * lam * Qkk, evaluate=False),
                     "spec §1.4: sigma0^2 = ||s||^2/(C rho^2 tr Sigma), C = 1"),),
    quantities=(SIGMA0_SQ, LAM_MODE, Q_KK, A_PRIME),
))
#: S17(c, d): spectra of B = D_s Q^c D_s, of Pi_n H_s Pi_n and of B with |beta_k|, in units u = sum_k s_k^2 Q_kk
_U17 = r"u = \sum_k s_k^2 Q_{kk}"
_B17 = r"B = D_s Q^c D_s,\ s_k = \sqrt{\lambda_k}\, \beta_k"
_H17 = r"{(H_s)}_{tt'} = \sum_k s_k^2 r_k^{t+t'}"
_BABS = r"B_{|\beta|} = B\big|_{\beta_k \to |\beta_k|}"
_S17_EST = _CHECK + "_signal"
MU1_B = Quantity("mu1_B", r"\mu_1(B)", "largest eigenvalue of the signal matrix B, in units of the trace of D_s Q D_s",
                 typeset=r"\mu_{1,B} = \max_i |\mu_i(B)|/u,\ " + _B17 + r",\ " + _U17, estimator=_S17_EST)
MU1_H = Quantity("mu1_H", r"\mu_1(\Pi_n H_s \Pi_n)", "largest eigenvalue of the centred single-trajectory Gram matrix, "
                 "in units u", typeset=r"\mu_{1,H} = \max_i |\mu_i(\Pi_n H_s \Pi_n)|/u,\ " + _H17
                 + r",\ " + _U17, estimator=_S17_EST)
MU1_B_ABS = Quantity("mu1_B_abs", r"\mu_1(B_{|\beta|})", "largest eigenvalue of B built from the teacher amplitudes' "
                     "absolute values, in units u", typeset=r"\mu_{1,B,\mathrm{abs}} = \max_i |\mu_i(B_{|\beta|})|/u,\ "
                     + _BABS + r",\ " + _U17, estimator=_S17_EST)
TR_B17 = Quantity("tr_B", r"\operatorname{tr} B", "trace of the signal matrix B, in units u",
                  typeset=r"\operatorname{tr}\,B = \sum_k s_k^2 Q^c_{kk}/u,\ " + _U17, estimator=_S17_EST)
TR_PHP = Quantity("tr_PiHPi", r"\operatorname{tr}(\Pi_n H_s \Pi_n)", "trace of the centred single-trajectory Gram "
                  "matrix, in units u",
                  typeset=r"\operatorname{tr}\,\mathrm{PiHPi} = \sum_{t \in \mathcal{T}} {(\Pi_n H_s \Pi_n)}_{tt}/u,\ "
                  + _H17 + r",\ "
                  r"\Pi_n = I_n - \tfrac{1}{n} \mathbf{1}\mathbf{1}^{\top},\ " + _U17, estimator=_S17_EST)
GAP_HANKEL = Quantity("spectral_gap", r"\mathrm{gap}", "largest difference of the sorted absolute spectra of B and "
                      "Pi_n H_s Pi_n, zero-padded", typeset=r"\mathrm{gap} = " + _GAP.replace("{a}", "B").replace(
                          "{b}", r"\Pi_n H_s \Pi_n") + r",\ " + _U17, estimator=_S17_EST)
GAP_SIGN = Quantity("spectral_gap", r"\mathrm{gap}", "largest difference of the sorted absolute spectra of B and of "
                    "B with the absolute teacher amplitudes, zero-padded", typeset=r"\mathrm{gap} = " + _GAP.replace(
                        "{a}", "B").replace("{b}", r"B_{|\beta|}") + r",\ " + _U17, estimator=_S17_EST)
CLAIMS.append(_claim(
    id="ribbon.signal_hankel", tag="S17", kind=Kind.EXACT,
    title="nonzero eig(D_s Q^c D_s) = nonzero eig(Pi_n H_s Pi_n), (H_s)_tt' = sum_k s_k^2 r_k^(t+t')",
    statement=sp.And(sp.Eq(muB, muH), sp.Eq(trBB, trH), sp.Eq(gap, 0)), parameters=POP,
    quantities=(MU1_B, MU1_H, TR_B17, TR_PHP, GAP_HANKEL),
))
CLAIMS.append(_claim(
    id="ribbon.sign_invariance", tag="S17", kind=Kind.EXACT,
    title="the spectrum of B depends only on |beta_k| (sign flips are an orthogonal similarity)",
    statement=sp.And(sp.Eq(muB, sp.Symbol("mu1_B_abs")), sp.Eq(gap, 0)), parameters=POP,
    quantities=(MU1_B, MU1_B_ABS, GAP_SIGN),
))

# ================================================================ S18
Qd, nrd, Qcd, ed = sp.symbols("Q_direct nrbar_direct Qc_direct e_direct")
ETA_LAM_K = Param("x_k", Interval(0, 2, open_lo=True, open_hi=True), "eta lambda_k")
ETA_LAM_L = Param("x_l", Interval(0, 2, open_lo=True, open_hi=True), "eta lambda_l")
CHECKPOINTS = Param("n", IntRange(1, 10**4 + 1), "checkpoints")
ETA = Param("eta", Interval(R_(1, 10), 2), "learning rate (lam = x_k/eta)")
_Q = (1 - (rk * rl) ** n) / (1 - rk * rl)
_nr = (1 - rk ** n) / (1 - rk)
_Qc = _Q - (1 - rk ** n) * (1 - rl ** n) / (n * (1 - rk) * (1 - rl))
_e = (1 - rk ** (2 * n)) / (eta * (2 - eta * lam))


def _s18_steps():
    t = sp.Symbol("t", integer=True, nonnegative=True)
    z = sp.Symbol("z")
    nn = sp.Symbol("n", integer=True, positive=True)
    geo = sp.summation(z ** t, (t, 0, nn - 1))
    geo = geo.args[1][0] if isinstance(geo, sp.Piecewise) else geo
    small = [sp.Eq(sp.expand(sp.summation((1 - sp.Symbol("u")) ** t * (1 - sp.Symbol("v")) ** t, (t, 0, m - 1))),
                   sp.expand(_Q.subs({xk: sp.Symbol("u"), xl: sp.Symbol("v"), n: m}).cancel()))
             for m in (1, 2, 3, 4)]
    return [Step(sp.Eq(geo, (1 - z ** nn) / (1 - z)), "geometric sum (SymPy summation), z != 1"),
            *[Step(e, f"Q_kl closed form at n = {i + 1} (direct sum)") for i, e in enumerate(small)],
            Step(sp.Eq(lam * _Q.subs({xl: xk}).subs(xk, eta * lam), _e.subs(xk, eta * lam)),
                 "e_k = lam_k Q_kk: 1 - r^2 = eta lam (2 - eta lam)"),
            Step(sp.Eq(sp.summation(((1 - xk) ** t - _nr.subs(n, 3) / 3) * ((1 - xl) ** t - _nr.subs({n: 3, xk: xl}) / 3),
                                    (t, 0, 2)), _Qc.subs(n, 3)),
                 "Q^c = sum_t (r_k^t - rbar_k)(r_l^t - rbar_l) = Q - n rbar_k rbar_l at n = 3")]


_t = sp.Symbol("t", integer=True, nonnegative=True)
_i = sp.Symbol("i", integer=True, positive=True)


def _sum_t(term):
    """``sum_{t=0}^{n-1} term``: the sum over the n uniform checkpoints t = 0..n-1."""
    return sp.Sum(term, (_t, 0, n - 1))


#: S18(a): the defining sums over n uniform checkpoints (r = 1 - x, x = eta lambda)
S18_QUANTITIES = (
    Quantity("Q_direct", "Q_{kl}", "time Gram entry sum_t r_k^t r_l^t", definition=_sum_t(rk ** _t * rl ** _t)),
    Quantity("nrbar_direct", r"n\bar r_k", "n times the time mean of r_k^t", definition=_sum_t(rk ** _t)),
    Quantity("Qc_direct", "Q^c_{kl}", "centred time Gram entry sum_t (r_k^t - rbar_k)(r_l^t - rbar_l), expanded as "
             "sum_t r_k^t r_l^t - n rbar_k rbar_l (one pass per sum)",
             definition=_sum_t(rk ** _t * rl ** _t) - _sum_t(rk ** _t) * _sum_t(rl ** _t) / n),
    Quantity("e_direct", "e_k", "cloud energy lambda_k Q_kk = lambda_k sum_t r_k^(2t)",
             definition=lam * _sum_t(rk ** (2 * _t))),
    Quantity("lam", r"\lambda_k", "eigenvalue of mode k, lambda_k = x_k / eta", definition=xk / eta),
)
Q_DIRECT, NR_DIRECT, QC_DIRECT, E_DIRECT, LAM_K = S18_QUANTITIES
CLAIMS.append(_claim(
    id="ribbon.mode_closed_forms", tag="S18", kind=Kind.EXACT,
    title="closed forms of Q_kl, n rbar_k, Q^c_kl, e_k = lam_k Q_kk for uniform checkpoints",
    statement=sp.And(sp.Eq(Qd, _Q), sp.Eq(nrd, _nr), sp.Eq(Qcd, _Qc), sp.Eq(ed, _e.subs(xk, eta * lam))),
    parameters=(ETA_LAM_K, ETA_LAM_L, CHECKPOINTS, ETA),
    derivation=_s18_steps, quantities=S18_QUANTITIES,
))
ESd, Hd, Hk = sp.symbols("ES_direct H_d H_k")
q = sp.exp(-c)


def _es_t0(lam_i):
    """ES_k of the T = 0 cloud diag(lam_1..lam_d): 1 - sqrt(sum_{i>k} lam_i^2 / sum_i lam_i^2)."""
    return 1 - sp.sqrt(sp.Sum(lam_i ** 2, (_i, k + 1, d)) / sp.Sum(lam_i ** 2, (_i, 1, d)))


#: S18(b): T = 0 explained stress of the geometric (lam_i = q^(i-1)) and power-law (lam_i = i^-a) spectra
T0_QUANTITIES = (
    Quantity("ES_direct", "ES_k", "explained stress at T = 0, geometric spectrum", definition=_es_t0(q ** (_i - 1))),
    Quantity("ES_power", r"ES_k^{\mathrm{pow}}", "explained stress at T = 0, power-law spectrum",
             definition=_es_t0(_i ** -a)),
    Quantity("H_d", "H_d", "generalised harmonic number sum_{i<=d} i^(-2a)", definition=sp.Sum(_i ** (-2 * a), (_i, 1, d))),
    Quantity("H_k", "H_k", "generalised harmonic number sum_{i<=k} i^(-2a)",
             definition=sp.Sum(_i ** (-2 * a), (_i, 1, k))),
)
ES_T0_GEO, ES_T0_POW, H_D, H_K = T0_QUANTITIES
CLAIMS.append(_claim(
    id="ribbon.t0_explained_stress", tag="S18", kind=Kind.EXACT,
    title="T = 0: ES_k = 1 - sqrt((q^2k - q^2d)/(1 - q^2d)) (geometric), 1 - sqrt((H_d - H_k)/H_d) (power law)",
    statement=sp.And(sp.Eq(ESd, 1 - sp.sqrt((q ** (2 * k) - q ** (2 * d)) / (1 - q ** (2 * d)))),
                     sp.Eq(sp.Symbol("ES_power"), 1 - sp.sqrt((Hd - Hk) / Hd))),
    parameters=(RATE, POWER_T0, replace(MODES, domain=IntRange(1, 200)),
                replace(RANK, domain=IntRange(1, 200), description="rank"), ETA_LAM1_OPEN),
    assumptions=("H_m = sum_{i<=m} i^(-2a) (generalised harmonic numbers)", sp.Le(k, d)), quantities=T0_QUANTITIES,
))
e_n, e_n1 = sp.symbols("e_n e_n1")
#: S18(a)'s closed form of e_k = lam_k Q_kk (ribbon.mode_closed_forms, checked there against the direct sums)
E_N = Quantity("e_n", r"e_k(n)", "initialisation-cloud energy lambda_k Q_kk of n uniform checkpoints",
               definition=_e.subs(xk, eta * lam))
E_N1 = Quantity("e_n1", r"e_k(n+1)", "initialisation-cloud energy lambda_k Q_kk of n + 1 uniform checkpoints",
                definition=_e.subs(xk, eta * lam).subs(n, n + 1))
CLAIMS.append(_claim(
    id="ribbon.long_time_flattening", tag="S18", kind=Kind.INEQ,
    title="e_k(n) increases with n to 1/(eta(2 - eta lam_k)) in [1/(2 eta), 1/eta]",
    statement=sp.And(sp.Le(e_n, e_n1), sp.Le(e_n1, 1 / (eta * (2 - eta * lam))), sp.Le(1 / (2 * eta), 1 / (eta * (2 - eta * lam))),
                     sp.Le(1 / (eta * (2 - eta * lam)), 1 / eta)),
    parameters=(replace(ETA, domain=Interval(R_(1, 10), 1),
                        description="learning rate (eta lambda_1 <= 1, lambda_1 = 1)"),
                replace(LAMBDA, domain=Interval(0, 1, open_lo=True)), replace(CHECKPOINTS, domain=IntRange(1, 10**4))),
    assumptions=("0 < eta lam_k <= 1: for eta lam_k in (1, 2) the limit exceeds 1/eta",), quantities=(E_N, E_N1),
))

# ---------------------------------------------------------------- S18 limits, frozen-mode series, gradient flow
def _s18_geometric_limit_steps():
    cp, Dp, Kp = sp.symbols("c d k", positive=True)
    qp = sp.exp(-cp)
    geo = sp.limit(1 - sp.sqrt((qp ** (2 * Kp) - qp ** (2 * Dp)) / (1 - qp ** (2 * Dp))), Dp, sp.oo)
    return [Step(sp.Eq(geo, 1 - sp.exp(-cp * Kp)), "d -> oo of the T = 0 geometric closed form (SymPy limit)")]


def _s18_power_tail_steps():
    ap, kp = sp.symbols("a k", positive=True)
    Zp = sp.Symbol("zeta_2a", positive=True)
    return [Step(sp.Eq(sp.sqrt(kp ** (1 - 2 * ap) / ((2 * ap - 1) * Zp)), kp ** (R_(1, 2) - ap) / sp.sqrt((2 * ap - 1) * Zp)),
                 "Euler-Maclaurin zeta(2a, k+1) ~ k^(1-2a)/(2a-1) inside R_k = sqrt(zeta(2a,k+1)/zeta(2a))")]


ESd_, Zs, Zk, Rinf = sp.symbols("ES_d zeta_2a zeta_2a_k1 R_inf")
RANK_50 = replace(RANK, domain=IntRange(1, 50), description="rank")
FIRST_K = Param("k0", IntRange(100, 1000), "first rank of the sweep k = k0, 10 k0, 100 k0")
#: the limit variables of S18's T = 0 limits: the number of modes d and the rank k, each swept by its check
D_LARGE = Quantity("d", "d", "number of modes, sent to infinity", typeset=r"d \to \infty",
                   estimator=_CHECK + "_decay (d = k + ceil(L/(2c)), L = 10, 20, 40; power law: d = 10^3, 3 10^3, 10^4)")
K_LARGE = Quantity("k", "k", "number of leading components kept, sent to infinity", typeset=r"k \to \infty",
                   estimator=_CHECK + "_power_tail (k = k0, 10 k0, 100 k0)")
#: T = 0 explained stress of the first d modes (the T0_QUANTITIES' definitions, at the limit variable d)
ES_D_GEO = Quantity("ES_d", "ES_k(d)", "explained stress at T = 0 of the first d modes, geometric spectrum",
                    definition=_es_t0(q ** (_i - 1)), uses=(D_LARGE,))
ES_D_POW = Quantity("ES_d", "ES_k(d)", "explained stress at T = 0 of the first d modes, power-law spectrum",
                    definition=_es_t0(_i ** -a), uses=(D_LARGE,))
ZETA_2A = Quantity("zeta_2a", r"\zeta(2a)", "Riemann zeta function at 2a", definition=sp.zeta(2 * a))
ZETA_2A_K1 = Quantity("zeta_2a_k1", r"\zeta(2a, k+1)", "Hurwitz zeta function at 2a from k + 1, the tail sum over i > k",
                      definition=sp.zeta(2 * a, k + 1))
R_INF = Quantity("R_inf", r"R_k(\infty)", "residual stress at T = 0 of the infinite power-law spectrum",
                 definition=sp.sqrt(Zk / Zs), uses=(ZETA_2A_K1, ZETA_2A))
CLAIMS.append(_claim(
    id="ribbon.t0_geometric_limit", tag="S18", kind=Kind.ASYMP,
    title="T = 0, geometric spectrum: ES_k(d) -> 1 - e^{-ck} as d -> oo (error O(e^{-2cd}))",
    statement=sp.Eq(ESd_, 1 - sp.exp(-c * k)),
    parameters=(RATE, RANK_50),
    large=d, rate=sp.exp(-2 * c * d), derivation=_s18_geometric_limit_steps, quantities=(ES_D_GEO,),
    assumptions=("ES_d: ES_k of diag(q^(j-1)), j = 1..d, tail summed directly",
                 "rate from the closed form: ES_d - (1 - q^k) = (q^(2d-k) - q^(2d+k))/2 + O(q^(4d-3k))"),
))
CLAIMS.append(_claim(
    id="ribbon.t0_power_limit", tag="S18", kind=Kind.ASYMP,
    title="T = 0, power law: ES_k(d) -> 1 - sqrt(zeta(2a,k+1)/zeta(2a)) as d -> oo, a > 1/2 (error O(d^{1-2a}))",
    statement=sp.Eq(ESd_, 1 - sp.sqrt(Zk / Zs)),
    parameters=(POWER_T0, RANK_50),
    large=d, rate=d ** (1 - 2 * a), quantities=(ES_D_POW, ZETA_2A, ZETA_2A_K1),
    assumptions=("ES_d: ES_k of diag(j^(-a)), j = 1..d, tail summed directly",
                 "zeta_2a = zeta(2a), zeta_2a_k1 = zeta(2a, k+1) (Hurwitz), supplied by the checker",
                 "rate: R_inf^2 - R_d^2 = H_k zeta(2a, d+1)/(H_d zeta(2a)), zeta(2a, d+1) ~ d^(1-2a)/(2a-1)"),
))
CLAIMS.append(_claim(
    id="ribbon.t0_power_tail", tag="S18", kind=Kind.ASYMP,
    title="d = oo power law: 1 - ES_k ~ k^{1/2-a}/sqrt((2a-1) zeta(2a)) as k -> oo (relative error O(1/k))",
    statement=sp.Eq(Rinf, k ** (R_(1, 2) - a) / sp.sqrt((2 * a - 1) * Zs)),
    parameters=(POWER_T0, FIRST_K),
    large=k, rate=k ** (-R_(1, 2) - a), derivation=_s18_power_tail_steps, quantities=(R_INF, ZETA_2A, K_LARGE),
    assumptions=("R_inf = 1 - ES_k(d = oo) = sqrt(zeta(2a, k+1)/zeta(2a)); zeta_2a = zeta(2a)",
                 "absolute error rate k^(-1/2-a) = leading term k^(1/2-a) times the relative O(1/k)"),
))


def _frozen_steps():
    steps = []
    for m in (3, 4, 6):
        rb = [sum((1 - v) ** s for s in range(m)) / m for v in (xk, xl)]
        qc = sp.expand(sum(((1 - xk) ** s - rb[0]) * ((1 - xl) ** s - rb[1]) for s in range(m)))
        low = sum(term for term in sp.Add.make_args(qc) if sp.Poly(term, xk, xl).total_degree() <= 2)
        steps.append(Step(sp.Eq(low, xk * xl * m * (m ** 2 - 1) / 12),
                          f"n = {m}: the terms of Q^c (a polynomial in x_k, x_l) of total degree <= 2"))
    return steps


Qcs = sp.Symbol("Qc_direct")
DIGITS = Param("digits", Interval(3, 8), "n max(x_k, x_l) = 10^-digits at the first scale")
U_K = Param("u_k", Interval(R_(1, 100), 1), "x_k / max")
U_L = Param("u_l", Interval(R_(1, 100), 1), "x_l / max")
#: the frozen-mode scaling x = epsilon u, epsilon -> 0 (Q^c_kl is S18's direct sum QC_DIRECT at these x)
EPS = Quantity("epsilon", r"\varepsilon", "common scale of x_k and x_l, sent to zero",
               typeset=r"\varepsilon = 10^{-\mathrm{digits}}/(n s) \to 0,\ s = 1, 4, 16", estimator=_CHECK + "_frozen")
X_K = Quantity("x_k", "x_k", "eta lambda_k of a frozen mode", definition=EPS.symbol * U_K.symbol, uses=(EPS,))
X_L = Quantity("x_l", "x_l", "eta lambda_l of a frozen mode", definition=EPS.symbol * U_L.symbol, uses=(EPS,))
CLAIMS.append(_claim(
    id="ribbon.frozen_series", tag="S18", kind=Kind.ASYMP,
    title="frozen modes: Q^c_kl = x_k x_l n(n^2 - 1)/12 + O(n^4 x^3) as n x -> 0",
    statement=sp.Eq(Qcs, xk * xl * n * (n ** 2 - 1) / 12),
    parameters=(replace(CHECKPOINTS, domain=IntRange(3, 10**4 + 1),
                        description="checkpoints (n <= 2: the series is exact)"),
                DIGITS, U_K, U_L),
    large=1 / EPS.symbol, rate=n ** 4 * (xk + xl) ** 3, derivation=_frozen_steps,      # epsilon -> 0
    assumptions=("Qc_direct = sum_t (r_k^t - rbar_k)(r_l^t - rbar_l) summed directly; x = epsilon u scaled to 0",),
    quantities=(QC_DIRECT, X_K, X_L),
))

eQ, eQc, ee, lk_, ll_ = sp.symbols("eta_Q eta_Qc eta_e lam_k lam_l")
LAMBDA_K = Param("lam_k", Interval(R_(1, 100), 1), "lambda_k")
LAMBDA_L = Param("lam_l", Interval(R_(1, 100), 1), "lambda_l")
FLOW_T0 = Param("T0", IntRange(100, 1000), "first T / ceil(tau max(1, tau)) of the sweep T0, 4 T0, 16 T0")
TAU = Param("tau", Interval(R_(1, 2), R_(99, 100)), "target")
FLOW_TIME = replace(TAU, domain=Interval(R_(1, 100), 100), description="flow time eta T")
_mu = lk_ + ll_
_IQ = (1 - sp.exp(-_mu * tau)) / _mu
_IQc = _IQ - (1 - sp.exp(-lk_ * tau)) * (1 - sp.exp(-ll_ * tau)) / (lk_ * ll_ * tau)


#: S18(d): eta -> 0 with T = tau/eta steps (n = T + 1 checkpoints); eta e_k, eta Q_kl, eta Q^c_kl by their sums
ETA_FLOW = Quantity("eta", r"\eta", "learning rate, sent to zero at fixed flow time tau = eta T",
                    typeset=r"\eta = \tau/T \to 0", estimator=_CHECK + "_flow (T = T0 ceil(tau max(1, tau)) 4^j, j = 0, 1, 2)")
INV_ETA = Quantity("inv_eta", r"\eta^{-1}", "inverse learning rate, the large parameter of the limit",
                   definition=1 / eta, uses=(ETA_FLOW,))
_rk_f, _rl_f = 1 - eta * lk_, 1 - eta * ll_


def _sum_flow(term):
    """``sum_{t=0}^{T} term`` with ``T = tau/eta``."""
    return sp.Sum(term, (_t, 0, tau / eta))


ETA_E = Quantity("eta_e", r"\eta e_k", "eta times the initialisation-cloud energy of mode k",
                 definition=eta * lk_ * _sum_flow(_rk_f ** (2 * _t)), uses=(ETA_FLOW,))
ETA_Q = Quantity("eta_Q", r"\eta Q_{kl}", "eta times the time Gram entry of modes k and l",
                 definition=eta * _sum_flow(_rk_f ** _t * _rl_f ** _t), uses=(ETA_FLOW,))
ETA_QC = Quantity("eta_Qc", r"\eta Q^c_{kl}", "eta times the centred time Gram entry of modes k and l",
                  definition=eta * (_sum_flow(_rk_f ** _t * _rl_f ** _t)
                                    - _sum_flow(_rk_f ** _t) * _sum_flow(_rl_f ** _t) / (tau / eta + 1)),
                  uses=(ETA_FLOW,))


def _flow_steps():
    sv, lp, mp_, tp, ep = sp.symbols("s lam mu tau eta", positive=True)
    lim = sp.limit((1 - (1 - ep * lp) ** (2 * (tp / ep + 1))) / (2 - ep * lp), ep, 0)
    return [Step(sp.Eq(lim, (1 - sp.exp(-2 * lp * tp)) / 2), "eta e_k with T = tau/eta: limit eta -> 0 (SymPy)"),
            Step(sp.Eq(sp.integrate(sp.exp(-mp_ * sv), (sv, 0, tp)), (1 - sp.exp(-mp_ * tp)) / mp_),
                 "eta Q_kl -> int_0^tau e^{-(lam_k + lam_l) s} ds"),
            Step(sp.Eq(sp.integrate(sp.exp(-lp * sv), (sv, 0, tp)), (1 - sp.exp(-lp * tp)) / lp),
                 "eta n rbar_k -> int_0^tau e^{-lam_k s} ds; eta n -> tau gives the centred integral")]


CLAIMS.append(_claim(
    id="ribbon.gradient_flow_scaling", tag="S18", kind=Kind.ASYMP,
    title="eta -> 0, tau = eta T fixed: eta e_k -> (1 - e^{-2 lam_k tau})/2, eta Q, eta Q^c -> time integrals (error O(eta))",
    statement=sp.And(sp.Eq(ee, (1 - sp.exp(-2 * lk_ * tau)) / 2), sp.Eq(eQ, _IQ), sp.Eq(eQc, _IQc)),
    parameters=(LAMBDA_K, LAMBDA_L, FLOW_TIME, FLOW_T0),
    large=sp.Symbol("inv_eta"), rate=eta, derivation=_flow_steps,
    assumptions=("spec: '(eta/n)-normalised Q, Q^c'; (eta/n) Q -> 0, so the registered normalisation is eta "
                 "(equivalently Q/n -> (1/tau) x the integral, as eta n -> tau)",
                 "ES of the population matrices then depends on (lam, tau) only"),
    quantities=(ETA_E, ETA_Q, ETA_QC, INV_ETA),
))

# ================================================================ S19
ES_T, ES_T2 = sp.symbols("ES_T ES_later")
SPECTRUM = Param("spectrum", Choice(("geometric", "power")), "family")
FIB_STEP = Param("step", IntRange(0, 14), "index j of the pair (F_j, F_{j+1}) of Fibonacci T")
#: ES_k of the initialisation cloud A'_T = diag(e_i), e_i = lambda_i Q_ii (T = 0..T uniform), at consecutive
#: Fibonacci T (F_1 = F_2 = 1; the pair of step j is (F_{j+1}, F_{j+2}), with T = 0 in place of F_1 at j = 0)
_ES_CLOUD = (r"1 - {\bigl(\sum_{i > k} e_i^2 / \sum_{i} e_i^2\bigr)}^{1/2},\ "
             r"e_i = \lambda_i \sum_{t=0}^{{T}} {(1 - \eta \lambda_i)}^{2t}")
ES_EARLIER = Quantity("ES_T", r"ES_k(A'_T)", "explained stress of the initialisation cloud at the earlier checkpoint T",
                      typeset=r"\mathrm{ES}_{T} = ES_k(A'_T) = " + _ES_CLOUD.replace("{T}", "T")
                      + r",\ T = F_{j+1},\ T = 0 \text{ at } j = 0",
                      estimator=_POP + "cloud_es (k clipped to d)")
ES_LATER = Quantity("ES_later", r"ES_k(A'_{T'})", "explained stress of the initialisation cloud at the later checkpoint",
                    typeset=r"\mathrm{ES}_{\mathrm{later}} = ES_k(A'_{T'}) = " + _ES_CLOUD.replace("{T}", "T'")
                    + r",\ T' = F_{j+2}", estimator=_POP + "cloud_es (k clipped to d)")
CLAIMS.append(_claim(
    id="ribbon.time_flattening", tag="S19", kind=Kind.INEQ,
    title="ES_k(A'_T) is nonincreasing in T for eta lambda_1 <= 1 (Fibonacci T pairs)",
    statement=sp.Le(ES_T2, ES_T),
    parameters=(SPECTRUM, RATE, POWER, replace(MODES, domain=IntRange(1, 40)), RANK_3,
                replace(ETA_LAM1, domain=Interval(0, 1, open_lo=True), description="eta lambda_1 (hypothesis: <= 1)"),
                FIB_STEP),
    quantities=(ES_EARLIER, ES_LATER),
))

# ================================================================ S20
cA = sp.Symbol("c_A")
#: the rho -> 0 phase boundary: the geometric rate c at which ES_k(A'_T) crosses tau (eta = 1/lambda_1)
_CA = r"\{c > 0 : ES_k(A'_{T}) = \tau\},\ \lambda_j = e^{-c(j-1)},\ \eta = 1/\lambda_1"
C_A = Quantity("c_A", "c_A(T)", "geometric rate at which the initialisation cloud after T steps has explained stress tau",
               typeset=r"c_A(T) = " + _CA, estimator=_POP + "c_A (d = 2 10^4)")
C_A0 = Quantity("c_A", "c_A(0)", "geometric rate at which the bare initialisation cloud has explained stress tau",
                typeset=r"c_A(0) = " + _CA.replace("{T}", "0"), estimator=_POP + "c_A (T = 0, d = 10^6)")
_estar = (1 - tau) * sp.sqrt((1 + (k - 1) / R_(4)) / (1 - (1 - tau) ** 2))
_ustar = -sp.log(1 - 2 * _estar) / 2
#: S20's asymptote of c_A(T): [ln(T+1) + ln(1/u*)]/k
CA_ASYMPTOTE = (sp.log(T + 1) + sp.log(1 / _ustar)) / k
CLAIMS.append(_claim(
    id="ribbon.ca_asymptotic", tag="S20", kind=Kind.ASYMP,
    title="c_A(T) = [ln(T+1) + ln(1/u*)]/k + o(1), u* = -ln(1 - 2e*)/2",
    statement=sp.Eq(cA, CA_ASYMPTOTE),
    parameters=(RANK_3, replace(TAU, domain=Choice((R_(4, 5), R_(9, 10), R_(19, 20)))),
                replace(LAST_T, domain=Choice((10**2, 10**4, 10**6)), description="steps (large)")),
    large=T, rate=sp.Integer(1), quantities=(C_A,),
    assumptions=("geometric spectrum, eta = 1/lambda_1, d = 2e4 (effectively infinite)",
                 "e* < 1/2; the crossing is unique (spec S27 K3)"),
))
CLAIMS.append(_claim(
    id="ribbon.ca_zero", tag="S20", kind=Kind.EXACT,
    title="c_A(0) = ln(1/(1 - tau))/k for d = infinity",
    statement=sp.Eq(cA, sp.log(1 / (1 - tau)) / k),
    parameters=(RANK_3, TAU),
    derivation=(Step(sp.true, "T = 0: e_j = lam_j = q^(j-1), ES_k = 1 - q^k (d = infinity)", StepCheck.NUMERIC),),
    quantities=(C_A0,),
))
CLAIMS = tuple(CLAIMS)
