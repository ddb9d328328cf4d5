"""verify/ takes the formulas that theory/ states from theory/ (issue 10): a wrong theory expression moves the
check's value, and the retyped forms that were removed stay out of verify/'s source."""
import dataclasses
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.theory.fisher import quantities as q
from sloppy_verifier.theory.ribbon import ensemble as ens
from sloppy_verifier.theory.ribbon import sgd as tsgd
from sloppy_verifier.verify.arith import FLOAT64
from sloppy_verifier.verify.checks import fisher_mc, ribbon_centred, ribbon_hankel, ribbon_sgd, run_check
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.evidence import verdict
from sloppy_verifier.verify.point import Point, named
from sloppy_verifier.verify.ribbon import kernels as kn
from sloppy_verifier.verify.vectorised import value

ROOT = Path(__file__).resolve().parents[1]

TUBE_CASE = Point({"seed": 3, "N": 12, "d": 4, "b": 3, "u": 1, "eta_frac": sp.Rational(1, 2), "H": 20})


def test_f7_threshold_is_theory_eta_c(monkeypatch):
    assert fisher_mc._eta_c(4.0) == 0.5
    monkeypatch.setattr(q, "eta_c_gd", 1 / q.lambda_max)
    assert fisher_mc._eta_c(4.0) == 0.25


def test_s33_values_follow_theory_bounds_and_step(monkeypatch):
    env = ribbon_sgd._tube_values(TUBE_CASE)
    assert env[tsgd.Dsup] <= float(value(tsgd.D_BOUND, env)) == pytest.approx(1, rel=1e-12)
    monkeypatch.setattr(ribbon_sgd, "D_BOUND", 4 * tsgd.D_BOUND)       # e_0 is scaled so that the D-bound is 1
    assert ribbon_sgd._tube_values(TUBE_CASE)[tsgd.E0] == pytest.approx(env[tsgd.E0] / 4, rel=1e-12)
    monkeypatch.setattr(ribbon_sgd, "ETA_TUBE", dataclasses.replace(tsgd.ETA_TUBE, definition=tsgd.ETA_TUBE.definition / 2))
    assert ribbon_sgd._tube_values(TUBE_CASE)[tsgd.eta] == pytest.approx(env[tsgd.eta] / 2, rel=1e-15)


def test_nystrom_grid_uses_theory_precision(monkeypatch):
    n = kn.nystrom_points(1.0, 1.0)
    A = float(kn.kt.A_.subs({kn.kt.ell: 1, kn.kt.s: 1}))
    assert kn._precision_A(1.0, 1.0) == pytest.approx(A, rel=1e-15)
    monkeypatch.setattr(kn, "_precision_A", lambda ell, s: 4 * A)       # sigma halved: about twice the points
    assert kn.nystrom_points(1.0, 1.0) > 1.8 * n


def test_s26_quadratic_is_theory_p(monkeypatch):
    from sloppy_verifier.theory.ribbon import certificates as tc
    from sloppy_verifier.verify.ribbon import certificates as cert, phase as ph
    lam = ph.geometric(0.3, 6)
    a, B = ph.matrices(lam, np.ones(6), 1.0, 5)
    P = cert.population([float(v) for v in lam], [1] * 6, 1, 5, 30)
    c64, cmp_ = ph.certificate64(a, B, 2, 0.9)["C2"], cert.quadratics(P, 2, "9/10")
    wrong = (tc.P_COEFFS[0], tc.P_COEFFS[1], tc.P_COEFFS[2] + 1)
    monkeypatch.setattr(ph, "P_COEFFS", wrong)
    monkeypatch.setattr(cert, "P_COEFFS", wrong)
    assert all(ph.certificate64(a, B, 2, 0.9)["C2"][k][2] == pytest.approx(c64[k][2] + 1, abs=1e-12) for k in c64)
    assert all(abs(cert.quadratics(P, 2, "9/10")[k][2] - cmp_[k][2] - 1) < 1e-25 for k in cmp_)


