"""The Fisher simulation checks (F3c-F3e, F5, F5b ASYMP, F7a, F8b-F8d) evaluate their whole statement: a changed
relation or left side is caught (the checks used to read ``statement.rhs`` alone, and reported these mutants holding)."""
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.verify.checks import run_check
from planted import QUICK, whole_relation_tests
from sloppy_verifier.verify.evidence import verdict

CTX = QUICK      # the planted tests' context: the cached sweeps are shared with them
R = sp.Rational(11, 10)


def _claim(cid):
    return select([cid])[0]


MUTANTS = [
    ("fisher.rank", lambda st: sp.Gt(st.lhs, st.rhs)),                    # rank F > C T
    ("fisher.rank", lambda st: sp.Eq(st.lhs + 1, st.rhs)),
    ("fisher.rank", lambda st: sp.Eq(sp.Integer(7), st.rhs)),             # Eq(anything, C T)
    ("fisher.gd_threshold", lambda st: sp.Lt(st.lhs, st.rhs)),            # eta_c < 2/lambda_max
    ("fisher.gd_threshold", lambda st: sp.Eq(st.lhs * R, st.rhs)),
    ("fisher.lambda_max_limit", lambda st: sp.Eq(st.lhs * R, st.rhs)),
    ("fisher.lambda_max_limit", lambda st: sp.Gt(st.lhs, st.rhs)),
    ("fisher.ntk_cross_outputs", lambda st: sp.Gt(st.lhs, st.rhs)),      # c_x > 0 at the limit 0
    ("fisher.isotropic_perturbation", lambda st: sp.Eq(st.lhs * R, st.rhs)),
    ("fisher.isotropic_perturbation", lambda st: sp.Lt(st.lhs, st.rhs)),
    ("fisher.fisher_rao_ratio", lambda st: sp.Eq(st.lhs * R, st.rhs)),
    ("fisher.trace_expectation_relu_bias", lambda st: sp.Eq(st.lhs * R, st.rhs)),
]


test_real_claim_holds, test_relation_and_left_side_mutants_are_caught = whole_relation_tests(
    sorted({c for c, _ in MUTANTS}), MUTANTS, CTX)


def test_weaker_mutant_still_holds():
    """``rank F >= C T`` is true (weaker than the equality): the check says so, it does not reject every change."""
    c = _claim("fisher.rank")
    assert verdict(run_check(c.variant(statement=sp.Ge(c.statement.lhs, c.statement.rhs)), CTX)) == "holds"
