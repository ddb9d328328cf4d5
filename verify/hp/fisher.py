"""Order parameters ``qhat, qtilde, chi, alpha, kappa_1, kappa_2`` (spec/fisher.md F1a) at high precision.

The recursion itself is ``theory.fisher.order_params.order_parameters`` (written once, generic in the
arithmetic); here it runs on mpf of ``verify.mpeval.context(dps)`` with the kernels of ``verify.hp.gauss``.
"""
from __future__ import annotations

from sloppy_verifier.theory.fisher.order_params import OrderParameters, order_parameters as _recursion
from sloppy_verifier.verify.hp.gauss import kernels
from sloppy_verifier.verify.mpeval import context, to_mpf


def order_parameters(activation: str, sigma_w2, sigma_b2, alphas, a=None, qhat0=(1, 0),
                     dps: int = 30) -> OrderParameters:
    """F1a at ``dps`` digits.  Numeric inputs are converted exactly before rounding to ``dps`` digits
    (strings, ints, Fractions; ``'0.64'`` means 64/100; floats via their shortest repr)."""
    ctx = context(dps)
    x = lambda v: to_mpf(ctx, v)
    return _recursion(kernels(activation, a, dps), x(sigma_w2), x(sigma_b2), [x(v) for v in alphas],
                      (x(qhat0[0]), x(qhat0[1])))
