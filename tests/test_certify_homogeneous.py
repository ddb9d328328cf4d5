"""The homogeneous reduction (verify.certify.homogeneous): a claim homogeneous in two positive parameters is
proved through its ratio and the certificate replays (the reduction re-derived); a typo is violated at a point of
the original box; a tampered reduction fails replay; a claim that is not homogeneous, or whose box reaches a closed
0, is left to the plain two-dimensional search."""
import copy
import json
from fractions import Fraction as F

import pytest
import sympy as sp

from sloppy_verifier.theory.claim import Claim, Interval, Kind, Param, Provenance, Tag
from sloppy_verifier.verify.certify import certify, replay
from sloppy_verifier.verify.certify.bnb import statement_text
from sloppy_verifier.verify.certify.homogeneous import METHOD, halves

x, y = sp.symbols("x y")
R = sp.Rational
OPEN = Interval(0, 4, open_lo=True)


def claim(cid, statement, xs=OPEN, ys=OPEN, assumptions=()):
    return Claim(id=f"user.{cid}", tag="U1", title=cid, kind=Kind.INEQ, statement=statement,
                 provenance=Provenance((Tag.USER,), "test"), parameters=(Param("x", xs), Param("y", ys)),
                 assumptions=tuple(assumptions))


LOGMEAN = (y - x) / (sp.log(y) - sp.log(x))
#: Lin: the logarithmic mean is at most the power mean of order 1/3, tight only as y/x -> 1
LIN = claim("lin", sp.Le(LOGMEAN, ((x ** R(1, 3) + y ** R(1, 3)) / 2) ** 3), assumptions=(sp.Lt(x, y),))
LIN_TYPO = LIN.variant(id="user.lin_typo", statement=sp.Le(LIN.statement.lhs, (1 - R(1, 10 ** 10)) * LIN.statement.rhs))
LOG_MEAN_AM = claim("log_mean_am", sp.Le(LOGMEAN, (x + y) / 2), assumptions=(sp.Lt(x, y),))


def _stored(r):
    return json.loads(json.dumps(r.certificate))      # what results.json stores


def test_lin_proved_and_replayed():
    r = certify(LIN, time_budget=60, max_boxes=4000)
    assert r.status == "proved", r.summary
    assert [b["method"] for b in r.certificate["boxes"]] == [METHOD]
    assert [(h["ratio"], h["range"]) for h in r.certificate["homogeneous"]] == [(["x", "y"], "(0, 1]")]  # x < y
    ok, msg = replay(_stored(r), LIN)
    assert ok and msg.startswith("replayed: proved"), msg


def test_typo_violated_at_a_point_of_the_original_box():
    r = certify(LIN_TYPO, time_budget=60, max_boxes=4000)
    assert r.status == "violated", r.summary
    px, py = (r.counterexample[n] for n in ("x", "y"))
    assert 0 < px < py <= 4
    slack = (LIN_TYPO.statement.rhs - LIN_TYPO.statement.lhs).subs({x: sp.Rational(px), y: sp.Rational(py)})
    assert sp.N(slack, 60) < 0                      # the original statement fails there (60 digits, not a proof)
    ok, msg = replay(_stored(r), LIN_TYPO)            # the proof: the ball of the original claim at the point
    assert ok and msg.startswith("replayed: violated"), msg


@pytest.fixture(scope="module")
def log_mean_am():
    r = certify(LOG_MEAN_AM, time_budget=30)
    assert r.status == "proved" and r.certificate["homogeneous"], r.summary
    return _stored(r)


def _half(c):
    return c["homogeneous"][0]


@pytest.mark.parametrize("tamper, what", [
    (lambda c: _half(c).update(degrees=["2"] * len(_half(c)["degrees"])), "degrees"),
    (lambda c: _half(c).update(range="(0, 1/2]"), "range"),
    (lambda c: _half(c).update(ratio=["y", "x"]), "ratio"),
    (lambda c: c["homogeneous"].pop(), "halves"),
    (lambda c: _half(c)["certificate"]["domain"].update(hi=["1/2"]), "domain changed"),
    (lambda c: _half(c)["certificate"]["boxes"][0].update(slack_lo="1000"), "recorded"),
    (lambda c: _half(c)["certificate"].update(statement=statement_text(LIN)), "statement"),
], ids=["degrees", "range", "ratio", "half_removed", "half_domain", "half_slack", "half_statement"])
def test_tampered_reduction_rejected(log_mean_am, tamper, what):
    c = copy.deepcopy(log_mean_am)
    tamper(c)
    ok, msg = replay(c, LOG_MEAN_AM)
    assert not ok and "homogeneous" in msg and what in msg, msg


