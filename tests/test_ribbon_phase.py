"""S27: the phase table numerics, the recorded counterexamples of K1–K3 (regression tests) and the findings."""
import numpy as np
import pytest
import sympy as sp

from sloppy_verifier.theory import Choice, Param, select
from sloppy_verifier.theory.ribbon import phase as tph
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.checks import ribbon_phase as rp
from sloppy_verifier.verify.evidence import verdict
from sloppy_verifier.verify.point import Point
from sloppy_verifier.verify.ribbon import phase as ph
from planted import QUICK


def _claim(cid):
    return select([cid])[0]


def test_float64_faces_and_crossing_reproduce_rows():
    lam, beta, a, B = ph.reference(1, 10)
    assert round(ph.es_cloud(a, 2), 3) == 0.517 and round(ph.es_signal(lam, beta, 1.0, 10, 2), 3) == 0.996
    assert rp._crossing_in_interval("1.0", 10, "2.18")[0] <= 0.5
    assert rp._crossing_in_interval("2.0", 1, "0 (I)")[1] == 0.0


def test_certificate_columns_float64_all_rows():
    """Every row's rho_lo / rho_hi (scan) rounds to the printed string in float64, no entry is fragile; the
    closed-form rho_hi differ from the printed scan readings in the documented rows (finding)."""
    rows = rp._table(())
    assert all(u <= 0.5 for r in rows for u in r["ulps"].values())
    assert not any(r["fragile_float64"] for r in rows)
    diff = {(r["c"], r["T"]) for r in rows if "rho_hi_C2" in r["closed_form_rounds_differently"]}
    assert ("2.0", 1) in diff and ("1.0", 100) in diff
    assert round(rows[10]["rho_hi_closed_form"]["rho_hi_C2"], 4) == 1.6605


def test_hankel_and_matrix_signal_agree():
    lam, beta = ph.geometric(0.5, 30), np.ones(30)
    B = ph.matrices(lam, beta, 1.0, 10)[1]
    H = ph.hankel_signal(lam, beta, 1.0, 10)
    assert abs(float(ph.es_from_spectrum(np.linalg.eigvalsh(B), 2)) -
               float(ph.es_from_spectrum(np.linalg.eigvalsh(H), 2))) < 1e-12


def test_signal_face_first_T_is_the_log_grid_reading():
    """Finding: the printed first T (602, 515, 441, 322, 377) are points of logspace(0, 4, 60); the exact first T
    with ES_2(B_T) < 0.9 are 557, 505, 386, 304, 371."""
    exact = {c: rp._first_t(c, 700, full=False) for c in ("0.1", "0.2", "0.5", "1", "2")}
    assert exact == {"0.1": 557, "0.2": 505, "0.5": 386, "1": 304, "2": 371}
    assert [ph.first_signal_T(c, rp.LOG_GRID)[0] for c in exact] == [602, 515, 441, 322, 377]


def test_k2_recorded_counterexample_found_again():
    claim = _claim("ribbon.k2_time_monotone")
    ev = rp._recorded(claim, QUICK, rp.K2_RECORDED, rp._k2_values,
                      {"c = 0.05, rho = 1, T = 1 -> 3000": {"ES_earlier": "0.379", "ES_later": "0.830"}}, "")
    assert ev.status == "violated"


def test_k2_gaussian_teacher_signal_face_rises_again():
    claim = _claim("ribbon.k2_time_monotone")
    ev = rp._k2_signal_scan(claim, QUICK)
    assert ev.status == "violated" and ev.data["violating"] > 0


def test_k2_signal_face_record_not_isotropic():
    """Finding: with an isotropic teacher ES_1(B_T) of d = 29, c = 0.295, eta lambda_1 = 0.2 only decreases."""
    v = [ph.es_signal(ph.geometric(0.295, 29), np.ones(29), 0.2, T, 1) for T in range(1, 3000, 7)]
    assert ph.largest_drop(v[::-1]) <= 1e-12


def test_k3_recorded_counterexamples_found_again():
    v = {c: rp._k3_values(Point(rp.K3_FULL["c = 1/20 -> 3/10"]) | {tph.RATE: sp.Rational(c), tph.DC: 0})[tph.ES_C]
         for c in ("1/20", "3/10", "1")}
    assert [round(x, 3) for x in v.values()] == [0.724, 0.586, 0.720]
    dip = rp._k3_values(Point(rp.K3_DIP))
    assert 1e-7 < dip[tph.ES_C] - dip[tph.ES_C_LARGER] < 1e-3


def test_k1_anisotropic_variant_is_found_violated():
    claim = _claim("ribbon.k1_rho_monotone")
    params = tuple(Param("teacher", Choice(("gaussian",)), "") if p.name == "teacher" else p for p in claim.parameters)
    assert verdict(run_check(claim.variant(parameters=params), QUICK)) == "violated"


def test_g7b_golden_and_sympy_steps():
    ev = run_check(_claim("ribbon.k1_anisotropic_counterexample"), QUICK)
    assert [e.status for e in ev] == ["proved", "holds", "holds"]


@pytest.mark.parametrize("cid, expected", [
    ("ribbon.phase_regions", "holds"), ("ribbon.k1_rho_monotone", "holds"), ("ribbon.signal_face_first_t", "holds"),
    ("ribbon.k2_time_monotone", "violated"), ("ribbon.k3_c_monotone", "violated"),   # refuted in the spec (K2, K3)
])
def test_real_verdict_through_run_check(cid, expected):
    """The real claims' verdicts through the public check (the partners of the S27 plants); K2 and K3 are the
    recorded counterexamples, so a check that always held would fail here."""
    assert verdict(run_check(_claim(cid), QUICK)) == expected