def test_s1_generator_is_theory_mode_formula(monkeypatch):
    from sloppy_verifier.theory.ribbon import dynamics as S1
    from sloppy_verifier.verify.ribbon import trajectory as tr
    rng = np.random.default_rng(0)
    X, Y, W0 = rng.standard_normal((7, 4)), rng.standard_normal((7, 2)), rng.standard_normal((3, 4, 2))
    ts = [0, 1, 5, 40]
    z = tr.gd_closed_form(X, Y, W0, 0.3, ts)
    assert np.max(np.abs(z - tr.gd_steps(X, Y, W0, 0.3, ts))) < 1e-12          # the S1 formula is exact GD
    logit = next(c for c in S1.CLAIMS if c.id == "ribbon.gd_logit_modes")
    assert logit.statement.rhs == S1.LOGIT_MODE * S1.alpha                    # the claim states the same object
    monkeypatch.setattr(S1, "LOGIT_MODE", S1.LOGIT_MODE * (1 - S1.eta * S1.lam))
    tr._mode_scale.cache_clear()
    try:   # r_k^{t+1} in place of r_k^t: the generator follows theory and leaves exact GD
        assert np.max(np.abs(tr.gd_closed_form(X, Y, W0, 0.3, ts) - z)) > 1e-3
    finally:
        tr._mode_scale.cache_clear()


def test_golden_gd_logits_are_theory_mode_formula(monkeypatch):
    from sloppy_verifier.theory.ribbon import dynamics as S1
    from sloppy_verifier.verify.checks.ribbon_inpca import golden_logits
    from sloppy_verifier.verify.golden import load
    case = load("ribbon_reference.json")["cases"]["G2b"]
    assert [z[0][0] for z in golden_logits(case)] == [sp.Rational(v) for v in case["logits"]]   # printed GD logits
    monkeypatch.setattr(S1, "LOGIT_MODE", S1.LOGIT_MODE * (1 - S1.eta * S1.lam))
    assert [z[0][0] for z in golden_logits(case)] != [sp.Rational(v) for v in case["logits"]]


@pytest.mark.parametrize("values, tail", [(ribbon_hankel._pick_values, "tail_trace"),
                                          (ribbon_centred._saturation_values, "pick_tail")])
def test_s21_s24c_tails_are_theory_geometric_tail(monkeypatch, values, tail):
    p = Point({"d": 5, "c": sp.Rational(1, 2), "eta_lam1": sp.Rational(1, 2), "degenerate": False, "n": 3, "seed": 1,
               "sigma": 1})
    env = named(values(p, FLOAT64))
    assert env[tail] > 0
    monkeypatch.setattr(ribbon_hankel, "GEOMETRIC_TAIL", 2 * ribbon_hankel.GEOMETRIC_TAIL)
    assert named(values(p, FLOAT64))[tail] == pytest.approx(2 * env[tail], rel=1e-14)


def test_s26_c1_quadratic_is_theory_c1(monkeypatch):
    """C1 (S26e): both the mp and the float64 quadratics take b_k2 (``C1_B``) and the coefficients from theory."""
    from sloppy_verifier.theory.ribbon import certificates as tc
    from sloppy_verifier.verify.ribbon import certificates as cert, phase as ph
    lam = ph.geometric(0.3, 6)
    a, B = ph.matrices(lam, np.ones(6), 1.0, 5)
    P = cert.population([float(v) for v in lam], [1] * 6, 1, 5, 30)
    c64, cmp_ = ph.certificate64(a, B, 2, 0.9)["C1"], cert.c1_quadratics(P, 2, "9/10")
    for mod in (ph, cert):
        monkeypatch.setattr(mod, "C1_B", tc.C1_B + 1)                    # b_{k2 >= 1} -> b + 1: p_0 += 2b + 1
    b = np.sqrt(c64[0][2] + 0.01 * np.sum(B * B))                      # p_0 = b^2 - g ||B||^2, k_2 = 2
    new64, newmp = ph.certificate64(a, B, 2, 0.9)["C1"], cert.c1_quadratics(P, 2, "9/10")
    assert new64[0][2] == pytest.approx(c64[0][2] + 2 * b + 1, abs=1e-9)
    assert float(newmp[1][2] - cmp_[1][2]) == pytest.approx(2 * b + 1, abs=1e-9)
    assert new64[2][2] == c64[2][2] and newmp[2] == cmp_[2]              # k_2 = 0: b_0 = ||B||
    monkeypatch.setattr(ph, "C1_COEFFS", (tc.C1_COEFFS[0], tc.C1_COEFFS[1], tc.C1_COEFFS[2] + 1))
    monkeypatch.setattr(cert, "C1_COEFFS", (tc.C1_COEFFS[0], tc.C1_COEFFS[1], tc.C1_COEFFS[2] + 1))
    assert ph.certificate64(a, B, 2, 0.9)["C1"][2][2] == pytest.approx(c64[2][2] + 1, abs=1e-12)
    assert abs(cert.c1_quadratics(P, 2, "9/10")[2][2] - cmp_[2][2] - 1) < 1e-25


