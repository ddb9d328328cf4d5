"""Planted wrong variants of S3–S7: a changed constant, a dropped term or a flipped inequality in each statement
must be reported violated, with its counterexample."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.theory.ribbon.distances import LSE_m, b, kappa4
from planted import assert_caught, flip

R = sp.Rational


def _rhs(fn):
    return lambda st: type(st)(st.lhs, fn(st.rhs))


def _part(i, fn):
    return lambda st: sp.And(*[fn(a) if j == i else a for j, a in enumerate(st.args)])


def _const(old, new):
    return lambda st: st.xreplace({sp.Integer(old): sp.Integer(new)})


MUTATIONS = {
    "ribbon.gaussian_bhattacharyya": _rhs(lambda r: 2 * r),                        # 1/(8 sigma^2) -> 1/(4 sigma^2)
    "ribbon.gaussian_intensive": _rhs(lambda r: r * R(11, 10)),
    "ribbon.intensive_product": _rhs(lambda r: r * R(11, 10)),
    "ribbon.bernoulli_logcosh": _rhs(lambda r: r - sp.log(sp.cosh(b / 2)) / 2),   # drop a term
    "ribbon.bernoulli_midpoint_series": _const(-30, -29),                          # v(1 - 29 v + 120 v^2)
    "ribbon.bernoulli_quadratic_bound": _part(1, _rhs(lambda r: r * R(32, 36))),   # delta^2 / 36
    "ribbon.bernoulli_remainder_bound": _rhs(lambda r: r * R(3072, 3500)),         # delta^4 / 3500
    "ribbon.softmax_jensen": lambda st: st.xreplace({LSE_m: LSE_m * (1 + R(1, 10**9))}),
    "ribbon.softmax_cumulant_series": _part(3, _rhs(lambda r: r.xreplace({kappa4: kappa4 * R(24, 20)}))),
    "ribbon.softmax_quadratic_bound": _part(1, _rhs(lambda r: r * R(32, 40))),     # L^2 / 40
    "ribbon.softmax_remainder_bound": flip,
}

CLAIMS = {c.id: c for c in select(["S3", "S4", "S5", "S6", "S7"])}


def test_every_claim_has_a_planted_variant():
    assert set(MUTATIONS) == set(CLAIMS)


@pytest.mark.parametrize("cid", sorted(MUTATIONS))
def test_planted_variant_is_caught(cid):
    assert_caught(CLAIMS[cid], MUTATIONS[cid])
