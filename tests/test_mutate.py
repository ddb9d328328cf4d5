"""Mutation testing of claims (verify.testing, ``sloppy mutate``): the generator's operators, the scores of a
strong and a deliberately weak check, the CLI's return codes, and sweeps of the catalogue."""
import json
import textwrap

import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.verify.cli import main
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.testing import (Tightness, bound_factor, equation_eps, load_equivalent, mutants, mutate_claim,
                            tightness_of)

a, b, c, T, M = sp.symbols("a b c T M")
QUICK = Context(profile=PROFILES["quick"], progress=lambda m: None)


def _keys(statement, **kw):
    return [m.key for m in mutants(statement, **kw)]


def test_equation_relation_scale_and_constant_mutants():
    got = _keys(sp.Eq(a, 2 * b))
    assert got[:2] == ["a < 2*b", "a > 2*b"]
    assert "Eq(11*a/10, 2*b)" in got and "Eq(9*a/10, 2*b)" in got      # eps = 1/10 without a measurement
    assert "Eq(a, 11*b/5)" in got                                       # the constant 2 perturbed


def test_bound_relation_mutants_and_strictness_only_where_attained():
    loose = _keys(sp.Le(a, b), tightness=Tightness(0.2))
    assert "a > b" in loose and "a >= b" in loose and "a < b" not in loose
    assert "a < b" in _keys(sp.Le(a, b), tightness=Tightness(0.0))       # attained: strict is a real error
    strict = _keys(sp.Lt(a, b))
    assert "a >= b" in strict and "a > b" in strict and "a <= b" not in strict   # <= is weaker than <


def test_scale_factor_follows_the_measured_slack():
    # tightest point s = 1/3: big/small = 2 there, so the factor is 11/10 * 2 = 11/5
    assert bound_factor(Tightness(1 / 3)) == sp.Rational(11, 5)
    assert bound_factor(Tightness(None)) == sp.Rational(11, 10)
    assert bound_factor(Tightness(0.999)) == 100
    assert "11*a/5 <= b" in _keys(sp.Le(a, b), tightness=Tightness(1 / 3))
    assert "a <= 9*b/5" in _keys(sp.Le(a, 2 * b))                        # a bound's big side lowered
    assert "a <= 5*b/11" in _keys(sp.Le(a, b), tightness=Tightness(1 / 3))
    assert equation_eps(Tightness(-0.05)) == sp.Rational(2, 5)           # relative error 0.1 -> eps 0.4
    assert equation_eps(Tightness(None)) == sp.Rational(1, 10)


def test_each_part_of_an_and_is_scaled_by_its_own_slack():
    """A tight part (slack 0) must not set the scale of a loose one (slack 1/3, big/small = 2): the loose part's
    mutants are scaled by 11/5, which makes them false, not by 11/10, which leaves them true."""
    st = sp.And(sp.Le(a, b), sp.Le(c, 2 * b))
    whole = [m.key for m in mutants(st, Tightness(0.0))]
    own = [m.key for m in mutants(st, Tightness(0.0), part_tightness={1: Tightness(1 / 3)})]
    assert any("11*c/10 <= 2*b" in k for k in whole) and not any("11*c/10" in k for k in own)
    assert any("11*c/5 <= 2*b" in k for k in own) and any("11*a/10 <= b" in k for k in own)


def test_negative_side_is_scaled_the_other_way_and_zero_side_not_at_all():
    u, v = sp.symbols("u v")
    neg = _keys(sp.Le(-u, v), tightness=Tightness(1 / 3, lhs_sign=-1))
    assert "-5*u/11 <= v" in neg                                         # -a moved up, toward b
    assert not [m for m in mutants(sp.Le(0, u)) if m.operator == "scale"]   # a sign statement is scale-invariant


def test_tightness_is_read_from_evidence_records():
    ev = [{"tightness": {"normalised_slack": "0.5"}, "worst_case": {"lhs": "-2", "rhs": "3"}},
          {"tightness": {"normalised_slack": "0.25"}, "worst_case": {"lhs": "1", "rhs": "-1"}},
          {"tightness": {"measure": "sim/stated", "extreme": "1.01"}}]
    assert tightness_of(ev) == Tightness(0.25, 1, -1)


