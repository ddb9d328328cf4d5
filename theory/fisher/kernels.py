"""Gaussian kernels of the activations (spec/fisher.md §1.5, F2).

For a centred Gaussian pair ``(u, v)`` with covariance ``[[s11, s12], [s12, s22]]``:
``V_g(s) = E g(sqrt(s) z)^2`` and ``K_g(s11, s22, s12) = E g(u) g(v)``, for ``g = phi`` and ``g = phi'``.
The angle is ``theta = atan2(sqrt(s11*s22 - s12**2), s12)`` in ``[0, pi]``.

Closed forms exist for the AB-ReLU family ``a*min(u,0) + b*max(u,0)`` (ReLU, leaky ReLU, linear) and
for erf; tanh has none and is left to quadrature (``verify.hp``).  The closed forms below are the
statements that ``theory.fisher.price`` derives / proves from Price's theorem.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

s, s11, s22, s12 = sp.symbols("s s_11 s_22 s_12", real=True)
a_, b_ = sp.symbols("a b", real=True)

ACTIVATIONS = ("relu", "leaky_relu", "linear", "erf", "tanh")
ODD = frozenset({"linear", "erf", "tanh"})
HOMOGENEOUS = frozenset({"relu", "leaky_relu", "linear"})  # positively 1-homogeneous (AB-ReLU family)


def theta(S11=s11, S22=s22, S12=s12) -> sp.Expr:
    """The angle between the two Gaussian directions, ``atan2(sqrt(s11 s22 - s12^2), s12)``."""
    return sp.atan2(sp.sqrt(S11 * S22 - S12**2), S12)


@dataclass(frozen=True)
class KernelForms:
    """Closed forms: ``V, Vd`` in ``s``; ``K, Kd`` in ``(s11, s22, s12)``; ``mean = E phi(sqrt(s) z)``;
    ``phi`` and ``dphi`` in the pre-activation ``u``."""

    name: str
    V: sp.Expr
    Vd: sp.Expr
    K: sp.Expr
    Kd: sp.Expr
    mean: sp.Expr
    phi: sp.Expr
    dphi: sp.Expr

    def kernels(self) -> "SymbolicKernels":
        return SymbolicKernels(self)


u = sp.Symbol("u", real=True)


def ab_relu(a=a_, b=b_, name="ab_relu") -> KernelForms:
    """AB-ReLU ``a*min(u,0) + b*max(u,0)`` (F2 table, first row)."""
    a, b = sp.sympify(a), sp.sympify(b)
    th = theta()
    half = (a**2 + b**2) / 2
    jump = (a - b) ** 2 / (2 * sp.pi)
    return KernelForms(
        name=name,
        V=half * s,
        Vd=half,
        K=jump * sp.sqrt(s11 * s22 - s12**2) + (half - jump * th) * s12,
        Kd=half - jump * th,
        mean=(b - a) * sp.sqrt(s / (2 * sp.pi)),
        phi=sp.Piecewise((a * u, u < 0), (b * u, True)),
        dphi=sp.Piecewise((a, u < 0), (b, True)),
    )


def erf_forms() -> KernelForms:
    """erf (F2 table, erf row)."""
    return KernelForms(
        name="erf",
        V=2 / sp.pi * sp.asin(2 * s / (1 + 2 * s)),
        Vd=4 / (sp.pi * sp.sqrt(1 + 4 * s)),
        K=2 / sp.pi * sp.asin(2 * s12 / sp.sqrt((1 + 2 * s11) * (1 + 2 * s22))),
        Kd=4 / (sp.pi * sp.sqrt((1 + 2 * s11) * (1 + 2 * s22) - 4 * s12**2)),
        mean=sp.Integer(0),
        phi=sp.erf(u),
        dphi=2 / sp.sqrt(sp.pi) * sp.exp(-u**2),
    )


def closed_form(activation: str, a=None) -> KernelForms | None:
    """Closed-form kernels of a named activation, or ``None`` for tanh (quadrature only)."""
    if activation == "relu":
        return ab_relu(0, 1, "relu")
    if activation == "leaky_relu":
        if a is None:
            raise ValueError("leaky_relu needs its negative slope a")
        return ab_relu(sp.Rational(a) if not isinstance(a, sp.Basic) else a, 1, "leaky_relu")
    if activation == "linear":
        return ab_relu(1, 1, "linear")
    if activation == "erf":
        return erf_forms()
    if activation == "tanh":
        return None
    raise ValueError(f"unknown activation {activation!r}; choose from {', '.join(ACTIVATIONS)}")


def chi_homogeneous(sigma_w2, a=0, b=1):
    """``chi = sigma_w^2 (a^2 + b^2)/2`` of the AB-ReLU family: the per-layer gain ``chi_1^{(l)}`` (F2)."""
    return sp.sympify(sigma_w2) * (sp.sympify(a) ** 2 + sp.sympify(b) ** 2) / 2


class SymbolicKernels:
    """The closed forms as callables, so the generic recursion of ``order_params`` runs on SymPy."""

    def __init__(self, forms: KernelForms):
        self.forms = forms

    def V(self, x):
        return self.forms.V.subs(s, x)

    def Vd(self, x):
        return self.forms.Vd.subs(s, x)

    def K(self, x11, x22, x12):
        return self.forms.K.subs({s11: x11, s22: x22, s12: x12}, simultaneous=True)

    def Kd(self, x11, x22, x12):
        return self.forms.Kd.subs({s11: x11, s22: x22, s12: x12}, simultaneous=True)
