"""Kernel numerics (verify.ribbon.kernels) and the S28–S30 verdicts: feature-space GD equals the function-space
closed form, the exact G4 trajectory, the stable Poisson Gram, the Nyström grid rule, and every claim holds in the
quick profile."""
import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from sloppy_verifier.theory import select
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.evidence import verdict
from sloppy_verifier.verify.ribbon import kernels as kn

QUICK = Context(profile=PROFILES["quick"], seed=0, dps=30, progress=lambda msg: None)


@pytest.mark.parametrize("kind", ["gaussian", "low_rank"])
def test_feature_gd_is_function_space_gd(kind):
    rng = np.random.default_rng(3)
    Phi = kn.random_features(9, 5, kind, rng)
    K = kn.gram(Phi)
    assert abs(np.linalg.eigvalsh(K / 9)[-1] - 1) < 1e-14
    y, theta0, g = rng.standard_normal(9), rng.standard_normal(5), rng.standard_normal(9)
    f = kn.feature_gd(Phi, y, theta0, 1.7, 40, offset=g)
    step = np.eye(9) - 1.7 * K / 9
    assert np.max(np.abs(f[40] - y - np.linalg.matrix_power(step, 40) @ (f[0] - y))) < 1e-12


def test_g4_exact_trajectory():
    K = kn.poisson_gram_exact(4, sp.Rational(1, 2))
    assert K == sp.Matrix([[3, sp.Rational(3, 5), sp.Rational(1, 3), sp.Rational(3, 5)],
                           [sp.Rational(3, 5), 3, sp.Rational(3, 5), sp.Rational(1, 3)],
                           [sp.Rational(1, 3), sp.Rational(3, 5), 3, sp.Rational(3, 5)],
                           [sp.Rational(3, 5), sp.Rational(1, 3), sp.Rational(3, 5), 3]])
    fs = kn.function_gd_exact(K, sp.Matrix([1, 0, 0, 0]), sp.zeros(4, 1), sp.Rational(15, 17), 3)
    assert list(fs[3]) == [sp.Rational(v, 19652) for v in (18237, 729, -43, 729)]
    assert np.max(np.abs(kn.poisson_gram(4, 0.5) - np.array(K, dtype=float))) < 1e-15


def test_poisson_gram_has_no_cancellation_near_q_one():
    q = 0.999
    with mpmath.workdps(40):
        ref = [float((1 - mpmath.mpf(q) ** 2) / (1 - 2 * mpmath.mpf(q) * mpmath.cos(2 * mpmath.pi * n / 7)
                                                + mpmath.mpf(q) ** 2)) for n in range(7)]
    assert np.max(np.abs(kn.poisson_gram(7, q)[0] / np.array(ref) - 1)) < 1e-14


def test_nystrom_grid_rule_and_golden_ratio_case():
    n = kn.nystrom_points(1.0, 1.0)
    ev, finer = kn.rbf_nystrom(1.0, 1.0), kn.rbf_nystrom(1.0, 1.0, n=int(1.5 * n))
    phi = (1 + math.sqrt(5)) / 2
    floor = kn.rbf_eigenvalue_floor(ev[0])
    for j in range(10):
        assert abs(ev[j] - phi ** -(2 * j + 1)) <= 1e-12 * ev[j] + floor
        assert abs(ev[j] - finer[j]) <= floor
    assert kn.nystrom_points(0.1, 2.0) > kn.nystrom_points(1.0, 2.0) > kn.nystrom_points(5.0, 2.0)


def test_bad_feature_kind_is_refused():
    with pytest.raises(ValueError, match="feature kind"):
        kn.random_features(3, 2, "cosine", np.random.default_rng(0))


@pytest.mark.parametrize("claim", select(["S28", "S29", "S30"]), ids=lambda c: c.id)
def test_claim_holds_in_quick_profile(claim):
    evidence = run_check(claim, QUICK)
    assert verdict(evidence) in ("holds", "proved"), [e.summary for e in evidence]


@pytest.mark.parametrize("wrong", [lambda st: sp.Lt(st.lhs, st.rhs), lambda st: sp.Eq(sp.Rational(11, 10) * st.lhs, st.rhs)])
def test_s30_checks_judge_the_whole_relation(wrong):
    """The multiset pairing of S30 reads both sides, and the relation is judged at the pairs: a strict relation or
    a scaled left side is violated in the exact case and on the float64 grid, while the real claim is proved."""
    from sloppy_verifier.verify.checks.ribbon_kernels import _poisson_exact, _poisson_grid
    (c,) = select(["ribbon.poisson_kernel_spectrum"])
    assert _poisson_exact(c).status == "proved"
    bad = c.variant(statement=wrong(c.statement))
    assert _poisson_exact(bad).status == "violated" and _poisson_grid(bad).status == "violated"


def test_g4_exact_judges_the_relation():
    """A strict relation in place of the G4 mode identity is refuted exactly (the two sides are equal)."""
    from sloppy_verifier.verify.checks.ribbon_kernels import _g4_exact
    (c,) = select(["ribbon.kernel_gd_modes"])
    assert _g4_exact(c).status == "proved"
    assert _g4_exact(c.variant(statement=sp.Lt(c.statement.lhs, c.statement.rhs))).status == "violated"
