"""Order-to-chaos quantities (spec/fisher.md F10a/b): fixed point ``q*``, ``chi_1``, critical ``sigma_w^2``.

``q*`` is the stable fixed point of ``q -> sigma_w^2 V(q) + sigma_b^2``; ``chi_1 = sigma_w^2 Vd(q*)``; the
order-to-chaos line is ``chi_1 = 1``.  If ``sigma_b = 0`` and ``V(0) = 0`` the origin is a fixed point with
slope ``sigma_w^2 V'(0) = sigma_w^2 Vd(0)`` (``V'(0) = phi'(0)^2``); it is the stable one when that slope is
``<= 1`` (tanh: ``sigma_w^2 <= 1``).  Otherwise the map is iterated at 15 digits from
``sigma_w^2 + sigma_b^2`` (iteration converges to the stable branch) and polished by ``ctx.findroot``
(secant) at ``dps + 5`` digits.  Roots are numerical, not interval-certified.
"""
from __future__ import annotations

from sloppy_verifier.verify.hp.gauss import kernels
from sloppy_verifier.verify.mpeval import context, to_mpf

EXTRA = 5          # digits carried by the root finders beyond the requested dps


def fixed_point(activation: str, sigma_w2, sigma_b2, a=None, dps: int = 30):
    """Stable fixed point ``q*`` (mpf of ``context(dps)``); ``ValueError`` if the iteration diverges."""
    return context(dps).mpf(_fixed_point(activation, sigma_w2, sigma_b2, a, dps + EXTRA))


def _fixed_point(activation, sigma_w2, sigma_b2, a, wdps):
    ctx, k = context(wdps), kernels(activation, a, wdps)
    w2, b2 = to_mpf(ctx, sigma_w2), to_mpf(ctx, sigma_b2)
    if b2 == 0 and k.V(0) == 0 and w2 * k.Vd(0) <= 1:
        return ctx.zero
    lo, lctx = kernels(activation, a, 15), context(15)
    q, lw2, lb2 = lctx.mpf(w2 + b2), lctx.mpf(w2), lctx.mpf(b2)
    for _ in range(500):
        q, prev = lw2 * lo.V(q) + lb2, q
        if abs(q - prev) < 1e-6 * q:
            break
    else:
        raise ValueError(f"no finite stable fixed point for sigma_w2={sigma_w2}, sigma_b2={sigma_b2}")
    return ctx.findroot(lambda x: w2 * k.V(x) + b2 - x, ctx.mpf(q))


def chi1(activation: str, sigma_w2, sigma_b2, a=None, dps: int = 30):
    """``(q*, chi_1(q*) = sigma_w^2 Vd(q*))`` as mpf of ``context(dps)``."""
    wdps = dps + EXTRA
    q = _fixed_point(activation, sigma_w2, sigma_b2, a, wdps)
    out = context(dps)
    return out.mpf(q), out.mpf(to_mpf(context(wdps), sigma_w2) * kernels(activation, a, wdps).Vd(q))


def critical_sigma_w2(activation: str, sigma_b2, a=None, dps: int = 30, guess=(1.5, 3)):
    """``(sigma_w^2, q*)`` on the order-to-chaos line ``chi_1 = 1`` at the given ``sigma_b^2``
    (secant ``ctx.findroot`` on ``sigma_w^2 Vd(q*(sigma_w^2)) - 1`` from the two ``guess`` values)."""
    wdps = dps + EXTRA
    ctx, k = context(wdps), kernels(activation, a, wdps)
    f = lambda w2: w2 * k.Vd(_fixed_point(activation, w2, sigma_b2, a, wdps)) - 1
    w2 = ctx.findroot(f, tuple(to_mpf(ctx, g) for g in guess))
    out = context(dps)
    return out.mpf(w2), out.mpf(_fixed_point(activation, w2, sigma_b2, a, wdps))
