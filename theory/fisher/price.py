"""Derivation of the F2 closed-form Gaussian kernels (spec/fisher.md F2, "Derivation (SymPy-encodable)").

Every identity is a :class:`~theory.claim.Step` whose ``expr`` is an ``sp.Eq`` that
:func:`~theory.claim.step_holds` reduces to a tautology.  Nothing is typed in twice: the left-hand
sides are computed here (``sp.integrate`` over half-lines, ``Derivative`` in ``s12``), the
right-hand sides are the statements of :mod:`theory.fisher.kernels`.

Why Price's theorem plus a boundary value determines ``K`` uniquely
--------------------------------------------------------------------
Fix ``s11, s22 > 0`` and view ``k(c) = K_g(s11, s22, c)`` as a function of the covariance
``c = s12`` on the open interval ``|c| < sqrt(s11 s22)`` (where the covariance matrix is positive
definite).  Price's theorem (R. Price, IRE Trans. Inf. Theory 4, 1958) says
``d/ds12 E g(u) g(v) = E g'(u) g'(v)``, i.e. ``k' = K_{g'}``: a first-order ODE in ``c``.  At ``c = 0``
the pair ``(u, v)`` is jointly Gaussian and uncorrelated, hence independent, so
``k(0) = E g(u) E g(v)``.  A first-order ODE ``k' = F(c)`` with a continuous right-hand side on an
interval and a given initial value has exactly one solution (``k(c) = k(0) + int_0^c F``).  Hence a
closed form that (i) has derivative ``K_{g'}`` in ``s12`` and (ii) takes the value ``E g E g`` at
``s12 = 0`` *is* ``K_g`` on the whole interval; the endpoints ``s12 = +-sqrt(s11 s22)`` follow by
continuity (dominated convergence), which is also why the diagonal ``K_g(s, s, s) = V_g(s)`` must hold
and is checked as a consistency step.  The chain is closed by a step whose right-hand side is known
independently:

* AB-ReLU ``a min(u,0) + b max(u,0)``: ``g' = phi'`` is a step function with jump ``b - a`` at 0, so
  ``g'' = (b - a) delta`` and ``d/ds12 K_{phi'} = E g''(u) g''(v) = (a - b)^2 p_{u,v}(0, 0)
  = (a - b)^2 / (2 pi sqrt(s11 s22 - s12^2))`` (the density at the origin times the jump squared).
* erf: ``K_{erf'} = (4/pi) E exp(-u^2 - v^2)`` is a Gaussian integral, done here in two 1-D
  integrals (``v`` given ``u``), so no further Price step is needed.

Variances are positive symbols (``S11, S22, S``); ``s12`` stays real.  The angle
``theta = atan2(sqrt(s11 s22 - s12^2), s12)`` is also shown to equal ``acos(s12/sqrt(s11 s22))``
(same derivative, same value at ``s12 = 0``), which :mod:`theory.fisher.depth` uses where SymPy
simplifies ``acos`` better than ``atan2``.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..claim import Step, StepCheck, step_holds
from .kernels import KernelForms, a_, b_, ab_relu, closed_form, erf_forms, s, s11, s12, s22, theta, u

# Positive variances (the kernels' own symbols are merely real).
S = sp.Symbol("s", positive=True)
S11, S22 = sp.symbols("s_11 s_22", positive=True)
z_pos = sp.Symbol("z", positive=True)   # half-line variable
z = sp.Symbol("z", real=True)           # whole-line variable

DERIVED = ("relu", "leaky_relu", "linear", "erf", "ab_relu")


def gauss(x: sp.Expr) -> sp.Expr:
    """The standard normal density."""
    return sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi)


def gaussian_mean_halflines(g: sp.Expr, var: sp.Expr = S) -> sp.Expr:
    """``E g(sqrt(var) z)``, ``z ~ N(0,1)``, as the sum of two half-line integrals (``g`` in ``u``)."""
    r = sp.sqrt(var)
    neg = sp.integrate(g.subs(u, -r * z_pos) * gauss(z_pos), (z_pos, 0, sp.oo))
    pos = sp.integrate(g.subs(u, r * z_pos) * gauss(z_pos), (z_pos, 0, sp.oo))
    return sp.simplify(neg + pos)


def gaussian_mean_line(g: sp.Expr, var: sp.Expr = S) -> sp.Expr:
    """``E g(sqrt(var) z)`` as one integral over the real line (smooth ``g``)."""
    return sp.simplify(sp.integrate(g.subs(u, sp.sqrt(var) * z) * gauss(z), (z, -sp.oo, sp.oo)))


def _pos(expr: sp.Expr) -> sp.Expr:
    """Replace the kernels' real symbols by positive variances (``s12`` stays real)."""
    return expr.subs({s: S, s11: S11, s22: S22}, simultaneous=True)