def test_leading_term_and_exponent_mutants():
    st = sp.Eq(c, M * (a * (1 - 1 / T) + b / T))
    got = {m.operator: m for m in reversed(mutants(st, large=T))}
    assert got["truncate"].key == "Eq(c, M*a)"
    assert "Eq(c, M*(a*(1 - 1/T**2) + b/T))" in _keys(st)                 # exponent -1 moved away from 0


def test_every_part_of_an_and_is_mutated_in_turn_within_the_cap():
    st = sp.And(sp.Le(0, a), sp.Le(a, b), sp.Eq(c, 3 * b))
    ms = mutants(st, cap=3)
    assert [m.change.split(":")[0] for m in ms] == ["part 1", "part 2", "part 3"]
    for m in mutants(st):
        assert isinstance(m.statement, sp.And) and len(m.statement.args) == 3


def test_mutants_are_deterministic():
    st = select(["fisher.eigenvalue_bounds"])[0].statement
    assert _keys(st) == _keys(st) and len(set(_keys(st))) == len(_keys(st))


# ---------------------------------------------------------------- scores and the CLI, on a user's file
CLAIMS = '''
import sympy as sp
from sloppy_verifier.theory import Claim, Interval, Kind, Param, Provenance, Tag, register
from sloppy_verifier.verify.check import check, point_evidence
from sloppy_verifier.verify.evidence import Evidence

x, y = sp.symbols("x y")
prov = Provenance(tags=(Tag.USER,), source="test")
register(Claim(id="user.double", tag="U1", kind=Kind.EXACT, title="y = 2x", statement=sp.Eq(y, 2 * x),
               parameters=(Param("x", Interval(1, 3)),), provenance=prov))
register(Claim(id="user.ignores", tag="U2", kind=Kind.EXACT, title="y = 2x, checked by a check that ignores it",
               statement=sp.Eq(y, 2 * x), parameters=(Param("x", Interval(1, 3)),), provenance=prov))


@check("user.double")
def _double(claim, ctx):
    cases = {"x=1": {"x": 1}, "x=5/2": {"x": sp.Rational(5, 2)}}
    return [point_evidence(claim, ctx, cases, lambda p, dps: {"x": p["x"], "y": 2 * p["x"]})]


@check("user.ignores")
def _ignores(claim, ctx):
    return [Evidence("high_precision", "holds", "looked at nothing")]
'''


@pytest.fixture(scope="module")
def claims_file(tmp_path_factory):     # one path: a file's checks are registered once per path
    path = tmp_path_factory.mktemp("claims") / "mine.py"
    path.write_text(textwrap.dedent(CLAIMS))
    return path


def _mutate(capsys, *argv):
    code = main(["mutate", *map(str, argv)])
    return code, capsys.readouterr()


def test_a_check_of_the_statement_catches_every_mutant(capsys, claims_file, tmp_path):
    code, out = _mutate(capsys, "user.double", "--claims", claims_file, "--out", tmp_path, "--json")
    doc = json.loads(out.out)
    assert code == 0, out.out
    assert doc["claims"][0]["caught"] == doc["claims"][0]["generated"] >= 5
    assert json.loads((tmp_path / "mutation.json").read_text())["caught"] == doc["caught"]


def test_a_check_that_ignores_the_statement_scores_zero_and_fails(capsys, claims_file, tmp_path):
    code, out = _mutate(capsys, "user.ignores", "--claims", claims_file, "--out", tmp_path)
    assert code == 1
    assert "user.ignores: 0/" in out.out and "survivor (holds): y < 2*x" in out.out


