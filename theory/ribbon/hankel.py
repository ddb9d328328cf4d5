"""Claims S21–S24 of spec/sloppiness.md (section 2.E) and conjecture K0 (S27): the Hankel structure of one
trajectory, the Beckermann–Townsend bound and its consequences for the inPCA spectrum of one run.

Statements are relations between named scalar quantities (an eigenvalue pair, a Gram entry, a count); the
checks compute them by an independent route (a simulated GD run, moments of the measure, mode matrices) and pick
the index where the statement itself is tightest, so a changed constant, exponent or direction is caught.
``varrho`` is spelled out, ``ϱ_n = exp(π²/(4 log(8⌊n/2⌋/π)))``, and S23(d)'s tail is a ``Sum`` over ``i``.
All claims are the project's formulation (tag P); S22 cites Beckermann–Townsend with the spec's provenance note.
"""
from __future__ import annotations

import functools
from dataclasses import replace

import sympy as sp

from ..claim import Choice, Interval, IntRange, Kind, Param, Step, StepCheck
from ..quantity import Quantity, measured
from .provenance import spec_claim as _claim, spec_provenance as _prov

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational

n, k, i, T, eps, sig = sp.symbols("n k i T eps sigma")
#: ``ϱ_n`` of S22
VARRHO = sp.exp(sp.pi ** 2 / (4 * sp.log(8 * sp.floor(n / 2) / sp.pi)))
#: ``L_ε = (2/π²) log(8⌊n/2⌋/π) log(16/ε)`` (S22, S23c)
L_EPS = 2 / sp.pi ** 2 * sp.log(8 * sp.floor(n / 2) / sp.pi) * sp.log(16 / eps)

# ---------------------------------------------------------------- parameters
#: one object per parameter name; a claim with a narrower domain takes ``replace(P, domain=...)`` of it, so a check
#: binds every claim's ``n`` (say) by the one ``CHECKPOINTS`` (points are keyed by name)
SEED = Param("seed", IntRange(0, 10**6), "instance seed")
ETA = Param("eta_lam1", Choice((R_(1, 2), 1, R_(19, 10), R_(1999, 1000))), "eta lambda_1 (1.999: near 2)")
DEGEN = Param("degenerate", Choice((False, True)), "near-degenerate spectrum lambda(1 + 1e-9 xi), tied nodes")
MODES = Param("d", IntRange(1, 30), "modes")
RATE = Param("c", Interval(0, 2), "geometric rate (c <= 25/d)")
CHECKPOINTS = Param("n", Choice((2, 3, 5, 10, 40, 150)), "checkpoints 0..n-1")
N_EXTRA = Param("N_extra", IntRange(0, 10), "N - d")
ZEROS = Param("zeros", IntRange(0, 3), "modes with alpha_k = 0 (w_k = 0)")
LAST_STEP = Param("T", Choice((1, 3, 10, 50, 300, 10**4)), "last step (n = T + 1)")
START = Param("t0", IntRange(0, 10**3), "first checkpoint")
STRIDE = Param("Delta", IntRange(1, 50), "stride")
FAMILY = Param("family", Choice(("normal", "cauchy", "interval", "near_one")), "node law of the random measure")
ATOMS = Param("atoms", IntRange(1, 40), "atoms of the measure")
NODE_SCALE = Param("s", Interval(R_(1, 10), 30), "node scale (normal, cauchy)")
EPS_EXP = Param("eps_exp", Interval(R_(1, 10), 30), "eps = 10^-eps_exp")
RANK_K = Param("k", IntRange(1, 149), "rank k <= n - 1")
GRID = Param("grid", Choice(("random", "log", "strided")), "checkpoint subset")
KEPT = Param("m", IntRange(0, 150), "dimensions kept (m <= n)")
DOMINANT = Param("dominant", Choice((False, True)), "one mode carries almost all weight")
EIG_INDEX = Param("i", IntRange(1, 8), "eigenvalue index (<= d)")
#: one run of S21: data with a prescribed spectrum, GD simulated step by step
RUN = (replace(MODES, domain=IntRange(1, 12)), N_EXTRA, ETA, DEGEN, ZEROS, SEED)
#: S23/S24 trajectories (spec S24 domain): lambda_k = e^{-c(k-1)}, w_k = lambda_k e^{N(0,4)}
TRAJ = (MODES, RATE, ETA, DEGEN, CHECKPOINTS, SEED)
TRAJ_NOTE = "c <= min(2, 25/d) keeps lambda_min/lambda_1 >= e^-25 (no r = 1.0 in float64)"

# ---------------------------------------------------------------- quantities (issue 10)
_CHK = "sloppy_verifier.verify.checks.ribbon_hankel."   # S21
_BT = "sloppy_verifier.verify.checks.ribbon_bt."         # S22, K0
_CEN = "sloppy_verifier.verify.checks.ribbon_centred."   # S23, S24
_HK = "sloppy_verifier.verify.ribbon.hankel."


#: a quantity a check measures, typeset as ``latex = typeset`` (``rel`` for another relation)
_measured = functools.partial(measured, rel="=")

#: one GD run of S21 (C = 1, realisable teacher) and its measure: weights w_k at the nodes r_k (spec S21)
_RUN = (r"Z_t = X W_t,\ W_{t+1} = W_t - \frac{\eta}{N} X^{\top}(X W_t - Y),\ Y = X W^*,\ "
        r"G_{00} = \frac{1}{N}\|Z_0 - Y\|^2 = \sum_k w_k")
