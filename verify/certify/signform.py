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
