"""Planted wrong variants of S31–S34: a changed constant, dropped term or flipped inequality in each claim's
statement must be reported violated, with its counterexample or worst case."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from planted import assert_caught

S = sp.Symbol
eta, b, N, omega, t = S("eta"), S("b"), S("N"), S("omega"), S("t")


def _flip_part(name):
    """Flip the inequality whose left-hand side contains the symbol ``name``."""
    flip = {sp.Le: sp.Gt, sp.Lt: sp.Ge, sp.Ge: sp.Lt, sp.Gt: sp.Le}
    return lambda st: sp.And(*[flip[type(r)](r.lhs, r.rhs) if S(name) in r.lhs.free_symbols else r for r in st.args])


def _second_moment(f, power=2):
    """S32 with the noise factor ``f`` and ``eta**power`` in front of N(P)."""
    P, RPR, C, RCR, NP = (S(n) for n in ("P_next", "RPR", "C_next", "RCR", "N_P"))
    return lambda st: sp.And(sp.Eq(P, RPR + eta ** power * f / b * NP), sp.Eq(C, RCR + eta ** power * f / b * NP))


MUTATIONS = {
    "ribbon.sgd_mean": lambda st: st.xreplace({t: t + 1}),                                   # one step too many
    "ribbon.sgd_reshuffle_mean": lambda st: st.xreplace({N - 1: N}),                         # 1/N for 1/(N-1)
    "ribbon.sgd_second_moment": _second_moment(1 - omega * b / N),                           # f = (N-b)/N
    "ribbon.sgd_tube": lambda st: st.xreplace({2 - eta * S("lam1") - eta * S("Rx2") / b:
                                               1 - eta * S("lam1") - eta * S("Rx2") / b}),   # drop the 2 in gamma
    "ribbon.sgd_width_stability": _flip_part("dsqrt_mu"),
    "ribbon.sgd_stress_stability": _flip_part("delta"),
    "ribbon.sgd_ensemble_tube": lambda st: st.xreplace({sp.Eq(S("E_Delta2"), N * S("D_sum")):
                                                        sp.Eq(S("E_Delta2"), S("D_sum"))}),   # drop the factor N
}
EXTRA = {
    "eta^2 -> eta in S32": ("ribbon.sgd_second_moment", _second_moment(1 - omega * (b - 1) / (N - 1), power=1)),
    "S33 flipped": ("ribbon.sgd_tube", _flip_part("D_sup")),
    "S34 tube bound flipped": ("ribbon.sgd_ensemble_tube", _flip_part("D_sum")),
}


def test_every_sgd_claim_has_a_mutation():
    assert {c.id for c in select(["S31", "S32", "S33", "S34"])} == set(MUTATIONS)


@pytest.mark.parametrize("cid", sorted(MUTATIONS))
def test_planted_variant_is_caught(cid):
    assert_caught(select([cid])[0], MUTATIONS[cid])


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if "S33" in n else n for n in sorted(EXTRA)])
def test_more_planted_variants(name):
    cid, mutate = EXTRA[name]
    assert_caught(select([cid])[0], mutate)
