"""Planted wrong variants of S25–S26: a changed constant, dropped term or flipped inequality in each claim's
statement must be reported violated, with its counterexample."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from planted import QUICK, assert_caught, flip
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.evidence import verdict

R = sp.Rational
S = sp.Symbol


def _sub(old, new):
    """Replace the symbol named like ``old`` (whatever its assumptions) by ``new`` (a function of that symbol)."""
    def mutate(st):
        sym = next(v for v in st.free_symbols if v.name == old.name)
        return st.xreplace({sym: new(sym) if callable(new) else new})
    return mutate


def _and(fn):
    return lambda st: sp.And(*[fn(a) for a in st.args])


MUTATIONS = {
    "ribbon.ky_fan_split": lambda st: sp.Le(st.lhs, R(1, 2) * st.rhs),                     # halve the bound
    "ribbon.ribbon_certificate": _sub(S("R_split"), lambda v: v / 2),               # changed constant
    "ribbon.no_ribbon_certificate": lambda st: sp.Ge(st.lhs, 2 * st.rhs + R(1, 10)),       # doubled lower bound
    "ribbon.perturbative_general": _sub(S("norm_A"), lambda v: -v),                         # sign of the correction flipped
    "ribbon.perturbative_population": _sub(S("rho"), 1),                                    # dropped rho powers
    "ribbon.limit_rho_zero": _sub(S("rho"), lambda v: v ** 2),  # wrong rate
    "ribbon.limit_rho_infinity": lambda st: sp.Le(st.lhs, R(1, 1000) * st.rhs),             # constant 2 -> 1/500
    "ribbon.frobenius_identity": _sub(S("cross_aB"), 0),                  # dropped cross term
    "ribbon.weyl_bounds": lambda st: sp.And(*[flip(a) if isinstance(a, sp.GreaterThan) else a for a in st.args]),
    "ribbon.weyl_ratio_certificate": lambda st: sp.And(*[sp.Le(a.lhs, R(1, 3) * a.rhs) for a in st.args]),
    "ribbon.certified_ribbon_region": _sub(S("tail_B2"), 0),                                # dropped the signal tail
    "ribbon.no_ribbon_x1": _sub(S("tau"), lambda v: 2 * v),
    "ribbon.no_ribbon_x2": _sub(S("tau"), lambda v: v / 2),
    "ribbon.phase_bracket": _and(flip),
    "ribbon.geometric_ribbon": _sub(S("r"), lambda v: v / 20),
    "ribbon.c1_certificate": _sub(S("max_B_kk"), lambda v: 3 * v),
}


@pytest.mark.parametrize("cid", sorted(MUTATIONS))
def test_planted_caught(cid):
    claim = select([cid])[0]
    assert_caught(claim, MUTATIONS[cid])


@pytest.mark.parametrize("cid", sorted(MUTATIONS))
def test_real_claim_holds(cid):
    """The partner of each plant: the unmutated claim holds, so a check that always said violated would fail here."""
    assert verdict(run_check(select([cid])[0], QUICK)) == "holds"


def test_every_claim_has_a_planted_variant():
    ids = {c.id for c in select(["S25", "S26"])}
    assert ids == set(MUTATIONS)
