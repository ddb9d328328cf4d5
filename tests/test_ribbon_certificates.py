"""sloppy_verifier.verify.ribbon.certificates against independent float64 constructions at parameters not in the spec:
rho* by a dense scan + bisection of ES_k from numpy eigvalsh, rho_lo by direct evaluation of S25(c)."""
import math
from fractions import Fraction

import numpy as np
import pytest

from sloppy_verifier.verify.ribbon import certificates as cert

LAM = [1, Fraction(3, 5), Fraction(7, 20), Fraction(1, 5)]
BETA = [1, 1, 1, 1]
ETA, T = Fraction(4, 5), 4


def _float_instance(lam, beta, eta, T):
    lam, beta = np.array([float(v) for v in lam]), np.array([float(v) for v in beta])
    s = np.sqrt(lam) * beta
    Phi = (1 - float(eta) * lam)[None, :] ** np.arange(T + 1)[:, None]
    F = (Phi - Phi.mean(0)) * s
    return (s @ s / lam.sum()) * lam * (Phi ** 2).sum(0), F.T @ F


def _es(ap, B, rho, k):
    mu = np.sort(np.abs(np.linalg.eigvalsh(B + np.diag(ap / rho ** 2))))[::-1]
    return 1 - math.sqrt(np.sum(mu[k:] ** 2) / np.sum(mu ** 2))


def test_rho_star_against_scan_and_bisection():
    ap, B = _float_instance(LAM, BETA, ETA, T)
    k, tau = 2, 0.95
    rhos = np.logspace(-3, 4, 2001)
    f = np.array([_es(ap, B, r, k) - tau for r in rhos])
    j = int(np.flatnonzero(np.diff(np.sign(f)))[0])
    lo, hi = rhos[j], rhos[j + 1]
    for _ in range(60):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if _es(ap, B, mid, k) < tau else (lo, mid)
    star = cert.rho_star(LAM, BETA, ETA, T, k, Fraction(19, 20), 30)
    assert abs(float(star) / lo - 1) < 1e-6


def test_rho_lo_against_direct_S25c():
    ap, B = _float_instance(LAM, BETA, ETA, T)
    k, tau = 1, 0.9
    al, be = np.linalg.norm(ap), np.linalg.norm(B)
    alk = np.sqrt(np.sum(np.sort(ap)[::-1][k:] ** 2))
    L = lambda x: (x * alk - be) / (x * al + be)  # noqa: E731  first branch of S25(c)
    lo, hi = 1e-12, 1e12
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if L(mid) < 1 - tau else (lo, mid)
    rho_lo, rho_hi = cert.rho_bracket(LAM, BETA, ETA, T, k, Fraction(9, 10), 30)
    assert abs(float(rho_lo) - lo ** -0.5) < 1e-9 * lo ** -0.5
    star = cert.rho_star(LAM, BETA, ETA, T, k, Fraction(9, 10), 30)
    assert rho_lo <= star <= rho_hi


def test_phase_I_and_no_crossing():
    # T = 0: S = x A' only, ES_k(A') for every rho; d = 2, k = 1
    lam = [1, Fraction(1, 100)]
    assert cert.rho_star(lam, [1, 1], 1, 0, 1, Fraction(1, 2), 20) == 0
    assert cert.rho_star(lam, [1, 1], 1, 0, 1, Fraction(999, 1000), 20) == cert.context(20).inf


def test_several_crossings_reported():
    # K1 counterexample of S27 (anisotropic teacher): ES_1 dips below tau and comes back
    lam, beta = [1, Fraction(1, 16)], [0, Fraction(1, 2)]
    with pytest.raises(cert.SeveralCrossings) as err:
        cert.rho_star(lam, beta, 1, 1, 1, Fraction(1, 2), 20)
    assert len(err.value.roots) == 2


def test_roots_and_intervals():
    assert cert.roots((1.0, -3.0, 2.0)) == [1.0, 2.0]
    assert cert.certified_intervals({0: (1.0, -3.0, 2.0)}) == [(1.0, 2.0)]
    assert cert.x_hi({0: (1.0, -3.0, 2.0)}) == 0
    assert cert.x_hi({0: (1.0, 1.0, -2.0)}) == 1.0


def test_c1_at_zero_trace():
    """S26(e) at tr B = 0 (T = 0: B = 0): m = max_k B_kk = 0 (the spec's ||B||^2/tr B is 0/0), b_k2 = 0, in mp and
    in float64 (a float 0/0 raised ZeroDivisionError in the untaken Piecewise branch)."""
    from sloppy_verifier.verify.ribbon import phase as ph
    P = cert.population([1, "1/2", "1/4"], [1] * 3, 1, 0, 30)
    assert all(q[1] == 0 and q[2] == 0 and q[0] > 0 for q in cert.c1_quadratics(P, 2, "9/10").values())
    c1 = ph.certificate64(np.array([1.0, 0.5, 0.25]), np.zeros((3, 3)), 2, 0.9)["C1"]
    assert all(q[1] == 0 and q[2] == 0 and q[0] > 0 for q in c1.values())
