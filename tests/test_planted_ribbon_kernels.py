"""Planted wrong variants of S28–S30: an off-by-one exponent, a forgotten 1/N, a residual that does not stay frozen,
a squared ratio, a dropped factor 2 and a flipped sign in the aliasing exponent must be reported violated, with a
worst case."""
import pytest
import sympy as sp

from planted import assert_caught
from sloppy_verifier.theory import select
from sloppy_verifier.theory.ribbon import kernels as kt

CLAIMS = {c.id: c for c in select(["S28", "S29", "S30"])}


def _frozen_decays(st):
    frozen = next(p for p in st.args if kt.frozen_t in p.free_symbols)
    return sp.And(*[sp.Eq(kt.frozen_t, 0) if p == frozen else p for p in st.args])


a_, A_, B_ = kt.a_, kt.A_, kt.B_
MUTATIONS = {
    "ribbon.kernel_gd_modes": lambda st: sp.Eq(st.lhs, (1 - kt.eta * kt.kappa) ** (kt.t + 1) * kt.xi_0),
    "ribbon.kernel_spectrum_transfer": lambda st: sp.Eq(st.lhs, kt.N * kt.lam),        # K instead of K/N
    "ribbon.kernel_frozen_modes": _frozen_decays,                                      # "the residual decays"
    "ribbon.rbf_gaussian_spectrum": lambda st: sp.Eq(st.lhs, sp.sqrt(2 * a_ / A_) * (B_ ** 2) ** kt.j),
    "ribbon.poisson_kernel_spectrum": lambda st: sp.Eq(
        st.lhs, (kt.q ** kt.j + kt.q ** (kt.N + kt.j)) / (1 - kt.q ** kt.N)),
}


def test_every_claim_has_a_mutation():
    assert set(MUTATIONS) == set(CLAIMS)


@pytest.mark.parametrize("cid", sorted(MUTATIONS))
def test_planted_variant_is_violated(cid):
    assert_caught(CLAIMS[cid], MUTATIONS[cid])


def test_rbf_prefactor_without_factor_two_is_violated():
    assert_caught(CLAIMS["ribbon.rbf_gaussian_spectrum"],
                  lambda st: sp.Eq(st.lhs, sp.sqrt(a_ / A_) * B_ ** kt.j))
