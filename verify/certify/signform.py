"""Signs of expressions from their exact factorisation (the ``sign-form`` argument).

SymPy writes ``e = c * prod f_i^(m_i) / prod g_j^(n_j)`` exactly (``factor_list`` of the numerator and the
denominator of ``together(e)``; exponentials, roots and logarithms are generators).  On a box where ``e``
and every factor are real and finite (their balls are finite: Arb gives ``nan`` outside a function's real
domain) a factor of even multiplicity is ``>= 0``, so off the zeros of the even numerator factors
``sign(e) = sign(R)``, ``R = c * prod_{m_i odd} f_i * prod_{n_j odd} g_j``, and ``e = 0`` on them.  Hence

* ``R >= 0`` on the box gives ``e >= 0`` there;
* ``R > 0`` with no even numerator factor vanishing on the box gives ``e > 0``.

This decides boxes where ``e`` vanishes along a whole curve ``f_i = 0`` (``d^2 KL/dp^2 - 4 = (2p - 1)^2 /
(p (1 - p))``, ``x^(10^6)``), which no enclosure of ``e`` itself can: its lower end is then ``0`` minus the
rounding of the ball.

The same factorisation of a derivative ``s' = c prod f_k^(m_k)`` at an end ``p`` where ``s'`` has no Taylor
order (a root, a logarithm) gives the sign of ``s'`` off ``p``: ``f_k = (x - p)^j g_kj`` exactly, so the
sign of ``f_k`` on a box with ``p`` at one end is that of ``g_kj(B)`` times ``side^j``.
"""
from __future__ import annotations

import sympy as sp

MAX_OPS = 300      # larger expressions are not factored (SymPy's factorisation time grows fast)


def sign_form(e) -> tuple | None:
    """``(R, even numerator factors, even denominator factors)`` of ``e`` as above, or None when ``e`` has
    no factor of even multiplicity (``R`` would be ``e`` itself) or SymPy cannot factor it."""
    e = sp.sympify(e)
    if e.is_number or sp.count_ops(e) > MAX_OPS:
        return None
    try:
        num, den = sp.fraction(sp.together(e))
        (cn, fn), (cd, fd) = sp.factor_list(num), sp.factor_list(den)
    except Exception:  # noqa: BLE001 - SymPy failing to factor decides nothing
        return None
    even_n = tuple(f for f, m in fn if m % 2 == 0)
    even_d = tuple(g for g, n in fd if n % 2 == 0)
    if not (even_n or even_d):
        return None
    odd = [f for f, m in fn if m % 2] + [g for g, n in fd if n % 2]
    return sp.Mul(cn * cd, *odd), even_n, even_d


FACTOR_ORDERS = 3   # powers of (x - p) divided out of a factor of s' vanishing at p


def factors_at(num, den, x, p):
    """``s' = num/den = c * prod f_k^(m_k)`` (``factor_list`` of both; ``m_k < 0`` for the denominator's) with,
    per factor, the exact quotients ``g_kj = f_k / (x - p)^j``, ``j < FACTOR_ORDERS``, cancelled for a polynomial
    ``f_k`` (``(1 - x^2)/(x - 1) = -x - 1``, finite at ``p``) and expanded otherwise: as the Tight
    data ``(tuple of the g_kj tuples, (c, m_1, m_2, ...))``, or None when SymPy cannot factor."""
    try:
        (cn, fn), (cd, fd) = sp.factor_list(num), sp.factor_list(den)
    except Exception:  # noqa: BLE001 - SymPy failing to factor decides nothing
        return None
    if not (cn * cd).is_real or (cn * cd) == 0:
        return None
    pairs = [(f, sp.sympify(m)) for f, m in fn] + [(g, -sp.sympify(n)) for g, n in fd]
    quotients = tuple(tuple((sp.cancel if f.is_polynomial(x) else sp.expand)(f / (x - p) ** j)
                            for j in range(FACTOR_ORDERS)) for f, _ in pairs)
    return quotients, (sp.sign(cn * cd),) + tuple(m for _, m in pairs)


def factored_sign(vals, quotients, signs, side: int):
    """The sign of ``s' = c prod f_k^(m_k)`` on the box minus ``p`` (``p`` its end on ``side``): each
    ``f_k = (x - p)^j g_kj`` exactly, so ``sign f_k = sign(g_kj(B)) side^j`` for the first ``j`` whose ball
    excludes 0; a non-integer ``m_k`` needs ``f_k > 0``.  None when some factor is undecided."""
    sign, pos = int(signs[0]), 0
    for qs, m in zip(quotients, signs[1:]):
        fs = None
        for j, g in enumerate(vals[pos:pos + len(qs)]):
            if g.is_finite() and (g > 0 or g < 0):
                fs = (1 if g > 0 else -1) * side ** j
                break
        pos += len(qs)
        if fs is None or (not m.is_integer and fs < 0):
            return None
        sign *= fs ** int(m) if m.is_integer else 1
    return sign
