"""Planted wrong variants of S27: a flipped monotonicity, a changed constant or a tightened rule must be
reported violated with its counterexample."""
import pytest
import sympy as sp

from theory.claim import select
from planted import assert_caught

R = sp.Rational
S = sp.Symbol


def _flip(st):
    return {sp.Le: sp.Ge, sp.Ge: sp.Le, sp.Lt: sp.Ge, sp.Gt: sp.Le}[type(st)](st.lhs, st.rhs)


MUTATIONS = {
    # I => faces with tau + 1/2 (no ES exceeds 1): any phase-I draw fails; the bracket flipped for the rest
    "ribbon.phase_regions": lambda st: st.xreplace({sp.Le(sp.atan(S("rho_lo")), sp.atan(S("rho_star_min"))):
                                                    sp.Gt(sp.atan(S("rho_lo")), sp.atan(S("rho_star_min")))}),
    "ribbon.phase_table": lambda st: st.xreplace({R(1, 2): R(1, 20)}),       # a tenth of the printed rounding
    "ribbon.k1_rho_monotone": lambda st: sp.Le(-S("ES_drop"), 0),            # planted "strict increase" reading
    "ribbon.k1_anisotropic_counterexample": lambda st: st.xreplace({sp.Eq(S("ES_rhoinf"), 1): sp.Eq(S("ES_rhoinf"), R(99, 100))}),
    "ribbon.k2_time_monotone": _flip,      # nondecreasing in T: the S19 face decreases
    "ribbon.k3_c_monotone": _flip,         # nonincreasing in c
}


SLOW = {"ribbon.phase_table", "ribbon.k2_time_monotone", "ribbon.k3_c_monotone"}   # 10-20 s each


@pytest.mark.parametrize("cid", [pytest.param(c, marks=pytest.mark.slow) if c in SLOW else c for c in sorted(MUTATIONS)])
def test_planted_variant_is_caught(cid):
    assert_caught(select([cid])[0], MUTATIONS[cid])
