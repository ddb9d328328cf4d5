"""Checks that evaluate their whole statement (F1a, F10b, F10d, S29, S30): a changed left side or relation is
caught, not only a changed right side (the checks used to read ``statement.rhs`` alone)."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.evidence import verdict

CTX = Context(profile=PROFILES["quick"], progress=lambda m: None)


def _claim(cid):
    return select([cid])[0]


@pytest.mark.parametrize("cid", ["fisher.order_parameters", "fisher.order_to_chaos", "fisher.depth_chaotic_growth"])
def test_real_claim_holds(cid):
    assert verdict(run_check(_claim(cid), CTX)) == "holds"


@pytest.mark.parametrize("cid, mutate", [
    ("fisher.order_parameters", lambda st: sp.Eq(2 * st.lhs, st.rhs)),          # left side doubled
    ("fisher.order_to_chaos", lambda st: sp.Eq(st.lhs * sp.Rational(11, 10), st.rhs)),
    ("fisher.depth_chaotic_growth", lambda st: sp.Eq(st.lhs * sp.Rational(11, 10), st.rhs)),
])
def test_left_side_mutant_is_caught(cid, mutate):
    c = _claim(cid)
    assert verdict(run_check(c.variant(statement=mutate(c.statement)), CTX)) == "violated"


def test_relu_critical_gap_is_lhs_minus_rhs():
    c = _claim("fisher.relu_critical_kappa2")
    rows = run_check(c, CTX)[-1].data["rows"]
    shifted = run_check(c.variant(statement=sp.Eq(c.statement.lhs + sp.Rational(1, 2), c.statement.rhs)), CTX)
    assert all(abs(b["gap"] - a["gap"] - 0.5) < 1e-12 for a, b in zip(rows, shifted[-1].data["rows"]))


@pytest.mark.parametrize("cid", ["ribbon.poisson_kernel_spectrum", "ribbon.rbf_gaussian_spectrum"])
def test_kernel_spectra_catch_a_left_side_mutant(cid):
    c = _claim(cid)
    assert verdict(run_check(c, CTX)) == "holds"
    wrong = c.variant(statement=sp.Eq(c.statement.lhs * sp.Rational(11, 10), c.statement.rhs))
    assert verdict(run_check(wrong, CTX)) == "violated"