def _diag(expr: sp.Expr) -> sp.Expr:
    return expr.subs({s11: S, s22: S, s12: S}, simultaneous=True)


def origin_density() -> sp.Expr:
    """``p_{u,v}(0, 0)`` of the centred bivariate Gaussian with covariance ``[[s11, s12], [s12, s22]]``."""
    cov = sp.Matrix([[S11, s12], [s12, S22]])
    x = sp.Matrix([0, 0])
    return sp.exp(-(x.T * cov.inv() * x)[0] / 2) / (2 * sp.pi * sp.sqrt(cov.det()))


# ---------------------------------------------------------------- shared lemmas
@lru_cache(maxsize=None)
def theta_acos_steps() -> tuple:
    """``atan2(sqrt(s11 s22 - s12^2), s12) = acos(s12 / sqrt(s11 s22))`` for ``s11, s22 > 0``."""
    th = theta(S11, S22, s12)
    ac = sp.acos(s12 / sp.sqrt(S11 * S22))
    return (
        Step(sp.Eq(sp.Derivative(th, s12), sp.Derivative(ac, s12)),
             "theta and acos(s12/sqrt(s11 s22)) have the same s12-derivative -1/sqrt(s11 s22 - s12^2)"),
        Step(sp.Eq(th.subs(s12, 0), ac.subs(s12, 0)),
             "both equal pi/2 at s12 = 0; with equal derivatives they agree on |s12| < sqrt(s11 s22)"),
        Step(sp.Eq(sp.Derivative(th, s12), -1 / sp.sqrt(S11 * S22 - s12**2)),
             "d theta/d s12 = -1/sqrt(s11 s22 - s12^2) (used by the Price steps)"),
    )


def theta_acos(S11_=s11, S22_=s22, S12_=s12) -> sp.Expr:
    """The angle in the form ``acos(s12/sqrt(s11 s22))`` (equal to :func:`kernels.theta`, see above)."""
    return sp.acos(S12_ / sp.sqrt(S11_ * S22_))


