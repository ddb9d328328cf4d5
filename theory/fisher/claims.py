"""Claims F1–F11 of spec/fisher.md, one ``Claim`` per sub-claim, listed in ``CLAIMS``.

Each statement is the spec's, written between named quantities (``theory.fisher.quantities``);
measured statistics are plain symbols whose values the checks simulate.  Every statement is a
reconstruction (spec preamble): provenance says so and carries the spec's tags.
"""
from __future__ import annotations

import functools
from dataclasses import replace

import sympy as sp

from ..claim import (Choice, Claim, Interval, IntRange, Kind, Param, Provenance, Sequence, Step,
                     StepCheck, Tag)
from ..quantity import Quantity, measured
from . import quantities as q

#: this module's claims, in catalogue order (``theory.spec`` concatenates the claim modules)
CLAIMS: list = []

R_ = sp.Rational
SPEC = "spec/fisher.md"


def _prov(section: str, *tags: Tag) -> Provenance:
    return Provenance(tags=tags, source=f"{SPEC} {section}; Karakida, Akaho, Amari, AISTATS 2019 (arXiv 1806.01316)"
                      + ("; follow-ups [NC21]/[NeurIPS19]" if Tag.FU in tags else ""))


def _claim(**kw) -> Claim:
    """A claim; the order parameters and sizes its statement uses (``q.ORDER``, ``q.SIZES``: where they are
    not parameters) join its declared quantities."""
    used = kw["statement"].free_symbols
    params = {p.name for p in kw.get("parameters", ())}
    kw["quantities"] = tuple(kw.get("quantities", ())) + tuple(x for x in q.ORDER + q.SIZES + q.MEASURED
                                                               if x.symbol in used and x.name not in params)
    return Claim(**kw)


_SIM = "sloppy_verifier.verify.checks.fisher_sim."
_MC = "sloppy_verifier.verify.checks.fisher_mc."
_HP = "sloppy_verifier.verify.checks.fisher_hp."


def _measured(sym: sp.Symbol, description: str, typeset: str, estimator: str, latex: str = "") -> Quantity:
    """A statistic a check measures: its symbol, its definition typeset and the function that measures it."""
    return Quantity(sym.name, latex or sym.name, description, typeset=typeset, estimator=estimator)


#: the dual Gram matrix and the Jacobian rows it is made of (spec §1.3)
_DUAL = r"F^* = \frac{1}{T} J J^{\top},\ J_{(k,t)} = \nabla_\theta {f_k(x_t)}^{\top}"


# ---------------------------------------------------------------- shared parameters and domains
ACT = Param("activation", Choice(("relu", "leaky_relu", "linear", "erf", "tanh")), "activation phi")
A_SLOPE = Param("a", Interval(-1, 1), "negative slope of leaky_relu (AB-ReLU with b = 1)")
SW = Param("sigma_w2", Interval(R_(1, 4), 4), "weight variance sigma_w^2")
SB = Param("sigma_b2", Interval(0, 1), "bias variance sigma_b^2")
DEPTH = Param("L", IntRange(2, 8), "weight layers")
ALPHAS = Param("alphas", Sequence(Interval(R_(1, 4), 4), "L"), "width ratios alpha_0..alpha_{L-1}")
Q02 = Param("qhat0_2", Interval(0, 1, open_hi=True), "input overlap qhat^0_2")
NET = (ACT, A_SLOPE, SW, SB, DEPTH, ALPHAS)
WIDTH = Param("M", IntRange(125, 16384), "width (sweep)")
CONFIG = Param("config", Choice(("A", "B", "C", "D")), "spec §2.2 sweep configurations")
SIM = (CONFIG, WIDTH)
OUTPUTS = Param("C", IntRange(1, 3), "outputs")
INPUTS = Param("T", IntRange(1, 4), "inputs")
SEED = Param("seed", IntRange(0, 10**6), "network seed")
TINY = (ACT, A_SLOPE, SW, SB, replace(DEPTH, domain=IntRange(2, 4)),
        replace(WIDTH, domain=IntRange(2, 6), description="tiny width for explicit P x P checks"),
        OUTPUTS, INPUTS, SEED)
#: one object per parameter name (points are keyed by name): a claim with a narrower domain takes ``replace`` of it
HOMOG = replace(ACT, domain=Choice(("relu", "leaky_relu", "linear")), description="positively 1-homogeneous activation")
SMOOTH = replace(ACT, domain=Choice(("linear", "erf", "tanh")), description="")
#: the F3c and F8b cells: depths and widths
CELL = (replace(DEPTH, domain=IntRange(2, 5), description=""), replace(WIDTH, domain=IntRange(2, 64), description=""))
#: the F2 depth formulas
LONG = replace(DEPTH, domain=IntRange(2, 50), description="")

# indexed objects for the F1a sums
l_, i_ = sp.symbols("l i", integer=True)
qhat = sp.IndexedBase(r"\hat{q}")
qtilde = sp.IndexedBase(r"\tilde{q}")
alph = sp.IndexedBase(r"\alpha")
kap = sp.IndexedBase(r"\kappa")
_OPS = "sloppy_verifier.verify.hp.fisher.order_parameters"
#: the F1a recursion's layer quantities (spec F1a), each indexed by i = 1 (diagonal), 2 (off-diagonal) and layer l
F1A = (
    measured(kap.label, r"\kappa_i", "order parameters: kappa_1 diagonal, kappa_2 off-diagonal",
             r"\kappa_i,\ i \in \{1, 2\},\ \text{defined by the statement}", _OPS),
    measured(alph.label, r"\alpha_l", "width ratios of the layers",
             r"\alpha_l = M_l/M,\ l = 0, \dots, L-1", _OPS),
    measured(qhat.label, r"\hat{q}^{\,l}_i", "forward order parameters of layer l",
             r"\hat{q}^{\,l}_1 = V_\phi(q^l_1),\ \hat{q}^{\,l}_2 = K_\phi(q^l_1, q^l_1, q^l_2),\ "
             r"q^l_i = \sigma_w^2\hat{q}^{\,l-1}_i + \sigma_b^2", _OPS),
    measured(qtilde.label, r"\tilde{q}^{\,l}_i", "backward order parameters of layer l",
             r"\tilde{q}^{\,L}_i = 1,\ \tilde{q}^{\,l}_i = \chi^{(l)}_i\,\tilde{q}^{\,l+1}_i,\ "
             r"\chi^{(l)}_1 = \sigma_w^2 V_{\phi'}(q^l_1),\ \chi^{(l)}_2 = \sigma_w^2 K_{\phi'}(q^l_1, q^l_1, q^l_2)", _OPS))

# ================================================================ F1
CLAIMS.append(_claim(
    id="fisher.order_parameters", tag="F1a", kind=Kind.DEF,
    title="kappa_i as the layer sum of backward x forward order parameters (reference cases R1-R10)",
    statement=sp.Eq(kap[i_], sp.Sum(alph[l_ - 1] * qtilde[i_, l_] * qhat[i_, l_ - 1], (l_, 1, q.L)) / q.alpha),
    parameters=NET + (Q02,), quantities=F1A,
    assumptions=("weights only in theta, standard parameterization (spec §1.1)",
                 "the l = L output-layer term is in kappa but not in alpha (spec §1.2)"),
    derivation=(
        Step(sp.Eq(q.alpha, sp.Sum(alph[l_] * alph[l_ - 1], (l_, 1, q.L - 1))),
             "definition of alpha (spec §1.2): output layer excluded", StepCheck.DEFINITION),
        Step(sp.Eq(kap[i_], sp.Sum(alph[l_ - 1] * qtilde[i_, l_] * qhat[i_, l_ - 1], (l_, 1, q.L)) / q.alpha),
             "layer decomposition grad_{W^l} f = delta^l (h^(l-1))^T, h^l the activations and delta^l the back-propagated error of layer l; LLN forward, gradient independence backward",
             StepCheck.NUMERIC),
    ),
    provenance=_prov("F1a, §4", Tag.R, Tag.D),
))

