"""The certified tier on catalogue closed forms (issue 11): no per-claim special case, the exact analysis
bounded deterministically (a huge exponent is undecided at once, never waited for), coverage figures of the
S2 and S6 certificates at the quick budget, a planted S6 constant refuted, replay of a catalogue certificate."""
import json
from fractions import Fraction

import pytest
import sympy as sp
from flint import arb

from planted import QUICK
from sloppy_verifier.theory import select
from sloppy_verifier.verify import user_claims
from sloppy_verifier.verify.certify import certify
from sloppy_verifier.verify.certify.balls import MAX_EXP_BITS, lower, upper
from sloppy_verifier.verify.certify.bnb import _is_zero, at
from sloppy_verifier.verify.certify.replay import replay
from sloppy_verifier.verify.user_claims import CLOSED_FORM_BOXES, certified_tier, closed_form_claim

x, t, delta = sp.symbols("x t delta")


def closed(cid):
    return closed_form_claim(select([cid])[0])


def test_no_claim_is_special_cased():
    assert not hasattr(user_claims, "CERTIFIER_CANNOT")


def test_huge_exact_powers_are_undecided_not_built():
    """(1 - 10^-8)^(10^8) has about 2.7e9 bits: refused on the tree; a moderate power is substituted."""
    e = (1 - 10 ** x) ** t
    assert at(e, {x: sp.Integer(-8), t: sp.Integer(10 ** 8)}) is None
    assert _is_zero(at(e - sp.exp(-t), {x: sp.Integer(-8), t: sp.Integer(10 ** 8)})) is None
    assert at(e, {x: sp.Integer(-1), t: sp.Integer(3)}) == sp.Rational(729, 1000)
    assert at((1 - sp.sqrt(10) * x) ** t, {x: sp.Integer(1), t: sp.Integer(10 ** 6)}) is None


def test_astronomic_balls_have_safe_ends():
    big = (arb(2) ** 100).exp()
    assert lower(big) == 2 ** MAX_EXP_BITS and upper(big) is None
    assert lower(-big) is None and upper(-big) == -2 ** MAX_EXP_BITS
    assert lower(1 / big) == 0 and 0 < upper(1 / big) <= Fraction(1, 2 ** MAX_EXP_BITS)
    assert lower(arb(3)) == 3


S2 = "ribbon.gf_scalar_bound"
S2_QUICK_COVERAGE = Fraction(3, 4)  # measured at the quick budget: 75.44 % (deterministic: a box budget)


@pytest.fixture(scope="module")
def s2_quick():
    c = closed(S2)
    return c, certify(c, time_budget=600, max_boxes=CLOSED_FORM_BOXES["quick"])


def test_s2_certificate_is_deterministic():
    """S2 was special-cased (its tight-point analysis built (1 - 10^log10_x)^t at t = 10^8): now it runs within its
    box budget, twice the same, never violated."""
    c = closed(S2)
    r1, r2 = (certify(c, time_budget=600, max_boxes=200) for _ in range(2))
    assert r1.status == "partial" and r1.certificate["boxes"] == r2.certificate["boxes"]
    assert r1.certificate["n_boxes"] == 201


def test_s2_quick_certificate_coverage(s2_quick):
    """The divided argument (e^{-xt} - (1-x)^t = e^{-xt}(1 - e^{-t c(x)}), c = -x - log(1 - x) enclosed by
    monotonicity) decides boxes of wide t: honest partial coverage, the undecided boxes listed."""
    _, r = s2_quick
    assert r.status in ("partial", "proved") and r.counterexample is None, r.summary
    assert r.coverage >= S2_QUICK_COVERAGE, r.summary
    methods = {b["method"] for b in r.certificate["boxes"] if b["status"] == "certified"}
    assert any("divided by term" in m for m in methods), methods
    undecided = [b for b in r.certificate["boxes"] if b["status"] == "undecided"]
    assert (r.status == "proved") == (not undecided)
    if undecided:
        assert r.certificate["undecided_summary"].startswith(f"{len(undecided)} boxes")