_MEASURE = r"w_k = \lambda_k \alpha_k^2,\ r_k = 1 - \eta\lambda_k"
#: the n x n time Gram of the measure, its Hankel form (S21), and the trajectory inPCA in units 8 sigma^2 = 1 (S23)
_GRAM = r"G_{tt'} = \sum_k w_k r_k^{t+t'}\ (0 \le t, t' < n),\ " + _MEASURE
_HW = r"H = G/(8\sigma^2),\ W = \Pi_n H \Pi_n,\ \Pi_n = I_n - \mathbf{1}\mathbf{1}^{\top}/n,\ " + _GRAM
#: the mode matrix K_n and the Pick matrix P (S21)
_PICK = (r"K_n = D_w^{1/2} Q_n D_w^{1/2},\ {(Q_n)}_{kl} = \sum_{t<n} {(r_k r_l)}^t,\ "
         r"P_{kl} = \frac{\sqrt{w_k w_l}}{1 - r_k r_l}")

# ================================================================ S21
Gs, Gm, Gv, Ga, Gb = sp.symbols("G_sim G_moment G_vandermonde G_t_tp G_t1_tp1")
S21_GRAM = (_measured(Gs, r"G_{\mathrm{sim}}", "time Gram entry of the simulated GD run at two checkpoints, over G_00",
                      r"\frac{\langle Z_t - Y, Z_{t'} - Y\rangle}{N G_{00}},\ "
                      r"t, t' \in \mathcal{T} \subseteq \{0, \dots, T\},\ "
                      + _RUN, _CHK + "_run"),
            _measured(Gm, r"G_{\mathrm{moment}}", "moment of order t + t' of the measure with weights w_k at the nodes "
                      "r_k, over the total weight", r"\frac{m_{t+t'}}{m_0},\ m_p = \sum_k w_k r_k^p,\ " + _MEASURE,
                      _CHK + "_s21_gram"),
            _measured(Gv, r"G_{\mathrm{vandermonde}}", "entry of the Vandermonde product Phi D_w Phi^T, over G_00",
                      r"\frac{{(\Phi D_w \Phi^{\top})}_{tt'}}{G_{00}},\ \Phi_{tk} = r_k^t,\ "
                      r"D_w = \operatorname{diag}(w_k)", _HK + "gram"))
_WINDOW = r"t_0 \le t \le t_0 + n - 2,\ t_0 + 1 \le t' \le t_0 + n - 1"
S21_HANKEL = (_measured(Ga, r"G_{t,\mathrm{tp}}", "time Gram entry of the simulated run at checkpoints t and t prime",
                        r"G_{t t'} = \frac{\langle Z_t - Y, Z_{t'} - Y\rangle}{N G_{00}},\ " + _WINDOW + r",\ " + _RUN,
                        _CHK + "_run"),
              _measured(Gb, r"G_{t_{1},\mathrm{tp1}}", "the same Gram one step along the antidiagonal",
                        r"G_{t+1,\, t'-1},\ " + _WINDOW, _CHK + "_run"))
_S21_PROOF = (Step(sp.true, "S1: Z_t - Y = sum_k r_k^t sqrt(N lam_k) u_k alpha_k and u_k orthonormal",
                   StepCheck.NUMERIC),)
CLAIMS.append(_claim(
    id="ribbon.trajectory_gram", tag="S21", kind=Kind.EXACT,
    title="G_{tt'} = <Z_t - Y, Z_{t'} - Y>/N = sum_k w_k r_k^(t+t') = (Phi D_w Phi^T)_{tt'}, w_k = lam_k alpha_k^2",
    statement=sp.And(sp.Eq(Gs, Gm), sp.Eq(Gs, Gv)), quantities=S21_GRAM,
    parameters=RUN + (LAST_STEP,),
    derivation=_S21_PROOF,
    assumptions=("C = 1, realisable teacher; G_sim from a GD run iterated step by step (verify.ribbon.trajectory)",
                 "entries divided by G_00 = sum_k w_k; checked on up to 40 checkpoints including 0 and T"),
))
CLAIMS.append(_claim(
    id="ribbon.gram_hankel", tag="S21", kind=Kind.EXACT,
    title="the simulated time Gram is Hankel: G_{t,t'} = G_{t+1,t'-1}",
    statement=sp.Eq(Ga, Gb), quantities=S21_HANKEL,
    parameters=RUN + (replace(START, description="first checkpoint of the window"),
                      replace(CHECKPOINTS, domain=IntRange(3, 40), description="consecutive checkpoints")),
    derivation=_S21_PROOF,
    assumptions=("G_t_tp = G_{t,t'}, G_t1_tp1 = G_{t+1,t'-1} over the window, divided by G_00",),
))
mumin, rank, nodes = sp.symbols("mu_min rank nodes")
S21_PSD = (_measured(mumin, r"\mu_{\min}", "smallest eigenvalue of the time Gram over its largest",
                     r"\frac{\mu_n(G)}{\mu_1(G)},\ \mu_1 \ge \dots \ge \mu_n,\ " + _GRAM, _CHK + "_gram_spectrum"),
           _measured(rank, r"\mathrm{rank}", "rank of the time Gram: the number of eigenvalues above the round-off level",
                     r"\operatorname{rank} G = \#\{i : \mu_i(G) > \tau\,\mu_1(G)\},\ \tau = 10^{-10} \text{ (float64) or } "
                     r"10^{-(\mathrm{dps}-10)} \text{ (mp)}", _CHK + "_s21_psd"),
           _measured(nodes, r"\mathrm{nodes}", "number of distinct nodes r_k that carry a positive weight",
                     r"\#\{r_k : w_k > 0\},\ " + _MEASURE, _CHK + "_s21_psd"))
