"""The ball evaluator's decisions at exact values: ``sign``, ``Heaviside``, ``polygamma`` and the three-valued
conditions of ``Piecewise`` (``>``, ``>=``, ``Eq``, ``Ne``, ``And``, ``Or``, ``Not``) in ``verify.certify.balls``.

Written against mutmut's survivors (benchmarks/RESULTS_mutmut.md): these operations had no test in the engine's
selection, or only containment tests, which a wider enclosure passes.  Each expected ball is derived by hand from
the rule in the module's docstring.  Exact results are compared exactly (rationals).  A box is the ball ``hull(lo, hi)``, whose radius Arb rounds up (30-bit magnitudes): its ends lie
outside ``[lo, hi]`` by up to ~2^-30 of its width, so a box touching 0 straddles 0, and computed ends are compared as
enclosures, ``got_lo <= want_lo`` and ``got_hi >= want_hi``, each within ``SLACK = 10^-7`` relative to ``max(1, |end|)``: an end moves by that
rounding times ``|f'|`` (at most ~7 here: psi_3(1) = 6 zeta(4)), ~10^-8, far below the O(1) difference a wrong rule
makes."""
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from sloppy_verifier.verify.certify.balls import enclose, hull, lower, upper

x, y = sp.symbols("x y")
R = sp.Rational
F = Fraction


SLACK = F(1, 10**7)


def ends(expr, bx, by=None):
    env = {x: hull(*bx)} | ({y: hull(*by)} if by else {})
    b = enclose(expr, env)
    return (lower(b), upper(b)) if b.is_finite() else None


def encloses(got, want) -> bool:
    """``got`` (ends of a ball) encloses ``want`` and is at most ``SLACK * max(1, |end|)`` wider at each end."""
    lo, hi = (SLACK * max(1, abs(w)) for w in want)
    return got is not None and want[0] - lo <= got[0] <= want[0] and want[1] <= got[1] <= want[1] + hi


@pytest.mark.parametrize("box, want", [
    ((1, 2), (1, 1)), ((-2, -1), (-1, -1)), ((0, 0), (0, 0)), ((-1, 2), (-1, 1)), ((0, 2), (-1, 1)),
    ((-2, 0), (-1, 1)), ((F(1, 10**6), 1), (1, 1)), ((-1, F(-1, 10**6)), (-1, -1)),
])
def test_sign_is_the_hull_of_the_signs_in_the_ball(box, want):
    assert encloses(ends(sp.sign(x), box), want)


@pytest.mark.parametrize("expr, box, want", [
    (sp.Heaviside(x), (1, 2), (1, 1)), (sp.Heaviside(x), (-2, -1), (0, 0)),
    (sp.Heaviside(x), (0, 0), (F(1, 2), F(1, 2))), (sp.Heaviside(x, 0), (0, 0), (0, 0)),
    (sp.Heaviside(x, 1), (0, 0), (1, 1)), (sp.Heaviside(x), (-1, 1), (0, 1)), (sp.Heaviside(x), (0, 1), (0, 1)),
])
def test_heaviside(expr, box, want):
    assert encloses(ends(expr, box), want)


def test_sign_of_an_undefined_ball_is_nan():
    assert ends(sp.sign(sp.log(x)), (-2, -1)) is None and ends(sp.Heaviside(sp.log(x)), (-2, -1)) is None


def _q(v) -> Fraction:
    return F(mpmath.nstr(v, 45))


def test_polygamma_is_the_hull_of_its_end_values_on_the_positive_axis():
    with mpmath.workdps(50):
        g, z3, p2 = mpmath.euler, mpmath.zeta(3), mpmath.pi ** 2 / 6
        # digamma increasing: [psi(1), psi(2)] = [-gamma, 1 - gamma]; trigamma decreasing: [pi^2/6 - 1, pi^2/6];
        # psi_2 increasing and negative: [-2 zeta(3), 2 - 2 zeta(3)]
        assert encloses(ends(sp.polygamma(0, x), (1, 2)), (_q(-g), _q(1 - g)))
        assert encloses(ends(sp.polygamma(1, x), (1, 2)), (_q(p2 - 1), _q(p2)))
        assert encloses(ends(sp.polygamma(2, x), (1, 2)), (_q(-2 * z3), _q(2 - 2 * z3)))
        d = _q(mpmath.digamma(mpmath.mpf(-1) / 2))                 # off the positive axis: Arb at the point
        assert encloses(ends(sp.polygamma(0, x), (R(-1, 2), R(-1, 2))), (d, d))
    assert ends(sp.polygamma(0, x), (-1, -1)) is None          # a pole
    assert ends(sp.polygamma(y, x), (1, 2), (R(1, 2), R(1, 2))) is None     # order not a natural number
    assert ends(sp.polygamma(y, x), (1, 2), (-1, -1)) is None


def pw(cond):
    """1 where ``cond`` surely holds, 2 where it surely fails, the hull [1, 2] where the ball cannot decide."""
    return sp.Piecewise((1, cond), (2, True))


SURE, NEVER, EITHER = (1, 1), (2, 2), (1, 2)


