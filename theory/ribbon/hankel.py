"""Claims S21–S24 of spec/sloppiness.md (section 2.E) and conjecture K0 (S27): the Hankel structure of one
trajectory, the Beckermann–Townsend bound and its consequences for the inPCA spectrum of one run.

Statements are relations between named scalar quantities (an eigenvalue pair, a Gram entry, a count); the
checks compute them by an independent route (a simulated GD run, moments of the measure, mode matrices) and pick
the index where the statement itself is tightest, so a changed constant, exponent or direction is caught.
``varrho`` is spelled out, ``ϱ_n = exp(π²/(4 log(8⌊n/2⌋/π)))``, and S23(d)'s tail is a ``Sum`` over ``i``.
All claims are the project's formulation (tag P); S22 cites Beckermann–Townsend with the spec's provenance note.
"""
from __future__ import annotations

import sympy as sp

from ..claim import Choice, Interval, IntRange, Kind, Param, Step, StepCheck
from .provenance import spec_claim as _claim, spec_provenance as _prov

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational

n, k, i, T, eps, sig = sp.symbols("n k i T eps sigma")
#: ``ϱ_n`` of S22
VARRHO = sp.exp(sp.pi ** 2 / (4 * sp.log(8 * sp.floor(n / 2) / sp.pi)))
#: ``L_ε = (2/π²) log(8⌊n/2⌋/π) log(16/ε)`` (S22, S23c)
L_EPS = 2 / sp.pi ** 2 * sp.log(8 * sp.floor(n / 2) / sp.pi) * sp.log(16 / eps)

SEED = Param("seed", IntRange(0, 10**6), "instance seed")
ETA = Param("eta_lam1", Choice((R_(1, 2), 1, R_(19, 10), R_(1999, 1000))), "eta lambda_1 (1.999: near 2)")
DEGEN = Param("degenerate", Choice((False, True)), "near-degenerate spectrum lambda(1 + 1e-9 xi), tied nodes")
#: one run of S21: data with a prescribed spectrum, GD simulated step by step
RUN = (Param("d", IntRange(1, 12), "modes"), Param("N_extra", IntRange(0, 10), "N - d"), ETA, DEGEN,
       Param("zeros", IntRange(0, 3), "modes with alpha_k = 0 (w_k = 0)"), SEED)
#: S23/S24 trajectories (spec S24 domain): lambda_k = e^{-c(k-1)}, w_k = lambda_k e^{N(0,4)}
TRAJ = (Param("d", IntRange(1, 30), "modes"), Param("c", Interval(0, 2), "geometric rate (c <= 25/d)"), ETA, DEGEN,
        Param("n", Choice((2, 3, 5, 10, 40, 150)), "checkpoints 0..n-1"), SEED)
TRAJ_NOTE = "c <= min(2, 25/d) keeps lambda_min/lambda_1 >= e^-25 (no r = 1.0 in float64)"

# ================================================================ S21
Gs, Gm, Gv, Ga, Gb = sp.symbols("G_sim G_moment G_vandermonde G_t_tp G_t1_tp1")
_S21_PROOF = (Step(sp.true, "S1: Z_t - Y = sum_k r_k^t sqrt(N lam_k) u_k alpha_k and u_k orthonormal",
                   StepCheck.NUMERIC),)