@pytest.mark.parametrize("path, retyped", [
    ("verify/checks/fisher_mc.py", "2 / lam"),                          # F7a eta_c = 2/lambda_max
    ("verify/checks/ribbon_sgd.py", "2 / (lam"),                        # S33 eta_max = 2/(lam1 + Rx2/b)
    ("verify/checks/ribbon_sgd.py", "b * gam / (eta * lam1 * Rx2"),     # S33 D-bound
    ("verify/checks/ribbon_sgd.py", "0.5 / lam1"),                      # S34 eta = 1/(2 lam1)
    ("verify/checks/ribbon_sgd.py", "sqrt(8 *"),                        # S34 width scale sqrt(8 sigma^2 N)
    ("verify/ribbon/kernels.py", "math.sqrt(a * a + 2 * a * b)"),       # S29 A = a + b + c
    ("verify/ribbon/population.py", "log(1 - 2 * e)"),                  # S20 u*
    ("verify/ribbon/certificates.py", "p2 = ctx.fsum(P.a[i] ** 2 for i in out) - g * P.a2"),   # S26(a) P_k1
    ("verify/ribbon/phase.py", "2 * (float(a[out] @ D[out]) - g * cross)"),                  # S26(a) P_k1
    ("verify/checks/ribbon_certificates.py", "x1 ** -0.5"),             # S26(c) rho_lo
    ("verify/ribbon/phase.py", "beta * (2 - tau) / (alpha_k - t * alpha)"),                  # S25(c) x_1
    ("verify/checks/ribbon_ensemble.py", "(H[d] - H[k]) / H[d]"),       # S18 power-law closed form
    ("verify/ribbon/trajectory.py", "s[None, :] * _powers("),           # S1 sqrt(N lambda_k) r_k^t
    ("verify/checks/ribbon_hankel.py", "r ** (2 * p[\"n\"]) / (1 - r ** 2)"),  # S21 tail_trace
    ("verify/checks/ribbon_centred.py", "w * r ** (2 * n) / (1 - r ** 2)"),  # S24c pick_tail
    ("verify/ribbon/certificates.py", "m = max(P.b2 / tr"),            # S26(e) C1's m
    ("verify/ribbon/phase.py", "math.sqrt(max(b2 - m * m, 0.0))"),       # S26(e) C1's b_k2
    ("verify/checks/ribbon_inpca.py", "x[n] ** 2 / n_) ** t"),           # S1 logit mode of the golden GD cases
    ("verify/checks/ribbon_ensemble.py", "s2 / (to_mpf(m, p[ens.RHO]) ** 2 * tr)"),   # S17 sigma_0^2
])
def test_removed_retype_stays_out(path, retyped):
    assert retyped not in (ROOT / path).read_text(encoding="utf-8")


def test_s17_sigma0_is_theory_definition(monkeypatch):
    """S17(a)'s check takes sigma_0^2 from theory's definition: doubling it there breaks the (true) claim."""
    claim, ctx = select(["ribbon.rho_scaling"])[0], Context(profile=PROFILES["quick"], seed=0, dps=30)
    assert verdict(run_check(claim, ctx)) == "holds"
    monkeypatch.setattr(ens, "SIGMA0_SQ", dataclasses.replace(ens.SIGMA0_SQ, definition=2 * ens.SIGMA0_SQ.definition))
    assert verdict(run_check(claim, ctx)) == "violated"