_sim_entries = ("d_1", "d_2", "c_x")
d1, d2, cx = sp.symbols(r"\bar{d}_1 \bar{d}_2 c_\times")
_FIM = "sloppy_verifier.verify.simulate.fim.fim_statistics"
D1 = Quantity(d1.name, r"\bar{d}_1", "mean diagonal NTK entry over inputs, per unit alpha M",
              typeset=r"\bar{d}_1 = \frac{1}{CT}\sum_{k,t} \frac{\|\nabla_\theta f_k(x_t)\|^2}{\alpha M}",
              estimator=_FIM + " (diag_mean)")
D2 = Quantity(d2.name, r"\bar{d}_2", "mean within-output off-diagonal NTK entry, per unit alpha M",
              typeset=r"\bar{d}_2 = \frac{1}{CT(T-1)}\sum_{k}\sum_{t \ne t'} "
                      r"\frac{\nabla_\theta f_k(x_t) \cdot \nabla_\theta f_k(x_{t'})}{\alpha M}",
              estimator=_FIM + " (offdiag_mean)")
CX = Quantity(cx.name, r"c_\times", "RMS of the cross-output NTK entries, per unit alpha M",
              typeset=r"c_\times = \sqrt{\frac{1}{C(C-1)T^2}\sum_{k \ne k'}\sum_{t,t'} "
                      r"{\Big(\frac{\nabla_\theta f_k(x_t) \cdot \nabla_\theta f_{k'}(x_{t'})}{\alpha M}\Big)}^2}",
              estimator=_FIM + " (cross_rms_sqrtM / sqrt(M))")