@pytest.mark.parametrize("cond, bx, by, want", [
    (x > 0, (1, 2), None, SURE), (x > 0, (-2, -1), None, NEVER), (x > 0, (0, 1), None, EITHER),
    (x > 0, (0, 0), None, NEVER), (x >= 0, (0, 0), None, SURE), (x >= 0, (-1, 0), None, EITHER),
    (x >= 0, (-2, -1), None, NEVER), (x > 0, (-1, R(1, 2)), None, EITHER), (x >= 0, (-1, R(1, 2)), None, EITHER), (x < 0, (-2, -1), None, SURE), (x <= 1, (1, 2), None, EITHER),
    (sp.Eq(x, 0), (0, 0), None, SURE), (sp.Eq(x, 0), (1, 2), None, NEVER), (sp.Eq(x, 0), (-2, -1), None, NEVER),
    (sp.Eq(x, 0), (-1, 1), None, EITHER), (sp.Eq(x, 0), (R(-1, 2), R(1, 2)), None, EITHER), (sp.Ne(x, 0), (0, 0), None, NEVER), (sp.Ne(x, 0), (1, 2), None, SURE),
    (sp.Ne(x, 0), (-1, 1), None, EITHER), (sp.Eq(x, 1), (1, 1), None, SURE), (sp.Eq(x, 1), (2, 3), None, NEVER),
    (sp.And(x > 0, x < 3), (1, 2), None, SURE), (sp.And(x > 0, x < 3), (4, 5), None, NEVER),
    (sp.And(x > 0, x < 3), (2, 4), None, EITHER), (sp.And(x > 0, y > 0), (-2, -1), (-1, 1), NEVER),   # False & ?
    (sp.And(x > 0, y > 0), (1, 2), (-1, 1), EITHER), (sp.And(x > 0, y > 0), (1, 2), (1, 2), SURE),
    (sp.Or(x < 0, y > 0), (-2, -1), (-1, 1), SURE), (sp.Or(x < 0, y > 0), (1, 2), (-1, 1), EITHER),  # True | ?
    (sp.Or(x < 0, y > 0), (1, 2), (-2, -1), NEVER), (sp.Or(x < 0, y > 0), (1, 2), (1, 2), SURE),
    (sp.Not(x > 0), (1, 2), None, NEVER), (sp.Not(x > 0), (-2, -1), None, SURE), (sp.Not(x > 0), (-1, 1), None, EITHER),
])
def test_piecewise_conditions_are_three_valued(cond, bx, by, want):
    assert encloses(ends(pw(cond), bx, by), want)


def test_piecewise_without_a_sure_branch_is_undefined():
    assert ends(sp.Piecewise((1, x > 0), (2, x < -1)), (-1, 1)) is None      # x in (-1, 0] takes no branch
    assert encloses(ends(sp.Piecewise((1, x > 0), (2, x < -1)), (1, 2)), SURE)
    assert encloses(ends(sp.Piecewise((1, x > 0), (2, x < -1)), (-3, -2)), NEVER)


def _m(f):
    """An mpmath value at 50 digits as a Fraction (to 45 digits)."""
    with mpmath.workdps(50):
        return _q(f(mpmath))


E1, E2 = _m(lambda m: -1 / m.e), _m(lambda m: -1 / (2 * m.e))