CLAIMS.append(_claim(
    id="ribbon.trajectory_gram", tag="S21", kind=Kind.EXACT,
    title="G_tt' = <Z_t - Y, Z_t' - Y>/N = sum_k w_k r_k^(t+t') = (Phi D_w Phi^T)_tt', w_k = lam_k alpha_k^2",
    statement=sp.And(sp.Eq(Gs, Gm), sp.Eq(Gs, Gv)),
    parameters=RUN + (Param("T", Choice((1, 3, 10, 50, 300, 10**4)), "last step (n = T + 1)"),),
    derivation=_S21_PROOF,
    assumptions=("C = 1, realisable teacher; G_sim from a GD run iterated step by step (verify.ribbon.trajectory)",
                 "entries divided by G_00 = sum_k w_k; checked on up to 40 checkpoints including 0 and T"),
))
CLAIMS.append(_claim(
    id="ribbon.gram_hankel", tag="S21", kind=Kind.EXACT,
    title="the simulated time Gram is Hankel: G_{t,t'} = G_{t+1,t'-1}",
    statement=sp.Eq(Ga, Gb),
    parameters=RUN + (Param("t0", IntRange(0, 10**3), "first checkpoint of the window"),
                      Param("n", IntRange(3, 40), "consecutive checkpoints")),
    derivation=_S21_PROOF,
    assumptions=("G_t_tp = G_{t,t'}, G_t1_tp1 = G_{t+1,t'-1} over the window, divided by G_00",),
))
mumin, rank, nodes = sp.symbols("mu_min rank nodes")
GRAM_N = Param("n", Choice((2, 3, 5, 10, 20, 100, 1000)), "checkpoints 0..n-1")
CLAIMS.append(_claim(
    id="ribbon.gram_psd_rank", tag="S21", kind=Kind.EXACT,
    title="G = Phi D_w Phi^T is PSD with rank G <= #{distinct r_k : w_k > 0} and <= n",
    statement=sp.And(sp.Ge(mumin, 0), sp.Le(rank, nodes), sp.Le(rank, n)),
    parameters=RUN + (GRAM_N,),
    derivation=(Step(sp.true, "G = Phi D_w Phi^T with D_w >= 0; equal nodes merge into one Vandermonde column",
                     StepCheck.NUMERIC),),
    assumptions=("mu_min = lambda_min(G)/lambda_1(G); rank = #{mu_i > 10^-(dps-10) mu_1} (mp, n <= 20) or "
                 "#{mu_i > 1e-10 mu_1} (float64, n >= 100)",),
))
muG, muK = sp.symbols("mu_G mu_K")
CLAIMS.append(_claim(
    id="ribbon.gram_mode_spectrum", tag="S21", kind=Kind.EXACT,
    title="nonzero eig(G) = eig(D_w^1/2 Q D_w^1/2), Q_kl = sum_{t<n} (r_k r_l)^t",
    statement=sp.Eq(muG, muK), parameters=RUN + (GRAM_N,),
    derivation=(Step(sp.true, "G = (Phi D_w^1/2)(Phi D_w^1/2)^T and Q = Phi^T Phi share nonzero spectra", StepCheck.NUMERIC),),
    assumptions=("mu_G, mu_K: i-th eigenvalues (zero-padded) divided by mu_1(G), at the worst i",),
))
Gst, Gme = sp.symbols("G_strided G_measure")
CLAIMS.append(_claim(
    id="ribbon.gram_strided", tag="S21", kind=Kind.EXACT,
    title="strided checkpoints t0 + j Delta: Hankel moment matrix of sum_k w_k r_k^(2 t0) delta_{r_k^Delta}",
    statement=sp.Eq(Gst, Gme),
    parameters=RUN + (Param("t0", IntRange(0, 10**3), "first checkpoint"), Param("Delta", IntRange(1, 50), "stride"),
                      Param("n", IntRange(2, 30), "checkpoints")),
    derivation=_S21_PROOF,
    assumptions=("G_strided from the GD run at t0 + j Delta; G_measure = sum_k (w_k r_k^(2 t0)) (r_k^Delta)^(j+j')",
                 "entries divided by sum_k w_k"),
))
lstep, lpick, trgap, ttail = sp.symbols("lmin_step lmin_pick tr_pick_gap tail_trace")
CLAIMS.append(_claim(
    id="ribbon.pick_limit", tag="S21", kind=Kind.INEQ,
    title="D_w^1/2 Q_n D_w^1/2 increases (Loewner) to the Pick matrix sqrt(w_k w_l)/(1 - r_k r_l)",
    statement=sp.And(sp.Ge(lstep, 0), sp.Ge(lpick, 0), sp.Eq(trgap, ttail)),
    parameters=TRAJ[:-2] + (Param("n", IntRange(1, 10**4), "checkpoints"), SEED),
    derivation=(Step(sp.true, "Q_oo - Q_n = sum_{t>=n} rho_t rho_t^T >= 0, rho_t = (r_k^t)_k", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "lmin_step = lambda_min(K_{n+1} - K_n), lmin_pick = lambda_min(P - K_n), both / lambda_1(P)",
                 "tail_trace = sum_k w_k r_k^(2n)/(1 - r_k^2) / lambda_1(P) (closed geometric tail)"),
))

# ================================================================ S22 and K0
sjk, sj = sp.symbols("sigma_j2k sigma_j")
BT_NOTE = (
    "Cited: B. Beckermann & A. Townsend, 'On the singular values of matrices with displacement structure', SIAM J. "
    "Matrix Anal. Appl. 38(4):1227-1248 (2017), arXiv:1609.09494; and 'Bounds on the singular values of matrices with "
    "displacement structure', SIAM Review 61(2):319-344 (2019), DOI 10.1137/19M1244433. Only the abstracts were read "
    "(kth singular value of a real n x n positive definite Hankel matrix <= C rho^(-k/log n) ||H||_2; rank "
    "O(log n log 1/eps)). The theorem text itself (number, hypotheses, constants) could not be reached: the constants "
    "16 and varrho_n = exp(pi^2/(4 log(8 floor(n/2)/pi))) with exponent -2k+2 were reconstructed from two public code "
    "files (a Python eps-rank snippet 2 ceil(2 log(8 floor(n/2)/pi) log(16/eps)/pi^2) + 2, and the experiment script "
    "apparently accompanying M. Webb, arXiv:2509.14017, with exponent -2k and a parity correction). The sharper "
    "reading sigma_{j+2k} <= 16 varrho_n^(-2k) sigma_j is false for odd n (G7a); the conservative form is used.")
BT_PARAMS = (Param("family", Choice(("normal", "cauchy", "interval", "near_one")), "node law of the random measure"),
             Param("n", IntRange(3, 16), "matrix size"), Param("atoms", IntRange(1, 40), "atoms of the measure"),
             Param("s", Interval(R_(1, 10), 30), "node scale (normal, cauchy)"), SEED)
_BT_ASSUME = ("H real PSD Hankel n x n = moment matrix of a positive measure on R; 1 <= j, 1 <= k, j + 2k <= n",
              "sigma_j2k, sigma_j: singular values at the worst (j, k); indices below 1e-40 sigma_1 (mp) or "
              "1e-12 sigma_1 (float64) ignored (spec S22 numerical check)")
CLAIMS.append(_claim(
    id="ribbon.bt_bound", tag="S22", kind=Kind.CITED,
    title="Beckermann-Townsend (constants as recovered): sigma_{j+2k}(H) <= 16 varrho_n^(-2k+2) sigma_j(H)",
    statement=sp.Le(sjk, 16 * VARRHO ** (-2 * k + 2) * sj), parameters=BT_PARAMS,
    prov=_prov("S22", BT_NOTE), assumptions=_BT_ASSUME,
    derivation=(Step(sp.true, "Beckermann & Townsend 2017/2019 (Zolotarev numbers); constants as recovered, see "
                     "provenance", StepCheck.CITED),),
))
cnt = sp.Symbol("count")
CLAIMS.append(_claim(
    id="ribbon.bt_eps_rank", tag="S22", kind=Kind.CITED,
    title="eps-rank: #{sigma_i > eps sigma_1} <= 2 ceil((2/pi^2) log(8 floor(n/2)/pi) log(16/eps)) + 2",
    statement=sp.Le(cnt, 2 * sp.ceiling(L_EPS) + 2),
    parameters=BT_PARAMS + (Param("eps_exp", Interval(R_(1, 10), 30), "eps = 10^-eps_exp"),),
    prov=_prov("S22", BT_NOTE), assumptions=_BT_ASSUME[:1],
    derivation=(Step(sp.true, "the bound with j = 1, k = 1 + ceil(L_eps): 16 varrho_n^(-2 ceil(L_eps)) <= eps",
                     StepCheck.NUMERIC),),
))
_SHARP = sp.Le(sjk, 16 * VARRHO ** (-2 * k) * sj)
CLAIMS.append(_claim(
    id="ribbon.bt_sharp_even", tag="S27", kind=Kind.CONJ,
    title="K0 (S27): the sharp reading sigma_{j+2k} <= 16 varrho_n^(-2k) sigma_j for even n",
    statement=_SHARP,
    parameters=(BT_PARAMS[0], Param("n", Choice(tuple(range(4, 17, 2))), "even matrix size")) + BT_PARAMS[2:],
    prov=_prov("S27 K0"), assumptions=_BT_ASSUME,
))
CLAIMS.append(_claim(
    id="ribbon.bt_sharp_all_n", tag="S27", kind=Kind.CONJ,
    title="the sharp reading for every n >= 3 (refuted: G7a, n = 3, sigma_3/sigma_1 = 1/3 > 16 varrho_3^-2)",
    statement=_SHARP, parameters=BT_PARAMS, prov=_prov("S22 / S27 K0 / G7a"), assumptions=_BT_ASSUME,
))

# ================================================================ S23
muHn, muW, muH = sp.symbols("mu_H_next mu_W mu_H")
CLAIMS.append(_claim(
    id="ribbon.centring_interlaces", tag="S23a", kind=Kind.INEQ,
    title="mu_{i+1}(H) <= mu_i(W) <= mu_i(H), W = Pi_n H Pi_n, 1 <= i <= n-1",
    statement=sp.And(sp.Le(muHn, muW), sp.Le(muW, muH)), parameters=TRAJ,
    derivation=(Step(sp.true, "Cauchy interlacing for the compression of H to 1^perp", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "eigenvalues / mu_1(H), at the worst i"),
))
wjk, wj = sp.symbols("mu_W_j1_2k mu_W_j")
CLAIMS.append(_claim(
    id="ribbon.centred_bt", tag="S23b", kind=Kind.INEQ,
    title="mu_{j+1+2k}(W) <= 16 varrho_n^(-2k+2) mu_j(W), j + 1 + 2k <= n",
    statement=sp.Le(wjk, 16 * VARRHO ** (-2 * k + 2) * wj), parameters=TRAJ,
    derivation=(Step(sp.true, "(a), S22 at index j+1, (a)", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "worst (j, k); eigenvalues below 1e-11 mu_1 (float64) or 1e-40 mu_1 (mp) ignored"),
))
dim = sp.Symbol("dim")
EPS_P = Param("eps", Choice((R_(1, 2), R_(1, 10), R_(1, 100), R_(1, 10**4), R_(1, 10**6), R_(1, 10**8), R_(1, 10**10))),
              "relative accuracy eps")
CLAIMS.append(_claim(
    id="ribbon.eps_dimension", tag="S23c", kind=Kind.INEQ,
    title="#{i : mu_i(W) > eps mu_1(W)} <= 2 ceil(L_eps) + 3",
    statement=sp.Le(dim, 2 * sp.ceiling(L_EPS) + 3), parameters=TRAJ + (EPS_P,),
    derivation=(Step(sp.true, "(b) with j = 1, k = 1 + ceil(L_eps)", StepCheck.NUMERIC),), assumptions=(TRAJ_NOTE,),
))
Rk = sp.Symbol("R_k")
_B_I = sp.Min(1, 16 * VARRHO ** (-2 * sp.floor((i - 2) / 2) + 2))
CLAIMS.append(_claim(
    id="ribbon.residual_stress_bt", tag="S23d", kind=Kind.INEQ,
    title="R_k(W) <= sqrt(sum_{i=k+1}^{n-1} b_i^2), b_i = min(1, 16 varrho_n^(-2 floor((i-2)/2)+2))",
    statement=sp.Le(Rk, sp.sqrt(sp.Sum(_B_I ** 2, (i, k + 1, n - 1)))),
    parameters=TRAJ + (Param("k", IntRange(1, 149), "rank k <= n - 1"),),
    derivation=(Step(sp.true, "(b) with j = 1 and mu_{i+1} <= mu_i; sum_{i>k} mu_i^2 / sum mu_i^2 <= "
                     "sum_{i>k} (mu_i/mu_1)^2", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE,),
))
wT, hT, wTjk, hTj = sp.symbols("mu_W_sub mu_H_full mu_W_sub_j2k mu_H_full_j")
CLAIMS.append(_claim(
    id="ribbon.checkpoint_subset", tag="S23e", kind=Kind.INEQ,
    title="mu_i(W_T) <= mu_i(H_{T+1}); mu_{j+2k}(W_T) <= 16 varrho_{T+1}^(-2k+2) mu_j(H_{T+1}) for any T subset",
    statement=sp.And(sp.Le(wT, hT), sp.Le(wTjk, 16 * VARRHO.subs(n, T + 1) ** (-2 * k + 2) * hTj)),
    parameters=TRAJ[:-2] + (Param("T", Choice((2, 10, 40, 150)), "last step"),
                            Param("grid", Choice(("random", "log", "strided")), "checkpoint subset"), SEED),
    derivation=(Step(sp.true, "G_T is a principal submatrix of G_{T+1}; interlacing; S22", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "worst i and worst (j, k); floors as in S23(b)"),
))
CLAIMS.append(_claim(
    id="ribbon.dimension_growth", tag="S23f", kind=Kind.INEQ,
    title="#{mu_i(W) > eps mu_1} <= (4/pi^2) ln(4(T+1)/pi) ln(16/eps) + 5 ~ (4/pi^2) ln T ln(16/eps)",
    statement=sp.Le(dim, 4 / sp.pi ** 2 * sp.log(4 * (T + 1) / sp.pi) * sp.log(16 / eps) + 5),
    parameters=TRAJ[:-2] + (Param("T", Choice((1, 10, 100, 1000, 10**4)), "last step (n = T + 1)"), EPS_P, SEED),
    derivation=(Step(sp.true, "(c) and 2 ceil(L) + 3 <= 2L + 5, 8 floor(n/2) <= 4n", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "the spec's '(4/pi^2) ln T ln(16/eps)' growth in checkable form (uniform checkpoints)",
                 "dim from the nonzero spectrum of W = D_w^1/2 Q^c D_w^1/2 (mode space, S17 identity)"),
))

# ================================================================ S24
hn, hn1, wn, wn1 = sp.symbols("mu_H_n mu_H_n1 mu_W_n mu_W_n1")
CLAIMS.append(_claim(
    id="ribbon.monotone_growth", tag="S24a", kind=Kind.INEQ,
    title="mu_i(H_n) and mu_i(W_n) are nondecreasing in n",
    statement=sp.And(sp.Le(hn, hn1), sp.Le(wn, wn1)), parameters=TRAJ,
    derivation=(Step(sp.true, "H_n is a principal submatrix of H_{n+1}; S13 for W", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "eigenvalues / mu_1(H_{n+1}), at the worst i <= n"),
))
tH, tW, path = sp.symbols("tail_H tail_W path")
SIGMA_P = Param("sigma", Interval(R_(1, 10), 10), "Gaussian output sigma")
CLAIMS.append(_claim(
    id="ribbon.time_truncation", tag="S24b", kind=Kind.INEQ,
    title="sum_{i>m} mu_i(H_n), sum_{i>m} mu_i(W_n) <= sum_k w_k sum_{t=m}^{n-1} r_k^2t / (8 sigma^2)",
    statement=sp.And(sp.Le(tH, path / (8 * sig ** 2)), sp.Le(tW, path / (8 * sig ** 2))),
    parameters=TRAJ + (Param("m", IntRange(0, 150), "dimensions kept (m <= n)"),
                       Param("dominant", Choice((False, True)), "one mode carries almost all weight"), SIGMA_P),
    derivation=(Step(sp.true, "Ky Fan split K = K_<m + K_>=m, rank K_<m <= m; S23(a) for W", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "path = sum_k w_k (r_k^2m - r_k^2n)/(1 - r_k^2) (geometric sum)"),
))
dev, h1, ptail = sp.symbols("dev H1_norm pick_tail")
CLAIMS.append(_claim(
    id="ribbon.saturation", tag="S24c", kind=Kind.INEQ,
    title="|mu_i(W_n) - pi_i| <= 2||H_n 1||/sqrt(n) + sum_k w_k r_k^2n/(8 sigma^2 (1 - r_k^2)), i <= min(n, d)",
    statement=sp.Le(dev, 2 * h1 / sp.sqrt(n) + ptail / (8 * sig ** 2)),
    parameters=TRAJ + (SIGMA_P,),
    derivation=(Step(sp.true, "||Pi H Pi - H|| <= 2||H 1||/sqrt(n); Weyl; 0 <= K_oo - K_n <= its trace", StepCheck.NUMERIC),),
    assumptions=(TRAJ_NOTE, "pi_i = eig(P)/(8 sigma^2); dev = max_i |mu_i(W_n) - pi_i|; pick_tail = "
                 "sum_k w_k r_k^2n/(1 - r_k^2)"),
))
muWn, piI = sp.symbols("mu_W_i pi_i")
CLAIMS.append(_claim(
    id="ribbon.saturation_limit", tag="S24c", kind=Kind.ASYMP,
    title="mu_i(W_n) -> pi_i (the Pick spectrum) as n -> oo, at least as fast as n^(-1/2)",
    statement=sp.Eq(muWn, piI),
    parameters=(Param("d", IntRange(1, 8), "modes"), Param("c", Interval(0, 1), "geometric rate"), ETA,
                Param("i", IntRange(1, 8), "eigenvalue index (<= d)"), SEED),
    large=n, rate=n ** R_(-1, 2),
    derivation=(Step(sp.true, "the bound of ribbon.saturation is O(n^-1/2): ||H_n 1|| stays bounded", StepCheck.NUMERIC),),
    assumptions=("n swept past the slowest relaxation time 1/min(eta lam_d, 2 - eta lam_1)",),
))
CLAIMS = tuple(CLAIMS)
