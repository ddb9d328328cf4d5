"""Quantities of S14, S16 and S18 (theory/ribbon/ensemble.py): closed forms in the parameters, their certificates,
and planted wrong constants that the closed form (numerically or certified) refutes."""
import pytest
import sympy as sp
from planted import QUICK

from sloppy_verifier.theory import select
from sloppy_verifier.theory.ribbon import ensemble as ens
from sloppy_verifier.verify.user_claims import certified_tier, closed_form_claim

R = sp.Rational
CLOSED = ("ribbon.width_box", "ribbon.width_ratios", "ribbon.spectral_bounds_n2", "ribbon.mode_closed_forms",
          "ribbon.t0_explained_stress", "ribbon.long_time_flattening")


@pytest.mark.parametrize("cid", CLOSED)
def test_closed_form_is_in_the_parameters(cid):
    c = select([cid])[0]
    assert not c.undefined_symbols()
    assert {s.name for s in c.closed_form().free_symbols} <= {p.name for p in c.parameters}


def _gaps(claim, at):
    """``lhs - rhs`` of each part of the closed form at the rational point ``at`` (sums done exactly), to 30 digits."""
    rel = claim.closed_form()
    at = {sp.Symbol(k): v for k, v in at.items()}
    return [sp.N((r.lhs - r.rhs).subs(at).doit(), 30) for r in (rel.args if isinstance(rel, sp.And) else (rel,))]


def test_s18_sums_equal_their_closed_forms_and_a_wrong_one_is_caught():
    c = select(["ribbon.mode_closed_forms"])[0]
    at = {"x_k": R(3, 10), "x_l": R(17, 10), "n": 7, "eta": R(1, 2)}
    assert all(abs(g) < 1e-25 for g in _gaps(c, at))
    wrong = c.variant(statement=c.statement.xreplace({ens.n: ens.n + 1}))     # the sums' n - 1 read as n
    assert any(abs(g) > 1e-3 for g in _gaps(wrong, at))


def test_t0_closed_forms_and_a_wrong_one():
    c = select(["ribbon.t0_explained_stress"])[0]
    at = {"c": R(3, 10), "a": R(7, 10), "d": 6, "k": 2}
    assert all(abs(g) < 1e-25 for g in _gaps(c, at))
    wrong = c.variant(statement=c.statement.xreplace({2 * ens.k: 2 * ens.k + 2}))
    assert abs(_gaps(wrong, at)[1]) > 1e-3 or abs(_gaps(wrong, at)[0]) > 1e-3


def test_long_time_energies_are_the_s18_sums():
    at = {ens.eta: R(1, 3), ens.lam: R(3, 4), ens.n: 5}
    direct = ens.E_DIRECT.definition.xreplace({ens.LAM_K.symbol: ens.lam, ens.xk: ens.eta * ens.lam})
    assert sp.simplify((direct.subs(at).doit() - ens.E_N.definition.subs(at))) == 0
    assert ens.E_N1.definition.subs(at) == ens.E_N.definition.subs({**at, ens.n: 6})


def test_n2_certificate_covers_most_of_the_box():
    (ev,) = certified_tier(select(["ribbon.spectral_bounds_n2"])[0], QUICK)
    assert ev.tier == "certified" and ev.status in ("proved", "inconclusive"), ev.summary
    assert ev.status == "proved" or "certified on" in ev.summary and not ev.summary.split("certified on ")[1].startswith("0.0000")


def test_n2_planted_constant_is_violated_by_the_certificate():
    """mu_2 = q on the diagonal (rho = 0): mu_2 <= 9/10 q fails there, with a certified counterexample."""
    c = select(["ribbon.spectral_bounds_n2"])[0]
    wrong = c.variant(statement=c.statement.xreplace({sp.Le(ens.MU_2.symbol, ens.q2): sp.Le(ens.MU_2.symbol, R(9, 10) * ens.q2)}))
    assert wrong.statement != c.statement
    (ev,) = certified_tier(wrong, QUICK)
    assert ev.status == "violated" and ev.worst_case, ev.summary


def test_width_box_planted_constant_is_violated_by_the_certificate():
    """At t = 0 and |alpha_k| = A_k the bound is an equality, so 9/10 of it fails: not proved from the box alone
    (the violating set, t = 0 or eta lambda_k near 0 or 2, is ~1e-5 of the volume: the quick certificate misses it),
    and certified violated from the check's counterexample point, as a user claim's search seeds it."""
    from sloppy_verifier.verify.certify import certify
    c = select(["ribbon.width_box"])[0]
    wrong = closed_form_claim(c.variant(statement=sp.Le(c.statement.lhs, R(9, 10) * c.statement.rhs)))
    (ev,) = certified_tier(wrong, QUICK)
    assert ev.status != "proved", ev.summary
    seed = {"eta_lam": 1, "t": 0, "N": 1, "lam": 1, "A": 1, "fraction": 1}
    res = certify(wrong, seed_points=[seed], max_boxes=50)
    assert res.status == "violated" and res.counterexample, res.summary


def test_sum_definitions_evaluate_in_mp():
    """``mp_value`` of a finite sum (the regression probe of the S18 closed forms) takes integer limits exactly."""
    from sloppy_verifier.verify.mpeval import mp_value
    env = {"x_k": R(1, 2), "x_l": R(1, 4), "n": 3}
    assert mp_value(ens.Q_DIRECT.definition, env, 30) == 1 + R(3, 8) + R(9, 64)
    with pytest.raises(ValueError, match="not an integer"):
        mp_value(ens.Q_DIRECT.definition, env | {"n": R(5, 2)}, 30)
