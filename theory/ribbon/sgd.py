"""Claims S31–S34 of spec/sloppiness.md (section 2.I): stochastic gradient descent on the linear model.

SGD step on a batch ``B`` (``|B| = b``): ``w ← w − (η/b) Σ_{n∈B} x_n(x_nᵀw − y_n)``, batches independent across
steps, drawn with replacement (ordered ``b``-tuples) or without (uniform ``b``-subsets); ``e_t = w_t − w*``,
``R = I − ηΣ``, ``A_n = x_n x_nᵀ``.  Statements relate named scalars (mode amplitudes, matrix entries, norms);
the checks compute the left-hand sides by an independent route (exact enumeration of every batch sequence,
simulated SGD ensembles) and evaluate the right-hand side from the statement itself.  All claims are the
project's own formulation (tag P).
"""
from __future__ import annotations

import itertools
from dataclasses import replace

import sympy as sp

from ..claim import Choice, Interval, IntRange, Kind, Param, Step, StepCheck
from ..quantity import Quantity, measured
from .provenance import spec_claim as _claim

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational


eta, b, N, t, omega = sp.symbols("eta b N t omega")
_V = "sloppy_verifier.verify."
_CHK = _V + "checks.ribbon_sgd."
_SGD = _V + "ribbon.sgd."

# ---------------------------------------------------------------- parameters
#: one object per parameter name (points are keyed by name): a claim with a narrower domain takes ``replace`` of it
SEED = Param("seed", IntRange(0, 10**6), "instance seed")
SCHEME = Param("scheme", Choice(("with", "without")), "batches with / without replacement")
SAMPLES = Param("N", IntRange(2, 60), "samples")
DIM = Param("d", IntRange(1, 30), "dimension")
BATCH = Param("b", IntRange(1, 60), "batch size (clipped to N)")
DOMAIN = (SAMPLES, DIM, BATCH, SCHEME, SEED)
#: S31, S32: the step size through the product eta tr Sigma
ETA_TR = Param("eta_trace", Interval(0, 4, open_lo=True), "eta tr Sigma")
TARGET = Param("target", Choice(("realisable", "noisy")), "y = X w* or any y (w* = X^+ y)")
#: S33: eta as a fraction of eta_max, the spectral decay of the design and the horizon
ETA_FRAC = Param("eta_frac", Interval(0, 1, open_lo=True, open_hi=True), "eta / eta_max, eta_max = 2/(lam1 + Rx2/b)")
DECAY = Param("u", Interval(0, 2), "spectral decay lam_k = e^{-u k/2}")
HORIZON = Param("H", IntRange(1, 1000), "horizon")
#: S34: the Gaussian output's sigma
SIGMA_OUT = Param("sigma", Interval(R_(1, 10), 10), "Gaussian output sigma")

# ---------------------------------------------------------------- quantities
#: the data, the SGD error and its moments (module docstring; spec S31, S32)
_SIG = r"\Sigma = \frac{1}{N} X^{\top} X = \sum_k \lambda_k v_k v_k^{\top}"
_ERR = r"e_t = w_t - w^*,\ R = I - \eta\Sigma"
_MOM = r"P_t = \mathbb{E}[e_t e_t^{\top}],\ " + _ERR
_COV = r"\mathrm{Cov}_t = P_t - \bar{e}_t \bar{e}_t^{\top},\ \bar{e}_t = R^t e_0,\ " + _MOM
TR_SIGMA = measured("tr_Sigma", r"\operatorname{tr}\Sigma", "trace of the input second-moment matrix",
                     r"\operatorname{tr}\Sigma = \frac{1}{N}\sum_{n=1}^{N} \|x_n\|^2", _CHK + "_exact_instance")
#: S31, S32: the step size is set through eta tr Sigma (the parameter eta_trace)
ETA_TRACE = Quantity("eta", r"\eta", "SGD step size, set by the product eta tr Sigma",
                     definition=ETA_TR.symbol / TR_SIGMA.symbol, uses=(TR_SIGMA,))
LAM1 = measured("lam1", r"\lambda_1", "largest eigenvalue of Sigma", r"\lambda_1 = \lambda_{\max}(\Sigma),\ " + _SIG,
                 _CHK + "_tube_values")
