"""Planted wrong variants of S1–S2: a changed constant, an off-by-one exponent, a dropped factor or sign must be
reported violated, with a worst case."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.theory.ribbon import dynamics as dyn
from planted import assert_caught

R = sp.Rational
r_k = 1 - dyn.eta * dyn.lam

MUTATIONS = {
    "ribbon.gd_weight_modes": lambda st: sp.Eq(st.lhs, r_k ** (dyn.t + 1) * dyn.alpha),           # off by one step
    "ribbon.gd_logit_modes": lambda st: sp.Eq(st.lhs, r_k ** dyn.t * dyn.alpha),                    # drop sqrt(N lambda)
    "ribbon.gd_logit_recursion": lambda st: sp.Eq(st.lhs, (1 - dyn.eta * dyn.kappa / 2) ** dyn.t * dyn.xi_0),
    "ribbon.gd_frozen_offset": lambda st: sp.Eq(st.lhs, dyn.off_y),                                # sign
    "ribbon.gf_scalar_bound": lambda st: sp.And(st.args[0], sp.Le(st.args[1].lhs, st.args[1].rhs * R(2, 3))),
    "ribbon.gf_mode_bound": lambda st: sp.Le(st.lhs, st.rhs / 2),
    "ribbon.gf_limit": lambda st: sp.Eq(st.lhs, sp.exp(-2 * dyn.lam_s * dyn.tau)),
}
CLAIMS = {c.id: c for c in select(["S1", "S2"])}


def test_every_claim_has_a_mutation():
    assert set(MUTATIONS) == set(CLAIMS)


@pytest.mark.parametrize("cid", sorted(MUTATIONS))
def test_planted_variant_is_violated(cid):
    assert_caught(CLAIMS[cid], MUTATIONS[cid])


def test_flipped_lower_bound_is_violated():
    assert_caught(CLAIMS["ribbon.gf_scalar_bound"],
                  lambda st: sp.And(sp.Gt(st.args[0].lhs, st.args[0].rhs), st.args[1]))
