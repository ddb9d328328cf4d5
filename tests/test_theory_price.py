"""F2 closed-form kernels: every Price/boundary/integral step proves; planted wrong forms are refuted."""
from dataclasses import replace

import pytest
import sympy as sp

from sloppy_verifier.theory.claim import StepCheck, step_holds
from sloppy_verifier.theory.fisher import price
from sloppy_verifier.theory.fisher.kernels import a_, b_, ab_relu, closed_form, erf_forms, s, s11, s12, s22


@pytest.mark.parametrize("activation", price.DERIVED)
def test_every_step_proves(activation):
    steps = price.derivation(activation)
    assert steps
    for st in steps:
        assert st.check is StepCheck.ALGEBRA
        assert step_holds(st) is True, st.justification
    assert price.proved(activation)


def test_unknown_activation():
    with pytest.raises(ValueError):
        price.derivation("tanh")


def _step(steps, fragment):
    hits = [st for st in steps if fragment in st.justification]
    assert hits, fragment
    return hits


def _refuted(steps, fragment):
    return all(step_holds(st) is False for st in _step(steps, fragment))


def test_planted_relu_K_3pi():
    f = closed_form("relu")
    wrong = replace(f, K=f.K.subs(sp.pi, 3 * sp.pi))           # jump (a-b)^2/(2 pi) -> /(6 pi)
    steps = price.derivation_ab(wrong, 0, 1)
    assert _refuted(steps, "Price's theorem, d/ds12 E phi(u)phi(v)")
    assert _refuted(steps, "boundary value K_phi(s11,s22,0)")


def test_planted_relu_V_missing_half():
    f = closed_form("relu")
    steps = price.derivation_ab(replace(f, V=s), 0, 1)
    assert _refuted(steps, "V(s) = E phi(sqrt(s) z)^2")
    assert _refuted(steps, "diagonal limit K(s,s,s)")


def test_planted_relu_Kd_wrong_angle_factor():
    f = closed_form("relu")
    th = sp.atan2(sp.sqrt(s11 * s22 - s12**2), s12)
    wrong = replace(f, Kd=f.Kd.subs(th, 2 * th))
    steps = price.derivation_ab(wrong, 0, 1)
    assert _refuted(steps, "Price's theorem again")
    assert _refuted(steps, "boundary value, s12 = 0 makes u, v independent")


def test_planted_leaky_mean_sign():
    f = closed_form("leaky_relu", a=a_)
    steps = price.derivation_ab(replace(f, mean=-f.mean), a_, 1)
    assert _refuted(steps, "E phi(sqrt(s) z) = (b - a)")


def test_planted_abrelu_Vd_drops_term():
    f = ab_relu()
    steps = price.derivation_ab(replace(f, Vd=a_**2 / 2), a_, b_)
    assert _refuted(steps, "V_phi'(s) = E phi'(sqrt(s) z)^2")


def test_planted_erf_Vd_4_to_3():
    f = erf_forms()
    steps = price.derivation_erf(replace(f, Vd=3 / (sp.pi * sp.sqrt(1 + 4 * s))))
    assert _refuted(steps, "V_erf'(s) = E erf'(sqrt(s) z)^2")
    assert _refuted(steps, "diagonal K_erf'(s,s,s)")


def test_planted_erf_Kd_wrong_coefficient():
    f = erf_forms()
    wrong = replace(f, Kd=4 / (sp.pi * sp.sqrt((1 + 2 * s11) * (1 + 2 * s22) - 3 * s12**2)))
    steps = price.derivation_erf(wrong)
    assert _refuted(steps, "erf: Price's theorem")
    assert _refuted(steps, "closes the chain")


def test_planted_erf_K_wrong_scale():
    f = erf_forms()
    steps = price.derivation_erf(replace(f, K=f.K.subs(sp.pi, 3 * sp.pi)))
    assert _refuted(steps, "erf: Price's theorem")
    assert _refuted(steps, "erf: diagonal K(s,s,s)")