RX2 = measured("Rx2", "R_x^2", "largest squared input norm", r"R_x^2 = \max_n \|x_n\|^2", _CHK + "_tube_values")
#: S33: eta a fraction of eta_max = 2/(lam1 + Rx2/b); S34: eta = 1/(2 lam1)
ETA_TUBE = Quantity("eta", r"\eta", "SGD step size, the given fraction of eta_max = 2/(lambda_1 + R_x^2/b)",
                    definition=ETA_FRAC.symbol * 2 / (LAM1.symbol + RX2.symbol / b), uses=(LAM1, RX2))
ETA_S34 = Quantity("eta", r"\eta", "SGD step size of the S34 ensembles, eta = 1/(2 lambda_1)", definition=1 / (2 * LAM1.symbol),
                   uses=(LAM1,))

# ---------------------------------------------------------------- symbolic small cases
def _vectors(n: int, d: int):
    return [sp.Matrix(d, 1, sp.symbols(f"x{i}_1:{d + 1}")) for i in range(1, n + 1)]


def _batch_law(n: int, bb: int, scheme: str):
    return (list(itertools.product(range(n), repeat=bb)) if scheme == "with"
            else list(itertools.combinations(range(n), bb)))


def _sigma_B(xs, batch):
    return sum((xs[i] * xs[i].T for i in batch), sp.zeros(xs[0].rows)) / len(batch)


def _mean_steps():
    """E[Σ_B] = Σ (both schemes) and the expected SGD map is the GD map (affine, any targets)."""
    xs = _vectors(3, 2)
    Sig = sum((x * x.T for x in xs), sp.zeros(2)) / 3
    steps = []
    for scheme in ("with", "without"):
        law = _batch_law(3, 2, scheme)
        steps.append(Step(sp.Eq(sum((_sigma_B(xs, B) for B in law), sp.zeros(2)) / len(law), Sig),
                          f"E[Sigma_B] = Sigma, N = 3, b = 2, {scheme} replacement (P(n ∈ B) = b/N)",
                          display=sp.Eq(sp.MatrixSymbol(r"\mathbb{E}\,\Sigma_B", 2, 2), sp.MatrixSymbol("Sigma", 2, 2),
                                        evaluate=False)))
    w, ys = sp.Matrix(2, 1, sp.symbols("w1:3")), sp.symbols("y1:4")
    sgd = [w - eta / len(B) * sum((xs[n] * ((xs[n].T * w)[0] - ys[n]) for n in B), sp.zeros(2, 1))
           for B in _batch_law(3, 2, "with")]
    gd = w - eta * sum((xs[n] * ((xs[n].T * w)[0] - ys[n]) for n in range(3)), sp.zeros(2, 1)) / 3
    d = sp.Symbol("d")
    W, S = sp.MatrixSymbol("w_t", d, 1), sp.MatrixSymbol("Sigma", d, d)
    Xy = sp.MatrixSymbol(r"X^{\top} y", d, 1)
    ES_B, Ew = sp.MatrixSymbol(r"\mathbb{E}\,\Sigma_B", d, d), sp.MatrixSymbol(r"\mathbb{E}\,w_{t+1}", d, 1)
    steps.append(Step(sp.Eq(sum(sgd, sp.zeros(2, 1)) / len(sgd), gd),
                      "the expected SGD map over an independent batch is the GD map (N = 3, b = 2, any y)",
                      display=sp.Eq(Ew, W - eta * (ES_B * W - Xy / N), evaluate=False)))
    steps.append(Step(sp.true, "induction over t with B_t independent of e_t; projection on the eigenvectors of "
                      "Sigma", StepCheck.NUMERIC))
    return steps


