"""Planted wrong variants of K4 (S27): a shifted limit or a doubled boundary must be reported violated."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from planted import assert_caught

R = sp.Rational
S = sp.Symbol

MUTATIONS = {
    "ribbon.k4_gaussian_es": [lambda st: sp.Eq(st.lhs, st.rhs - R(1, 50)),          # a shifted limit
                              lambda st: sp.Eq(st.lhs, S("ES_cloud"))],             # the signal dropped (rho -> 0 face)
    "ribbon.k4_bernoulli_boundary": [lambda st: sp.Eq(st.lhs, 2 * st.rhs),           # twice the Gaussian boundary
                                     lambda st: sp.Eq(st.lhs, R(101, 100) * st.rhs)],  # 1 % off
}


@pytest.mark.parametrize("cid,i", [(c, i) for c, ms in MUTATIONS.items() for i in range(len(ms))])
def test_planted_variant_is_caught(cid, i):
    (claim,) = select([cid])
    assert_caught(claim, MUTATIONS[cid][i])
