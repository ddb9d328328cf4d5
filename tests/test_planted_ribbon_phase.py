"""Planted wrong variants of S27: a flipped monotonicity, a changed constant or a tightened rule must be
reported violated with its counterexample."""
import pytest
import sympy as sp

from sloppy_verifier.theory import select
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
}


SLOW = {"ribbon.phase_table"}


@pytest.mark.parametrize("cid", [pytest.param(c, marks=pytest.mark.slow) if c in SLOW else c for c in sorted(MUTATIONS)])
def test_planted_variant_is_caught(cid):
    assert_caught(select([cid])[0], MUTATIONS[cid])


def test_planted_first_t_is_caught():
    """The spec's first-T claim (its erratum: 557, 505, 386, 304, 371) holds; the pre-erratum list 602 / 515 / 441 /
    322 / 377 planted in its place is caught, and so is a single first T off by one."""
    claim = select(["ribbon.signal_face_first_t"])[0]
    from sloppy_verifier.verify.checks import run_check
    from sloppy_verifier.verify.evidence import verdict
    from planted import QUICK
    assert verdict(run_check(claim, QUICK)) == "holds"
    old = {557: 602, 505: 515, 386: 441, 304: 322, 371: 377}
    assert_caught(claim, lambda st: st.xreplace({sp.Integer(k): sp.Integer(v) for k, v in old.items()}))
    assert_caught(claim, lambda st: st.xreplace({sp.Integer(557): sp.Integer(558)}))


# K2 and K3 are refuted conjectures: flipping them proves nothing.  Instead the same checks are applied to true
# weakened variants (they must report holds) and to a planted wrong version of those (violated).
def _slack(st, s):
    return sp.Le(st.lhs, st.rhs + s)


@pytest.mark.slow
@pytest.mark.parametrize("cid", ["ribbon.k2_time_monotone", "ribbon.k3_c_monotone"])
def test_refuted_conjecture_check_reports_holds_for_a_true_weakening(cid):
    from sloppy_verifier.verify.checks import run_check
    from sloppy_verifier.verify.evidence import verdict
    from planted import QUICK
    claim = select([cid])[0]
    weak = claim.variant(statement=_slack(claim.statement, 1))       # ES in [0, 1]: true
    assert verdict(run_check(weak, QUICK)) == "holds"


def test_k2_on_the_cloud_face_holds_and_its_flip_is_caught():
    """K2 restricted to the rho -> 0 face with eta lambda_1 <= 1 is S19 (proved): the K2 check reports holds;
    the planted reverse direction (nondecreasing in T) is reported violated."""
    from sloppy_verifier.theory.claim import Choice, Param
    from sloppy_verifier.verify.checks import run_check
    from sloppy_verifier.verify.evidence import verdict
    from planted import QUICK
    claim = select(["ribbon.k2_time_monotone"])[0]
    params = tuple(Param("face", Choice(("cloud",)), "rho -> 0 face") if p.name == "face" else p
                   for p in claim.parameters)
    cloud = claim.variant(parameters=params)
    assert verdict(run_check(cloud, QUICK)) == "holds"
    assert_caught(cloud, _flip)
