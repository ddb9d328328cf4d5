"""Certificate replay (verify.certify.replay): a real certificate re-checks box by box; every kind of
tampering (moved or widened box, removed box, raised slack bound, changed method, changed statement,
forged counterexample, forged tight point, forged coverage) fails with a message naming what broke."""
import copy
import json

import pytest
import sympy as sp

from sloppy_verifier.theory.claim import Claim, Interval, IntRange, Kind, Param, Provenance, Tag
from sloppy_verifier.verify.certify import certify, replay

x, n = sp.symbols("x n")


def claim(cid, statement, params, assumptions=()):
    return Claim(id=f"user.{cid}", tag="U1", title=cid, kind=Kind.INEQ, statement=statement,
                 provenance=Provenance((Tag.USER,), "test"), parameters=tuple(params),
                 assumptions=tuple(assumptions))


SIN = claim("sin_cubic", sp.sin(x) >= x - x ** 3 / 6, [Param("x", Interval(0, 4))])
LOGMEAN = claim("log_mean", (x - 1) / sp.log(x) <= (x + 1) / 2, [Param("x", Interval(0, 10, open_lo=True))],
                (sp.Ne(x, 1),))


@pytest.fixture(scope="module")
def cert():
    r = certify(SIN, time_budget=3)
    assert r.status == "proved"
    return json.loads(json.dumps(r.certificate))     # what results.json stores


y = sp.Symbol("y")
CROSS = claim("log_product", sp.log(1 + x * y) <= x * y, [Param("x", Interval(0, 2)), Param("y", Interval(0, 2))])
LINE = claim("exp_sum", sp.exp(x + y) >= 1 + x + y, [Param("x", Interval(-1, 1)), Param("y", Interval(-1, 1))])


@pytest.mark.parametrize("c", [SIN, LOGMEAN, claim("pow2", 2 ** n >= n ** 2, [Param("n", IntRange(4, 60))]),
                               CROSS, LINE], ids=["sin", "logmean", "pow2", "cross", "line"])
def test_real_certificates_replay(c):
    r = certify(c, time_budget=3)
    ok, msg = replay(json.loads(json.dumps(r.certificate)), c)
    assert ok, msg
    assert msg.startswith("replayed: proved")


def test_violation_and_partial_certificates_replay():
    bad = claim("pow2_from_1", 2 ** n >= n ** 2, [Param("n", IntRange(1, 60))])
    r = certify(bad, time_budget=3)
    ok, msg = replay(r.certificate, bad)
    assert ok and "violated at n=3" in msg
    forged = copy.deepcopy(r.certificate)
    forged["counterexample"] = {"n": "5"}
    ok, msg = replay(forged, bad)
    assert not ok and "counterexample" in msg


def _first(cert, method_prefix):
    return next(k for k, b in enumerate(cert["boxes"]) if b["status"] == "certified"
                and b["method"].startswith(method_prefix))


def test_tampering_fails(cert):
    def check(edit, needle):
        c = copy.deepcopy(cert)
        edit(c)
        ok, msg = replay(c, SIN)
        assert not ok, f"tampering not caught ({needle})"
        assert needle in msg, msg

    k = _first(cert, "ball") if any(b["method"] == "ball" for b in cert["boxes"]) else 0

    def move_bound(c):
        c["boxes"][k]["hi"] = [str(sp.Rational(c["boxes"][k]["hi"][0]) + sp.Rational(1, 7))]
    check(move_bound, f"box {k}")

    def remove(c):
        del c["boxes"][-1]
    check(remove, "gap")

    def raise_bound(c):
        c["boxes"][k]["slack_lo"] = "1e3"
    check(raise_bound, f"box {k}")

    def statement(c):
        c["statement"] = c["statement"].replace("Rational(1, 6)", "Rational(1, 5)")
    check(statement, "statement changed")

    def method(c):
        t = _first(c, "tight-point")
        c["boxes"][t]["method"] = "ball"
    check(method, "method 'ball' does not certify")

    def tight(c):
        c["tight_points"][0]["kf"] = 2
    check(tight, "does not re-derive")

    def coverage(c):
        c["boxes"][0]["status"] = "undecided"
    check(coverage, "coverage")

    def proved_with_undecided(c):
        c["boxes"][0]["status"] = "undecided"
        b = c["boxes"][0]
        c["coverage_exact"] = str(1 - (sp.Rational(b["hi"][0]) - sp.Rational(b["lo"][0])) / 4)  # consistent
    check(proved_with_undecided, "undecided")


def test_replay_rejects_a_certificate_of_another_claim(cert):
    other = claim("sin_cubic", sp.sin(x) >= x - x ** 3 / 6, [Param("x", Interval(0, 5))])
    ok, msg = replay(cert, other)
    assert not ok and "domain changed" in msg
    ok, msg = replay({"boxes": "nonsense", "statement": cert["statement"]}, SIN)
    assert not ok


def test_an_identity_is_proved_by_sympy_and_replays():
    """An equality SymPy shows identically 0 (after rewriting cosh as exponentials and combining logarithms)
    is proved wherever its sides' balls are finite; a one-constant typo of it is violated, never proved; the
    certificate replays, and a certificate claiming the typo proved fails its replay."""
    x = sp.Symbol("x")
    prov = Provenance((Tag.USER,), "test")
    dom = (Param("x", Interval(-10, 10)),)
    true = Claim(id="user.logcosh", tag="U1", title="t", kind=Kind.EXACT, provenance=prov, parameters=dom,
                 statement=sp.Eq(sp.log(2 * sp.cosh(x / 2)), x / 2 + sp.log(1 + sp.exp(-x))))
    r = certify(true, time_budget=30, max_boxes=50)
    assert r.status == "proved" and r.certificate["boxes"][0]["method"] == "identity"
    ok, msg = replay(json.loads(json.dumps(r.certificate)), true)
    assert ok and msg.startswith("replayed: proved"), msg
    typo = true.variant(statement=sp.Eq(sp.log(2 * sp.cosh(x / 2)), x / 2 + sp.log(1 + sp.exp(-x * 101 / 100))))
    assert certify(typo, time_budget=30, max_boxes=200).status == "violated"
    ok, msg = replay(json.loads(json.dumps(r.certificate)), typo)
    assert not ok