# ---------------------------------------------------------------- AB-ReLU family
def derivation_ab(forms: KernelForms, a=a_, b=b_) -> tuple:
    """Steps deriving ``forms`` (V, Vd, mean, K, Kd) for ``a min(u,0) + b max(u,0)``.

    ``a, b`` fix the activation whose Gaussian integrals are computed (from ``forms.phi`` /
    ``forms.dphi``); the right-hand sides are ``forms``' closed forms, so a wrong form fails its step.
    """
    a, b = sp.sympify(a), sp.sympify(b)
    name = forms.name
    Eg = gaussian_mean_halflines(forms.phi)            # E phi(sqrt(s) z)
    Eg2 = gaussian_mean_halflines(forms.phi**2)        # E phi^2
    Edg = gaussian_mean_halflines(forms.dphi)          # E phi'
    Edg2 = gaussian_mean_halflines(forms.dphi**2)      # E phi'^2
    K, Kd = _pos(forms.K), _pos(forms.Kd)
    D = S11 * S22 - s12**2
    steps = [
        Step(sp.Eq(Eg2, _pos(forms.V)),
             f"{name}: V(s) = E phi(sqrt(s) z)^2 = a^2 int_(-oo)^0 + b^2 int_0^oo s z^2 gauss(z) dz"),
        Step(sp.Eq(Edg2, _pos(forms.Vd)),
             f"{name}: V_phi'(s) = E phi'(sqrt(s) z)^2 = (a^2 + b^2)/2 (half-line integrals)"),
        Step(sp.Eq(Eg, _pos(forms.mean)),
             f"{name}: E phi(sqrt(s) z) = (b - a) sqrt(s/(2 pi)) (half-line integrals)"),
        Step(sp.Eq(sp.Derivative(K, s12), Kd),
             f"{name}: Price's theorem, d/ds12 E phi(u)phi(v) = E phi'(u)phi'(v): the closed form of K_phi has the derivative K_phi', the kernel of phi'"),
        Step(sp.Eq((b - a)**2 * origin_density(), (a - b)**2 / (2 * sp.pi * sp.sqrt(D))),
             f"{name}: E phi''(u)phi''(v) with phi'' = (b - a) delta = jump^2 times the density at the origin"),
        Step(sp.Eq(sp.Derivative(Kd, s12), (a - b)**2 / (2 * sp.pi * sp.sqrt(D))),
             f"{name}: Price's theorem again, d/ds12 E phi'(u)phi'(v) = (a - b)^2 p_(u,v)(0,0): closes the chain"),
        Step(sp.Eq(Kd.subs(s12, 0), Edg.subs(S, S11) * Edg.subs(S, S22)),
             f"{name}: boundary value, s12 = 0 makes u, v independent: K_phi'(s11,s22,0) = E phi'(u) E phi'(v)"),
        Step(sp.Eq(K.subs(s12, 0), Eg.subs(S, S11) * Eg.subs(S, S22)),
             f"{name}: boundary value K_phi(s11,s22,0) = E phi(u) E phi(v); with the ODE this fixes K uniquely"),
        Step(sp.Eq(_diag(forms.K), _pos(forms.V)),
             f"{name}: diagonal limit K(s,s,s) = V(s) (theta = atan2(0, s) = 0 for s > 0)"),
        Step(sp.Eq(_diag(forms.Kd), _pos(forms.Vd)),
             f"{name}: diagonal limit K_phi'(s,s,s) = V_phi'(s)"),
    ]
    return tuple(steps)


# ---------------------------------------------------------------- erf
@lru_cache(maxsize=None)
def erf_gaussian_integral_steps() -> tuple:
    """``E exp(-u^2 - v^2) = 1/sqrt((1+2 s11)(1+2 s22) - 4 s12^2)`` via ``v | u`` (two 1-D integrals)."""
    A = sp.Symbol("A", positive=True)
    rho = sp.Symbol("rho", real=True)
    tau = sp.Symbol("tau", positive=True)
    z1 = sp.Symbol("z_1", real=True)
    z2 = sp.Symbol("z_2", real=True)
    lemma = sp.integrate(sp.exp(-A * z**2) * gauss(z), (z, -sp.oo, sp.oo))
    inner = sp.integrate(sp.exp(-(rho * z1 + tau * z2)**2) * gauss(z2), (z2, -sp.oo, sp.oo))
    inner_closed = sp.exp(-rho**2 * z1**2 / (1 + 2 * tau**2)) / sp.sqrt(1 + 2 * tau**2)
    # outer: E_z1 exp(-s11 z1^2) * inner_closed = lemma at A = s11 + rho^2/(1+2 tau^2)
    outer = (1 / sp.sqrt(1 + 2 * tau**2)) * (1 / sp.sqrt(1 + 2 * (S11 + rho**2 / (1 + 2 * tau**2))))
    sub = {rho: s12 / sp.sqrt(S11), tau: sp.sqrt(S22 - s12**2 / S11)}
    target = 1 / sp.sqrt((1 + 2 * S11) * (1 + 2 * S22) - 4 * s12**2)
    return (
        Step(sp.Eq(lemma, 1 / sp.sqrt(1 + 2 * A)), "Gaussian lemma: E exp(-A z^2) = 1/sqrt(1 + 2A), A > 0"),
        Step(sp.Eq(inner, inner_closed),
             "write u = sqrt(s11) z1, v = rho z1 + tau z2 (rho = s12/sqrt(s11), tau^2 = s22 - s12^2/s11); "
             "the z2-integral is a completed square"),
        Step(sp.Eq((outer**-2).subs(sub), (target**-2)),
             "outer z1-integral by the lemma with A = s11 + rho^2/(1 + 2 tau^2); the product of the two "
             "normalisers is (1+2 s11)(1+2 s22) - 4 s12^2"),
    )


