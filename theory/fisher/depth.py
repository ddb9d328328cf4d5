"""ReLU-family depth formulas of F2, the centred case F6a and the depth recursion F10c (spec/fisher.md).

Each ``derivation_*`` runs the generic F1a recursion (:func:`order_params.order_parameters`) on SymPy
kernels and returns Steps equating its output with the spec's closed forms; symbolic-depth versions
use induction steps (base case plus ``l -> l+1`` with ``l`` a symbol) and ``sp.summation``.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import sympy as sp

from ..claim import Step, StepCheck
from .kernels import a_, b_, ab_relu, closed_form, s11, s12, s22
from .order_params import alpha_of, order_parameters
from .price import theta_acos_steps

sigma_w2 = sp.Symbol("sigma_w2", positive=True)
sigma_b2 = sp.Symbol("sigma_b2", nonnegative=True)
qhat0_1 = sp.Symbol("qhat0_1", positive=True)
chi_s = sp.Symbol("chi", positive=True)
l_s = sp.Symbol("l", integer=True, nonnegative=True)
L_s = sp.Symbol("L", integer=True, positive=True)
h_s = sp.Symbol("h", positive=True)   # (a^2 + b^2)/2


def alphas_sym(L: int) -> tuple:
    """Width ratios ``alpha_0 .. alpha_{L-1}`` as positive symbols."""
    return sp.symbols(f"alpha_0:{L}", positive=True)


# ---------------------------------------------------------------- closed forms
def chi(sigma_w2_=sigma_w2, a=a_, b=b_) -> sp.Expr:
    """``chi = sigma_w^2 (a^2 + b^2)/2``."""
    return sp.sympify(sigma_w2_) * (sp.sympify(a)**2 + sp.sympify(b)**2) / 2


def qhat1_closed(l, chi_=chi_s, h=h_s, sigma_b2_=sigma_b2, q0=qhat0_1) -> sp.Expr:
    """``qhat^l_1 = chi^l qhat^0_1 + h sigma_b^2 (1 - chi^l)/(1 - chi)`` (``chi != 1``), ``h = (a^2+b^2)/2``."""
    return chi_**l * q0 + h * sigma_b2_ * (1 - chi_**l) / (1 - chi_)


def qhat1_closed_critical(l, h=h_s, sigma_b2_=sigma_b2, q0=qhat0_1) -> sp.Expr:
    """``qhat^l_1 = qhat^0_1 + l h sigma_b^2`` at ``chi = 1``."""
    return q0 + l * h * sigma_b2_


def qtilde1_closed(l, L, chi_=chi_s) -> sp.Expr:
    """``qtilde^l_1 = chi^(L - l)``."""
    return chi_**(L - l)


def relu_kappa1_equal_widths(L, sigma_b2_=sigma_b2) -> sp.Expr:
    """ReLU, ``sigma_w^2 = 2``, equal widths: ``kappa_1 = L (4 + (L-1) sigma_b^2) / (4 (L-1))``."""
    return L * (4 + (L - 1) * sigma_b2_) / (4 * (L - 1))


def relu_kappa1(alphas, sigma_b2_=sigma_b2) -> sp.Expr:
    """ReLU, ``sigma_w^2 = 2``: ``kappa_1 = sum_l alpha_{l-1}/alpha (1 + (l-1) sigma_b^2/2)``."""
    L = len(alphas)
    return sum(alphas[l - 1] * (1 + (l - 1) * sigma_b2_ / 2) for l in range(1, L + 1)) / alpha_of(alphas)


def linear_kappas(L, sigma_b2_=sigma_b2) -> tuple:
    """Linear, ``sigma_w^2 = 1``, equal widths: ``(kappa_1, kappa_2)``."""
    return (L + sigma_b2_ * L * (L - 1) / 2) / (L - 1), sigma_b2_ * L / 2


def bias_free_kappa1(alphas, chi_=chi_s) -> sp.Expr:
    """Bias-free ReLU family: ``kappa_1 = chi^(L-1) sum_l alpha_{l-1} / alpha``."""
    return chi_**(len(alphas) - 1) * sum(alphas) / alpha_of(alphas)


def relu_kappa2_R1() -> sp.Expr:
    """R1: ``kappa_2 = (2 (pi - acos(1/pi)) + sqrt(pi^2 - 1)) / (2 pi^2)`` (ReLU, 2, 0, L = 3, equal widths)."""
    return (2 * (sp.pi - sp.acos(1 / sp.pi)) + sp.sqrt(sp.pi**2 - 1)) / (2 * sp.pi**2)


def rho_relu(c) -> sp.Expr:
    """ReLU correlation map ``rho(c) = (sqrt(1 - c^2) + (pi - acos c) c)/pi``."""
    return (sp.sqrt(1 - c**2) + (sp.pi - sp.acos(c)) * c) / sp.pi


def ab_relu_acos(a=a_, b=b_, name="ab_relu"):
    """AB-ReLU kernels with ``theta`` written as ``acos(s12/sqrt(s11 s22))`` (equal by ``price.theta_acos_steps``)."""
    f = ab_relu(a, b, name)
    th = sp.atan2(sp.sqrt(s11 * s22 - s12**2), s12)
    ac = sp.acos(s12 / sp.sqrt(s11 * s22))
    return replace(f, K=f.K.subs(th, ac), Kd=f.Kd.subs(th, ac))


# ---------------------------------------------------------------- derivations
@lru_cache(maxsize=None)
def derivation_chi(L: int = 8) -> tuple:
    """``chi^(l)_1 = chi``, ``qtilde^l_1 = chi^(L-l)``, and the ``qhat^l_1`` formula (both branches).

    Recursion run at depth ``L`` with symbolic ``sigma_w^2, sigma_b^2, a, b, qhat^0_1``; plus induction
    steps in a symbolic ``l``.
    """
    k = ab_relu().kernels()
    alphas = (1,) * L
    op = order_parameters(k, sigma_w2, sigma_b2, alphas, (qhat0_1, 0))
    c = chi()
    h = (a_**2 + b_**2) / 2
    steps = [Step(sp.Eq(op.chi1[l - 1], c), f"chi^({l})_1 = sigma_w^2 V_phi'(q^{l}_1) = sigma_w^2 (a^2+b^2)/2")
             for l in range(1, L)]
    steps += [Step(sp.Eq(op.qtilde1[l - 1], qtilde1_closed(l, L, c)), f"qtilde^{l}_1 = chi^(L-{l}) at L = {L}")
              for l in range(1, L + 1)]
    steps += [Step(sp.Eq(op.qhat1[l], qhat1_closed(l, c, h)), f"qhat^{l}_1 closed form (chi != 1) at L = {L}")
              for l in range(L)]
    # chi = 1 branch: sigma_w^2 = 1/h
    opc = order_parameters(k, 1 / h, sigma_b2, alphas, (qhat0_1, 0))
    steps += [Step(sp.Eq(opc.qhat1[l], qhat1_closed_critical(l, h)), f"qhat^{l}_1 = qhat^0_1 + l h sigma_b^2 at chi = 1")
              for l in range(L)]
    # symbolic l: induction
    F = qhat1_closed
    steps += [
        Step(sp.Eq(F(0), qhat0_1), "induction base: qhat^0_1"),
        Step(sp.Eq(F(l_s + 1), chi_s * F(l_s) + h_s * sigma_b2),
             "induction step: qhat^(l+1)_1 = h (sigma_w^2 qhat^l_1 + sigma_b^2) = chi qhat^l_1 + h sigma_b^2"),
        Step(sp.Eq(qhat1_closed_critical(l_s + 1), qhat1_closed_critical(l_s) + h_s * sigma_b2),
             "induction step at chi = 1"),
        Step(sp.Eq(sp.limit(F(l_s), chi_s, 1), qhat1_closed_critical(l_s)),
             "the chi = 1 branch is the chi -> 1 limit of the general one"),
        Step(sp.Eq(qtilde1_closed(l_s, L_s), chi_s * qtilde1_closed(l_s + 1, L_s)),
             "induction: qtilde^l_1 = chi qtilde^(l+1)_1, qtilde^L_1 = 1"),
    ]
    return tuple(steps)


@lru_cache(maxsize=None)
def derivation_relu_critical(Ls: tuple = tuple(range(2, 9)), Ls_alpha: tuple = (2, 3, 4)) -> tuple:
    """ReLU at ``sigma_w^2 = 2``: ``kappa_1`` from the recursion equals the closed forms."""
    k = closed_form("relu").kernels()
    steps = []
    for L in Ls:
        op = order_parameters(k, 2, sigma_b2, (1,) * L)
        steps.append(Step(sp.Eq(op.kappa1, relu_kappa1_equal_widths(L)),
                          f"recursion at L = {L}, equal widths: kappa_1 = L(4 + (L-1) sigma_b^2)/(4(L-1))"))
    for L in Ls_alpha:
        al = alphas_sym(L)
        op = order_parameters(k, 2, sigma_b2, al)
        steps.append(Step(sp.Eq(op.kappa1, relu_kappa1(al)),
                          f"recursion at L = {L}, symbolic widths: kappa_1 = sum alpha_(l-1)/alpha (1 + (l-1) sigma_b^2/2)"))
    l1 = sp.Symbol("l", integer=True, positive=True)
    Lg = sp.Symbol("L", integer=True, positive=True)
    term = qtilde1_closed(l1, Lg, 1) * qhat1_closed_critical(l1 - 1, sp.Rational(1, 2), sigma_b2, 1)
    steps.append(Step(sp.Eq(sp.summation(term, (l1, 1, Lg)) / (Lg - 1), relu_kappa1_equal_widths(Lg)),
                      "symbolic L: chi = 1 so qtilde^l_1 = 1 and qhat^(l-1)_1 = 1 + (l-1) sigma_b^2/2 "
                      "(derivation_chi); alpha = L - 1; sum over l = 1..L"))
    return tuple(steps)


@lru_cache(maxsize=None)
def derivation_linear(Ls: tuple = tuple(range(2, 9))) -> tuple:
    """Linear, ``sigma_w^2 = 1``, equal widths: ``kappa_1, kappa_2``."""
    k = closed_form("linear").kernels()
    steps = []
    for L in Ls:
        op = order_parameters(k, 1, sigma_b2, (1,) * L)
        k1, k2 = linear_kappas(L)
        steps.append(Step(sp.Eq(op.kappa1, k1), f"linear recursion at L = {L}: kappa_1"))
        steps.append(Step(sp.Eq(op.kappa2, k2), f"linear recursion at L = {L}: kappa_2"))
    l1 = sp.Symbol("l", integer=True, positive=True)
    Lg = sp.Symbol("L", integer=True, positive=True)
    q1 = lambda l: 1 + l * sigma_b2  # noqa: E731
    q2 = lambda l: l * sigma_b2      # noqa: E731
    k1, k2 = linear_kappas(Lg)
    steps += [
        Step(sp.Eq(q1(l_s + 1), 1 * q1(l_s) + sigma_b2), "induction: qhat^(l+1)_1 = V(qhat^l_1 + sigma_b^2), V(s) = s"),
        Step(sp.Eq(q2(l_s + 1), 1 * q2(l_s) + sigma_b2), "induction: qhat^(l+1)_2 = K(.,.,qhat^l_2 + sigma_b^2) = q_2; qhat^0_2 = 0"),
        Step(sp.Eq(sp.summation(q1(l1 - 1), (l1, 1, Lg)) / (Lg - 1), k1),
             "symbolic L: chi_1 = chi_2 = 1, qtilde = 1, alpha = L - 1"),
        Step(sp.Eq(sp.summation(q2(l1 - 1), (l1, 1, Lg)) / (Lg - 1), k2), "symbolic L: kappa_2"),
    ]
    return tuple(steps)


@lru_cache(maxsize=None)
def derivation_bias_free(Ls: tuple = (2, 3, 4, 5), Ls_kappa2: tuple = (2, 3)) -> tuple:
    """Bias-free ReLU family: ``kappa_1 = chi^(L-1) sum alpha_(l-1)/alpha``;
    ``kappa_2(sigma_w^2) = chi^(L-1) kappa_2|_(chi=1)`` (ReLU, symbolic ``sigma_w^2``)."""
    k = ab_relu().kernels()
    steps = []
    for L in Ls:
        al = alphas_sym(L)
        op = order_parameters(k, sigma_w2, 0, al)
        steps.append(Step(sp.Eq(op.kappa1, bias_free_kappa1(al, chi())),
                          f"bias-free AB-ReLU recursion at L = {L}, symbolic widths, a, b, sigma_w^2"))
    steps.append(Step(sp.Eq(qhat1_closed(l_s, chi_s, h_s, 0, 1) * qtilde1_closed(l_s + 1, L_s), chi_s**(L_s - 1)),
                      "symbolic L: qtilde^l_1 qhat^(l-1)_1 = chi^(L-l) chi^(l-1) = chi^(L-1) for every l"))
    # kappa_2 scaling: homogeneity lemma for the kernels ...
    ka = ab_relu_acos()
    c = sp.Symbol("c", positive=True)
    x, y = sp.symbols("s_11 s_22", positive=True)
    pos = {s11: x, s22: y}
    scaled = {s11: c * x, s22: c * y, s12: c * s12}
    steps += list(theta_acos_steps())
    steps += [
        Step(sp.Eq(ka.K.subs(scaled, simultaneous=True), c * ka.K.subs(pos)),
             "K_phi is positively 1-homogeneous in the covariance (theta depends on s12/sqrt(s11 s22) only)"),
        Step(sp.Eq(ka.Kd.subs(scaled, simultaneous=True), ka.Kd.subs(pos)),
             "K_phi' is 0-homogeneous; so with sigma_b = 0 every q, qhat scales by chi^l and qtilde by chi^(L-l)"),
    ]
    # ... and the recursion itself (ReLU, symbolic sigma_w^2)
    kr = closed_form("relu").kernels()
    for L in Ls_kappa2:
        op = order_parameters(kr, sigma_w2, 0, (1,) * L)
        op1 = order_parameters(kr, 2, 0, (1,) * L)
        steps.append(Step(sp.Eq(op.kappa2, (sigma_w2 / 2)**(L - 1) * op1.kappa2),
                          f"ReLU recursion at L = {L}: kappa_2(sigma_w^2) = (sigma_w^2/2)^(L-1) kappa_2(2)"))
    return tuple(steps)


@lru_cache(maxsize=None)
def derivation_R1() -> tuple:
    """R1: ReLU, ``sigma_w^2 = 2``, ``sigma_b = 0``, ``L = 3``, equal widths, ``qhat^0 = (1, 0)``."""
    op = order_parameters(ab_relu_acos(0, 1, "relu").kernels(), 2, 0, (1, 1, 1))
    c2 = op.qhat2[1]
    qtilde_product = 1 - sp.acos(c2) / sp.pi
    rho_form = qtilde_product * c2 + rho_relu(c2)
    return tuple(theta_acos_steps()) + (
        Step(sp.Eq(op.qhat2[1], rho_relu(0)), "c^2 = qhat^1_2 = rho(c^1) = rho(0) = 1/pi"),
        Step(sp.Eq(op.qtilde2[1], qtilde_product), "qtilde^2_2 = 1 - acos(c^2)/pi"),
        Step(sp.Eq(op.kappa2, rho_form / 2), "kappa_2 = (qtilde^2_2 qhat^1_2 + qhat^2_2)/2 with qhat^2_2 = rho(c^2)"),
        Step(sp.Eq(op.kappa2, relu_kappa2_R1()),
             "the recursion (kernels with theta = acos(s12/sqrt(s11 s22))) gives the R1 closed form"),
    )


class _OddOpaqueKernels:
    """Kernels of an odd activation (tanh) as opaque functions; at ``s12 = 0`` the pair is independent,
    so ``K_phi(s11, s22, 0) = E phi(u) E phi(v)`` with ``E phi = M(s)``."""

    def __init__(self, mean):
        self.Vf, self.Vdf = sp.Function("V_tanh"), sp.Function("Vd_tanh")
        self.Kf, self.Kdf = sp.Function("K_tanh"), sp.Function("Kd_tanh")
        self.mean = mean

    def V(self, x):
        return self.Vf(x)

    def Vd(self, x):
        return self.Vdf(x)

    def K(self, x11, x22, x12):
        return self.mean(x11) * self.mean(x22) if x12 == 0 else self.Kf(x11, x22, x12)

    def Kd(self, x11, x22, x12):
        return self.Kdf(x11, x22, x12)


@lru_cache(maxsize=None)
def derivation_odd_centred(Ls: tuple = (2, 3, 4, 5, 6)) -> tuple:
    """F6a: odd phi, ``sigma_b = 0``, ``qhat^0_2 = 0`` => ``q^l_2 = qhat^l_2 = 0`` and ``kappa_2 = 0``."""
    steps = []
    for act in ("linear", "erf"):
        k = closed_form(act).kernels()
        for L in Ls:
            op = order_parameters(k, sigma_w2, 0, alphas_sym(L), (qhat0_1, 0))
            steps += [Step(sp.Eq(v, 0), f"{act}, L = {L}: qhat^{l}_2 = 0") for l, v in enumerate(op.qhat2)]
            steps += [Step(sp.Eq(v, 0), f"{act}, L = {L}: q^{l + 1}_2 = 0") for l, v in enumerate(op.q2)]
            steps.append(Step(sp.Eq(op.kappa2, 0), f"{act}, L = {L}: kappa_2 = 0"))
    # tanh: symmetry argument with opaque kernels
    q, x = sp.Symbol("q", positive=True), sp.Symbol("x", real=True)
    zz = sp.Symbol("z", real=True)
    M = sp.Function("M_tanh")   # M(q) = E tanh(sqrt(q) z)
    Kt = sp.Function("K_tanh")
    integrand = sp.tanh(sp.sqrt(q) * zz) * sp.exp(-zz**2 / 2)
    steps += [
        Step(sp.Eq(sp.tanh(-x), -sp.tanh(x)), "tanh is odd"),
        Step(sp.Eq(integrand.subs(zz, -zz), -integrand),
             "the integrand of M(q) = E tanh(sqrt(q) z) is odd in z, so M(q) = 0"),
        Step(sp.Eq(Kt(q, q, 0), M(q)**2),
             "s12 = 0: jointly Gaussian and uncorrelated => independent, K_tanh(q,q,0) = E tanh(u) E tanh(v)",
             StepCheck.CITED),
    ]
    k = _OddOpaqueKernels(lambda v: sp.Integer(0))
    for L in Ls:
        op = order_parameters(k, sigma_w2, 0, alphas_sym(L), (qhat0_1, 0))
        steps += [Step(sp.Eq(v, 0), f"tanh, L = {L}: qhat^{l}_2 = 0 (M = 0)") for l, v in enumerate(op.qhat2)]
        steps.append(Step(sp.Eq(op.kappa2, 0), f"tanh, L = {L}: kappa_2 = 0"))
    return tuple(steps)


class OpaqueKernels:
    """Opaque ``V, Vd, K, Kd`` (``sp.Function``), for identities that hold for every activation."""

    def __init__(self):
        self.Vf, self.Vdf = sp.Function("V"), sp.Function("Vd")
        self.Kf, self.Kdf = sp.Function("K"), sp.Function("Kd")

    def V(self, x):
        return self.Vf(x)

    def Vd(self, x):
        return self.Vdf(x)

    def K(self, x11, x22, x12):
        return self.Kf(x11, x22, x12)

    def Kd(self, x11, x22, x12):
        return self.Kdf(x11, x22, x12)


@lru_cache(maxsize=None)
def derivation_depth_recursion(Ls: tuple = (2, 3, 4, 5)) -> tuple:
    """F10c: ``S_i(L+1) = chi_i^(L) S_i(L) + alpha_L qhat^L_i``, ``alpha(L+1) = alpha(L) + alpha_L alpha_(L-1)``,
    and the lower layers' forward quantities do not depend on ``L`` (opaque kernels, symbolic alphas)."""
    k = OpaqueKernels()
    q2 = sp.Symbol("qhat0_2", nonnegative=True)
    steps = []
    for L in Ls:
        al = alphas_sym(L + 1)
        A = order_parameters(k, sigma_w2, sigma_b2, al[:L], (qhat0_1, q2))
        B = order_parameters(k, sigma_w2, sigma_b2, al, (qhat0_1, q2))
        steps += [
            Step(sp.Eq(sp.expand(B.S1), sp.expand(B.chi1[L - 1] * A.S1 + al[L] * B.qhat1[L])),
                 f"S_1({L + 1}) = chi_1^({L}) S_1({L}) + alpha_{L} qhat^{L}_1 (both sides expanded)"),
            Step(sp.Eq(sp.expand(B.S2), sp.expand(B.chi2[L - 1] * A.S2 + al[L] * B.qhat2[L])),
                 f"S_2({L + 1}) = chi_2^({L}) S_2({L}) + alpha_{L} qhat^{L}_2 (both sides expanded)"),
            Step(sp.Eq(B.alpha, A.alpha + al[L] * al[L - 1]), f"alpha({L + 1}) = alpha({L}) + alpha_{L} alpha_{L - 1}"),
            Step(sp.Eq(sp.Add(*[(x - y)**2 for x, y in zip(B.qhat1[:L] + B.qhat2[:L], A.qhat1 + A.qhat2)]), 0),
                 f"layers 0..{L - 1}: forward quantities unchanged by adding layer {L + 1}"),
        ]
    return tuple(steps)


def all_derivations() -> dict:
    """Every derivation of this module, by name."""
    return {
        "chi": derivation_chi(),
        "relu_critical": derivation_relu_critical(),
        "linear": derivation_linear(),
        "bias_free": derivation_bias_free(),
        "R1": derivation_R1(),
        "odd_centred": derivation_odd_centred(),
        "depth_recursion": derivation_depth_recursion(),
    }


# Names used by ``theory.fisher.claims``.
derivation_relu_kappa1 = derivation_relu_critical
derivation_relu_R1 = derivation_R1
