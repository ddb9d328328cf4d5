"""The ball evaluator (verify.certify.balls): every enclosure holds the mpmath value at 50 digits.

The check samples each box at its ends, its midpoint and two interior rationals; mpmath at 50 digits is
accurate to ~1e-48 relative, far below the balls' widths at 96 bits only in the sense that the test
tolerance TOL = 1e-40 is added on both sides; a planted wrong enclosure (shifted by 1e-20) is caught.
"""
import math
from fractions import Fraction

import pytest
import sympy as sp

from sloppy_verifier.verify.certify.balls import NotCertifiable, ball, enclose, hull, ipow, lower, precision, upper
from sloppy_verifier.verify.mpeval import mp_value

x, y = sp.symbols("x y")
R = sp.Rational
TOL = Fraction(1, 10 ** 40)

CASES = [  # (expression, box for x, box for y)
    (sp.exp(x) - x ** 3, (R(-2), R(3, 2)), None),
    (sp.log(x) * x ** 2, (R(1, 7), R(5)), None),
    (sp.sqrt(x) + x ** R(2, 3), (R(0), R(9, 4)), None),
    (x ** x, (R(1, 3), R(3)), None),
    (sp.sin(x) + sp.cos(3 * x), (R(-4), R(4)), None),
    (sp.tan(x), (R(-1), R(3, 2)), None),
    (sp.atan(x) + sp.asin(x / 2) + sp.acos(x / 3), (R(-2), R(2)), None),
    (sp.atan2(y, x), (R(1, 5), R(3)), (R(-2), R(2))),
    (sp.sinh(x) + sp.cosh(x) * sp.tanh(x), (R(-3), R(2)), None),
    (sp.erf(x) + sp.erfc(2 * x), (R(-2), R(2)), None),
    (sp.loggamma(x), (R(1, 10), R(7)), None),
    (sp.Abs(x - 1) + sp.Min(x, y) - sp.Max(x, 2 * y), (R(-1), R(3)), (R(-1), R(2))),
    (sp.Piecewise((x ** 2, x < 1), (2 * x - 1, True)), (R(-2), R(3)), None),
    (sp.pi * x + sp.E, (R(-1), R(1)), None),
    (x * sp.log(x) + x * sp.log(x / y), (R(0), R(1)), (R(1, 2), R(2))),
    ((x - 1) / sp.log(x), (R(0), R(1, 2)), None),
    (x ** -3 + (x * y) ** 2, (R(1, 2), R(2)), (R(-3), R(1))),
]


def _samples(lo, hi):
    lo, hi = Fraction(lo), Fraction(hi)
    return [lo + t * (hi - lo) for t in (Fraction(0), Fraction(1, 3), Fraction(1, 2), Fraction(5, 7), Fraction(1))]


def _truth(expr, env):
    """mpmath value at 50 digits (None where the expression is undefined: 0 log 0 is its limit 0)."""
    try:
        v = mp_value(expr, {k: str(v) for k, v in env.items()}, 50)
    except (ValueError, ZeroDivisionError):
        return None
    return Fraction(str(v)) if v == v else None


def _holds(b, expr, bx, by, shift=Fraction(0)):
    lo, hi = lower(b), upper(b)
    assert lo is not None, f"{expr}: enclosure not finite"
    lo, hi = lo + shift, hi + shift
    for vx in _samples(*bx):
        for vy in (_samples(*by) if by else [None]):
            env = {"x": vx} if vy is None else {"x": vx, "y": vy}
            t = _truth(expr, env)
            if t is None:
                continue
            if not lo - TOL <= t <= hi + TOL:
                return False
    return True


@pytest.mark.parametrize("expr, bx, by", CASES, ids=[str(c[0])[:30] for c in CASES])
def test_enclosure_contains_mpmath_values(expr, bx, by):
    env = {x: hull(*bx)} | ({y: hull(*by)} if by else {})
    assert _holds(enclose(expr, env), expr, bx, by)