def test_s2_certificate_replays_and_tampering_fails(s2_quick):
    c, r = s2_quick
    cert = json.loads(json.dumps(r.certificate))
    ok, msg = replay(cert, c)
    assert ok, msg
    k = next(k for k, b in enumerate(cert["boxes"]) if "divided by term" in b["method"])
    forged = json.loads(json.dumps(cert))
    forged["boxes"][k]["method"] = "; ".join("ball" for _ in forged["boxes"][k]["method"].split("; "))
    ok, msg = replay(forged, c)
    assert not ok and f"box {k}" in msg, msg
    forged = json.loads(json.dumps(cert))
    forged["boxes"][k]["slack_lo"] = "1"
    ok, msg = replay(forged, c)
    assert not ok and f"box {k}" in msg, msg
    first = next(j for j, b in enumerate(cert["boxes"]) if b["status"] == "undecided") if r.status != "proved" else 0
    forged = json.loads(json.dumps(cert))
    forged["boxes"][first]["status"] = "certified"
    forged["boxes"][first]["method"] = "divided by term 0; divided by term 0"
    forged["boxes"][first]["slack_lo"] = "0"
    assert not replay(forged, c)[0]


def _s2_variant(mutate):
    orig = select([S2])[0]
    return closed_form_claim(orig.variant(statement=mutate(orig.statement)))


def test_s2_planted_third_is_violated():
    """(x/3) e^{x-1} for (x/2) e^{x-1}: sup_t gap ~ (x/2) e^{-1} > (x/3) e^{x-1} at small x."""
    xs = sp.Symbol("x")
    wrong = _s2_variant(lambda st: st.xreplace({xs / 2 * sp.exp(xs - 1): xs / 3 * sp.exp(xs - 1)}))
    assert wrong is not None and wrong.statement != closed(S2).statement
    r = certify(wrong, time_budget=600, max_boxes=CLOSED_FORM_BOXES["quick"])
    assert r.status == "violated" and r.counterexample is not None, r.summary
    ok, msg = replay(r.certificate, wrong)
    assert ok and msg.startswith("replayed: violated"), msg


def test_s2_planted_flipped_lower_bound_is_violated():
    """gap <= 0 for 0 <= gap: violated wherever 0 < x < 1 and t >= 2 (or t = 1), certified at a point."""
    def flip(st):
        lower_part, upper_part = st.args if isinstance(st.args[0].lhs, sp.Integer) else st.args[::-1]
        return sp.And(sp.Ge(0, lower_part.rhs), upper_part)
    wrong = _s2_variant(flip)
    r = certify(wrong, time_budget=600, max_boxes=CLOSED_FORM_BOXES["quick"])
    assert r.status == "violated" and r.counterexample is not None, r.summary
    assert replay(r.certificate, wrong)[0]


def test_s6_quadratic_coverage_and_replay():
    (ev,) = certified_tier(select(["ribbon.bernoulli_quadratic_bound"])[0], QUICK)
    assert ev.status == "inconclusive" and float(Fraction(ev.data["coverage_exact"])) >= 0.29, ev.summary
    ok, msg = replay(json.loads(json.dumps(ev.data)), closed("ribbon.bernoulli_quadratic_bound"))
    assert ok, msg
    assert CLOSED_FORM_BOXES["quick"] == 500


def test_planted_s6_constant_is_violated():
    """delta^2/33 for delta^2/32: d_B ~ delta^2/32 at m = 0, a certified counterexample near delta = 0."""
    c = closed("ribbon.bernoulli_quadratic_bound")
    wrong = c.variant(statement=c.statement.xreplace({delta ** 2 / 32: delta ** 2 / 33}))
    r = certify(wrong, time_budget=600, max_boxes=CLOSED_FORM_BOXES["quick"])
    assert r.status == "violated" and r.counterexample is not None, r.summary
    ok, msg = replay(r.certificate, wrong)
    assert ok, msg


def test_blind_spot_below_the_smallest_box_is_refuted():
    """exp(2^1000 x) <= 2 on [0, 1] fails for x > log(2)/2^1000, far below the 2^-40 box sides: refuted at the
    scale point x = 2^-1000 (the ball of 2 - e is negative); its true variant is never violated there."""
    from sloppy_verifier.theory.claim import Claim, Interval, Kind, Param, Provenance, Tag

    def claim(rhs):
        return Claim(id="user.blind", tag="U1", title="blind", kind=Kind.INEQ,
                     statement=sp.Le(sp.exp(2 ** 1000 * x), rhs), parameters=(Param("x", Interval(0, 1)),),
                     provenance=Provenance((Tag.USER,), "test"))
    wrong = claim(2)
    r = certify(wrong, time_budget=600, max_boxes=200)
    assert r.status == "violated" and r.counterexample == {"x": Fraction(1, 2 ** 1000)}, r.summary
    assert replay(r.certificate, wrong)[0]
    assert certify(claim(3 + sp.exp(2 ** 1000)), time_budget=600, max_boxes=200).status == "partial"
