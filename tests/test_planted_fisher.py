"""Planted wrong variants: for every Fisher claim, a deliberately wrong statement (a changed constant, a
dropped term, a flipped inequality) must be reported violated, with a counterexample or worst case.

Removing the guard of a check (its comparison) makes the corresponding test here fail.
"""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.theory.fisher import quantities as q
from sloppy_verifier.theory.fisher.claims import S_L, alph, chi_L, gbar, i_, l_, qhat, qtilde
from planted import assert_caught, flip, inline, sub

R = sp.Rational


def _scale(factor):
    return lambda st: sp.Eq(st.lhs, factor * st.rhs)


def _and_part(i, fn):
    return lambda st: sp.And(*[fn(a) if j == i else a for j, a in enumerate(st.args)])


MUTATIONS = {
    "fisher.order_parameters": lambda st: sp.Eq(
        st.lhs, sp.Sum(alph[l_ - 1] * qtilde[i_, l_] * qhat[i_, l_ - 1], (l_, 1, q.L - 1)) / q.alpha),  # drop output layer
    "fisher.ntk_diagonal": _scale(R(11, 10)),
    "fisher.ntk_offdiagonal": _scale(R(11, 10)),
    "fisher.ntk_cross_outputs": lambda st: sp.Eq(st.lhs, q.kappa2),
    "fisher.kappa_order": _and_part(1, flip),
    "fisher.kernels_relu": _and_part(1, _scale(R(11, 10))),
    "fisher.kernels_leaky_relu": _and_part(0, _scale(R(11, 10))),
    "fisher.kernels_linear": _and_part(2, _scale(R(11, 10))),
    "fisher.kernels_erf": _and_part(3, lambda st: sp.Eq(st.lhs, st.rhs.xreplace({sp.Integer(4): sp.Integer(3)}))),
    "fisher.kernels_tanh": _scale(1 + R(1, 10**12)),
    "fisher.relu_depth_kappa1": lambda st: sp.Eq(st.lhs, q.L * (3 + (q.L - 1) * q.sigma_b2) / (4 * (q.L - 1))),
    "fisher.linear_kappas": _and_part(1, _scale(R(2, 3))),
    "fisher.relu_kappa2_closed_form": lambda st: sp.Eq(
        st.lhs, (2 * (sp.pi - sp.acos(1 / sp.pi)) + sp.sqrt(sp.pi**2 + 1)) / (2 * sp.pi**2)),
    "fisher.bias_free_scaling": lambda st: sp.Eq(st.lhs, st.rhs * q.chi),
    "fisher.trace_duality": _scale(R(11, 10)),
    "fisher.mean_eigenvalue_limit": _scale(R(11, 10)),
    "fisher.trace_expectation_homogeneous": lambda st: sp.Eq(st.lhs, st.rhs * q.chi),
    "fisher.trace_expectation_relu_bias": lambda st: st.xreplace({q.kappa1: q.kappa2}),
    "fisher.trace_bias_nonhomogeneous": _scale(R(11, 10)),
    "fisher.frobenius_duality": _scale(R(11, 10)),
    "fisher.second_moment_limit": lambda st: sp.Eq(st.lhs, q.alpha * q.C * (1 - 1 / q.T) * q.kappa2**2),
    "fisher.second_moment_bias": _scale(-1),
    "fisher.spectrum_duality": _scale(R(11, 10)),
    "fisher.lambda_max_limit": lambda st: sp.Eq(st.lhs, q.M * q.alpha * q.kappa1 / q.T),
    "fisher.outlier_rayleigh": lambda st: sp.Eq(st.lhs, q.M * q.alpha * q.kappa1 / q.T),
    "fisher.bulk_level": inline(q.BULK, sub(-q.kappa2, q.kappa2)),
    "fisher.lambda_max_bias": flip,
    "fisher.eigenvalue_bounds": _and_part(0, lambda r: sp.Le(r.rhs, r.lhs)),
    "fisher.centred_kappa2": lambda st: sp.Eq(st.lhs, R(1, 100)),
    "fisher.centred_spectrum": _scale(R(11, 10)),
    "fisher.centred_counterconditions": flip,
    "fisher.gd_threshold": _scale(R(3, 2)),
    "fisher.gd_linearised": _scale(R(11, 10)),
    "fisher.hessian_zero_loss": _scale(R(11, 10)),
    "fisher.eta_c_limit": _scale(R(3, 2)),
    "fisher.catapult": _and_part(0, lambda r: sp.Le(R(2), r.rhs)),
    "fisher.fisher_rao_identity": sub(q.L, sp.Integer(1)),
    "fisher.fisher_rao_expectation": lambda st: sp.Eq(st.lhs, st.rhs / q.L),
    "fisher.isotropic_perturbation": lambda st: sp.Eq(st.lhs, st.rhs / sp.Symbol("epsilon")),
    "fisher.fisher_rao_ratio": lambda st: sp.Eq(st.lhs, q.L**2),
    "fisher.mean_subtraction_identity": sub(-gbar, gbar),
    "fisher.mean_subtraction_limit": inline(q.BULK, sub(-q.kappa2, sp.Integer(0))),
    "fisher.mean_subtraction_t_propto_m": lambda st: sp.Le(st.lhs, 1),
    "fisher.order_to_chaos": _scale(R(11, 10)),
    "fisher.depth_recursion": lambda st: sp.Eq(st.lhs, chi_L * S_L),           # drop alpha_L qhat^L
    "fisher.depth_chaotic_growth": lambda st: sp.Eq(st.lhs, st.rhs**2),
    "fisher.relu_critical_kappa2": lambda st: sp.Eq(st.lhs, R(1, 3)),
    "fisher.dual_gram_identity": _scale(1 + R(1, 10**6)),
    "fisher.layer_trace": _scale(R(11, 10)),
    "fisher.rank": lambda st: sp.Eq(st.lhs, st.rhs - 1),
}

CLAIMS = {c.id: c for c in select(["fisher"])}


def test_every_claim_has_a_planted_variant():
    assert set(MUTATIONS) == set(CLAIMS)


@pytest.mark.parametrize("cid", sorted(MUTATIONS))
def test_planted_variant_is_caught(cid):
    assert_caught(CLAIMS[cid], MUTATIONS[cid])
