"""Finite sums in closed forms (issue 11): a Sum with integer bounds is expanded before certifying; a Sum with a
symbolic bound is 'not certifiable: Sum with symbolic bounds', never a crash; a planted constant is refuted."""
import sympy as sp

from sloppy_verifier.theory.claim import Claim, Interval, IntRange, Kind, Param, Provenance, Tag
from sloppy_verifier.verify.certify import certify
from sloppy_verifier.verify.certify.replay import replay

x, k, n = sp.symbols("x k n")


def claim(statement, *params):
    return Claim(id="user.sum", tag="U1", title="sum", kind=Kind.INEQ, statement=statement,
                 parameters=(Param("x", Interval(0, 1)), *params), provenance=Provenance((Tag.USER,), "test"))


def test_integer_bounds_are_expanded_and_proved():
    """sum_{k=0}^{3} x^k <= 4 on [0, 1] (the sum is 1 + x + x^2 + x^3 <= 4)."""
    c = claim(sp.Le(sp.Sum(x ** k, (k, 0, 3)), 4))
    r = certify(c, time_budget=60, max_boxes=200)
    assert r.status == "proved", r.summary
    assert replay(r.certificate, c)[0]


def test_planted_constant_in_a_sum_is_violated():
    """<= 7/2 fails near x = 1 (the sum reaches 4): a certified counterexample."""
    c = claim(sp.Le(sp.Sum(x ** k, (k, 0, 3)), sp.Rational(7, 2)))
    r = certify(c, time_budget=60, max_boxes=200)
    assert r.status == "violated" and r.counterexample is not None, r.summary


def test_symbolic_bounds_are_not_certifiable():
    c = claim(sp.Le(sp.Sum(x ** k, (k, 0, n)), 10), Param("n", IntRange(1, 5)))
    r = certify(c, time_budget=60, max_boxes=200)
    assert r.status == "not_certifiable" and r.summary == "not certifiable: Sum with symbolic bounds", r.summary
