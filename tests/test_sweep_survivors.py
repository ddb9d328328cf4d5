"""Former survivors of the quick mutation sweep (`sloppy mutate --profile quick`), now caught: checks that never
sampled where the bound is sharp (S2 mode bound: t = 1/x, x -> 0) or recorded no normalised slack, so the
mutation scale did not follow the measured tightness (S11, S12b: float_search).  The limits' relation mutants
(S2 gf_limit, S20) are in test_whole_relation_ribbon."""
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.testing import tightness_of
from planted import QUICK, whole_relation_tests

R = sp.Rational

MUTANTS = [
    ("ribbon.gf_mode_bound", lambda st: sp.Le(st.lhs, st.rhs * R(9, 10))),          # constant 1/2 -> 9/20
    ("ribbon.residual_stress_perturbation", lambda st: sp.Le(R(12, 5) * st.lhs, st.rhs)),   # measured min ratio ~2.2
    ("ribbon.bernoulli_small_separation", lambda st: sp.Le(60 * st.lhs, st.rhs)),   # measured min ratio ~47
]

test_real_claim_holds, test_relation_and_left_side_mutants_are_caught = whole_relation_tests(
    ["ribbon.residual_stress_perturbation", "ribbon.bernoulli_small_separation"], MUTANTS, QUICK)


def test_float_search_records_its_tightness():
    """The lowest normalised slack is recorded, so `sloppy mutate` scales a loose bound by its measured looseness."""
    ev = run_check(select(["ribbon.residual_stress_perturbation"])[0], QUICK)
    t = tightness_of([e.to_json() for e in ev])
    assert t.slack is not None and 0 < t.slack < 1
