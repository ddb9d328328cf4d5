"""Planted wrong variants of S8–S13: a changed constant, a dropped term or a flipped inequality must be
reported violated with a worst case."""
import pytest
import sympy as sp

import sloppy_verifier.theory.ribbon.inpca as T
from sloppy_verifier.theory import select
from planted import assert_caught

R = sp.Rational


def _scale(f):
    return lambda st: sp.Eq(st.lhs, f * st.rhs)


def _part(i, fn):
    return lambda st: sp.And(*[fn(a) if j == i else a for j, a in enumerate(st.args)])


MUTATIONS = {
    "ribbon.inpca_gaussian_eigenvalues": lambda st: sp.Eq(st.lhs, T.s_i**2 / (4 * T.sigma**2 * T.N)),
    "ribbon.inpca_gaussian_psd": lambda st: sp.Lt(st.lhs, 0),
    "ribbon.inpca_gaussian_rank": lambda st: sp.Le(st.lhs, sp.Min(T.m - 2, T.N * T.C)),
    "ribbon.inpca_gaussian_es_invariance": _scale(R(11, 10)),
    "ribbon.jensen_gap_bernoulli": lambda st: sp.Eq(st.lhs, T.softplus(T.a) / 2 + T.softplus(T.b) / 2 - T.softplus((T.a + T.b) / 3)),
    "ribbon.inpca_jensen_gap": _scale(2),
    "ribbon.bernoulli_three_logits_eigenvalues": _part(1, lambda r: sp.Eq(r.lhs, (T.lc(T.a / 2) - 3 * T.lc(T.a / 4)) / 6)),
    "ribbon.bernoulli_timelike": lambda st: sp.Ge(st.lhs, 0),
    "ribbon.bernoulli_small_separation": lambda st: sp.Le(st.lhs, T.m / 2 * T.eps**4 / 192),
    "ribbon.residual_stress_eckart_young": lambda st: sp.Eq(st.lhs, T.E_k**2 / T.W_F**2),
    "ribbon.residual_stress_monotone": _part(1, lambda r: sp.Le(r.rhs, r.lhs)),
    "ribbon.residual_stress_rank": lambda st: sp.Eq(st.lhs, R(1, 10)),
    "ribbon.residual_stress_scale": _scale(R(11, 10)),
    "ribbon.residual_stress_perturbation": lambda st: sp.Le(st.lhs, T.delta / (100 * (T.W_F - T.delta))),
    "ribbon.explained_distance_centring": lambda st: sp.Eq(st.lhs, T.W_ii + T.W_jj - T.W_ij),
    "ribbon.explained_distance_identity": lambda st: sp.Eq(st.lhs, st.rhs.subs(T.bd2, 0)),
    "ribbon.inpca_monotone_extension": _part(1, lambda r: sp.Le(r.lhs, r.rhs)),
}
CLAIMS = {c.id: c for c in select(["ribbon"]) if c.id in MUTATIONS}


def test_every_claim_has_a_mutation():
    mine = {c.id for c in select(["ribbon"]) if c.tag.rstrip("abc") in ("S8", "S9", "S10", "S11", "S12", "S13")}
    assert mine == set(MUTATIONS)


@pytest.mark.parametrize("cid", sorted(MUTATIONS))
def test_planted_variant_is_violated(cid):
    assert_caught(CLAIMS[cid], MUTATIONS[cid])
