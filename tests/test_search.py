"""The adversarial search (verify/search.py), the adaptive interval draws (verify/strategies.py) and the
distinct-point / normalised-slack evidence of ``property_search``.

The benchmark (tests/search_claims.py) holds classical inequalities and one-constant typos of them whose
violation regions, measured by a dense float64 scan, are 0.007 %-3 % of the box: every typo must be found by
the quick-size search, and no true claim may ever be reported violated.
"""
import json
import os
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, seed, settings

from sloppy_verifier.theory import Interval
from sloppy_verifier.verify.check import property_search, relation
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.search import (BUDGETS, adversarial_search, claim_seed, search_evidence, search_in_context, searchable,
                           simplest_between)
from sloppy_verifier.verify.strategies import domain_strategy

from search_claims import CLASSICAL, SPECIAL, SPECIAL_TYPOS, TYPOS, claim, x, y

R = sp.Rational
ROOT = Path(__file__).resolve().parents[1]
FALSE = [c for c, _, _ in TYPOS + SPECIAL_TYPOS]
TRUE = CLASSICAL + SPECIAL
QUICK = BUDGETS["quick"]


def _inside(c, point):
    for prm in c.parameters:
        if sp.Rational(point[prm.name].numerator, point[prm.name].denominator) not in prm.domain:
            return False
    env = {sp.Symbol(k): sp.Rational(v.numerator, v.denominator) for k, v in point.items()}
    return all(h.subs(env) is sp.true for h in c.assumptions if isinstance(h, sp.Basic))


def _assert_counterexample(c, res):
    assert res.status == "violated", (c.id, res.tightest[:1])
    cex = res.counterexample
    assert _inside(c, cex), cex
    for dps in (50, 80):                  # independently: the exact point fails the statement
        assert not relation(c.statement, cex, dps)["ok"]


@pytest.mark.parametrize("c", FALSE, ids=lambda c: c.id)
def test_typos_are_found_by_the_quick_search(c):
    _assert_counterexample(c, adversarial_search(c, seed=0, **QUICK))


@pytest.mark.parametrize("c", TRUE, ids=lambda c: c.id)
def test_true_claims_are_never_violated(c):
    res = adversarial_search(c, seed=0, **QUICK)
    assert res.status == "holds"
    assert res.tightest and all(t["normalised_slack"] > -1e-40 for t in res.tightest)


@pytest.mark.slow
@pytest.mark.parametrize("run_seed", [1, 2, 3])
def test_verdicts_for_other_seeds_and_the_standard_budget(run_seed):
    for c in FALSE:
        _assert_counterexample(c, adversarial_search(c, seed=run_seed, **QUICK))
    for c in TRUE:
        assert adversarial_search(c, seed=run_seed, **BUDGETS["standard"]).status == "holds", c.id


@pytest.mark.slow
def test_stated_violation_fractions_match_a_scan():
    """The fractions written in search_claims.py: 4e6 evenly spaced points in 1-D, 1e7 random points in 2-D."""
    rng = np.random.default_rng(0)
    for c, stated, _ in TYPOS + SPECIAL_TYPOS:
        syms = [prm.symbol for prm in c.parameters]
        st = c.statement
        gap = sp.lambdify(syms, st.rhs - st.lhs if isinstance(st, (sp.Le, sp.Lt)) else st.lhs - st.rhs,
                          ["scipy", "numpy"])
        lo, hi = ([float(getattr(prm.domain, e)) for prm in c.parameters] for e in ("lo", "hi"))
        pts = ([np.linspace(lo[0], hi[0], 4_000_002)[1:-1]] if len(syms) == 1 else
               [a + rng.random(10 ** 7) * (b - a) for a, b in zip(lo, hi)])
        mask = np.ones(pts[0].shape, bool)
        for h in c.assumptions:
            if isinstance(h, sp.Basic):
                mask &= sp.lambdify(syms, h, "numpy")(*pts)
        with np.errstate(all="ignore"):
            s = np.asarray(gap(*pts))
        ok = mask & np.isfinite(s)
        measured = np.sum(s[ok] < 0) / np.sum(ok)
        assert stated / 1.3 < measured < stated * 1.3, (c.id, stated, measured)