@pytest.mark.parametrize("expr, bx, by, want", [
    # integer powers by their ends (even: from 0 on a ball around 0), Min and Max by the ends of their arguments
    (x ** 2, (1, 3), None, (1, 9)), (x ** 3, (-2, 1), None, (-8, 1)), (x ** 4, (-2, 1), None, (0, 16)),
    (x ** 2, (-3, -1), None, (1, 9)), (x ** -2, (1, 2), None, (F(1, 4), 1)),
    (sp.Min(x, y), (0, 1), (2, 3), (0, 1)), (sp.Max(x, y), (0, 1), (2, 3), (2, 3)),
    (sp.Min(x, y), (0, 2), (1, 3), (0, 2)), (sp.Max(x, y), (0, 2), (1, 3), (1, 3)),
    # a product with a factor holding 0: the interval product of the ends
    (x * y, (-3, 1), (-1, 1), (-3, 3)), (x * y, (0, 2), (-1, 3), (-2, 6)), (x * y, (-2, -1), (-1, 3), (-6, 2)),
    # u^a log u on [0, hi] with hi below the minimum's abscissa e^(-1/a): [hi^a log hi, 0]
    (x * sp.log(x), (0, R(1, 5)), None, (_m(lambda m: m.log(5) / -5), 0)),
    (x ** 2 * sp.log(x), (0, R(1, 2)), None, (_m(lambda m: m.log(2) / -4), 0)),
    # Abs by its ends
    (sp.Abs(x), (1, 2), None, (1, 2)), (sp.Abs(x), (-3, -1), None, (1, 3)), (sp.Abs(x), (-1, 2), None, (0, 2)),
    (sp.Abs(x), (-3, 1), None, (0, 3)),
    # a variable exponent: an integer point by ipow, a base reaching 0 by the hull of 0 and hi**e at both ends of e
    (x ** y, (-2, 1), (3, 3), (-8, 1)), (x ** y, (0, 4), (R(1, 2), 2), (0, 16)),
    (x ** y, (0, R(1, 4)), (R(1, 2), 2), (0, F(1, 2))), (x ** y, (0, 0), (R(1, 2), 2), (0, 0)),
    (x ** y, (2, 2), (R(1, 2), R(1, 2)), (_m(lambda m: m.sqrt(2)),) * 2),
    # a rational exponent: 0 at 0, increasing
    (x ** R(2, 3), (0, 8), None, (0, 4)), (x ** R(2, 3), (8, 8), None, (4, 4)), (x ** R(2, 3), (0, 0), None, (0, 0)),
    # asin, acos from the clipped ends
    (sp.asin(x), (-1, 1), None, (_m(lambda m: -m.pi / 2), _m(lambda m: m.pi / 2))),
    (sp.asin(x), (R(1, 2), 1), None, (_m(lambda m: m.pi / 6), _m(lambda m: m.pi / 2))),
    (sp.acos(x), (R(-1, 2), R(1, 2)), None, (_m(lambda m: m.pi / 3), _m(lambda m: 2 * m.pi / 3))),
    # u^a log u: 0 at 0, minimum -1/(a e) at u = e^(-1/a) when the box reaches it
    (x * sp.log(x), (0, 1), None, (E1, 0)), (x ** 2 * sp.log(x), (0, 1), None, (E2, 0)),
    (x * sp.log(x), (0, R(1, 10)), None, (_m(lambda m: m.log(10) / -10), 0)), (x * sp.log(x), (0, 0), None, (0, 0)),
    (x * sp.log(x), (R(1, 2), R(1, 2)), None, (_m(lambda m: -m.log(2) / 2),) * 2),
    (sp.sqrt(x) * sp.log(x), (0, 1), None, (_m(lambda m: -2 / m.e), 0)),
    (x * sp.log(x * y), (0, 1), (1, 1), (E1, 0)),                                # u log(u w), w = 1
    (x * sp.log(x * y), (R(1, 2), R(1, 2)), (2, 2), (0, 0)),                     # u log u + u log w at u w = 1
    # 1/log u on [0, hi], hi < 1: [1/log hi, 0]
    (1 / sp.log(x), (0, R(1, 2)), None, (_m(lambda m: -1 / m.log(2)), 0)),
    (1 / sp.log(x), (2, 2), None, (_m(lambda m: 1 / m.log(2)),) * 2),
])
def test_enclosure_is_the_exact_range(expr, bx, by, want):
    assert encloses(ends(expr, bx, by), want)


@pytest.mark.parametrize("expr, bx, by", [
    (x ** y, (0, 1), (-1, R(-1, 2))), (x ** y, (0, 1), (-1, 1)), (x ** y, (-2, -1), (R(1, 2), R(1, 2))),
    (x ** R(-1, 2), (0, 1), None), (x ** R(1, 2), (-2, -1), None), (sp.asin(x), (2, 3), None),
    (1 / sp.log(x), (0, 2), None), (1 / sp.log(x), (0, R(3, 2)), None),     # the pole at u = 1 inside (sp.asin(x), (0, 2), None), (sp.acos(x), (-2, 0), None), (x * sp.log(x), (-2, -1), None), (sp.Abs(sp.log(x)), (-2, -1), None),
])
def test_outside_the_domain_is_nan(expr, bx, by):
    assert ends(expr, bx, by) is None


@pytest.mark.parametrize("box, smooth", [((1, 2), True), ((-2, -1), True), ((-1, 1), False)])
def test_an_undecided_condition_makes_the_box_not_smooth(box, smooth):
    """``Program.run``'s second value: no derivative-based bound may be used where a branch may switch."""
    from sloppy_verifier.verify.certify.balls import compile_program
    (_,), got = compile_program((pw(x > 0),), (x,)).run([hull(*box)])
    assert got is smooth


@pytest.mark.parametrize("expr, mid, rad, want", [
    (sp.Abs(x), -1, 1, (0, 2)), (sp.Abs(x), 1, 1, (0, 2)), (sp.Abs(x), -0.25, 0.75, (0, 1)),
    (pw(sp.Eq(x, 0)), 1, 1, EITHER), (pw(sp.Eq(x, 0)), -1, 1, EITHER), (pw(x > 0), 1, 1, EITHER),
    (pw(x >= 0), -1, 1, EITHER), (sp.sign(x), -1, 1, (-1, 1)), (pw(x >= 0), 1, 1, EITHER),
])
def test_a_ball_touching_zero_exactly(expr, mid, rad, want):
    """Balls with exact dyadic ends ``[mid - rad, mid + rad]``: an end at 0 is a possible zero.  The program's input
    ball is widened by rounding, so even ``sign`` on ``[-2, 0]`` and ``x >= 0`` on ``[0, 2]`` stay undecided:
    conservative, never a wrong decision."""
    from flint import arb
    b = enclose(expr, {x: arb(mid, rad)})
    assert encloses((lower(b), upper(b)), want)