GRAM_N = replace(CHECKPOINTS, domain=Choice((2, 3, 5, 10, 20, 100, 1000)))
CLAIMS.append(_claim(
    id="ribbon.gram_psd_rank", tag="S21", kind=Kind.EXACT,
    title="G = Phi D_w Phi^T is PSD with rank G <= #{distinct r_k : w_k > 0} and <= n",
    statement=sp.And(sp.Ge(mumin, 0), sp.Le(rank, nodes), sp.Le(rank, n)), quantities=S21_PSD,
    parameters=RUN + (GRAM_N,),
    derivation=(Step(sp.true, "G = Phi D_w Phi^T with D_w >= 0; equal nodes merge into one Vandermonde column",
                     StepCheck.NUMERIC),),
    assumptions=("mu_min = lambda_min(G)/lambda_1(G); rank = #{mu_i > 10^-(dps-10) mu_1} (mp, n <= 20) or "
                 "#{mu_i > 1e-10 mu_1} (float64, n >= 100)",),
))
muG, muK = sp.symbols("mu_G mu_K")
S21_MODES = (_measured(muG, r"\mu_G", "eigenvalues of the time Gram in decreasing order, over the largest",
                       r"\frac{\mu_i(G)}{\mu_1(G)},\ " + _GRAM, _CHK + "_gram_spectrum"),
             _measured(muK, r"\mu_K", "eigenvalues of the mode matrix in decreasing order, over the largest of G",
                       r"\frac{\mu_i(K_n)}{\mu_1(G)}\ (\text{zero for } i > d),\ " + _PICK, _CHK + "_gram_spectrum"))
CLAIMS.append(_claim(
    id="ribbon.gram_mode_spectrum", tag="S21", kind=Kind.EXACT,
    title="nonzero eig(G) = eig(D_w^1/2 Q D_w^1/2), Q_kl = sum_{t<n} (r_k r_l)^t",
    statement=sp.Eq(muG, muK), parameters=RUN + (GRAM_N,), quantities=S21_MODES,
    derivation=(Step(sp.true, "G = (Phi D_w^1/2)(Phi D_w^1/2)^T and Q = Phi^T Phi share nonzero spectra", StepCheck.NUMERIC),),
    assumptions=("mu_G, mu_K: i-th eigenvalues (zero-padded) divided by mu_1(G), at the worst i",),
))
Gst, Gme = sp.symbols("G_strided G_measure")
S21_STRIDED = (_measured(Gst, r"G_{\mathrm{strided}}", "time Gram entry of the simulated run at two strided checkpoints",
                         r"G_{t_0 + j\Delta,\, t_0 + j'\Delta},\ 0 \le j, j' < n,\ G_{tt'} = "
                         r"\frac{\langle Z_t - Y, Z_{t'} - Y\rangle}{N G_{00}},\ " + _RUN, _CHK + "_run"),
               _measured(Gme, r"G_{\mathrm{measure}}", "moment of the measure with weights w_k r_k^(2 t_0) at the nodes "
                         "r_k^Delta, over the total weight",
                         r"\frac{1}{\sum_k w_k}\sum_k w_k r_k^{2t_0}\, {(r_k^{\Delta})}^{j+j'},\ " + _MEASURE,
                         _HK + "gram"))
CLAIMS.append(_claim(
    id="ribbon.gram_strided", tag="S21", kind=Kind.EXACT,
    title="strided checkpoints t0 + j Delta: Hankel moment matrix of sum_k w_k r_k^(2 t0) delta_{r_k^Delta}",
    statement=sp.Eq(Gst, Gme), quantities=S21_STRIDED,
    parameters=RUN + (START, STRIDE, replace(CHECKPOINTS, domain=IntRange(2, 30), description="checkpoints")),
    derivation=_S21_PROOF,
    assumptions=("G_strided from the GD run at t0 + j Delta; G_measure = sum_k (w_k r_k^(2 t0)) (r_k^Delta)^(j+j')",
                 "entries divided by sum_k w_k"),
))
wk, rk = sp.symbols("w_k r_k")
#: the trace mode k adds to the Pick matrix beyond n checkpoints: sum_{t>=n} w_k r_k^(2t) in closed form (|r_k| < 1);
#: summed over k it is tr(P - K_n) (S21) and the tail term of S24(c)
GEOMETRIC_TAIL = wk * rk ** (2 * n) / (1 - rk ** 2)
_TAIL = r"\sum_k " + sp.latex(GEOMETRIC_TAIL)
lstep, lpick, trgap, ttail = sp.symbols("lmin_step lmin_pick tr_pick_gap tail_trace")
_OVER_P = r"\text{ over } \lambda_1(P),\ "
S21_PICK = (_measured(lstep, r"\mathrm{lmin}_{\mathrm{step}}", "smallest eigenvalue of K_(n+1) - K_n, over the largest "
                      "eigenvalue of the Pick matrix", r"\lambda_{\min}(K_{n+1} - K_n)" + _OVER_P + _PICK,
                      _CHK + "_s21_pick"),
            _measured(lpick, r"\mathrm{lmin}_{\mathrm{pick}}", "smallest eigenvalue of P - K_n, over the largest "
                      "eigenvalue of P", r"\lambda_{\min}(P - K_n)" + _OVER_P + _PICK, _CHK + "_s21_pick"),
            _measured(trgap, r"\operatorname{tr}\,\mathrm{pick}_{\mathrm{gap}}", "trace of P - K_n, over the largest "
                      "eigenvalue of P", r"\operatorname{tr}(P - K_n)" + _OVER_P + _PICK, _CHK + "_s21_pick"),
            _measured(ttail, r"\mathrm{tail}_{\mathrm{trace}}", "geometric tail sum_k w_k r_k^(2n) / (1 - r_k^2), "
                      "over the largest eigenvalue of P",
                      _TAIL + _OVER_P + _MEASURE, _CHK + "_s21_pick"))