def derivation_erf(forms: KernelForms | None = None) -> tuple:
    """Steps deriving the erf kernels (F2 table, erf row)."""
    forms = erf_forms() if forms is None else forms
    Eg = gaussian_mean_line(forms.phi)
    Edg = gaussian_mean_line(forms.dphi)
    Edg2 = gaussian_mean_line(forms.dphi**2)
    K, Kd = _pos(forms.K), _pos(forms.Kd)
    dphi_exp = 2 / sp.sqrt(sp.pi) * sp.exp(-u**2)
    steps = [
        Step(sp.Eq(forms.dphi, dphi_exp), "erf'(u) = 2/sqrt(pi) exp(-u^2)"),
        Step(sp.Eq(Edg2, _pos(forms.Vd)), "erf: V_erf'(s) = E erf'(sqrt(s) z)^2 = (4/pi) E exp(-2 s z^2) = 4/(pi sqrt(1+4s))"),
        Step(sp.Eq(Eg, _pos(forms.mean)), "erf: E erf(sqrt(s) z) = 0 (odd integrand)"),
        Step(sp.Eq(sp.Derivative(K, s12), Kd),
             "erf: Price's theorem, d/ds12 E erf(u)erf(v) = E erf'(u)erf'(v): the closed form of K_erf has the derivative K_erf', the kernel of erf'"),
        *erf_gaussian_integral_steps(),
        Step(sp.Eq(Kd, 4 / sp.pi / sp.sqrt((1 + 2 * S11) * (1 + 2 * S22) - 4 * s12**2)),
             "erf: K_erf' = (4/pi) E exp(-u^2 - v^2) = (4/pi)/sqrt((1+2 s11)(1+2 s22) - 4 s12^2) closes the chain"),
        Step(sp.Eq(Kd.subs(s12, 0), Edg.subs(S, S11) * Edg.subs(S, S22)),
             "erf: boundary value K_erf'(s11,s22,0) = E erf'(u) E erf'(v)"),
        Step(sp.Eq(K.subs(s12, 0), Eg.subs(S, S11) * Eg.subs(S, S22)),
             "erf: boundary value K_erf(s11,s22,0) = (E erf)^2 = 0; with the ODE this fixes K uniquely"),
        Step(sp.Eq(_diag(forms.K), _pos(forms.V)), "erf: diagonal K(s,s,s) = V(s) = (2/pi) asin(2s/(1+2s))"),
        Step(sp.Eq(_diag(forms.Kd), _pos(forms.Vd)), "erf: diagonal K_erf'(s,s,s) = V_erf'(s)"),
    ]
    return tuple(steps)


# ---------------------------------------------------------------- public entry points
@lru_cache(maxsize=None)
def derivation(activation: str) -> tuple:
    """The F2 derivation of ``activation``'s closed-form kernels, as a tuple of Steps.

    ``activation`` in ``relu, leaky_relu`` (symbolic slope ``a``), ``linear``, ``erf``, ``ab_relu``
    (symbolic ``a, b``).  tanh has no closed form and no derivation here.
    """
    if activation == "relu":
        return derivation_ab(closed_form("relu"), 0, 1)
    if activation == "leaky_relu":
        return derivation_ab(closed_form("leaky_relu", a=a_), a_, 1)
    if activation == "linear":
        return derivation_ab(closed_form("linear"), 1, 1)
    if activation == "ab_relu":
        return derivation_ab(ab_relu(), a_, b_) + theta_acos_steps()
    if activation == "erf":
        return derivation_erf()
    raise ValueError(f"no closed-form derivation for {activation!r}; choose from {', '.join(DERIVED)}")


@lru_cache(maxsize=None)
def proved(activation: str) -> bool:
    """Whether every ALGEBRA step of ``derivation(activation)`` is proved by SymPy."""
    return all(step_holds(st) is True for st in derivation(activation) if st.check is StepCheck.ALGEBRA)
