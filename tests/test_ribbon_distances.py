"""Distances S3–S7 under the quick profile: every claim holds (the exact ones proved by SymPy as well), and the
definition-based references agree with independent closed values."""
import pytest
import sympy as sp

from sloppy_verifier.theory import Kind, select
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.mpeval import context
from sloppy_verifier.verify.ribbon.bhattacharyya_mp import bernoulli_db, categorical_db, gaussian_db, joint_bc
from sloppy_verifier.verify.runner import run_claims

CLAIMS = select(["S3", "S4", "S5", "S6", "S7"])


@pytest.fixture(scope="module")
def records():
    ctx = Context(profile=PROFILES["quick"], seed=0, dps=30, progress=lambda msg: None)
    return {r["id"]: r for r in run_claims(CLAIMS, ctx)}


def test_catalogue():
    assert {c.id for c in CLAIMS} == {
        "ribbon.gaussian_bhattacharyya", "ribbon.gaussian_intensive", "ribbon.intensive_product",
        "ribbon.bernoulli_logcosh", "ribbon.bernoulli_midpoint_series", "ribbon.bernoulli_quadratic_bound",
        "ribbon.bernoulli_remainder_bound", "ribbon.softmax_jensen", "ribbon.softmax_cumulant_series",
        "ribbon.softmax_quadratic_bound", "ribbon.softmax_remainder_bound"}
    assert all(c.kind in (Kind.EXACT, Kind.INEQ) for c in CLAIMS)


@pytest.mark.parametrize("cid", [c.id for c in CLAIMS])
def test_claim_holds(records, cid):
    r = records[cid]
    assert r["verdict"] in ("proved", "holds"), [e["summary"] for e in r["evidence"]]
    symbolic = [e for e in r["evidence"] if e["tier"] == "symbolic"]
    assert all(e["status"] == "proved" for e in symbolic)


@pytest.mark.parametrize("cid", ["ribbon.bernoulli_quadratic_bound", "ribbon.bernoulli_remainder_bound",
                                 "ribbon.softmax_quadratic_bound", "ribbon.softmax_remainder_bound"])
def test_bounds_are_tight(records, cid):
    """The upper bounds are approached (bound/actual -> 1) at m = 0, delta -> 0 / two equiprobable classes."""
    ratios = [float(e["tightness"]["extreme"]) for e in records[cid]["evidence"]
              if e.get("tightness") and e["tightness"]["extreme"] not in ("+inf", "inf")]
    assert 1 <= min(ratios) < 1.001


def test_references_at_known_values():
    c = context(60)
    tiny = c.mpf(10) ** -45
    # S5 spec example a = -374.6, b = -94.2: d_B = e^{-94.2}/2 (1 + O(e^{-47})) = 6.1437e-42 (spec erratum; ~6.3e-42 before)
    db = bernoulli_db(sp.Rational(-3746, 10), sp.Rational(-942, 10), 30)
    assert abs(db / (c.exp(c.mpf("-94.2")) / 2) - 1) < c.mpf(10) ** -19
    assert abs(gaussian_db([0], [2], 1, 30) - c.mpf(1) / 2) < tiny
    assert abs(categorical_db([0, 0], [0, 1], 30) - bernoulli_db(0, 1, 30)) < tiny   # C = 2 is the Bernoulli case
    assert abs(joint_bc([1, 2], [1, 2], "bernoulli", 30) - 1) < tiny


def test_s5_printed_example_value_and_its_pre_erratum_misprint():
    """S5's printed d_B = 6.14369728855e-42 (the spec's erratum) holds; the pre-erratum '6.3e-42' is caught."""
    from sloppy_verifier.verify.checks.ribbon_distances import _s5_printed
    ctx = Context(profile=PROFILES["quick"], seed=0, dps=30, progress=lambda msg: None)
    assert _s5_printed(ctx).status == "holds"
    assert _s5_printed(ctx, "6.3e-42").status == "violated"
