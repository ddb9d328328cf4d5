"""The ribbon checks that normalised or predicted from the right side alone (S5 relative searches, K4, S16, S17)
and the limits that ignored their relation (S2 gf_limit, S20) evaluate their whole statement: a changed left
side, a changed relation or a changed And part is caught."""
import sympy as sp

from planted import QUICK, whole_relation_tests

CTX = QUICK      # the planted tests' context: the cached sweeps are shared with them
R = sp.Rational(11, 10)


def _part(i, fn):
    return lambda st: sp.And(*[fn(a) if j == i else a for j, a in enumerate(st.args)])


MUTANTS = [
    ("ribbon.bernoulli_logcosh", lambda st: sp.Eq(st.lhs * R, st.rhs)),
    ("ribbon.bernoulli_logcosh", lambda st: sp.Lt(st.lhs, st.rhs)),
    ("ribbon.k4_gaussian_es", lambda st: sp.Eq(st.lhs * R, st.rhs)),
    ("ribbon.ensemble_expectation", _part(0, lambda r: sp.Eq(r.lhs * R, r.rhs))),
    ("ribbon.ensemble_expectation", _part(1, lambda r: sp.Eq(r.lhs * R, r.rhs))),
    ("ribbon.ensemble_expectation", _part(1, lambda r: sp.Lt(r.lhs, r.rhs))),
    ("ribbon.population_limit", lambda st: sp.Eq(st.lhs * R, st.rhs)),
    ("ribbon.gf_limit", lambda st: sp.Lt(st.lhs, st.rhs)),          # former mutation-sweep survivors
    ("ribbon.gf_limit", lambda st: sp.Gt(st.lhs, st.rhs)),
    ("ribbon.ca_asymptotic", lambda st: sp.Gt(st.lhs, st.rhs)),
]


#: S5, K4 have their own real-verdict tests; the limits (S2, S20) are ASYMP: |lhs - rhs| -> 0 shows lim lhs = rhs,
#: so a strict relation fails there
test_real_claim_holds, test_relation_and_left_side_mutants_are_caught = whole_relation_tests(
    ["ribbon.ensemble_expectation", "ribbon.population_limit", "ribbon.gf_limit", "ribbon.ca_asymptotic"], MUTANTS, CTX)