def test_a_half_outside_the_assumptions_is_dropped():
    """log(y) - log(x) <= (y - x)/sqrt(x y) for x < y: on y <= x the assumption is 1 < y/x, empty on (0, 1]; the
    statement there (log w <= (w - 1)/sqrt w) fails for every w < 1, so a kept half would stay undecided."""
    c = claim("log_mean", sp.Le(sp.log(y) - sp.log(x), (y - x) / sp.sqrt(x * y)), assumptions=(sp.Lt(x, y),))
    assert [(h.num, h.den) for h in halves(c)] == [("x", "y")]
    assert [(h.num, h.den) for h in halves(c.variant(assumptions=(sp.Ne(x, y),)))] == [("x", "y"), ("y", "x")]
    r = certify(c, time_budget=30)
    assert r.status == "proved" and r.certificate["homogeneous"], r.summary


def test_certificate_replayed_against_a_non_homogeneous_claim_rejected(log_mean_am):
    other = LOG_MEAN_AM.variant(statement=sp.Le(LOGMEAN, (x + y) / 2 + x * y))
    c = copy.deepcopy(log_mean_am)
    c["statement"] = statement_text(other)       # a forger who also edits the statement
    ok, msg = replay(c, other)
    assert not ok and "not homogeneous" in msg, msg


@pytest.mark.parametrize("statement", [
    sp.Le(sp.log(1 + x * y), x * y),                         # not homogeneous
    sp.Le(2 * x * y, x ** 2 + y ** 2 + x),                   # homogeneous sides of different degrees
], ids=["not_homogeneous", "mixed_degrees"])
def test_not_reduced_falls_back_to_the_plain_search(statement):
    c = claim("plain", statement, xs=Interval(1, 4), ys=Interval(1, 4))     # a box the reduction takes
    assert halves(c) is None
    r = certify(c, time_budget=30)
    assert r.status == "proved", r.summary
    assert "homogeneous" not in r.certificate and METHOD not in {b["method"] for b in r.certificate["boxes"]}
    assert replay(_stored(r), c)[0]


def test_a_closed_zero_end_is_not_reduced():
    am_gm = sp.Le(sp.sqrt(x * y), (x + y) / 2)
    closed = claim("am_gm", am_gm, xs=Interval(0, 4))
    assert halves(closed) is None                            # x = 0 is in the box: x/y does not see it
    assert halves(claim("am_gm", am_gm, xs=Interval(-1, 4))) is None
    r = certify(closed, time_budget=30)
    assert r.status == "proved" and "homogeneous" not in r.certificate, r.summary
    assert [h.dim.lo for h in halves(claim("am_gm", am_gm))] == [0, 0]    # (0, 4] is reduced


def test_ranges_are_the_exact_images_of_the_halves():
    am_gm = sp.Le(sp.sqrt(x * y), (x + y) / 2)

    def ranges(xs, ys):
        return [(h.num, h.dim.lo, h.dim.hi, h.dim.open_lo, h.dim.open_hi) for h in halves(claim("m", am_gm, xs, ys))]

    assert ranges(Interval(1, 2), Interval(3, 5, open_hi=True)) == [("x", F(1, 5), F(2, 3), True, False)]
    assert ranges(Interval(1, 2, open_hi=True), Interval(2, 3)) == [("x", F(1, 3), 1, False, True)]
    assert ranges(Interval(1, 2), Interval(2, 3)) == [("x", F(1, 3), 1, False, False)]   # (2, 2) is in x <= y
    assert ranges(Interval(1, 3), Interval(2, 4)) == [("x", F(1, 4), 1, False, False), ("y", F(2, 3), 1, False, False)]
