"""The ribbon checks that normalised or predicted from the right side alone (S5 relative searches, K4, S16, S17)
evaluate their whole statement: a changed left side, a changed relation or a changed And part is caught."""
import pytest
import sympy as sp

from sloppy_verifier.theory.claim import select
from sloppy_verifier.verify.check import run_check
from planted import QUICK
from sloppy_verifier.verify.evidence import verdict

CTX = QUICK      # the planted tests' context: the cached sweeps are shared with them
R = sp.Rational(11, 10)


def _claim(cid):
    return select([cid])[0]


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
]


@pytest.mark.parametrize("cid", ["ribbon.ensemble_expectation", "ribbon.population_limit"])   # S5, K4: their own tests
def test_real_claim_holds(cid):
    assert verdict(run_check(_claim(cid), CTX)) == "holds"


@pytest.mark.parametrize("cid, mutate", MUTANTS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(MUTANTS)])
def test_relation_and_left_side_mutants_are_caught(cid, mutate):
    c = _claim(cid)
    assert verdict(run_check(c.variant(statement=mutate(c.statement)), CTX)) == "violated"
