"""Rewrites of a relation into parts (verify.certify.bnb.parts_of), each an equivalence: ``|u| <= g`` becomes the
two smooth parts ``u <= g`` and ``-u <= g``, so MetiTarski's ``abs-problem-1`` (``|log(1 + x) - x| <= x^2``,
tight at ``x = 0``, where the ball of ``u`` straddles 0) is proved and its certificate replays, and a typo beside
the tight point is violated at a point where the claim itself fails; ``|u| >= g`` is left as it was; an
increasing function of both sides (``exp``, ``atan``, ...) is dropped."""
import json

import sympy as sp

from sloppy_verifier.theory.claim import Claim, Interval, Kind, Param, Provenance, Tag
from sloppy_verifier.verify.certify import certify, replay
from sloppy_verifier.verify.certify.bnb import parts_of

R = sp.Rational
x = sp.Symbol("x")


def claim(cid, statement, lo, hi):
    return Claim(id=f"user.{cid}", tag="U1", title=cid, kind=Kind.INEQ, statement=statement,
                 provenance=Provenance((Tag.USER,), "test"), parameters=(Param("x", Interval(lo, hi)),))


def test_abs_below_is_split_exactly_and_abs_above_is_not():
    u = sp.log(1 + x) - x
    assert {p.slack for p in parts_of(sp.Le(sp.Abs(u), x ** 2))} == {x ** 2 - u, x ** 2 + u}   # SymPy may flip u
    assert [p.strict for p in parts_of(sp.Gt(1, sp.Abs(sp.cos(x))))] == [True, True]
    assert [p.slack for p in parts_of(sp.Ge(sp.Abs(u), x ** 3))] == [sp.Abs(u) - x ** 3]
    big = sum(sp.sin(k * x) / k for k in range(1, 12))             # over SPLIT_NODES: one part, as before
    assert [p.slack for p in parts_of(sp.Le(sp.Abs(big), 4))] == [4 - sp.Abs(big)]


def test_abs_problem_proved_and_typo_violated():
    true = claim("abs1", sp.Le(sp.Abs(sp.log(1 + x) - x), x ** 2), 0, 4)
    r = certify(true, time_budget=30)
    assert r.status == "proved", r.summary
    assert replay(json.loads(json.dumps(r.certificate)), true)[0]
    typo = claim("abs1_typo", sp.Le(sp.Abs(sp.log(1 + R(1001, 1000) * x) - x), x ** 2), 0, 4)
    r = certify(typo, time_budget=30)
    assert r.status == "violated", r.summary
    v = sp.Rational(r.certificate["counterexample"]["x"])
    assert sp.N(sp.Abs(sp.log(1 + R(1001, 1000) * v) - v) - v ** 2, 50) > 0     # the claim itself fails there


def test_increasing_function_on_both_sides_compares_its_arguments():
    """MetiTarski's two-variable-problem-2: ``exp(x) > exp(xy/(x + y))`` on ``(0, 4]^2`` is ``x^2/(x + y) > 0``
    (homogeneous, so the corner at 0 is decided by scaling); its typo ``exp(1.001 xy/(x + y))`` is violated."""
    y = sp.Symbol("y")
    dom = (Param("x", Interval(0, 4, open_lo=True)), Param("y", Interval(0, 4, open_lo=True)))
    assert [p.slack for p in parts_of(sp.Gt(sp.exp(x), sp.exp(x * y / (x + y))))] == [x - x * y / (x + y)]
    assert [p.slack for p in parts_of(sp.Le(sp.exp(x), sp.cos(x)))] == [sp.cos(x) - sp.exp(x)]
    for k, status in ((1, "proved"), (R(1001, 1000), "violated")):
        c = Claim(id="user.two2", tag="U1", title="two2", kind=Kind.INEQ, provenance=Provenance((Tag.USER,), "test"),
                  statement=sp.Gt(sp.exp(x), sp.exp(k * x * y / (x + y))), parameters=dom)
        r = certify(c, time_budget=30)
        assert r.status == status, r.summary
        if status == "violated":
            pt = {sp.Symbol(n): sp.Rational(v) for n, v in r.certificate["counterexample"].items()}
            assert sp.N((sp.exp(x) - sp.exp(k * x * y / (x + y))).subs(pt), 50) <= 0
        else:
            assert replay(json.loads(json.dumps(r.certificate)), c)[0]