def _second_moment_steps():
    """E[Σ_B P Σ_B] = ΣPΣ + (f/b)(Γ(P) − ΣPΣ) on symbolic data (spec S32 proof)."""
    steps = []
    for n, bb, scheme, f in ((2, 2, "with", 1), (3, 2, "with", 1), (3, 2, "without", R_(1, 2))):
        xs = _vectors(n, 2)
        p11, p12, p22 = sp.symbols("p11 p12 p22")
        P = sp.Matrix([[p11, p12], [p12, p22]])
        Sig = sum((x * x.T for x in xs), sp.zeros(2)) / n
        Gam = sum(((x.T * P * x)[0] * x * x.T for x in xs), sp.zeros(2)) / n
        law = _batch_law(n, bb, scheme)
        lhs = sum((_sigma_B(xs, B) * P * _sigma_B(xs, B) for B in law), sp.zeros(2)) / len(law)
        rhs = Sig * P * Sig + sp.Rational(f) / bb * (Gam - Sig * P * Sig)
        steps.append(Step(sp.Eq(lhs.expand(), rhs.expand()),
                          f"E[Sigma_B P Sigma_B], N = {n}, b = {bb}, {scheme} replacement, f = {f}"))
    steps.append(Step(sp.true, "E[e_{t+1}e_{t+1}^T] = E[(I - eta Sigma_B) P_t (I - eta Sigma_B)]; subtract "
                      "ebar_{t+1} ebar_{t+1}^T = R ebar_t ebar_t^T R", StepCheck.NUMERIC))
    return steps


def _reshuffle_steps():
    """Two steps of a reshuffled epoch (b = 1): E[A_{π1} A_{π0}] = (N²Σ² − NΓ₂)/(N(N − 1)), Γ₂ = E_n[A_n²]."""
    steps = []
    for n in (2, 3):
        xs = _vectors(n, 2)
        A = [x * x.T for x in xs]
        I2 = sp.eye(2)
        Sig = sum(A, sp.zeros(2)) / n
        pairs = list(itertools.permutations(range(n), 2))
        mean = sum(((I2 - eta * A[j]) * (I2 - eta * A[i]) for i, j in pairs), sp.zeros(2)) / len(pairs)
        var = sum(((a - Sig) ** 2 for a in A), sp.zeros(2)) / n
        steps.append(Step(sp.Eq((mean - (I2 - eta * Sig) ** 2).expand(), (-eta ** 2 / (n - 1) * var).expand()),
                          f"E[(I - eta A_pi1)(I - eta A_pi0)] - R^2 = -eta^2/(N-1) E_n[(A_n - Sigma)^2], N = {n}"))
    return steps


# ================================================================ S31
mk, lk, ak = sp.symbols("m_k lam_k alpha_k")
S31_QUANTITIES = (
    measured("m_k", "m_k", "mode amplitude of the mean SGD error", r"m_k = v_k^{\top}(\mathbb{E}[w_t] - w^*),\ "
              r"w^* = X^+ y,\ " + _SIG, _CHK + "_mean_exact"),
    measured("lam_k", r"\lambda_k", "eigenvalues of Sigma", r"\lambda_k = \lambda_k(\Sigma),\ " + _SIG, _CHK + "_mp_modes"),
    measured("alpha_k", r"\alpha_k", "mode amplitude of the initial error",
              r"\alpha_k = v_k^{\top}(w_0 - w^*),\ w^* = X^+ y,\ " + _SIG, _CHK + "_mean_exact"),
    measured("t", "t", "number of SGD steps taken from w_0",
              r"t \in \{0, 1, 2, \dots\} \text{, the number of steps } w_{s+1} = w_s - \eta \Sigma_{B_s}(w_s - w^*)",
              _CHK + "_s31"),
    ETA_TRACE)