def _float_scan_fails(c, n=2_000_000) -> bool:
    """Whether a float64 scan (n evenly spaced points in 1-D, n random ones in 2-D) sees the claim fail."""
    syms = [prm.symbol for prm in c.parameters]
    st = c.statement
    lo, hi = ([float(getattr(prm.domain, e)) for prm in c.parameters] for e in ("lo", "hi"))
    rng = np.random.default_rng(0)
    pts = ([np.linspace(lo[0], hi[0], n + 2)[1:-1]] if len(syms) == 1 else
           [a + rng.random(n) * (b - a) for a, b in zip(lo, hi)])
    mask = np.ones(n, bool)
    for h in c.assumptions:
        if isinstance(h, sp.Basic):
            mask &= sp.lambdify(syms, h, "numpy")(*pts)
    gap = sp.lambdify(syms, st.rhs - st.lhs if isinstance(st, (sp.Le, sp.Lt)) else st.lhs - st.rhs, ["scipy", "numpy"])
    with np.errstate(all="ignore"):
        s = np.asarray(gap(*pts))
    return bool(np.any(mask & np.isfinite(s) & (s < 0)))


@pytest.mark.slow
def test_a_grid_of_typos_is_found():
    """Every true benchmark claim with its bound scaled by 1 -+ 10^-k or shifted by 10^-k (k = 2..9), the
    direction that makes it false: each one a float scan sees failing must be found by the quick search."""
    missed = []
    for c in TRUE:
        st = c.statement
        upper = isinstance(st, (sp.Le, sp.Lt))
        for k in range(2, 10):
            sign = -1 if upper else 1
            eps = sign * R(1, 10 ** k)
            for how, rhs in (("scaled", (1 + eps) * st.rhs), ("shifted", st.rhs + eps)):
                v = c.variant(id=f"{c.id}_{how}_{k}", statement=type(st)(st.lhs, rhs))
                if _float_scan_fails(v) and adversarial_search(v, seed=0, **QUICK).status != "violated":
                    missed.append(v.id)
    assert not missed


# ---------------------------------------------------------------- resolution adapted to the box
BIG_DEN = R(582811643, 10 ** 9)


def test_interval_end_with_denominator_1e9():
    ok = claim("below_end", sp.Le(x, BIG_DEN), ("x", Interval(0, BIG_DEN)))
    bad = claim("below_end_typo", sp.Le(x, BIG_DEN - R(1, 10 ** 12)), ("x", Interval(0, BIG_DEN)))
    assert adversarial_search(ok, seed=0).status == "holds"
    res = adversarial_search(bad, seed=0)        # fails on the last 1e-12 of the box only
    _assert_counterexample(bad, res)
    ctx = Context(profile=PROFILES["quick"], progress=lambda m: None)
    for c, status in ((ok, "holds"), (claim("sq", sp.Ge(sp.sqrt(x), x), ("x", Interval(0, BIG_DEN))), "holds")):
        assert property_search(c, ctx, lambda p, dps: p).status == status


def test_a_box_1e9_wide():
    box = ("x", Interval(R(1, 3), R(1, 3) + R(1, 10 ** 9)))
    true = claim("tiny_true", sp.Ge(x ** 2, R(1, 9)), box)
    typo = claim("tiny_typo", sp.Le(x ** 2, R(1, 9) + R(2, 3 * 10 ** 10)), box)   # fails on the top 90 %
    edge = claim("tiny_edge", sp.Le(x ** 2, (R(1, 3) + R(1, 10 ** 9)) ** 2 - R(1, 10 ** 20)), box)  # top 1e-11
    assert adversarial_search(true, seed=0).status == "holds"
    for c in (typo, edge):
        _assert_counterexample(c, adversarial_search(c, seed=0))
    ctx = Context(profile=PROFILES["quick"], progress=lambda m: None)
    ev = property_search(typo, ctx, lambda p, dps: p)
    assert ev.status == "violated"


@pytest.mark.parametrize("domain", [
    Interval(0, BIG_DEN), Interval(R(1, 3), R(1, 3) + R(1, 10 ** 12), True, True), Interval(-5, 5, True, False),
    Interval(R(-7, 10 ** 15), R(3, 10 ** 15)), Interval(2, 2),
])
def test_interval_draws_stay_exact_and_inside(domain):
    drawn = []

    @settings(max_examples=60, database=None)
    @seed(0)
    @given(domain_strategy(domain))
    def draw(v):
        assert isinstance(v, Fraction) and v in domain
        drawn.append(v)

    draw()
    assert len(set(drawn)) >= (1 if domain.lo == domain.hi else 10)   # Hypothesis repeats draws