def test_listed_equivalent_mutants_do_not_fail_the_run(capsys, claims_file, tmp_path):
    from sloppy_verifier.verify.user_claims import load_claims
    claim = next(c for c in load_claims(claims_file) if c.id == "user.ignores")
    listed = {"user.ignores": {m.key: "test: declared equivalent" for m in mutants(claim.statement, cap=8)}}
    eq = tmp_path / "eq.json"
    eq.write_text(json.dumps(listed))
    code, out = _mutate(capsys, "user.ignores", "--claims", claims_file, "--out", tmp_path, "--equivalent", eq)
    assert code == 0, out.out
    assert "0 unexplained" in out.out


def test_scores_are_added_to_results_json(capsys, claims_file, tmp_path):
    assert main(["verify", "user.double", "--claims", str(claims_file), "--out", str(tmp_path), "--profile",
                 "quick"]) == 0
    capsys.readouterr()
    assert _mutate(capsys, "user.double", "--claims", claims_file, "--out", tmp_path)[0] == 0
    rec = json.loads((tmp_path / "results.json").read_text())["claims"][0]
    assert rec["mutation"]["score"] == f"{rec['mutation']['generated']}/{rec['mutation']['generated']}"
    assert "mutants caught" in (tmp_path / "index.html").read_text()


@pytest.mark.parametrize("argv, message", [
    (["no.such_claim"], "no claim matches 'no.such_claim'"),
    (["--profile", "huge"], "invalid choice"),
    (["--claims", "/nonexistent/file.py"], "no such file"),
])
def test_bad_input_is_one_line_exit_2(capsys, tmp_path, argv, message):
    code, out = _mutate(capsys, *argv, "--out", tmp_path)
    assert code == 2 and message in out.err and len(out.err.strip().splitlines()) == 1


def test_a_bad_equivalent_file_is_exit_2(capsys, claims_file, tmp_path):
    bad = tmp_path / "eq.json"
    bad.write_text("[1, 2]")
    code, out = _mutate(capsys, "user.double", "--claims", claims_file, "--equivalent", bad, "--out", tmp_path)
    assert code == 2 and "--equivalent" in out.err


# ---------------------------------------------------------------- the catalogue
def test_equivalent_mutants_data_names_real_claims_and_gives_reasons():
    claims = {c.id: c for c in select([])}
    for cid, listed in load_equivalent().items():
        assert cid in claims
        assert all(isinstance(r, str) and len(r) > 10 for r in listed.values())
        made = {m.key for m in mutants(claims[cid].statement, large=claims[cid].large)}
        assert set(listed) <= made, f"{cid}: a listed mutant the engine no longer makes"


#: catalogue claims of several families whose quick mutation sweep fits the CI budget (~1 min on one idle core)
CI_SUBSET = ["fisher.kappa_order", "fisher.relu_depth_kappa1", "ribbon.bernoulli_quadratic_bound",
             "ribbon.gaussian_bhattacharyya", "ribbon.width_ratios", "ribbon.residual_stress_monotone"]


@pytest.mark.parametrize("cid", CI_SUBSET)
def test_quick_sweep_of_a_catalogue_subset_has_no_unexplained_survivor(cid):
    score = mutate_claim(select([cid])[0], QUICK, load_equivalent())
    assert score.verdict in ("holds", "proved") and score.generated >= 3
    assert not score.unexplained, score.unexplained


@pytest.mark.slow
def test_full_catalogue_quick_sweep_has_no_unexplained_survivor(capsys, tmp_path):
    code, out = _mutate(capsys, "--out", tmp_path)
    assert code == 0, "\n".join(ln for ln in out.out.splitlines() if "survivor" in ln)


@pytest.mark.slow
def test_mutants_on_two_workers_match_the_in_process_run(capsys, tmp_path):
    out = {}
    for workers in ("1", "2"):
        assert main(["mutate", "fisher.kappa_order", "ribbon.width_ratios", "--workers", workers, "--json",
                     "--out", str(tmp_path / workers)]) == 0
        doc = json.loads(capsys.readouterr().out)
        out[workers] = [[(r["mutant"], r["outcome"]) for r in d["mutants"]] for d in doc["claims"]]
    assert out["1"] == out["2"]