CLAIMS.append(_claim(
    id="ribbon.sgd_mean", tag="S31", kind=Kind.EXACT,
    title="E[w_t] - w* = (I - eta Sigma)^t (w_0 - w*): per mode m_k = (1 - eta lam_k)^t alpha_k, both schemes, any y",
    statement=sp.Eq(mk, (1 - eta * lk) ** t * ak),
    parameters=DOMAIN + (replace(ETA_TR, description="eta tr Sigma (any eta, unstable too)"), TARGET),
    assumptions=("m_k = v_k^T(E[w_t] - w*), alpha_k = v_k^T(w_0 - w*), v_k eigenvectors of Sigma",
                 "non-realisable y: w* = X^+ y (on modes with lam_k = 0 both sides are v_k^T w_0)",
                 "exact enumeration: N = 3, b <= 2, t <= 3 (spec); simulated ensembles on the full domain"),
    derivation=_mean_steps, quantities=S31_QUANTITIES,
))
g_i, h_i = sp.symbols("g_i h_i")
RESHUFFLE = (
    measured("g_i", "g_i", "entries of the gap between the reshuffled mean error after two steps and the GD error",
              r"g_i = {\big(\mathbb{E}[e_2] - R^2 e_0\big)}_i,\ " + _ERR
              + r",\ b = 1 \text{, the two batches the first two of a uniform random permutation}", _CHK + "_reshuffle_values"),
    measured("h_i", "h_i", "entries of the mean squared deviation of A_n from Sigma applied to e_0",
              r"h_i = {\Big(\frac{1}{N}\sum_{n=1}^{N} {(A_n - \Sigma)}^2 e_0\Big)}_i,\ A_n = x_n x_n^{\top}",
              _CHK + "_reshuffle_values"),
    ETA_TRACE)
CLAIMS.append(_claim(
    id="ribbon.sgd_reshuffle_mean", tag="S31", kind=Kind.EXACT,
    title="epoch-wise reshuffling breaks S31: E[e_2] - R^2 e_0 = -eta^2/(N-1) E_n[(A_n - Sigma)^2] e_0 (b = 1)",
    statement=sp.Eq(g_i, -eta ** 2 / (N - 1) * h_i),
    parameters=(replace(SAMPLES, domain=IntRange(2, 4), description="samples (N! permutations enumerated)"),
                replace(DIM, domain=IntRange(1, 3)), ETA_TR, SEED),
    assumptions=("realisable targets; g = E[e_2] - R^2 e_0 after two steps of a uniformly permuted epoch, b = 1; "
                 "h = E_n[(A_n - Sigma)^2] e_0 (entries i)",
                 "h = 0 only if every (A_n - Sigma) e_0 = 0: the reshuffled mean differs from GD at order eta^2 "
                 "(spec S31 'not for epoch-wise reshuffling', open question 10); witness G5: g = (-1/16, 0)"),
    derivation=_reshuffle_steps, quantities=RESHUFFLE,
))

# ================================================================ S32
Pn, RPR, Cn, RCR, Nc = sp.symbols("P_next RPR C_next RCR N_P")
_NOISE = (r"\mathcal{N}(P) = \frac{1}{N}\sum_{n=1}^{N} (x_n^{\top} P x_n)\, x_n x_n^{\top} - \Sigma P \Sigma")
S32_QUANTITIES = (
    measured("P_next", r"{(P_{t+1})}_{ij}", "entries of the SGD error second moment after the step",
              r"{(P_{t+1})}_{ij},\ " + _MOM, _CHK + "_moments_exact"),
    measured("RPR", r"{(R P_t R)}_{ij}", "entries of the GD map applied to the second moment",
              r"{(R P_t R)}_{ij},\ " + _MOM, _CHK + "_second_exact"),
    measured("C_next", r"{(\mathrm{Cov}_{t+1})}_{ij}", "entries of the covariance of the SGD deviation from GD after the step",
              r"{(\mathrm{Cov}_{t+1})}_{ij},\ " + _COV, _CHK + "_moments_exact"),
    measured("RCR", r"{(R\,\mathrm{Cov}_t R)}_{ij}", "entries of the GD map applied to the covariance",
              r"{(R\,\mathrm{Cov}_t R)}_{ij},\ " + _COV, _CHK + "_second_exact"),
    measured("N_P", r"{\mathcal{N}(P_t)}_{ij}", "entries of the batch-noise operator applied to the second moment",
              r"{\mathcal{N}(P_t)}_{ij},\ " + _NOISE, _SGD + "noise_operator"),
    measured("omega", r"\omega", "batch scheme indicator: 0 with replacement, 1 without",
              r"\omega = 0 \text{ with replacement, } \omega = 1 \text{ without replacement}", _CHK + "_second_exact"),
    ETA_TRACE)