# ---------------------------------------------------------------- assumptions, strictness, undefined points
def test_relational_assumptions_cut_the_box():
    mono = claim("exp_monotone", sp.Le(sp.exp(x), sp.exp(y)), ("x", Interval(-3, 3)), ("y", Interval(-3, 3)),
                 assumptions=(sp.Lt(x, y), "a sentence is documentation"))
    assert searchable(mono) and adversarial_search(mono, seed=0).status == "holds"
    res = adversarial_search(mono.variant(assumptions=()), seed=0)
    assert res.status == "violated" and res.counterexample["x"] > res.counterexample["y"]
    ratio = next(c for c in FALSE if c.id.startswith("user.log_ratio"))     # x != 1: a removable point
    cex = adversarial_search(ratio, seed=0).counterexample
    assert cex["x"] != 1 and abs(cex["x"] - 1) < Fraction(1, 200)
    assert adversarial_search(next(c for c in TRUE if c.id == "user.log_ratio"), seed=0).status == "holds"


def test_strict_relations_and_one_sided_zero():
    assert adversarial_search(claim("sq_pos", sp.Gt(x ** 2, 0), ("x", Interval(-1, 1))), seed=0).counterexample \
        == {"x": 0}
    pos = claim("sq_pos_open", sp.Gt(x ** 2, 0), ("x", Interval(0, 1, open_lo=True)))
    res = adversarial_search(pos, seed=0)
    assert res.status == "holds" and res.tightest[0]["normalised_slack"] == pytest.approx(1)   # not inf, not 0
    ev = search_evidence(pos, res)
    assert ev.tightness["normalised_slack"] == pytest.approx(1)


def test_strict_bound_tighter_than_the_tolerance_still_holds():
    """sin x < x on (0, 1e-15]: the slack x^3/6 < 1e-45 is below relation()'s tolerance, but it is computed
    accurately (it agrees between precisions) and positive, so no point is a counterexample."""
    c = claim("sin_strict", sp.Lt(sp.sin(x), x), ("x", Interval(0, R(1, 10 ** 15), open_lo=True)))
    assert adversarial_search(c, seed=0).status == "holds"
    _assert_counterexample(c.variant(id="user.sin_strict_typo", statement=sp.Lt(sp.sin(x), x - x ** 3 / 5)),
                           adversarial_search(c.variant(statement=sp.Lt(sp.sin(x), x - x ** 3 / 5)), seed=0))


def test_nan_points_are_unknown_never_violations():
    half = claim("sqrt_half", sp.Ge(sp.sqrt(x), 0), ("x", Interval(-1, 1)))
    res = adversarial_search(half, seed=0)
    assert res.status == "holds" and res.undefined > 0
    nowhere = claim("sqrt_nowhere", sp.Ge(sp.sqrt(-1 - x ** 2), 0), ("x", Interval(-1, 1)))
    assert adversarial_search(nowhere, seed=0).status == "inconclusive"


def test_degenerate_point_is_never_the_tightest():
    logcosh = claim("logcosh", sp.Le(sp.log(sp.cosh(x)), x ** 2 / 2), ("x", Interval(-20, 20)))
    res = adversarial_search(logcosh, seed=0)
    assert res.status == "holds" and {"x": 0.0} in res.degenerate
    assert all(t["at"]["x"] != 0 for t in res.tightest)
    assert abs(res.tightest[0]["at"]["x"]) < Fraction(1, 10 ** 9) and res.tightest[0]["normalised_slack"] < 1e-18
    ctx = Context(profile=PROFILES["quick"], progress=lambda m: None)
    ev = property_search(logcosh, ctx, lambda p, dps: p)
    assert ev.tightness["at"] != {"x": 0} and ev.tightness["normalised_slack"] is not None
    assert {"x": 0} in ev.tightness["degenerate"]       # drawn (it is the simplest point), listed apart


def test_an_end_the_design_cannot_see_is_tried():
    """Tight at one end, failing only in the last 10^-12 of the other end."""
    assert adversarial_search(claim("end", sp.Le(x, 1), ("x", Interval(0, 1))), seed=0).status == "holds"
    edge = claim("end_typo", sp.Le(x, 1 - R(1, 10 ** 13)), ("x", Interval(0, 1)))
    _assert_counterexample(edge, adversarial_search(edge, seed=0))


# ---------------------------------------------------------------- determinism and monotone effort
def test_seed_depends_on_run_seed_and_claim_id_only():
    assert claim_seed(0, "user.a") == claim_seed(0, "user.a") != claim_seed(1, "user.a") != claim_seed(0, "user.b")
    assert claim_seed(0, "user.a") == 7753206843739480479   # fixed: SHA-256, no hash(), no path


