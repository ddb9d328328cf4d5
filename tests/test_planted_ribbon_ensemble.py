"""Planted wrong variants of S14–S20: a changed constant, dropped term or flipped inequality in each claim's
statement must be reported violated, with its counterexample or worst case."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from planted import assert_caught, and_part, flip, scale, sub

R = sp.Rational
S = sp.Symbol


def _gap(st):
    return st.xreplace({sp.Eq(S("spectral_gap"), 0): sp.Eq(S("spectral_gap"), R(1, 10))})


MUTATIONS = {
    "ribbon.width_box": scale(R(9, 10)),
    "ribbon.width_ratios": and_part("w_geo", sub(R(-1, 2), R(-1, 3))),
    "ribbon.ensemble_identity": and_part("tr_W", lambda st: sp.Eq(st.lhs, S("tr_A"))),          # drop tr B
    "ribbon.ensemble_identity_multi": and_part("tr_W", lambda st: sp.Eq(st.lhs, S("tr_B"))),    # drop tr A
    "ribbon.ensemble_identity_metric": and_part("fro_W", scale(R(11, 10))),
    "ribbon.schur_horn": and_part("head_mu", flip),
    "ribbon.ky_fan_squares": lambda st: sp.Le(st.lhs, st.rhs),
    "ribbon.mode_truncation": lambda st: sp.Le(st.lhs, R(1, 2) * st.rhs),
    "ribbon.block_truncation": lambda st: sp.Le(st.lhs, 1 - S("fro_JJ2") / S("fro_S2")),    # drop the square root
    "ribbon.spectral_bounds_n2": and_part("mu_2", lambda st: sp.Le(st.lhs, st.rhs * R(9, 10))),
    "ribbon.ensemble_expectation": and_part("E_kk", sub(S("M") - 1, S("M"))),
    "ribbon.population_limit": lambda st: sp.Eq(st.lhs, st.rhs.xreplace({S("delta_kl"): 0})),  # drop the cloud
    "ribbon.rho_scaling": lambda st: sp.Eq(st.lhs, S("rho") ** -1 * S("a_prime")),
    "ribbon.signal_hankel": and_part("tr_B", scale(R(11, 10))),
    "ribbon.sign_invariance": _gap,
    "ribbon.mode_closed_forms": and_part("Qc_direct", scale(1 + R(1, 10**6))),
    "ribbon.t0_explained_stress": and_part("ES_direct", lambda st: sp.Eq(st.lhs, st.rhs.xreplace({S("d"): S("d") + 1}))),
    "ribbon.long_time_flattening": lambda st: st.xreplace({sp.Le(S("e_n"), S("e_n1")): sp.Gt(S("e_n"), S("e_n1"))}),
    "ribbon.t0_geometric_limit": lambda st: sp.Eq(st.lhs, 1 - sp.exp(-S("c") * (S("k") + 1))),
    "ribbon.t0_power_limit": sub(S("zeta_2a_k1"), S("zeta_2a_k1") * R(101, 100)),
    "ribbon.t0_power_tail": lambda st: sp.Eq(st.lhs, st.rhs.xreplace({2 * S("a") - 1: 2 * S("a")})),
    "ribbon.frozen_series": lambda st: sp.Eq(st.lhs, S("x_k") * S("x_l") * S("n") ** 3 / 12),       # drop the -1
    "ribbon.gradient_flow_scaling": and_part("eta_e", lambda st: sp.Eq(st.lhs, 1 - sp.exp(-2 * S("lam_k") * S("tau")))),
    "ribbon.time_flattening": flip,
    "ribbon.ca_asymptotic": lambda st: sp.Eq(st.lhs, st.rhs.xreplace({S("k"): S("k") + 1})),
    "ribbon.ca_zero": scale(R(11, 10)),
}

CLAIMS = {c.id: c for c in select(["S14", "S15", "S16", "S17", "S18", "S19", "S20"])}


def test_every_claim_has_a_planted_variant():
    assert set(MUTATIONS) == set(CLAIMS)


@pytest.mark.parametrize("cid", sorted(MUTATIONS))
def test_planted_variant_is_caught(cid):
    assert_caught(CLAIMS[cid], MUTATIONS[cid])