f_ = 1 - omega * (b - 1) / (N - 1)          # 1 with replacement (omega = 0), (N - b)/(N - 1) without (omega = 1)
CLAIMS.append(_claim(
    id="ribbon.sgd_second_moment", tag="S32", kind=Kind.EXACT,
    title="P_{t+1} = R P_t R + (eta^2 f/b) N(P_t), Cov_{t+1} = R Cov_t R + (eta^2 f/b) N(P_t), f = 1 or (N-b)/(N-1)",
    statement=sp.And(sp.Eq(Pn, RPR + eta ** 2 * f_ / b * Nc), sp.Eq(Cn, RCR + eta ** 2 * f_ / b * Nc)),
    parameters=DOMAIN + (ETA_TR,),
    assumptions=("realisable targets; entries (i, j) of P_{t+1}, R P_t R, Cov_{t+1}, R Cov_t R, N(P_t)",
                 "omega = 0 with replacement, 1 without; N(P) = Gamma(P) - Sigma P Sigma",
                 "exact enumeration: N = 3, b <= 2 (and b = N without replacement: GD), t <= 3"),
    derivation=_second_moment_steps, quantities=S32_QUANTITIES,
))

# ================================================================ S33
Dsup, Lsum, lam1, Rx2, E0 = sp.symbols("D_sup L_sum lam1 Rx2 E0")
#: S33's contraction margin: the one-step decrease of tr P is at least eta gamma tr(Sigma P)
GAMMA = Quantity("gamma", r"\gamma", "S33 contraction margin, gamma = 2 - eta lam1 - eta Rx2/b",
                 definition=2 - eta * lam1 - eta * Rx2 / b)
gamma = GAMMA.definition
_DT = (r"D_t = \operatorname{tr}(\Sigma\,\mathrm{Cov}_t) = \frac{1}{N}\mathbb{E}\|X(w_t^{\mathrm{SGD}} - w_t^{\mathrm{GD}})\|^2,\ "
       + _COV)
S33_QUANTITIES = (
    measured("D_sup", r"D_{\sup}", "largest expected squared prediction deviation of SGD from GD up to the horizon",
              r"D_{\sup} = \max_{t \le H} D_t,\ " + _DT, _SGD + "second_moments"),
    measured("L_sum", r"L_\Sigma", "summed expected SGD loss up to the horizon",
              r"L_\Sigma = \sum_{t < H} \operatorname{tr}(\Sigma P_t),\ " + _MOM, _CHK + "_tube_values"),
    measured("E0", "E_0", "squared initial error", r"E_0 = \|w_0 - w^*\|^2", _CHK + "_tube_values"),
    LAM1, RX2, ETA_TUBE)
#: S33's bounds on sup_t D_t and on sum_t tr(Sigma P_t)
D_BOUND = eta * lam1 * Rx2 * E0 / (b * gamma)
L_BOUND = E0 / (eta * gamma)
CLAIMS.append(_claim(
    id="ribbon.sgd_tube", tag="S33", kind=Kind.INEQ,
    title="D_t = tr(Sigma Cov_t) <= eta lam1 Rx^2 |e_0|^2/(b gamma); sum_t tr(Sigma P_t) <= |e_0|^2/(eta gamma)",
    statement=sp.And(sp.Le(Dsup, D_BOUND), sp.Le(Lsum, L_BOUND)),
    parameters=(SAMPLES, DIM, BATCH, ETA_FRAC, DECAY, HORIZON, SEED),
    assumptions=("with replacement (f = 1), realisable; gamma = 2 - eta lam1 - eta Rx2/b > 0",
                 "D_sup = max_{t <= H} D_t, L_sum = sum_{t < H} tr(Sigma P_t), E0 = |w_0 - w*|^2"),
    quantities=S33_QUANTITIES,
    derivation=(Step(sp.Eq(-2 * eta + eta ** 2 * lam1 + eta ** 2 * Rx2 / b, -eta * gamma),
                     "tr P_{t+1} <= tr P_t - 2 eta tr(Sigma P) + eta^2 lam1 tr(Sigma P) + (eta^2/b) Rx2 tr(Sigma P)"),
                Step(sp.true, "unroll S32: |R^j Sigma R^j|_2 <= lam1, tr N <= tr Gamma <= Rx2 tr(Sigma P)",
                     StepCheck.NUMERIC)),
))