_PROBE = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + "/tests")
    from search_claims import TYPOS, CLASSICAL
    from sloppy_verifier.verify.context import Context
    from sloppy_verifier.verify.check import property_search
    from sloppy_verifier.verify.search import adversarial_search
    out = []
    for c in (TYPOS[1][0], CLASSICAL[0]):
        r = adversarial_search(c, seed=3, points=1024)
        out.append([r.status, str(r.counterexample), r.distinct_points, [str(t["at"]) for t in r.tightest]])
        out.append(property_search(c, Context(seed=3, progress=lambda m: None), lambda p, dps: p).summary)
    print(json.dumps(out))
""")


def test_same_result_in_other_directories_and_hash_seeds(tmp_path):
    runs = []
    for i, hash_seed in enumerate(("0", "12345")):
        cwd = tmp_path / f"run{i}"
        cwd.mkdir()
        (cwd / "probe.py").write_text(_PROBE)
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        env.pop("PYTHONPATH", None)
        out = subprocess.run([sys.executable, "probe.py", str(ROOT)], cwd=cwd, env=env, capture_output=True,
                             text=True, timeout=300)
        assert out.returncode == 0, out.stderr[-2000:]
        runs.append(json.loads(out.stdout))
    assert runs[0] == runs[1]


def test_detection_is_monotone_in_effort():
    """A violation found with N points is found with 4N (and with more starts): the heavier search repeats
    every step of the lighter one.  The hardest typos are searched at the smallest sizes."""
    for c in FALSE[:8]:
        small = adversarial_search(c, seed=5, points=256, starts=2)
        if small.status == "violated":
            for kw in ({"points": 1024, "starts": 2}, {"points": 256, "starts": 8}, {"points": 4096, "starts": 8}):
                assert adversarial_search(c, seed=5, **kw).status == "violated", (c.id, kw)
    c = FALSE[0]      # the same seed: the lighter counterexample is the heavier one (found at the same step)
    assert adversarial_search(c, seed=5, points=256).counterexample == \
        adversarial_search(c, seed=5, points=1024).counterexample


# ---------------------------------------------------------------- pieces
def test_simplest_rational():
    assert simplest_between(Fraction(3, 10), Fraction(4, 10)) == Fraction(1, 3)
    assert simplest_between(Fraction(-4, 10), Fraction(-3, 10)) == Fraction(-1, 3)
    assert simplest_between(Fraction(-1, 10), Fraction(1, 10)) == 0
    assert simplest_between(Fraction(22, 7), Fraction(22, 7)) == Fraction(22, 7)
    assert simplest_between(Fraction(314159, 100000), Fraction(314160, 100000)) == Fraction(355, 113)


def test_evidence_labels_and_keys():
    c = FALSE[4]
    res = adversarial_search(c, seed=0)
    ev = search_evidence(c, res)
    assert ev.status == "violated" and ev.tier == "high_precision"
    assert "confirmed at 50 and 60 digits" in ev.summary and "float64" in ev.summary
    assert ev.data["minimal_counterexample"] == res.counterexample and ev.worst_case["confirmed"]
    ok = search_evidence(TRUE[2], adversarial_search(TRUE[2], seed=0))
    assert ok.status == "holds" and ok.tier == "float64"     # a float64 scan, however many points
    assert "distinct points" in ok.summary and "normalised slack" in ok.summary
    assert all({"at", "ratio"} <= set(s) for s in ok.tightness["samples"]) and ok.data["examples"] > 1000
    json.dumps(ok.to_json())


def test_search_in_context_uses_the_profile_budget():
    ctx = Context(profile=PROFILES["standard"], seed=4, dps=30, progress=lambda m: None)
    res = search_in_context(TRUE[2], ctx)
    assert res.status == "holds" and (res.dps, res.dps2) == (30, 40)
    assert res.distinct_points > BUDGETS["standard"]["points"]


def test_property_search_counts_distinct_points():
    c = claim("narrow", sp.Le(x, 1), ("x", Interval(0, R(1, 1000))))
    ev = property_search(c, Context(profile=PROFILES["quick"], progress=lambda m: None), lambda p, dps: p)
    assert ev.status == "holds" and f"{ev.data['distinct_points']} distinct points" in ev.summary
    assert 1 < ev.data["distinct_points"] <= ev.data["examples"]