CLAIMS.append(_claim(
    id="ribbon.pick_limit", tag="S21", kind=Kind.INEQ,
    title="D_w^1/2 Q_n D_w^1/2 increases (Loewner) to the Pick matrix sqrt(w_k w_l)/(1 - r_k r_l)",
    statement=sp.And(sp.Ge(lstep, 0), sp.Ge(lpick, 0), sp.Eq(trgap, ttail)), quantities=S21_PICK,
    parameters=TRAJ[:-2] + (replace(CHECKPOINTS, domain=IntRange(1, 10**4), description="checkpoints"), SEED),
    derivation=(Step(sp.true, "Q_oo - Q_n = sum_{t>=n} rho_t rho_t^T >= 0, rho_t = (r_k^t)_k", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "lmin_step = lambda_min(K_{n+1} - K_n), lmin_pick = lambda_min(P - K_n), both / lambda_1(P)",
                 "tail_trace = sum_k w_k r_k^(2n)/(1 - r_k^2) / lambda_1(P) (closed geometric tail)"),
))

# ================================================================ S22 and K0
sjk, sj = sp.symbols("sigma_j2k sigma_j")
#: a real PSD n x n Hankel matrix: the moment matrix of a positive measure on R (spec S22)
_HANKEL = (r"H_{ab} = \sum_i \omega_i x_i^{a+b}\ (0 \le a, b < n,\ \omega_i > 0),\ "
           r"\sigma_1(H) \ge \dots \ge \sigma_n(H)")
S22_SIGMA = (_measured(sjk, r"\sigma_{\mathrm{j2k}}", "singular value of the Hankel matrix with index j + 2k",
                       r"\sigma_{j+2k}(H),\ " + _HANKEL, _BT + "_measure_sv (divided by sigma_j: _bt_point)"),
             _measured(sj, r"\sigma_j", "singular value of the Hankel matrix with index j",
                       r"\sigma_j(H),\ j \ge 1", _BT + "_measure_sv (divided by itself: _bt_point)"))
K_BT = _measured(k, "k", "index step: the compared singular values have indices j and j + 2k",
                 r"\{1, \dots, \lfloor (n - j)/2 \rfloor\},\ j \ge 1", _BT + "_bt_env", rel=r"\in")
BT_NOTE = (
    "Cited: Beckermann and Townsend, SIAM Journal on Matrix Analysis and Applications 2017 and SIAM Review 2019 "
    "(bibliography). Only the "
    "abstracts were read "
    "(k-th singular value of a real n-by-n positive definite Hankel matrix <= C rho^(-k/log n) ||H||_2; rank "
    "O(log n log 1/eps)). The theorem text itself (number, hypotheses, constants) could not be reached: the constants "
    "16 and varrho_n = exp(pi^2/(4 log(8 floor(n/2)/pi))) with exponent -2k+2 were reconstructed from two public code "
    "files (one Python eps-rank snippet 2 ceil(2 log(8 floor(n/2)/pi) log(16/eps)/pi^2) + 2, and the experiment script "
    "apparently accompanying Webb, arXiv:2509.14017, with exponent -2k and a parity correction). The sharper "
    "reading sigma_{j+2k} <= 16 varrho_n^(-2k) sigma_j is false for odd n (G7a); the conservative form is used.")
BT_PARAMS = (FAMILY, replace(CHECKPOINTS, domain=IntRange(3, 16), description="matrix size"), ATOMS, NODE_SCALE, SEED)
_BT_ASSUME = ("H real PSD Hankel n x n = moment matrix of a positive measure on R; 1 <= j, 1 <= k, j + 2k <= n",
              "sigma_j2k, sigma_j: singular values at the worst (j, k); indices below 1e-40 sigma_1 (mp) or "
              "1e-12 sigma_1 (float64) ignored (spec S22 numerical check)")
CLAIMS.append(_claim(
    id="ribbon.bt_bound", tag="S22", kind=Kind.CITED,
    title="Beckermann-Townsend (constants as recovered): sigma_{j+2k}(H) <= 16 varrho_n^(-2k+2) sigma_j(H)",
    statement=sp.Le(sjk, 16 * VARRHO ** (-2 * k + 2) * sj), parameters=BT_PARAMS, quantities=S22_SIGMA + (K_BT,),
    prov=_prov("S22", BT_NOTE), assumptions=_BT_ASSUME,
    derivation=(Step(sp.true, "Beckermann and Townsend 2017, 2019 (Zolotarev numbers); constants as recovered, see "
                     "provenance", StepCheck.CITED),),
))
cnt = sp.Symbol("count")
COUNT = _measured(cnt, r"\mathrm{count}", "number of singular values above eps times the largest",
                  r"\#\{i : \sigma_i(H) > \varepsilon\,\sigma_1(H)\},\ " + _HANKEL, _BT + "_s22_rank")
EPS_RANK = Quantity(eps.name, r"\varepsilon", "relative accuracy, eps = 10^(-eps_exp)",
                    definition=sp.Integer(10) ** (-sp.Symbol("eps_exp")))
CLAIMS.append(_claim(
    id="ribbon.bt_eps_rank", tag="S22", kind=Kind.CITED,
    title="eps-rank: #{sigma_i > eps sigma_1} <= 2 ceil((2/pi^2) log(8 floor(n/2)/pi) log(16/eps)) + 2",
    statement=sp.Le(cnt, 2 * sp.ceiling(L_EPS) + 2), quantities=(COUNT, EPS_RANK),
    parameters=BT_PARAMS + (EPS_EXP,),
    prov=_prov("S22", BT_NOTE), assumptions=_BT_ASSUME[:1],
    derivation=(Step(sp.true, "the bound with j = 1, k = 1 + ceil(L_eps): 16 varrho_n^(-2 ceil(L_eps)) <= eps",
                     StepCheck.NUMERIC),),
))
_SHARP = sp.Le(sjk, 16 * VARRHO ** (-2 * k) * sj)
CLAIMS.append(_claim(
    id="ribbon.bt_sharp_even", tag="S27", kind=Kind.CONJ,
    title="K0 (S27): the sharp reading sigma_{j+2k} <= 16 varrho_n^(-2k) sigma_j for even n",
    statement=_SHARP, quantities=S22_SIGMA + (K_BT,),
    parameters=(FAMILY, replace(CHECKPOINTS, domain=Choice(tuple(range(4, 17, 2))), description="even matrix size"))
    + BT_PARAMS[2:],
    prov=_prov("S27 K0"), assumptions=_BT_ASSUME,
))
CLAIMS.append(_claim(
    id="ribbon.bt_sharp_all_n", tag="S27", kind=Kind.CONJ,
    title="the sharp reading for every n >= 3 (refuted: G7a, n = 3, sigma_3/sigma_1 = 1/3 > 16 varrho_3^-2)",
    statement=_SHARP, parameters=BT_PARAMS, quantities=S22_SIGMA + (K_BT,), prov=_prov("S22 / S27 K0 / G7a"),
    assumptions=_BT_ASSUME,
))

# ================================================================ S23
muHn, muW, muH = sp.symbols("mu_H_next mu_W mu_H")
_OVER_H = r"\text{ over } \mu_1(H),\ 1 \le i \le n - 1,\ "
S23A = (_measured(muHn, r"\mu_{H,\mathrm{next}}", "eigenvalue of the trajectory Gram H with index i + 1, over its largest",
                  r"\mu_{i+1}(H)" + _OVER_H + _HW, _CEN + "_traj_spectra"),
        _measured(muW, r"\mu_W", "eigenvalue of the centred Gram W with index i, over the largest of H",
                  r"\mu_i(W)" + _OVER_H + r"\mu_1 \ge \mu_2 \ge \dots", _CEN + "_traj_spectra"),
        _measured(muH, r"\mu_H", "eigenvalue of the trajectory Gram H with index i, over its largest",
                  r"\mu_i(H)" + _OVER_H + r"\mu_1 \ge \mu_2 \ge \dots", _CEN + "_traj_spectra"))
CLAIMS.append(_claim(
    id="ribbon.centring_interlaces", tag="S23a", kind=Kind.INEQ,
    title="mu_{i+1}(H) <= mu_i(W) <= mu_i(H), W = Pi_n H Pi_n, 1 <= i <= n-1",
    statement=sp.And(sp.Le(muHn, muW), sp.Le(muW, muH)), parameters=TRAJ, quantities=S23A,
    derivation=(Step(sp.true, "Cauchy interlacing for the compression of H to 1^perp", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "eigenvalues / mu_1(H), at the worst i"),
))
wjk, wj = sp.symbols("mu_W_j1_2k mu_W_j")
S23B = (_measured(wjk, r"\mu_{W,j_{1},\mathrm{2k}}", "eigenvalue of the centred Gram W with index j + 1 + 2k",
                  r"\mu_{j+1+2k}(W),\ " + _HW, _CEN + "_centred_bt_env (divided by mu_j(W))"),
        _measured(wj, r"\mu_{W,j}", "eigenvalue of the centred Gram W with index j",
                  r"\mu_j(W),\ j \ge 1", _CEN + "_centred_bt_env (divided by itself)"))
K_CBT = _measured(k, "k", "index step: the compared eigenvalues have indices j + 1 + 2k and j",
                  r"\{1, \dots, \lfloor (n - 1 - j)/2 \rfloor\},\ j \ge 1", _BT + "_bt_env (shift 1)", rel=r"\in")
CLAIMS.append(_claim(
    id="ribbon.centred_bt", tag="S23b", kind=Kind.INEQ,
    title="mu_{j+1+2k}(W) <= 16 varrho_n^(-2k+2) mu_j(W), j + 1 + 2k <= n",
    statement=sp.Le(wjk, 16 * VARRHO ** (-2 * k + 2) * wj), parameters=TRAJ, quantities=S23B + (K_CBT,),
    derivation=(Step(sp.true, "(a), S22 at index j+1, (a)", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "worst (j, k); eigenvalues below 1e-11 mu_1 (float64) or 1e-40 mu_1 (mp) ignored"),
))
dim = sp.Symbol("dim")
DIM = _measured(dim, r"\dim", "number of eigenvalues of the centred Gram W above eps times the largest",
                r"\#\{i : \mu_i(W) > \varepsilon\,\mu_1(W)\},\ " + _HW, _CEN + "_s23c")
EPS_P = Param("eps", Choice((R_(1, 2), R_(1, 10), R_(1, 100), R_(1, 10**4), R_(1, 10**6), R_(1, 10**8), R_(1, 10**10))),
              "relative accuracy eps")
CLAIMS.append(_claim(
    id="ribbon.eps_dimension", tag="S23c", kind=Kind.INEQ,
    title="#{i : mu_i(W) > eps mu_1(W)} <= 2 ceil(L_eps) + 3",
    statement=sp.Le(dim, 2 * sp.ceiling(L_EPS) + 3), parameters=TRAJ + (EPS_P,), quantities=(DIM,),
    derivation=(Step(sp.true, "(b) with j = 1, k = 1 + ceil(L_eps)", StepCheck.NUMERIC),), assumptions=(TRAJ_NOTE,),
))
Rk = sp.Symbol("R_k")
R_K = _measured(Rk, "R_k", "residual stress of the centred Gram W after its k largest eigenvalues",
                r"R_k(W) = {\Bigl(\sum_{i > k} {\mu_i(W)}^2 \Big/ \sum_i {\mu_i(W)}^2\Bigr)}^{1/2},\ k \le n - 1,\ "
                + _HW, _CEN + "_s23d")
_B_I = sp.Min(1, 16 * VARRHO ** (-2 * sp.floor((i - 2) / 2) + 2))
CLAIMS.append(_claim(
    id="ribbon.residual_stress_bt", tag="S23d", kind=Kind.INEQ,
    title="R_k(W) <= sqrt(sum_{i=k+1}^{n-1} b_i^2), b_i = min(1, 16 varrho_n^(-2 floor((i-2)/2)+2))",
    statement=sp.Le(Rk, sp.sqrt(sp.Sum(_B_I ** 2, (i, k + 1, n - 1)))), quantities=(R_K,),
    parameters=TRAJ + (RANK_K,),
    derivation=(Step(sp.true, "(b) with j = 1 and mu_{i+1} <= mu_i; sum_{i>k} mu_i^2 / sum mu_i^2 <= "
                     "sum_{i>k} (mu_i/mu_1)^2", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE,),
))
wT, hT, wTjk, hTj = sp.symbols("mu_W_sub mu_H_full mu_W_sub_j2k mu_H_full_j")
#: W_T: the centred Gram of a checkpoint subset; H_(T+1): the Gram of all checkpoints 0..T (8 sigma^2 = 1)
_SUB = (r"W_{\mathcal{T}} = \Pi G_{\mathcal{T}} \Pi,\ \mathcal{T} \subseteq \{0, \dots, T\},\ "
        r"H_{T+1} = {(G_{tt'})}_{0 \le t, t' \le T},\ G_{tt'} = \sum_k w_k r_k^{t+t'}")
S23E = (_measured(wT, r"\mu_{W,\mathrm{sub}}", "eigenvalue of the centred Gram of a checkpoint subset with index i, "
                  "over the largest of the full Gram", r"\frac{\mu_i(W_{\mathcal{T}})}{\mu_1(H_{T+1})},\ " + _SUB,
                  _CEN + "_s23e"),
        _measured(hT, r"\mu_{H,\mathrm{full}}", "eigenvalue of the full-trajectory Gram with index i, over its largest",
                  r"\frac{\mu_i(H_{T+1})}{\mu_1(H_{T+1})},\ " + _SUB, _CEN + "_s23e"),
        _measured(wTjk, r"\mu_{W,\mathrm{sub},\mathrm{j2k}}", "eigenvalue of the centred Gram of the subset with "
                  "index j + 2k", r"\mu_{j+2k}(W_{\mathcal{T}}),\ " + _SUB, _CEN + "_s23e (divided by mu_j(H_(T+1)))"),
        _measured(hTj, r"\mu_{H,\mathrm{full},j}", "eigenvalue of the full-trajectory Gram with index j",
                  r"\mu_j(H_{T+1}),\ j \ge 1", _CEN + "_s23e (divided by itself)"))
K_SUB = _measured(k, "k", "index step: the compared eigenvalues have indices j + 2k and j",
                  r"\{1, \dots, \lfloor (|\mathcal{T}| - j)/2 \rfloor\},\ j \ge 1", _CEN + "_s23e", rel=r"\in")
DIM_T = _measured(dim, r"\dim", "number of eigenvalues of the centred Gram of checkpoints 0 to T above eps times the "
                  "largest", r"\#\{i : \mu_i(W) > \varepsilon\,\mu_1(W)\},\ n = T + 1,\ "
                  r"\mathrm{eig}(W) \setminus \{0\} = \mathrm{eig}(D_w^{1/2} Q^c D_w^{1/2}),\ "
                  r"Q^c_{kl} = \sum_{t=0}^{T} (r_k^t - \bar r_k)(r_l^t - \bar r_l),\ "
                  + _HW, _CEN + "_s23f")
CLAIMS.append(_claim(
    id="ribbon.checkpoint_subset", tag="S23e", kind=Kind.INEQ,
    title="mu_i(W_T) <= mu_i(H_{T+1}); mu_{j+2k}(W_T) <= 16 varrho_{T+1}^(-2k+2) mu_j(H_{T+1}) for any T subset",
    statement=sp.And(sp.Le(wT, hT), sp.Le(wTjk, 16 * VARRHO.subs(n, T + 1) ** (-2 * k + 2) * hTj)),
    quantities=S23E + (K_SUB,),
    parameters=TRAJ[:-2] + (replace(LAST_STEP, domain=Choice((2, 10, 40, 150)), description="last step"), GRID, SEED),
    derivation=(Step(sp.true, "G_T is a principal submatrix of G_{T+1}; interlacing; S22", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "worst i and worst (j, k); floors as in S23(b)"),
))
CLAIMS.append(_claim(
    id="ribbon.dimension_growth", tag="S23f", kind=Kind.INEQ,
    title="#{mu_i(W) > eps mu_1} <= (4/pi^2) ln(4(T+1)/pi) ln(16/eps) + 5 ~ (4/pi^2) ln T ln(16/eps)",
    statement=sp.Le(dim, 4 / sp.pi ** 2 * sp.log(4 * (T + 1) / sp.pi) * sp.log(16 / eps) + 5), quantities=(DIM_T,),
    parameters=TRAJ[:-2] + (replace(LAST_STEP, domain=Choice((1, 10, 100, 1000, 10**4))), EPS_P, SEED),
    derivation=(Step(sp.true, "(c) and 2 ceil(L) + 3 <= 2L + 5, 8 floor(n/2) <= 4n", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "the spec's '(4/pi^2) ln T ln(16/eps)' growth in checkable form (uniform checkpoints)",
                 "dim from the nonzero spectrum of W = D_w^1/2 Q^c D_w^1/2 (mode space, S17 identity)"),
))

# ================================================================ S24
hn, hn1, wn, wn1 = sp.symbols("mu_H_n mu_H_n1 mu_W_n mu_W_n1")
#: H_n, W_n: the trajectory Gram of checkpoints 0..n-1 and its centred form (8 sigma^2 = 1)
_HWN = (r"H_n = {(G_{tt'})}_{0 \le t, t' < n},\ W_n = \Pi_n H_n \Pi_n,\ G_{tt'} = \sum_k w_k r_k^{t+t'},\ "
        + _MEASURE)
_OVER_N1 = r"\text{ over } \mu_1(H_{n+1}),\ 1 \le i \le n,\ "
S24A = (_measured(hn, r"\mu_{H,n}", "eigenvalue of the Gram of n checkpoints with index i, over the largest with n + 1",
                  r"\mu_i(H_n)" + _OVER_N1 + _HWN, _CEN + "_s24a"),
        _measured(hn1, r"\mu_{H,n_{1}}", "eigenvalue of the Gram of n + 1 checkpoints with index i, over its largest",
                  r"\mu_i(H_{n+1})" + _OVER_N1 + _HWN, _CEN + "_s24a"),
        _measured(wn, r"\mu_{W,n}", "eigenvalue of the centred Gram of n checkpoints with index i, over the largest "
                  "of H_(n+1)", r"\mu_i(W_n)" + _OVER_N1 + _HWN, _CEN + "_s24a"),
        _measured(wn1, r"\mu_{W,n_{1}}", "eigenvalue of the centred Gram of n + 1 checkpoints with index i, over "
                  "the largest of H_(n+1)", r"\mu_i(W_{n+1})" + _OVER_N1 + _HWN, _CEN + "_s24a"))
CLAIMS.append(_claim(
    id="ribbon.monotone_growth", tag="S24a", kind=Kind.INEQ,
    title="mu_i(H_n) and mu_i(W_n) are nondecreasing in n",
    statement=sp.And(sp.Le(hn, hn1), sp.Le(wn, wn1)), parameters=TRAJ, quantities=S24A,
    derivation=(Step(sp.true, "H_n is a principal submatrix of H_{n+1}; S13 for W", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "eigenvalues / mu_1(H_{n+1}), at the worst i <= n"),
))
tH, tW, path = sp.symbols("tail_H tail_W path")
#: S24(b) at the Gaussian output sigma: H_n = G/(8 sigma^2), values over mu_1(H_n)
_HWS = r"H_n = G/(8\sigma^2),\ W_n = \Pi_n H_n \Pi_n,\ " + _GRAM
S24B = (_measured(tH, r"\mathrm{tail}_{H}", "sum of the eigenvalues of H_n beyond the m largest, over the largest",
                  r"\sum_{i > m} \frac{\mu_i(H_n)}{\mu_1(H_n)},\ " + _HWS, _CEN + "_s24b (m taken mod n + 1)"),
        _measured(tW, r"\mathrm{tail}_{W}", "sum of the eigenvalues of W_n beyond the m largest, over the largest of H_n",
                  r"\sum_{i > m} \frac{\mu_i(W_n)}{\mu_1(H_n)},\ " + _HWS, _CEN + "_s24b (m taken mod n + 1)"),
        _measured(path, r"\mathrm{path}", "squared path length still to travel after step m, over the largest "
                  "eigenvalue of H_n", r"\frac{1}{\mu_1(H_n)}\sum_k w_k \sum_{t=m}^{n-1} r_k^{2t} = "
                  r"\frac{1}{\mu_1(H_n)} \sum_{t=m}^{n-1} G_{tt},\ " + _GRAM,
                  _CEN + "_s24b (m taken mod n + 1)"))
SIGMA_P = Param("sigma", Interval(R_(1, 10), 10), "Gaussian output sigma")
CLAIMS.append(_claim(
    id="ribbon.time_truncation", tag="S24b", kind=Kind.INEQ,
    title="sum_{i>m} mu_i(H_n), sum_{i>m} mu_i(W_n) <= sum_k w_k sum_{t=m}^{n-1} r_k^(2t) / (8 sigma^2)",
    statement=sp.And(sp.Le(tH, path / (8 * sig ** 2)), sp.Le(tW, path / (8 * sig ** 2))), quantities=S24B,
    parameters=TRAJ + (KEPT, DOMINANT, SIGMA_P),
    derivation=(Step(sp.true, "Ky Fan split K = K_<m + K_>=m, rank K_<m <= m; S23(a) for W", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "path = sum_k w_k (r_k^(2m) - r_k^(2n))/(1 - r_k^2) (geometric sum)"),
))
dev, h1, ptail = sp.symbols("dev H1_norm pick_tail")
#: S24(c): the Pick spectrum pi_i at the Gaussian output sigma; values over pi_1
_PI = r"\pi_i = \frac{\lambda_i(P)}{8\sigma^2},\ " + _PICK + r",\ " + _HWS
S24C = (_measured(dev, r"\mathrm{dev}", "largest distance of the centred-Gram eigenvalues from the Pick spectrum, "
                  "over pi_1", r"\max_{i \le \min(n, d)} \frac{|\mu_i(W_n) - \pi_i|}{\pi_1},\ " + _PI, _CEN + "_s24c"),
        _measured(h1, r"H_{1,\mathrm{norm}}", "Euclidean norm of the row sums of H_n, over pi_1",
                  r"\frac{\|H_n \mathbf{1}\|_2}{\pi_1},\ " + _PI, _CEN + "_s24c"),
        _measured(ptail, r"\mathrm{pick}_{\mathrm{tail}}", "trace of the Pick matrix left after n steps, over pi_1",
                  r"\frac{1}{\pi_1}" + _TAIL + r",\ " + _PI, _CEN + "_s24c"))
CLAIMS.append(_claim(
    id="ribbon.saturation", tag="S24c", kind=Kind.INEQ,
    title="|mu_i(W_n) - pi_i| <= 2||H_n 1||/sqrt(n) + sum_k w_k r_k^(2n)/(8 sigma^2 (1 - r_k^2)), i <= min(n, d)",
    statement=sp.Le(dev, 2 * h1 / sp.sqrt(n) + ptail / (8 * sig ** 2)), quantities=S24C,
    parameters=TRAJ + (SIGMA_P,),
    derivation=(Step(sp.true, "||Pi H Pi - H|| <= 2||H 1||/sqrt(n); Weyl; 0 <= K_oo - K_n <= its trace", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "pi_i = eig(P)/(8 sigma^2); dev = max_i |mu_i(W_n) - pi_i|; pick_tail = "
                 "sum_k w_k r_k^(2n)/(1 - r_k^2)"),
))
muWn, piI = sp.symbols("mu_W_i pi_i")
S24C_LIMIT = (_measured(muWn, r"\mu_{W,i}", "eigenvalue with index i of the centred Gram of n checkpoints",
                        r"\mu_i(W_n) = \mu_i(D_w^{1/2} Q^c_n D_w^{1/2}),\ {(Q^c_n)}_{kl} = \sum_{t<n} (r_k^t - \bar r_k)"
                        r"(r_l^t - \bar r_l),\ 8\sigma^2 = 1,\ " + _HWN, _CEN + "_s24c_limit"),
              _measured(piI, r"\pi_i", "eigenvalue with index i of the Pick matrix",
                        r"\lambda_i(P),\ " + _PICK, _CEN + "_s24c_limit"))
CLAIMS.append(_claim(
    id="ribbon.saturation_limit", tag="S24c", kind=Kind.ASYMP,
    title="mu_i(W_n) -> pi_i (the Pick spectrum) as n -> oo, at least as fast as n^(-1/2)",
    statement=sp.Eq(muWn, piI), quantities=S24C_LIMIT,
    parameters=(replace(MODES, domain=IntRange(1, 8)), replace(RATE, domain=Interval(0, 1), description="geometric rate"),
                ETA, EIG_INDEX, SEED),
    large=n, rate=n ** R_(-1, 2),
    derivation=(Step(sp.true, "the bound of ribbon.saturation is O(n^-1/2): ||H_n 1|| stays bounded", StepCheck.NUMERIC),),
    assumptions=("n swept past the slowest relaxation time 1/min(eta lam_d, 2 - eta lam_1)",),
))
CLAIMS = tuple(CLAIMS)