# ================================================================ S34
sigma = SIGMA_OUT.symbol
S34 = (replace(SAMPLES, domain=IntRange(5, 60)), replace(DIM, domain=IntRange(2, 20)), BATCH, SCHEME, SIGMA_OUT, SEED)
S34_SETTING = ("M = 3 initialisations, checkpoints t = 0..30, eta = 0.5/lam1, Gaussian output",)
dmu, PiD, DF = sp.symbols("dsqrt_mu PiDelta_2 Delta_F")
#: S8's scale of the inPCA widths, sqrt(mu_i) = s_i(Pi_m zeta)/sqrt(8 sigma^2 N)
WIDTH_SCALE = sp.sqrt(8 * sigma ** 2 * N)
_ZETA = (r",\ \zeta^{\mathrm{GD}}, \zeta^{\mathrm{SGD}} \in \mathbb{R}^{m \times N} \text{ the logits of the same } "
         r"m = 3 \cdot 31 \text{ checkpoints}")
_DELTA = r",\ \Delta = \zeta^{\mathrm{SGD}} - \zeta^{\mathrm{GD}}" + _ZETA
_W34 = (r",\ W = -\tfrac{1}{2}\Pi_m D \Pi_m,\ D_{ij} = \frac{\|\zeta_i - \zeta_j\|^2}{8\sigma^2 N}" + _ZETA)
DELTA_F = measured("Delta_F", r"\|\Delta\|_F", "Frobenius norm of the logit deviation of SGD from GD",
                    r"\|\Delta\|_F = {\Big(\sum_{i,n} \Delta_{in}^2\Big)}^{1/2}" + _DELTA, _CHK + "_s34_width")
S34_WIDTH = (
    measured("dsqrt_mu", r"|\Delta\sqrt{\mu_i}|", "change of the inPCA widths from GD to SGD",
              r"|\Delta\sqrt{\mu_i}| = \big|{(\mu_i^{\mathrm{SGD}})}^{1/2} - {(\mu_i^{\mathrm{GD}})}^{1/2}\big|,\ "
              r"\mu_i \text{ the eigenvalues of } W \text{ in decreasing order}" + _W34, _CHK + "_s34_width"),
    measured("PiDelta_2", r"\|\Pi_m\Delta\|_2", "spectral norm of the centred logit deviation",
              r"\|\Pi_m\Delta\|_2 = \max_{\|u\| = 1} \|\Pi_m \Delta u\|" + _DELTA, _CHK + "_spectral"),
    DELTA_F)
CLAIMS.append(_claim(
    id="ribbon.sgd_width_stability", tag="S34", kind=Kind.INEQ,
    title="|sqrt mu_i^SGD - sqrt mu_i^GD| <= |Pi_m Delta|_2/sqrt(8 sigma^2 N) <= |Delta|_F/sqrt(8 sigma^2 N)",
    statement=sp.And(sp.Le(dmu, PiD / WIDTH_SCALE), sp.Le(PiD, DF)),
    parameters=S34, assumptions=S34_SETTING + ("Delta = zeta^SGD - zeta^GD (same initialisations), all i",),
    quantities=S34_WIDTH,
    derivation=(Step(sp.true, "S8: sqrt mu_i = s_i(Pi_m zeta)/sqrt(8 sigma^2 N); Weyl for singular values",
                     StepCheck.CITED),),
))
dR, WF, delta, PiZ = sp.symbols("dR_k W_F delta PiZ_2")
S34_STRESS = (
    measured("dR_k", r"|\Delta R_k|", "change of the residual stress from GD to SGD",
              r"|\Delta R_k| = |R_k(W^{\mathrm{SGD}}) - R_k(W^{\mathrm{GD}})|,\ R_k(W) = "
              r"{\Big(\sum_{i>k} \mu_i^2 \Big/ \sum_i \mu_i^2\Big)}^{1/2}" + _W34, _CHK + "_s34_stress"),
    measured("W_F", r"\|W^{\mathrm{GD}}\|_F", "Frobenius norm of the GD inPCA matrix",
              r"\|W^{\mathrm{GD}}\|_F = {\Big(\sum_{i,j} {(W^{\mathrm{GD}}_{ij})}^2\Big)}^{1/2}" + _W34, _CHK + "_s34_stress"),
    measured("delta", r"\delta", "Frobenius distance of the SGD inPCA matrix from the GD one",
              r"\delta = \|W^{\mathrm{SGD}} - W^{\mathrm{GD}}\|_F" + _W34, _CHK + "_s34_stress"),
    measured("PiZ_2", r"\|\Pi_m\zeta^{\mathrm{GD}}\|_2", "spectral norm of the centred GD logits",
              r"\|\Pi_m\zeta^{\mathrm{GD}}\|_2 = \max_{\|u\| = 1} \|\Pi_m \zeta^{\mathrm{GD}} u\|" + _ZETA,
              _CHK + "_spectral"),
    DELTA_F)