def test_ensemble_expectation_reads_its_left_sides():
    """The Monte-Carlo check used to compare the mean with the right side alone: a scaled left side survived."""
    from sloppy_verifier.verify.checks import run_check
    from sloppy_verifier.verify.evidence import verdict
    c = select(["ribbon.ensemble_expectation"])[0]
    assert verdict(run_check(c, QUICK)) == "holds"
    kl, kk = c.statement.args if "E_kl" in sp.sstr(c.statement.args[0].lhs) else c.statement.args[::-1]
    wrong = sp.And(sp.Eq(sp.Rational(11, 10) * kl.lhs, kl.rhs), kk)
    assert verdict(run_check(c.variant(statement=wrong), QUICK)) == "violated"
    # a strict bound is accepted only when the whole 4-s.e. interval satisfies it (verify.check.interval_relation);
    # here the interval holds the equality point, so the (false) strict mutant is reported violated
    strict = sp.And(sp.Lt(kl.lhs, kl.rhs), kk)
    assert verdict(run_check(c.variant(statement=strict), QUICK)) == "violated"


@pytest.mark.parametrize("cid", ["ribbon.t0_geometric_limit", "ribbon.t0_power_tail"])
def test_a_limit_stated_as_a_strict_bound_is_violated(cid):
    """The decay checks fitted |lhs - rhs| alone: `lim lhs < rhs` survived though the fit shows lim lhs = rhs."""
    from sloppy_verifier.verify.checks import run_check
    from sloppy_verifier.verify.evidence import verdict
    c = select([cid])[0]
    assert verdict(run_check(c.variant(statement=sp.Lt(c.statement.lhs, c.statement.rhs)), QUICK)) == "violated"
    assert verdict(run_check(c.variant(statement=sp.Le(c.statement.lhs, c.statement.rhs)), QUICK)) == "holds"


def test_population_limit_reads_its_left_side_and_relation():
    from sloppy_verifier.verify.checks import run_check
    from sloppy_verifier.verify.evidence import verdict
    c = select(["ribbon.population_limit"])[0]
    lhs, rhs = c.statement.lhs, c.statement.rhs
    for wrong in (sp.Eq(2 * lhs, rhs), sp.Lt(lhs, rhs)):
        assert verdict(run_check(c.variant(statement=wrong), QUICK)) == "violated"


def test_statistical_resolution_raises_eps_and_labels_unresolved_mutants():
    """A check's recorded relative half-width r raises an equation's eps to 2r/(1 - 2r) (both mutants then move
    lhs/rhs by more than 2r), at most 1/2; a constant-factor change within 2r is 'unresolved'."""
    from sloppy_verifier.verify.testing import relative_change
    a, b = sp.symbols("a b")
    assert equation_eps(Tightness(resolution=0.1)) == sp.Rational(1, 4)       # 0.2/0.8
    assert equation_eps(Tightness(resolution=0.15)) == sp.Rational(43, 100)   # 0.3/0.7 = 0.4286 rounded up
    assert equation_eps(Tightness(resolution=0.3)) == sp.Rational(1, 2)       # beyond the cap: the cap
    assert equation_eps(Tightness(resolution=0.01)) == sp.Rational(1, 10)     # finer than the default
    assert tightness_of([{"tightness": {"relative_half_width": 0.3}}, {"tightness": {"relative_half_width": 0.2}}]
                        ).resolution == 0.2
    st = sp.Eq(a, b)
    assert relative_change(st, sp.Eq(sp.Rational(11, 10) * a, b)) == pytest.approx(1 / 11)
    assert relative_change(st, sp.Eq(a, b ** 2)) is None                      # not a constant factor
    assert relative_change(sp.Le(a, b), sp.Le(2 * a, b)) is None              # bounds: not an equation
    c, d = sp.symbols("c d")
    both = sp.And(sp.Eq(a, b), sp.Eq(c, d))
    assert relative_change(both, sp.And(sp.Eq(a, b), sp.Eq(c, 2 * d))) == pytest.approx(1)   # one part: d -> 2d
    assert relative_change(both, sp.And(sp.Eq(2 * a, b), sp.Eq(c, 2 * d))) is None           # two parts changed