CLAIMS.append(_claim(
    id="fisher.ntk_diagonal", tag="F1b", kind=Kind.ASYMP,
    title="diagonal NTK entries / (alpha M) -> kappa_1",
    statement=sp.Eq(d1, q.kappa1), parameters=SIM, large=q.M, rate=q.M ** R_(-1, 2), quantities=(D1,),
    assumptions=("inputs iid N(0, I)", "T, C, L, alpha_l fixed as M -> infinity"),
    provenance=_prov("F1b", Tag.R, Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.ntk_offdiagonal", tag="F1b", kind=Kind.ASYMP,
    title="within-output off-diagonal NTK entries / (alpha M) -> kappa_2",
    statement=sp.Eq(d2, q.kappa2), parameters=SIM, large=q.M, rate=q.M ** R_(-1, 2), quantities=(D2,),
    provenance=_prov("F1b", Tag.R, Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.ntk_cross_outputs", tag="F1b", kind=Kind.ASYMP,
    title="cross-output NTK entries / (alpha M) are O(M^-1/2): RMS -> 0",
    statement=sp.Eq(cx, 0), parameters=SIM, large=q.M, rate=q.M ** R_(-1, 2), quantities=(CX,),
    provenance=_prov("F1b", Tag.R, Tag.D),
))
KAPPA_ORDER = _claim(
    id="fisher.kappa_order", tag="F1c", kind=Kind.INEQ,
    title="0 <= kappa_2 <= kappa_1 when qhat^0_2 >= 0",
    statement=sp.And(sp.Le(0, q.kappa2), sp.Le(q.kappa2, q.kappa1)),
    parameters=NET + (Q02,),
    derivation=(
        Step(sp.true, "Mehler: K_g(q, q, c q) = sum_n c^n a_n^2 >= 0 for c >= 0", StepCheck.CITED),
        Step(sp.true, "Cauchy-Schwarz: |K_g(q, q, q_2)| <= V_g(q); induction on l keeps q_2 >= 0", StepCheck.CITED),
    ),
    provenance=_prov("F1c", Tag.D),
)
CLAIMS.append(KAPPA_ORDER)

# ================================================================ F2
from .kernels import closed_form  # noqa: E402

Kp, Kdp, Vp, Vdp = sp.symbols(r"K_\phi K_{\phi'} V_\phi V_{\phi'}")
_s11, _s22, _c = sp.symbols("s_11 s_22 c")
#: the covariance and the variance the F2 kernels are stated at, in the claims' parameters (s_11, s_22, c)
S12 = Quantity("s_12", "s_{12}", "covariance of (u, v)", definition=_c * sp.sqrt(_s11 * _s22))
S_VAR = Quantity("s", "s", "variance of the one-dimensional expectations V_g(s), taken at s = s_11", definition=_s11)
_GAUSS = r"(u, v) \sim \mathcal{N}\big(0, \big(\begin{smallmatrix} s_{11} & s_{12} \\ s_{12} & s_{22} \end{smallmatrix}\big)\big)"
_REF = "sloppy_verifier.verify.hp.gauss.reference_K"
KERNELS = (
    Quantity(Kp.name, r"K_\phi", "Gaussian kernel of phi", typeset=r"K_\phi = \mathbb{E}\,\phi(u)\phi(v),\ " + _GAUSS,
             estimator=_REF + " (K)", uses=(S12,)),
    Quantity(Kdp.name, r"K_{\phi'}", "Gaussian kernel of phi'",
             typeset=r"K_{\phi'} = \mathbb{E}\,\phi'(u)\phi'(v),\ " + _GAUSS, estimator=_REF + " (Kd)", uses=(S12,)),
    Quantity(Vp.name, r"V_\phi", "Gaussian second moment of phi",
             typeset=r"V_\phi = \mathbb{E}\,{\phi(\sqrt{s}\,z)}^2,\ z \sim \mathcal{N}(0, 1)", estimator=_REF + " (K at c = 1)",
             uses=(S_VAR,)),
    Quantity(Vdp.name, r"V_{\phi'}", "Gaussian second moment of phi'",
             typeset=r"V_{\phi'} = \mathbb{E}\,{\phi'(\sqrt{s}\,z)}^2,\ z \sim \mathcal{N}(0, 1)",
             estimator=_REF + " (Kd at c = 1)", uses=(S_VAR,)),
)


def _kernel_claim(cid: str, act: str, params) -> Claim:
    from .kernels import s, s11, s12, s22
    forms = closed_form(act, a=sp.Symbol("a") if act == "leaky_relu" else None)
    plain = {x: sp.Symbol(x.name) for x in (s, s11, s12, s22)}    # the parameters' and quantities' symbols
    from .price import derivation
    return _claim(
        id=cid, tag="F2", kind=Kind.EXACT,
        title=f"closed-form Gaussian kernels of {act} (Price's theorem)",
        statement=sp.And(*(sp.Eq(k, e.xreplace(plain)) for k, e in
                           ((Kp, forms.K), (Kdp, forms.Kd), (Vp, forms.V), (Vdp, forms.Vd)))),
        parameters=params, derivation=functools.partial(derivation, act), quantities=KERNELS,
        assumptions=("(u, v) centred Gaussian, covariance [[s11, s12], [s12, s22]] positive definite",),
        provenance=_prov("F2", Tag.D),
    )


S11 = Param("s_11", Interval(R_(1, 10), 4))
S22 = Param("s_22", Interval(R_(1, 10), 4))
CORR = Param("c", Interval(R_(-999, 1000), R_(999, 1000)), "correlation s12/sqrt(s11 s22)")
_COV = (S11, S22, CORR)
for _cid, _act in (("fisher.kernels_relu", "relu"), ("fisher.kernels_leaky_relu", "leaky_relu"),
                   ("fisher.kernels_linear", "linear"), ("fisher.kernels_erf", "erf")):
    CLAIMS.append(_kernel_claim(_cid, _act, _COV + ((A_SLOPE,) if _act == "leaky_relu" else ())))

#: F1c's layer lemma: the range of the variance s over F1c's domain for non-homogeneous activations: q^l_1 =
#: sigma_w^2 qhat^(l-1)_1 + sigma_b^2 <= 4 * 1 + 1 (V_erf < 1 and qhat^0_1 = 1), and q^l_1 > 0
LEMMA_S = Interval(0, 5, open_lo=True)
LEMMA_VAR = Param("s", LEMMA_S, "variance q^l_1")
LEMMA_CORR = replace(CORR, domain=Interval(0, 1), description="correlation q^l_2 / q^l_1")


def kernel_lemma(activation: str) -> Claim:
    """F1c's layer lemma for a closed-form activation (not in the catalogue: the certificate beside F1c's check):
    ``0 <= K_g(s, s, c s) <= V_g(s)`` for ``g = phi, phi'`` and correlations ``c in [0, 1]``.  By induction on l
    (``0 <= q^l_2 <= q^l_1``, ``0 <= chi^(l)_2 <= chi^(l)_1``, products and sums of ordered non-negative terms)
    it gives ``0 <= kappa_2 <= kappa_1`` at every depth and width ratio.  The AB-ReLU family is positively
    1-homogeneous (``K(s, s, cs) = s K(1, 1, c)``, ``K'`` and ``V'`` free of ``s``), so ``s = 1`` there; erf ranges
    over ``s`` in ``LEMMA_S``.  The kernels are quantities defined by their closed forms (F2): the closed form is
    closed in ``(s, c, a)``."""
    from .kernels import HOMOGENEOUS, s as s_, s11, s12, s22
    forms = closed_form(activation, a=sp.Symbol("a") if activation == "leaky_relu" else None)
    sv, c = (sp.Integer(1) if activation in HOMOGENEOUS else sp.Symbol("s")), sp.Symbol("c")
    at = {s11: sv, s22: sv, s12: c * sv, s_: sv}
    qs = tuple(Quantity(sym.name, sym.name, f"{what} of {activation} at (s, s, c s)", definition=e.xreplace(at))
               for sym, what, e in ((Kp, "K_phi", forms.K), (Kdp, "K_phi'", forms.Kd),
                                    (Vp, "V_phi", forms.V), (Vdp, "V_phi'", forms.Vd)))
    params = (() if activation in HOMOGENEOUS else (LEMMA_VAR,)) + (LEMMA_CORR,) + \
        ((A_SLOPE,) if activation == "leaky_relu" else ())
    return KAPPA_ORDER.variant(
        title=f"F1c layer lemma, {activation}: 0 <= K_g(s, s, cs) <= V_g(s), g = phi, phi', 0 <= c <= 1",
        statement=sp.And(sp.Le(0, Kp), sp.Le(Kp, Vp), sp.Le(0, Kdp), sp.Le(Kdp, Vdp)),
        parameters=params, quantities=qs, derivation=())


Kh, Kh7 = sp.symbols(r"K_{\tanh}^{(h)} K_{\tanh}^{(0.7h)}")
_TRAP = r"h \sum_{j \in \mathbb{Z}} g(jh)\, e^{-{(jh)}^2/2}/\sqrt{2\pi}"
K_H = (_measured(Kh, "the tanh kernels by the trapezoid rule of step h",
                 r"K_{\tanh}^{(h)} = " + _TRAP + r",\ g = \tanh(\sqrt{s_{11}}\,u)\tanh(\sqrt{s_{22}}\,(c u + "
                 r"\sqrt{1-c^2}\,v))", _HP + "_kernels_tanh"),
       _measured(Kh7, "the same kernels at step 0.7h",
                 r"K_{\tanh}^{(0.7h)} = K_{\tanh}^{(h)}\big|_{h \to 0.7h}", _HP + "_kernels_tanh"))
CLAIMS.append(_claim(
    id="fisher.kernels_tanh", tag="F2", kind=Kind.EXACT,
    title="tanh kernels by the trapezoid (sinc) rule: step h and 0.7h agree to the working precision",
    statement=sp.Eq(Kh, Kh7), parameters=_COV, quantities=K_H,
    assumptions=("trapezoid error ~ exp(-2 pi d / h), d = pi / (2 sqrt(s)) the pole distance (spec §2.1)",),
    derivation=(Step(sp.true, "Poisson summation: the sinc-rule error decays like exp(-2 pi d/h) for integrands "
                     "analytic in the strip |Im z| < d, d the pole distance and h the step (Trefethen and Weideman 2014)", StepCheck.CITED),),
    provenance=_prov("F2, §2.1", Tag.D),
))

from .depth import (derivation_bias_free, derivation_linear, derivation_odd_centred, derivation_R1,  # noqa: E402
                    derivation_relu_critical, linear_kappas, relu_kappa1_equal_widths, relu_kappa2_R1)

CLAIMS.append(_claim(
    id="fisher.relu_depth_kappa1", tag="F2", kind=Kind.EXACT,
    title="ReLU at sigma_w^2 = 2, equal widths: kappa_1 = L(4 + (L-1) sigma_b^2) / (4(L-1))",
    statement=sp.Eq(q.kappa1, relu_kappa1_equal_widths(q.L, q.sigma_b2)),
    parameters=(LONG, SB), derivation=derivation_relu_critical,
    assumptions=("phi = ReLU, sigma_w^2 = 2, equal widths (alpha_l = 1)",),
    provenance=_prov("F2 (ReLU-family depth formulas)", Tag.D),
))
_k1lin, _k2lin = linear_kappas(q.L, q.sigma_b2)
CLAIMS.append(_claim(
    id="fisher.linear_kappas", tag="F2", kind=Kind.EXACT,
    title="linear, sigma_w^2 = 1, equal widths: kappa_1 = (L + sigma_b^2 L(L-1)/2)/(L-1), kappa_2 = sigma_b^2 L/2",
    statement=sp.And(sp.Eq(q.kappa1, _k1lin), sp.Eq(q.kappa2, _k2lin)),
    parameters=(LONG, SB), derivation=derivation_linear,
    assumptions=("phi linear, sigma_w^2 = 1, equal widths (alpha_l = 1)",),
    provenance=_prov("F2", Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.relu_kappa2_closed_form", tag="F2", kind=Kind.EXACT,
    title="ReLU(2, 0), L = 3: kappa_2 = (2(pi - acos(1/pi)) + sqrt(pi^2 - 1)) / (2 pi^2)",
    statement=sp.Eq(q.kappa2, relu_kappa2_R1()), parameters=(), derivation=derivation_R1,
    assumptions=("phi = ReLU, (sigma_w^2, sigma_b^2) = (2, 0), L = 3",),
    provenance=_prov("F2, R1", Tag.D),
))
k2_unit = sp.Symbol(r"\kappa_2|_{\chi=1}")
K2_UNIT = _measured(k2_unit, "kappa_2 of the same network at the weight variance where chi = 1",
                    r"\kappa_2|_{\chi=1} = \kappa_2\big|_{\sigma_w^2 = 2/(1 + a^2)}", _HP + "_bias_free")
CLAIMS.append(_claim(
    id="fisher.bias_free_scaling", tag="F2", kind=Kind.EXACT,
    title="bias-free ReLU family: kappa_2(sigma_w^2) = chi^(L-1) kappa_2|_(chi=1), so kappa_2/kappa_1 is sigma_w-free",
    statement=sp.Eq(q.kappa2, q.chi ** (q.L - 1) * k2_unit), quantities=(K2_UNIT,),
    parameters=(HOMOG, A_SLOPE, SW, DEPTH, ALPHAS), derivation=derivation_bias_free,
    provenance=_prov("F2", Tag.D),
))

# ================================================================ F3
trF, trFs = q.trF, sp.Symbol(r"\operatorname{tr}F^*")
TR_FS = _measured(trFs, "trace of the dual Gram matrix", r"\operatorname{tr}F^* = \sum_{a=1}^{CT} F^*_{aa},\ " + _DUAL,
                  "sloppy_verifier.verify.simulate.fim.dual_gram")
_R = sp.Matrix(2, 3, sp.symbols("r0:6"))
CLAIMS.append(_claim(
    id="fisher.trace_duality", tag="F3a", kind=Kind.EXACT,
    title="m_lambda = tr F / P = tr F* / P (explicit P x P FIM against the dual Gram)",
    statement=sp.Eq(trF, trFs), parameters=TINY, quantities=(TR_FS,),
    derivation=(Step(sp.Eq((_R.T * _R).trace(), (_R * _R.T).trace()),
                     "tr(R^T R) = tr(R R^T) with R = J / sqrt(T) (shown for a generic 2 x 3 R)"),),
    provenance=_prov("F3a", Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.mean_eigenvalue_limit", tag="F3b", kind=Kind.ASYMP,
    title="m_lambda = kappa_1 C alpha M / P (1 + O_P(M^-1/2))",
    statement=sp.Eq(q.m_lambda, q.m_lambda_P), parameters=SIM, large=q.M, rate=q.M ** R_(-1, 2),
    assumptions=("finite-width normalisation kappa_1 C alpha M / P removes the known O(1/M) term",),
    provenance=_prov("F3b", Tag.R),
))
E_trF, sumM, xbar2 = q.E_trF, sp.Symbol(r"\textstyle\sum_lM_{l-1}"), q.xbar2
SUM_M = _measured(sumM, "sum of the layers' input widths", r"\sum_l M_{l-1} = \sum_{l=1}^{L} M_{l-1}",
                  _MC + "_f3c")
trace_pred = q.C * q.chi ** (q.L - 1) * sumM * xbar2
CLAIMS.append(_claim(
    id="fisher.trace_expectation_homogeneous", tag="F3c", kind=Kind.FIN_EXACT,
    title="AB-ReLU, no bias: E[tr F | X] = C chi^(L-1) (sum_l M_(l-1)) (1/T) sum_t |x_t|^2 / M_0 at every width",
    statement=sp.Eq(E_trF, trace_pred), quantities=(SUM_M,), parameters=(HOMOG, A_SLOPE, SW) + CELL,
    assumptions=("sigma_b = 0", "any integer widths >= 1, any fixed nonzero inputs"),
    derivation=(Step(sp.true, "induction from the output with the rank-one split of W^{l+1} and Euler's identity "
                     "u^{l+1} . delta^{l+1} = f (spec F3c steps 1-7)", StepCheck.NUMERIC),),
    provenance=_prov("F3c", Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.trace_expectation_relu_bias", tag="F3d", kind=Kind.CONJ,
    title="ReLU with bias: E[tr F] = C alpha kappa_1 M also appears exact at finite width",
    statement=sp.Eq(E_trF, q.C * q.alpha * q.kappa1 * q.M), parameters=(SW, replace(SB, domain=Interval(R_(1, 2), 4), description=""),
                                          replace(DEPTH, domain=IntRange(3, 5), description=""),
                                          replace(WIDTH, domain=IntRange(2, 8), description="")),
    assumptions=("phi = ReLU",), provenance=_prov("F3d, open question 2", Tag.E),
))
CLAIMS.append(_claim(
    id="fisher.trace_bias_nonhomogeneous", tag="F3e", kind=Kind.ASYMP,
    title="tanh/erf: E[tr F] / (C alpha kappa_1 M) = 1 + c_phi / M + O(M^-2) with c_phi != 0",
    statement=sp.Eq(E_trF, q.C * q.alpha * q.kappa1 * q.M), parameters=(replace(ACT, domain=Choice(("tanh", "erf")), description=""),
                                                               replace(WIDTH, domain=IntRange(4, 64), description="")),
    large=q.M, rate=1 / q.M, provenance=_prov("F3e", Tag.E),
))

# ================================================================ F4
frF, frFs = sp.symbols(r"\|F\|_F^2 \|F^*\|_F^2")
FROB = (_measured(frF, "squared Frobenius norm of the FIM", r"\|F\|_F^2 = \sum_{i,j=1}^{P} F_{ij}^2", _SIM + "_frob_env"),
        _measured(frFs, "squared Frobenius norm of the dual Gram matrix",
                  r"\|F^*\|_F^2 = \sum_{a,b=1}^{CT} {(F^*_{ab})}^2,\ " + _DUAL, _SIM + "_frob_env"))
CLAIMS.append(_claim(
    id="fisher.frobenius_duality", tag="F4a", kind=Kind.EXACT,
    title="s_lambda = |F|_F^2 / P = |F*|_F^2 / P",
    statement=sp.Eq(frF, frFs), parameters=TINY, quantities=FROB,
    derivation=(Step(sp.Eq(((_R.T * _R) ** 2).trace(), ((_R * _R.T) ** 2).trace()),
                     "tr((R^T R)^2) = tr((R R^T)^2) (shown for a generic 2 x 3 R)"),),
    provenance=_prov("F4a", Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.second_moment_limit", tag="F4b", kind=Kind.ASYMP,
    title="s_lambda -> alpha C [(1 - 1/T) kappa_2^2 + kappa_1^2 / T]",
    statement=sp.Eq(q.s_lambda, q.S_INF.symbol), parameters=SIM, large=q.M, rate=q.M ** R_(-1, 2),
    quantities=(q.S_INF,),
    assumptions=("the seed mean carries a positive O(1/M) bias (F4c), modelled as a + b/M",),
    derivation=(Step(sp.Eq(q.C * (q.T * (q.alpha * q.M * q.kappa1 / q.T) ** 2
                                  + q.T * (q.T - 1) * (q.alpha * q.M * q.kappa2 / q.T) ** 2) / (q.alpha * q.M ** 2),
                           q.S_INF.definition),
                     "leading-order F* = (alpha M/T) I_C (x) [(kappa_1-kappa_2) I_T + kappa_2 1 1^T]; "
                     "|F*|_F^2 / P with P ~ alpha M^2"),),
    provenance=_prov("F4b", Tag.R),
))
bias_s, bias_s_pred = sp.symbols(r"b_s b_s^{\mathrm{pred}}")
B_S = _measured(bias_s, "seed-mean bias coefficient of s_lambda",
                r"b_s = \lim_{M \to \infty} M\,(\mathbb{E}s_\lambda/s_\infty - 1)", _SIM + "_second_moment_bias")
v_o, v_d, v_x, alpha_out = sp.symbols(r"v_o v_d v_\times \alpha_{L-1}")
_FS = "sloppy_verifier.verify.simulate.fim.fim_statistics"
_N = r"N = TF^*/(\alpha M)"
V_O = Quantity(v_o.name, "v_o", "M times the variance of the normalised within-output off-diagonal NTK entries",
               typeset=r"v_o = M \operatorname{Var} N_{kt,kt'},\ t \ne t',\ " + _N, estimator=_FS + " (offdiag_std_sqrtM^2)")
V_D = Quantity(v_d.name, "v_d", "M times the variance of the normalised diagonal NTK entries",
               typeset=r"v_d = M \operatorname{Var} N_{kt,kt},\ " + _N,
               estimator=_FS + " (diag_std_sqrtM^2)")
V_X = Quantity(v_x.name, r"v_\times", "M times the mean square of the normalised cross-output NTK entries",
               typeset=r"v_\times = M \operatorname{mean}_{k \ne k'} N_{kt,k't'}^2,\ " + _N,
               estimator=_FS + " (cross_rms_sqrtM^2)")
ALPHA_OUT = Quantity(alpha_out.name, r"\alpha_{L-1}", "width ratio of the last hidden layer",
                     typeset=r"\alpha_{L-1} = M_{L-1}/M", estimator="sloppy_verifier.verify.checks.fisher_sim.CONFIGS")
B_S_PRED = Quantity(bias_s_pred.name, r"b_s^{\mathrm{pred}}",
                    "first-order prediction of the bias coefficient M(E s_lambda/s_inf - 1) (F4c)",
                    definition=((1 - 1 / q.T) * v_o + v_d / q.T + (q.C - 1) * v_x) / (q.S_INF.symbol / (q.alpha * q.C))
                    - q.C * alpha_out / q.alpha, uses=(V_O, V_D, V_X, ALPHA_OUT, q.S_INF) + q.ORDER + q.SIZES[:2])
CLAIMS.append(_claim(
    id="fisher.second_moment_bias", tag="F4c", kind=Kind.ASYMP,
    title="seed-mean bias of s_lambda: M(E s/s_inf - 1) matches the first-order entry-variance formula",
    statement=sp.Eq(bias_s, B_S_PRED.symbol), parameters=SIM, large=q.M, rate=1 / q.M, quantities=(B_S, B_S_PRED),
    assumptions=("v_o, v_d, v_x measured from the entry decomposition (F1); EMPIRICAL-grade agreement in the spec",),
    provenance=_prov("F4c", Tag.D, Tag.E),
))

# ================================================================ F5
lamF, lamFs = sp.symbols(r"\lambda_i(F) \lambda_i(F^*)")
SPECTRA = (_measured(lamF, "eigenvalues of the FIM in decreasing order",
                     r"\lambda_i(F) = \max_{\dim V = i}\,\min_{v \in V,\, \|v\| = 1} v^{\top} F v",
                     _SIM + "_spectrum_env"),
           _measured(lamFs, "eigenvalues of the dual Gram matrix in decreasing order",
                     r"\lambda_i(F^*) = \max_{\dim V = i}\,\min_{v \in V,\, \|v\| = 1} v^{\top} F^* v,\ "
                     + _DUAL, _SIM + "_spectrum_env"))
CLAIMS.append(_claim(
    id="fisher.spectrum_duality", tag="F5a", kind=Kind.EXACT,
    title="nonzero spectra of F and F* coincide; F has P - CT zero eigenvalues generically",
    statement=sp.Eq(lamF, lamFs), parameters=TINY, quantities=SPECTRA,
    derivation=(Step(sp.true, "F = R^T R and F* = R R^T share nonzero eigenvalues (SVD of R)", StepCheck.CITED),),
    provenance=_prov("F5a", Tag.D),
))
_T4 = 4
_B = (q.kappa1 - q.kappa2) * sp.eye(_T4) + q.kappa2 * sp.ones(_T4, _T4)
CLAIMS.append(_claim(
    id="fisher.lambda_max_limit", tag="F5b", kind=Kind.ASYMP,
    title="lambda_max / M -> alpha [(1 - 1/T) kappa_2 + kappa_1 / T]",
    statement=sp.Eq(q.lambda_max, q.lambda_max_limit), parameters=SIM, large=q.M, rate=q.M ** R_(-1, 2),
    quantities=(q.OUTLIER,),
    assumptions=("kappa_2 > 0", "positive O(M^-1/2) bias at C >= 2 (F5c), modelled as a + b/sqrt(M)"),
    derivation=(
        Step(sp.Eq(_B * sp.ones(_T4, 1), ((q.kappa1 - q.kappa2) + _T4 * q.kappa2) * sp.ones(_T4, 1)),
             "1_T is an eigenvector of (kappa_1-kappa_2) I + kappa_2 1 1^T with eigenvalue kappa_1 + (T-1) kappa_2 (T = 4)"),
        Step(sp.Eq(q.alpha / q.T * ((q.kappa1 - q.kappa2) + q.T * q.kappa2), q.OUTLIER.definition),
             "scale by alpha M / T: the outlier level per unit width"),
    ),
    provenance=_prov("F5b", Tag.R, Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.outlier_rayleigh", tag="F5b", kind=Kind.ASYMP,
    title="outlier Rayleigh quotient (1/C) sum_k |g_k|^2 -> alpha M [(1 - 1/T) kappa_2 + kappa_1/T], no detectable bias",
    statement=sp.Eq(q.lambda_out, q.lambda_max_limit), parameters=SIM, large=q.M, rate=q.M ** R_(-1, 2),
    quantities=(q.OUTLIER,),
    provenance=_prov("F5b, F5c", Tag.R, Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.bulk_level", tag="F5b", kind=Kind.ASYMP,
    title="bulk eigenvalues (C+1..CT) -> alpha M (kappa_1 - kappa_2) / T",
    statement=sp.Eq(q.bulk_mean, q.M * q.BULK.symbol), parameters=SIM, large=q.M, rate=q.M ** R_(-1, 2),
    quantities=(q.BULK,),
    derivation=(Step(sp.Eq(_B * sp.Matrix([1, -1, 0, 0]), (q.kappa1 - q.kappa2) * sp.Matrix([1, -1, 0, 0])),
                     "vectors orthogonal to 1_T have eigenvalue kappa_1 - kappa_2 (T = 4)"),),
    provenance=_prov("F5b", Tag.R, Tag.D),
))
b_lam = sp.Symbol("b_lambda")
B_LAM = _measured(b_lam, "sqrt(M) coefficient of the seed-mean bias of lambda_max",
                  r"b_\lambda = \lim_{M \to \infty} \sqrt{M}\,\big(\mathbb{E}\lambda_{\max}/(M \ell_{\mathrm{out}}) - 1\big)",
                  _SIM + "_lambda_max_bias", latex=r"b_\lambda")
CLAIMS.append(_claim(
    id="fisher.lambda_max_bias", tag="F5c", kind=Kind.ASYMP,
    title="lambda_max has a positive O(M^-1/2) bias for C >= 2 (sqrt(M) coefficient b_lambda > 0), O(1/M) at C = 1",
    statement=sp.Gt(b_lam, 0), parameters=SIM, quantities=(B_LAM, q.OUTLIER), large=q.M, rate=q.M ** R_(-1, 2),
    provenance=_prov("F5c", Tag.E, Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.eigenvalue_bounds", tag="F5d", kind=Kind.INEQ,
    title="s/m <= lambda_max <= sqrt(P s) and P m / rank F <= lambda_max <= P m",
    statement=sp.And(sp.Le(q.s_lambda / q.m_lambda, q.lambda_max), sp.Le(q.lambda_max, sp.sqrt(q.P * q.s_lambda)),
                     sp.Le(q.P * q.m_lambda / (q.C * q.T), q.lambda_max), sp.Le(q.lambda_max, q.P * q.m_lambda)),
    parameters=TINY,
    assumptions=("F is PSD, F != 0, with rank <= CT (F11c); the sweep networks of spec §2.2 are checked as well",),
    derivation=(Step(sp.true, "sum l_i^2 <= l_max sum l_i and l_max^2 <= sum l_i^2 for l_i >= 0", StepCheck.CITED),),
    provenance=_prov("F5d", Tag.R),
))

# ================================================================ F6
CLAIMS.append(_claim(
    id="fisher.centred_kappa2", tag="F6a", kind=Kind.EXACT,
    title="odd phi, sigma_b = 0, qhat^0_2 = 0: qhat^l_2 = 0 for all l and kappa_2 = 0",
    statement=sp.Eq(q.kappa2, 0),
    parameters=(SMOOTH, SW, DEPTH, ALPHAS),
    derivation=derivation_odd_centred, assumptions=("sigma_b^2 = 0, qhat^0_2 = 0",),
    provenance=_prov("F6a", Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.centred_spectrum", tag="F6b", kind=Kind.ASYMP,
    title="centred case: lambda_max -> alpha M kappa_1 / T with error O(M^-1/2)",
    statement=sp.Eq(q.lambda_max, q.M * q.alpha * q.kappa1 / q.T),
    parameters=(SMOOTH, WIDTH), large=q.M, rate=q.M ** R_(-1, 2),
    assumptions=("centred case: sigma_b^2 = 0, qhat^0_2 = 0",), provenance=_prov("F6b", Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.centred_counterconditions", tag="F6c", kind=Kind.EXACT,
    title="kappa_2 > 0 as soon as sigma_b > 0, or qhat^0_2 > 0, or E phi != 0 (ReLU)",
    statement=sp.Gt(q.kappa2, 0), parameters=NET + (Q02,),
    assumptions=("at least one of sigma_b^2 > 0, qhat^0_2 > 0, activation in the AB-ReLU family with a != 1",),
    provenance=_prov("F6c", Tag.D),
))

# ================================================================ F7
eta, lam = sp.symbols("eta lambda", positive=True)
eta_c = sp.Symbol("eta_c")
ETA_C = _measured(eta_c, "learning-rate threshold of gradient descent on the quadratic loss",
                  r"\eta_c = \sup\{\eta > 0 : \theta_{n+1} = \theta_n - \eta F (\theta_n - \theta^*) "
                  r"\text{ converges from every } \theta_0\}", _MC + "_f7a", latex=r"\eta_c")
CLAIMS.append(_claim(
    id="fisher.gd_threshold", tag="F7a", kind=Kind.EXACT,
    title="GD on E = (theta-theta*)^T F (theta-theta*)/2 converges iff 0 < eta < 2/lambda_max",
    statement=sp.Eq(eta_c, q.eta_c_gd), parameters=SIM, quantities=(ETA_C,),
    derivation=(Step(sp.Eq(sp.solve_univariate_inequality(sp.Abs(1 - eta * lam) < 1, eta, relational=False),
                           sp.Interval.open(0, 2 / lam)),
                     "per-mode factor |1 - eta lambda| < 1 (SymPy solve_univariate_inequality)"),),
    provenance=_prov("F7a", Tag.D),
))
res_next, res_pred = sp.Symbol(r"r_{n+1}"), sp.Symbol(r"(I-\eta F^*)r_n")
_RES = r"r_n = f_{\mathrm{lin}}(\theta_n) - y,\ \theta_{n+1} = \theta_n - \eta \nabla_\theta E_{\mathrm{lin}}(\theta_n)"
RESIDUALS = (_measured(res_next, "training residual of the linearised network after step n + 1",
                       r"r_{n+1} = f_{\mathrm{lin}}(\theta_{n+1}) - y,\ " + _RES, _SIM + "_linearised_env"),
             _measured(res_pred, "one step of the linear recursion applied to the residual r_n",
                       r"(I-\eta F^*)r_n,\ " + _DUAL, _SIM + "_linearised_env"))
CLAIMS.append(_claim(
    id="fisher.gd_linearised", tag="F7b", kind=Kind.EXACT,
    title="linearised network: the training residual obeys r_(n+1) = (I - eta F*) r_n",
    statement=sp.Eq(res_next, res_pred), parameters=TINY, quantities=RESIDUALS,
    provenance=_prov("F7b", Tag.D),
))
hessE, Fmat = sp.symbols(r"\nabla^2E F")
HESS = (_measured(hessE, "Hessian of the squared loss at a zero-loss point",
                  r"\nabla^2E = \nabla_\theta^2 \frac{1}{2T}\sum_{t} \|f(x_t; \theta) - y_t\|^2\ "
                  r"\text{at } f(x_t; \theta) = y_t", _SIM + "_hessian_env"),
        _measured(Fmat, "the Fisher information matrix", q.FIM, _SIM + "_hessian_env"))
CLAIMS.append(_claim(
    id="fisher.hessian_zero_loss", tag="F7c", kind=Kind.EXACT,
    title="at a zero-loss point the Hessian of E equals F",
    statement=sp.Eq(hessE, Fmat), parameters=TINY, quantities=HESS,
    provenance=_prov("F7c", Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.eta_c_limit", tag="F7d", kind=Kind.ASYMP,
    title="eta_c = 2 / lambda_max ~ 2 / (alpha [(1 - 1/T) kappa_2 + kappa_1/T] M)",
    statement=sp.Eq(eta_c, q.eta_c_limit), parameters=SIM, large=q.M, rate=q.M ** R_(-1, 2),
    quantities=(ETA_C, q.OUTLIER),
    provenance=_prov("F7d", Tag.R),
))
eta_star = sp.Symbol(r"\eta^\star/\eta_c")
ETA_STAR = _measured(eta_star, "largest rate of the grid at which full-batch GD's loss falls monotonically, over eta_c",
                     r"\eta^\star/\eta_c = \max\{g \in G : E(\theta_{n+1}) \le E(\theta_n),\ n < 20,\ "
                     r"\eta = 2g/\lambda_{\max}\}", _MC + "_f7e")
CLAIMS.append(_claim(
    id="fisher.catapult", tag="F7e", kind=Kind.EMPIRICAL,
    title="full-batch GD: monotone loss up to ~eta_c, transient rise above, convergence well above eta_c",
    statement=sp.And(sp.Le(R_(95, 100), eta_star), sp.Lt(eta_star, R_(6, 5))), parameters=(WIDTH,),
    quantities=(ETA_STAR,),
    provenance=_prov("F7e", Tag.E),
))

# ================================================================ F8
fr, fsq = sp.symbols(r"\theta^TF\theta \sum_k\hat{\mathbb{E}}_tf_k^2")
FISHER_RAO = (_measured(fr, "Fisher-Rao norm of the parameters",
                        r"\theta^{\top} F\theta = \frac{1}{T}\sum_{t,k} {\big(\theta \cdot \nabla_\theta f_k(x_t)\big)}^2",
                        _SIM + "_fisher_rao_env"),
              _measured(fsq, "mean squared output over the inputs, summed over outputs",
                        r"\sum_k\hat{\mathbb{E}}_t f_k^2 = \sum_{k=1}^{C}\frac{1}{T}\sum_{t=1}^{T} {f_k(x_t)}^2",
                        _SIM + "_fisher_rao_env"))
CLAIMS.append(_claim(
    id="fisher.fisher_rao_identity", tag="F8a", kind=Kind.EXACT,
    title="bias-free 1-homogeneous nets: theta^T F theta = L^2 sum_k E_t f_k^2",
    statement=sp.Eq(fr, q.L**2 * fsq), quantities=FISHER_RAO, parameters=(HOMOG,) + TINY[1:3] + TINY[4:],
    derivation=(Step(sp.true, "Euler: W^l . grad_{W^l} f = f for every layer (1-homogeneity)", StepCheck.NUMERIC),),
    provenance=_prov("F8a", Tag.D),
))
E_fr = sp.Symbol(r"\mathbb{E}[\theta^TF\theta|X]")
E_FR = _measured(E_fr, "expected Fisher-Rao norm over the weights, at fixed inputs",
                 r"\mathbb{E}[\theta^{\top} F\theta|X] = \mathbb{E}_\theta\, \theta^{\top} F(\theta; x_1, \dots, x_T)\, \theta",
                 _MC + "_f8b")
CLAIMS.append(_claim(
    id="fisher.fisher_rao_expectation", tag="F8b", kind=Kind.FIN_EXACT,
    title="E[theta^T F theta | X] = L^2 C sigma_w^2 chi^(L-1) (1/T) sum_t |x_t|^2/M_0 (ReLU at He: 2 L^2 C)",
    statement=sp.Eq(E_fr, q.L**2 * q.C * q.sigma_w2 * q.chi ** (q.L - 1) * xbar2), quantities=(E_FR,), parameters=(HOMOG, A_SLOPE, SW) + CELL,
    provenance=_prov("F8b", Tag.D),
))
qf = sp.Symbol(r"\mathbb{E}[\Delta^TF\Delta]")
epsilon = sp.Symbol("epsilon")
PERTURB = (_measured(qf, "mean quadratic form of the FIM in a random perturbation",
                     r"\mathbb{E}[\Delta^{\top} F\Delta] = \mathbb{E}_\Delta\, \Delta^{\top} F \Delta,\ "
                     r"\mathbb{E}\Delta = 0,\ \mathbb{E}\Delta\Delta^{\top} = \varepsilon^2 I",
                     "sloppy_verifier.verify.simulate.fim.isotropic_perturbation"),
           _measured(epsilon, "scale of the perturbation", r"\varepsilon^2 = \mathbb{E}\|\Delta\|^2/P",
                     "sloppy_verifier.verify.simulate.fim.isotropic_perturbation", latex=r"\varepsilon"))
_F2 = sp.Matrix(2, 2, sp.symbols("f0:4"))
CLAIMS.append(_claim(
    id="fisher.isotropic_perturbation", tag="F8c", kind=Kind.EXACT,
    title="E[Delta^T F Delta] = epsilon^2 tr F for E[Delta Delta^T] = epsilon^2 I",
    statement=sp.Eq(qf, epsilon**2 * trF), parameters=TINY, quantities=PERTURB,
    derivation=(Step(sp.Eq((_F2 * epsilon**2 * sp.eye(2)).trace(), epsilon**2 * _F2.trace()),
                     "E[Delta^T F Delta] = tr(F E[Delta Delta^T]) (shown for a generic 2 x 2 F)"),),
    provenance=_prov("F8c", Tag.D),
))
fr_ratio = sp.Symbol(r"\mathbb{E}\theta^TF\theta/(m_\lambda\|\theta\|^2)")
FR_RATIO = (_measured(fr_ratio, "expected Fisher-Rao norm over m_lambda times the expected squared parameter norm",
                      r"\frac{\mathbb{E}\theta^{\top} F\theta}{m_\lambda\|\theta\|^2} = \frac{\mathbb{E}\,\theta^{\top}F\theta}"
                      r"{\mathbb{E}[m_\lambda]\,\mathbb{E}\|\theta\|^2}", _MC + "_f8d"),
            _measured(q.L, "number of weight layers of the checked networks", r"L = \#\{W^1, \dots, W^L\}", _MC + "_f8d"))
CLAIMS.append(_claim(
    id="fisher.fisher_rao_ratio", tag="F8d", kind=Kind.ASYMP,
    title="E theta^T F theta / (m_lambda |theta|^2) -> L^2 alpha / ((sum_l alpha_l)(sum_(l>=1) alpha_l)) (= L, equal widths)",
    statement=sp.Eq(fr_ratio, q.L), parameters=(HOMOG, WIDTH), quantities=FR_RATIO, large=q.M, rate=q.M ** R_(-1, 2),
    provenance=_prov("F8d", Tag.D),
))

# ================================================================ F9
trFc, gbar = sp.symbols(r"\operatorname{tr}F_c \sum_k\|\bar{g}_k\|^2")
MEAN_SUB = (_measured(trFc, "trace of the mean-subtracted FIM",
                      r"\operatorname{tr}F_c = \operatorname{tr}\big(F - \sum_k \bar{g}_k\bar{g}_k^{\top}\big)",
                      _SIM + "_mean_sub_env"),
            _measured(gbar, "summed squared norms of the input-averaged output gradients",
                      r"\sum_k\|\bar{g}_k\|^2,\ \bar{g}_k = \frac{1}{T}\sum_{t} \nabla_\theta f_k(x_t)", _SIM + "_mean_sub_env"))
_A3 = sp.Matrix(3, 3, lambda i, j: sp.Symbol(f"a{min(i, j)}{max(i, j)}"))
_Pi = sp.eye(3) - sp.ones(3, 3) / 3
CLAIMS.append(_claim(
    id="fisher.mean_subtraction_identity", tag="F9a", kind=Kind.EXACT,
    title="F = F_c + sum_k g_k g_k^T: tr F_c = tr F - sum_k |g_k|^2, C zero modes, interlacing",
    statement=sp.Eq(trFc, trF - gbar), parameters=TINY, quantities=MEAN_SUB,
    derivation=(Step(sp.Eq((_Pi * _A3 * _Pi).trace(), _A3.trace() - (sp.ones(1, 3) * _A3 * sp.ones(3, 1))[0] / 3),
                     "tr(Pi F* Pi) = tr F* - 1^T F* 1 / T (C = 1, T = 3)"),),
    provenance=_prov("F9a", Tag.D, Tag.FU),
))
CLAIMS.append(_claim(
    id="fisher.mean_subtraction_limit", tag="F9b", kind=Kind.ASYMP,
    title="lambda_max(F_c) / M -> alpha (kappa_1 - kappa_2) / T: the C outliers are removed",
    statement=sp.Eq(q.lambda_max_c, q.M * q.BULK.symbol), parameters=SIM, large=q.M, rate=q.M ** R_(-1, 2),
    quantities=(q.BULK,),
    provenance=_prov("F9b", Tag.D, Tag.FU),
))
spread = sp.Symbol(r"\max_M\lambda_{\max}(F_c)/\min_M\lambda_{\max}(F_c)")
SPREAD = _measured(spread, "spread over the widths of the seed-mean lambda_max(F_c) at T = M",
                   r"\max_M\lambda_{\max}(F_c)/\min_M\lambda_{\max}(F_c),\ M \in \{64, 125, 250\} "
                   r"\text{(quick)}, \{125, \dots, 1000\}\ \text{(standard)},\ T = M", _MC + "_f9c")
CLAIMS.append(_claim(
    id="fisher.mean_subtraction_t_propto_m", tag="F9c", kind=Kind.EMPIRICAL,
    title="T = M: lambda_max(F_c) = O(1), flat in width, while lambda_max(F) grows like M",
    statement=sp.Le(spread, R_(11, 10)), parameters=(WIDTH,), quantities=(SPREAD,),
    provenance=_prov("F9c", Tag.E, Tag.FU),
))

# ================================================================ F10
chi1_crit = sp.Symbol(r"\chi_1(q^*)|_{\sigma_w^2=\sigma_{w,c}^2}")
CHI1_CRIT = _measured(chi1_crit, "chi_1 at the fixed point, at the critical weight variance found by root finding",
                      r"\chi_1(q^*)|_{\sigma_w^2=\sigma_{w,c}^2},\ \sigma_{w,c}^2(\sigma_b^2) \text{ the root of } "
                      r"\chi_1(q^*) - 1", "sloppy_verifier.verify.hp.criticality.critical_sigma_w2")
CLAIMS.append(_claim(
    id="fisher.order_to_chaos", tag="F10b", kind=Kind.EXACT,
    title="order-to-chaos line chi_1(q*) = 1: tanh critical points and the ReLU line sigma_w^2 = 2",
    statement=sp.Eq(chi1_crit, 1), quantities=(CHI1_CRIT,), parameters=(replace(SB, domain=Interval(0, R_(7, 10)), description=""),),
    assumptions=("numerical roots by findroot at high precision; not interval-certified",),
    provenance=_prov("F10a, F10b", Tag.D),
))
from .depth import derivation_depth_recursion  # noqa: E402
#: F10c: which order parameter, i = 1 (diagonal) or 2 (off-diagonal)
ORDER_INDEX = Param("i", Choice((1, 2)))
S_next, S_L, chi_L, alpha_L, qhat_L = sp.symbols(r"S_i(L+1) S_i(L) \chi_i^{(L)} \alpha_L \hat{q}^L_i")
_S = r"\sum_{l=1}^{L}\alpha_{l-1}\tilde{q}^{\,l}_i\hat{q}^{\,l-1}_i"
_OPS = "sloppy_verifier.verify.hp.fisher.order_parameters"
DEPTH_TERMS = (
    _measured(S_L, "alpha kappa_i of the depth-L network", r"S_i(L) = \alpha(L)\,\kappa_i(L) = " + _S, _OPS),
    _measured(S_next, "the same at depth L + 1", r"S_i(L+1) = \alpha(L+1)\,\kappa_i(L+1)", _OPS),
    _measured(chi_L, "backward gain of layer L",
              r"\chi_1^{(L)} = \sigma_w^2\,\mathbb{E}\,{\phi'(u)}^2,\ \chi_2^{(L)} = \sigma_w^2\,\mathbb{E}\,\phi'(u)\phi'(v),\ "
              r"(u, v) \sim N(0, [q^L_1, q^L_2; q^L_2, q^L_1])", _OPS + " (chi)"),
    _measured(alpha_L, "width ratio of the added layer", r"\alpha_L = M_L/M", _OPS),
    _measured(qhat_L, "forward order parameters of layer L",
              r"\hat{q}^L_1 = \mathbb{E}\,{\phi(u)}^2,\ \hat{q}^L_2 = \mathbb{E}\,\phi(u)\phi(v)", _OPS))
CLAIMS.append(_claim(
    id="fisher.depth_recursion", tag="F10c", kind=Kind.EXACT,
    title="S_i(L+1) = chi_i^(L) S_i(L) + alpha_L qhat^L_i with S_i = alpha kappa_i",
    statement=sp.Eq(S_next, chi_L * S_L + alpha_L * qhat_L), quantities=DEPTH_TERMS,
    parameters=NET[:4] + (replace(DEPTH, domain=IntRange(2, 30), description=""),
                          replace(ALPHAS, domain=Sequence(Interval(R_(1, 4), 4), "L+1"), description=""), ORDER_INDEX),
    derivation=derivation_depth_recursion,
    provenance=_prov("F10c", Tag.D),
))
ratio_S = sp.Symbol("S_1(L+1)/S_1(L)")
RATIO_S = _measured(ratio_S, "growth of S_1 = alpha kappa_1 from depth L to L + 1",
                    r"S_1(L+1)/S_1(L),\ S_i(L) = \alpha\kappa_i \text{ of the depth-}L \text{ network}",
                    _HP + "_chaotic_growth")
CLAIMS.append(_claim(
    id="fisher.depth_chaotic_growth", tag="F10d", kind=Kind.ASYMP,
    title="chaotic side (chi_1 > 1): S_1(L+1)/S_1(L) -> chi_1(q*); kappa_2/kappa_1 -> 0 (and -> 1 on the ordered side)",
    statement=sp.Eq(ratio_S, q.chi1_star), quantities=(RATIO_S,), parameters=(replace(ACT, domain=Choice(("tanh",)), description=""), SW, SB), large=q.L,
    assumptions=("chi_1(q*) > 1 (chaotic side); on the ordered side S_1 converges and the ratio tends to 1",),
    provenance=_prov("F10d", Tag.D),
))
CLAIMS.append(_claim(
    id="fisher.relu_critical_kappa2", tag="F10d", kind=Kind.CONJ,
    title="ReLU at criticality (2, 0), equal widths: kappa_2 -> 1/4 slowly as L -> infinity",
    statement=sp.Eq(q.kappa2, R_(1, 4)), parameters=(replace(DEPTH, domain=IntRange(3, 3000), description=""),), large=q.L,
    provenance=_prov("F10d, open question 5", Tag.D),
))

# ================================================================ F11
Fs_layer, Fs_jac = sp.symbols(r"F^*_{\mathrm{layers}} JJ^T/T")
DUAL_GRAMS = (_measured(Fs_layer, "the dual Gram matrix summed over the layers' blocks",
                        r"F^*_{\mathrm{layers}} = \sum_{l=1}^{L} \frac{1}{T}\big(\delta^l_k(x_t) \cdot \delta^l_{k'}(x_{t'})\big)"
                        r"\big(h^{l-1}(x_t) \cdot h^{l-1}(x_{t'})\big)", "sloppy_verifier.verify.simulate.fim.dual_gram"),
              _measured(Fs_jac, "the dual Gram matrix of the finite-difference Jacobian",
                        r"JJ^T/T,\ J_{(k,t)} = \text{central differences of } f_k(x_t) \text{ in } \theta",
                        "sloppy_verifier.verify.simulate.fim.finite_difference_jacobian"))
CLAIMS.append(_claim(
    id="fisher.dual_gram_identity", tag="F11a", kind=Kind.EXACT,
    title="layer-wise F* equals J J^T / T with J from finite differences",
    statement=sp.Eq(Fs_layer, Fs_jac), parameters=TINY, quantities=DUAL_GRAMS,
    assumptions=("finite-difference Jacobian: central differences, error O(eps^2)",),
    provenance=_prov("F11a, §1.4", Tag.D),
))
tr_layers = sp.Symbol(r"\sum_l\frac{1}{T}\sum_{t,k}\|\delta^l_k\|^2\|h^{l-1}\|^2")
TR_LAYERS = _measured(tr_layers, "the layer sum of backward times forward squared norms",
                      r"\sum_{l=1}^{L}\frac{1}{T}\sum_{t,k}\|\delta^l_k(x_t)\|^2\|h^{l-1}(x_t)\|^2,\ "
                      r"\delta^l_k = \partial f_k/\partial u^l,\ h^{l-1} \text{ the input of layer } l",
                      "sloppy_verifier.verify.simulate.fim.euler_products")
CLAIMS.append(_claim(
    id="fisher.layer_trace", tag="F11b", kind=Kind.EXACT,
    title="tr F = sum_l (1/T) sum_(t,k) |delta^l_k(t)|^2 |h^(l-1)(t)|^2",
    statement=sp.Eq(trF, tr_layers), parameters=TINY, quantities=(TR_LAYERS,),
    provenance=_prov("F11b", Tag.D, Tag.FU),
))
rank = sp.Symbol(r"\operatorname{rank}F")
RANK = _measured(rank, "rank of the FIM", r"\operatorname{rank}F = \dim \operatorname{range} F",
                 "sloppy_verifier.verify.simulate.fim.fim_statistics (nonzero: eigenvalues above 1e-9 lambda_max)")
CLAIMS.append(_claim(
    id="fisher.rank", tag="F11c", kind=Kind.EXACT,
    title="F is PSD and rank F = CT generically when CT <= P",
    statement=sp.Eq(rank, q.C * q.T), parameters=SIM, quantities=(RANK,),
    provenance=_prov("F11c", Tag.D),
))
CLAIMS = tuple(CLAIMS)