CLAIMS.append(_claim(
    id="ribbon.sgd_stress_stability", tag="S34", kind=Kind.INEQ,
    title="|R_k^SGD - R_k^GD| <= 2 delta/(|W^GD|_F - delta), delta <= (2|Pi zeta^GD|_2 |Delta|_F + |Delta|_F^2)/(8 sigma^2 N)",
    statement=sp.And(sp.Le(dR * (WF - delta), 2 * delta),
                     sp.Le(delta, (2 * PiZ * DF + DF ** 2) / (8 * sigma ** 2 * N))),
    parameters=S34, quantities=S34_STRESS,
    assumptions=S34_SETTING + ("delta = |W^SGD - W^GD|_F; the first bound multiplied out by |W^GD|_F - delta "
                               "(equivalent when |W^GD|_F > delta, vacuous otherwise), all k",),
    derivation=(Step(sp.true, "S12(b); W^SGD - W^GD = (Pi zeta^GD Delta^T Pi + Pi Delta zeta^GD^T Pi + "
                     "Pi Delta Delta^T Pi)/(8 sigma^2 N)", StepCheck.NUMERIC),),
))
ED2, Dsum, n_, E0sum = sp.symbols("E_Delta2 D_sum n E0_sum")
S34_TUBE = (
    measured("E_Delta2", r"\mathbb{E}\|\Delta\|_F^2", "expected squared Frobenius norm of the logit deviation of SGD from GD",
              r"\mathbb{E}\|\Delta\|_F^2 = \mathbb{E}_{B_0, B_1, \dots} \sum_{i,n} \Delta_{in}^2" + _DELTA,
              _CHK + "_s34_tube"),
    measured("D_sum", r"\sum_{a,t} D_t^{(a)}", "summed expected squared prediction deviations over runs and checkpoints",
              r"\sum_{a,t} D_t^{(a)} = \sum_{a=1}^{3}\sum_{t=0}^{30} D_t^{(a)},\ D_t^{(a)} = D_t \text{ of the run from } "
              r"w_0^{(a)},\ " + _DT, _SGD + "second_moments"),
    measured("E0_sum", r"\sum_a E_0^{(a)}", "summed squared initial errors of the runs",
              r"\sum_a E_0^{(a)} = \sum_{a=1}^{3} \|w_0^{(a)} - w^*\|^2", _CHK + "_s34_tube"),
    Quantity("n", "n", "number of checkpoints per run, t = 0..30", definition=sp.Integer(31)),
    LAM1, RX2, ETA_S34)
CLAIMS.append(_claim(
    id="ribbon.sgd_ensemble_tube", tag="S34", kind=Kind.INEQ,
    title="E|Delta|_F^2 = N sum_(a,t) D_t^(a) <= N n sum_a eta lam1 Rx^2 |e_0^(a)|^2/(b gamma)",
    statement=sp.And(sp.Eq(ED2, N * Dsum), sp.Le(b * gamma * Dsum, n_ * eta * lam1 * Rx2 * E0sum)),
    parameters=S34[:3] + (SEED,), quantities=S34_TUBE,
    assumptions=S34_SETTING + ("with replacement (S33); D_t^(a) from the exact recursion S32",
                               "the bound multiplied out by b gamma (vacuous when gamma <= 0)"),
    derivation=(Step(sp.true, "|Delta|_F^2 = sum_(a,t) |X(w_t^SGD - w_t^GD)|^2 = N sum D; S33 per run",
                     StepCheck.NUMERIC),),
))
CLAIMS = tuple(CLAIMS)