@pytest.mark.parametrize("expr, bx, by", CASES[:6], ids=[str(c[0])[:30] for c in CASES[:6]])
def test_point_enclosure_is_tight_and_a_shifted_one_is_caught(expr, bx, by):
    point = Fraction(bx[0] + bx[1]) / 2
    with precision(128):     # the point balls at the same precision as the evaluation
        env = {x: ball(point)} | ({y: ball(Fraction(by[0]))} if by else {})
        b = enclose(expr, env, prec=128)
    assert upper(b) - lower(b) < Fraction(1, 10 ** 30)
    bxp = (point, point)
    byp = (by[0], by[0]) if by else None
    assert _holds(b, expr, bxp, byp)
    assert not _holds(b, expr, bxp, byp, shift=Fraction(1, 10 ** 20))     # planted wrong enclosure


def _near_nonneg(b):
    """Lower end >= 0 up to the radius rounding of Arb's mag type (30 bits: below 2^-24 of the width)."""
    return lower(b) >= -(upper(b) - lower(b)) / 2 ** 24


def test_even_power_of_a_ball_around_zero_is_nonnegative():
    b = ipow(hull(-1, 2), 2)
    assert _near_nonneg(b) and upper(b) >= 4
    assert _near_nonneg(enclose(x ** 2, {x: hull(-3, 1)}))
    assert _near_nonneg(enclose((x - y) ** 4, {x: hull(-1, 1), y: hull(-1, 1)}))
    assert not _near_nonneg(enclose(x * x * 1, {x: hull(-3, 1)}) - 1)     # the check can fail


def test_domain_violations_give_nan_not_errors():
    for expr, box in [(sp.log(x), (-1, 1)), (sp.sqrt(x), (-2, -1)), (sp.asin(x), (2, 3)),
                      (1 / x, (-1, 1)), (sp.tan(x), (1, 2)), (sp.sqrt(x), (-1, 4))]:
        assert not enclose(expr, {x: hull(*box)}).is_finite(), expr


def test_piecewise_decides_conditions_over_the_ball():
    pw = sp.Piecewise((sp.log(x), x > 0), (0, True))
    b = enclose(pw, {x: hull(1, 2)})
    assert _near_nonneg(b) and upper(b) < Fraction(7, 10)
    b = enclose(pw, {x: hull(-2, -1)})
    assert b.is_zero()


def test_unsupported_function_is_named():
    with pytest.raises(NotCertifiable) as e:
        enclose(sp.besselj(0, x) + x, {x: hull(1, 2)})
    assert e.value.name == "besselj" and str(e.value) == "not certifiable: besselj"
    with pytest.raises(NotCertifiable, match="free symbol y"):
        enclose(x + y, {x: hull(1, 2)})


def test_precision_is_restored():
    from flint import ctx
    before = ctx.prec
    enclose(sp.exp(x), {x: hull(0, 1)}, prec=300)
    assert ctx.prec == before


def test_reciprocal_of_a_sum_of_logarithms_reaching_a_zero_argument():
    """1/(log y - log x) = -InvLog(x/y): on x in (0, 1/64], y in [2, 4] it lies in (0, 1/log 128], where the
    plain ball (log of a ball touching 0) is nan; a point stays as tight as before."""
    b = enclose(1 / (sp.log(y) - sp.log(x)), {x: hull(0, R(1, 64)), y: hull(2, 4)})
    assert b.is_finite() and b.contains(1 / math.log(2 * 64)) and b.contains(1 / math.log(4 * 10 ** 9))
    assert b.rad() < 2.1 / math.log(128)
    p = enclose(1 / (sp.log(y) - sp.log(x)), {x: ball(R(1, 4)), y: ball(4)}, prec=128)
    assert p.rad() < 1e-30 and abs(float(p.mid()) - 1 / math.log(16)) < 1e-15
