"""Planted wrong variants of S21–S24 and K0: a changed constant, exponent, dropped term or flipped inequality in each
claim's statement must be reported violated, with its counterexample."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from planted import assert_caught, and_part, flip, scale, sub

R = sp.Rational
S = sp.Symbol


k, n = S("k"), S("n")
MUTATIONS = {
    "ribbon.trajectory_gram": and_part("G_sim", lambda st: sp.Eq(st.lhs, R(11, 10) * st.rhs)),
    "ribbon.gram_hankel": scale(R(101, 100)),
    "ribbon.gram_psd_rank": lambda st: st.xreplace({sp.Le(S("rank"), S("nodes")): sp.Le(S("rank"), S("nodes") - 1)}),
    "ribbon.gram_mode_spectrum": scale(R(11, 10)),
    "ribbon.gram_strided": scale(R(11, 10)),
    "ribbon.pick_limit": lambda st: st.xreplace({sp.Ge(S("lmin_pick"), 0): sp.Le(S("lmin_pick"), 0)}),   # P <= K_n
    "ribbon.bt_bound": sub(-2 * k + 2, -2 * k - 2),
    "ribbon.bt_eps_rank": lambda st: sp.Le(st.lhs, st.rhs - 2),
    "ribbon.bt_sharp_even": sub(16, 1),
    "ribbon.centring_interlaces": and_part("mu_W", flip),
    "ribbon.centred_bt": flip,
    "ribbon.eps_dimension": lambda st: sp.Le(st.lhs, st.rhs.replace(sp.ceiling, sp.floor) - 3),
    "ribbon.residual_stress_bt": lambda st: st.xreplace({16: R(16, 10**6)}),     # b_i with 16 -> 1.6e-5
    "ribbon.checkpoint_subset": and_part("mu_W_sub", flip),
    "ribbon.dimension_growth": lambda st: sp.Le(st.lhs, (st.rhs - 5).xreplace({16: 1})),
    "ribbon.monotone_growth": and_part("mu_H_n", flip),
    "ribbon.time_truncation": sub(S("sigma"), 2 * S("sigma")),                 # 8 sigma^2 -> 32 sigma^2
    "ribbon.saturation": lambda st: sp.Le(st.lhs, st.rhs.xreplace({S("pick_tail"): 0}) / 2),
    "ribbon.saturation_limit": lambda st: sp.Eq(st.lhs, R(11, 10) * st.rhs),
}

#: refuted conjectures: violated before any plant, so a plant cannot show the check fires; their real verdict and
#: counterexample are asserted instead
REFUTED = {"ribbon.bt_sharp_all_n": "G7a, n = 3: tests/test_ribbon_hankel.py::test_sharp_reading_refuted_for_odd_n"}

CLAIMS = {c.id: c for c in select(["S21", "S22", "S23", "S24", "ribbon.bt_sharp_even", "ribbon.bt_sharp_all_n"])}


def test_every_claim_has_a_planted_variant():
    assert set(MUTATIONS) | set(REFUTED) == set(CLAIMS) and not set(MUTATIONS) & set(REFUTED)


@pytest.mark.parametrize("cid", sorted(MUTATIONS))
def test_planted_variant_is_caught(cid):
    assert_caught(CLAIMS[cid], MUTATIONS[cid])
