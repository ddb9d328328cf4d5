"""inPCA engine (verify.ribbon) and the S8–S13 verdicts: chunked == unchunked == per pair == mp, refusals
name the models, goldens, every claim holds in the quick profile."""
import numpy as np
import pytest

from sloppy_verifier.theory import select
from sloppy_verifier.verify.checks import run_check
from sloppy_verifier.verify.context import PROFILES, Context
from sloppy_verifier.verify.evidence import verdict
from sloppy_verifier.verify.ribbon.bhattacharyya import DistanceError, distance_matrix
from sloppy_verifier.verify.ribbon.inpca import inpca, inpca_per_pair
from sloppy_verifier.verify.ribbon.inpca_mp import distance_matrix_mp, inpca_mp

CLAIMS = [c for c in select(["ribbon"]) if c.tag.rstrip("abc") in ("S8", "S9", "S10", "S11", "S12", "S13")]
CASES = [("gaussian", 3), ("bernoulli", 1), ("softmax", 4)]


@pytest.mark.parametrize("model,C", CASES)
def test_chunked_equals_unchunked_per_pair_and_mp(model, C):
    Z = 3 * np.random.default_rng(1).standard_normal((23, 17, C))
    D = distance_matrix(Z, model, np)
    assert np.max(np.abs(distance_matrix(Z, model, np, block=4, budget=50) - D)) < 1e-13
    r, base = inpca(D, np), inpca_per_pair(Z, model, np)
    assert np.max(np.abs(r.mu - base.mu)) < 1e-12 * abs(r.mu[0])
    Dm = distance_matrix_mp(Z[:6, :4].tolist(), model, 30)
    mu, _, R, _ = inpca_mp(Dm, 30)
    r6 = inpca(distance_matrix(Z[:6, :4], model, np), np)
    assert np.max(np.abs(np.array([float(x) for x in mu]) - r6.mu)) < 1e-10 * abs(r6.mu[0])
    assert np.max(np.abs(np.array([float(x) for x in R]) - r6.residual)) < 1e-10


def test_residual_from_tail_keeps_tiny_values():
    D = distance_matrix(np.array([[[0.0]], [[1.0]], [[2.0 + 1e-9]]]), "gaussian", np)
    r = inpca(D, np)
    assert 0 < r.residual[1] < 1e-8 and r.residual[2] < 1e-12


@pytest.mark.parametrize("bad,msg", [
    (lambda D: D.__setitem__((1, 3), -0.5) or D.__setitem__((3, 1), -0.5), "models 1 and 3"),
    (lambda D: D.__setitem__((2, 0), D[2, 0] + 1), "not symmetric at models"),
    (lambda D: D.__setitem__((4, 4), 0.3), "models 4 and 4"),
    (lambda D: D.__setitem__((0, 2), np.nan), "non-finite"),
])
def test_refuses_impossible_distance_matrices(bad, msg):
    D = distance_matrix(np.random.default_rng(0).standard_normal((6, 3, 1)), "bernoulli", np)
    bad(D)
    with pytest.raises(DistanceError, match=msg):
        inpca(D, np)


def test_refuses_non_finite_logits():
    Z = np.zeros((4, 2, 1))
    Z[2, 1, 0] = np.inf
    with pytest.raises(DistanceError, match="model 2"):
        distance_matrix(Z, "bernoulli", np)


def test_extreme_bernoulli_logits_stay_finite_and_nonnegative():
    Z = np.array([[[-374.6]], [[-94.2]], [[800.0]], [[-800.0]]])
    D = distance_matrix(Z, "bernoulli", np)
    assert np.all(np.isfinite(D)) and np.all(D >= 0)


def test_extreme_bernoulli_distances_match_the_exact_values():
    """Every entry against the 50-digit definition (e.g. D(-94.2, -800) = 6.14e-42, D(0, 40) = 0.3466, D(40, -800) = 20):
    the float64 engine combines O(1) terms, so its error is a few ulps of max(1, D): |D - exact| <= 8 eps max(1, exact).
    Garbage from cancellation (5.7e-14 for an exact 1.03e-163, as once measured) fails; relative accuracy of the
    deep-tail values themselves is not claimed (they are round-off for inPCA)."""
    z = [0.0, 1e-9, 40.0, 40.001, -94.2, -800.0, -374.6, 800.0]
    Z = np.array([[[v]] for v in z])
    D, exact = distance_matrix(Z, "bernoulli", np), distance_matrix_mp(Z.tolist(), "bernoulli", 50)
    ex = np.array([[float(exact[i, j]) for j in range(len(z))] for i in range(len(z))])
    assert ex[4, 5] == pytest.approx(6.143697288552136e-42, rel=1e-12) and ex[2, 5] == pytest.approx(20.0, rel=1e-15)
    assert np.all(np.abs(D - ex) <= 8 * np.finfo(float).eps * np.maximum(1, ex))


@pytest.fixture(scope="module")
def evidence():
    ctx = Context(profile=PROFILES["quick"], seed=0, dps=30, progress=lambda m: None)
    return {c.id: run_check(c, ctx) for c in CLAIMS}


@pytest.mark.parametrize("cid", [c.id for c in CLAIMS])
def test_claim_holds(evidence, cid):
    ev = evidence[cid]
    assert verdict(ev) in ("proved", "holds"), [e.summary for e in ev]


def test_goldens_reproduced(evidence):
    summaries = " ".join(e.summary for cid in ("ribbon.inpca_gaussian_eigenvalues",
                                                "ribbon.bernoulli_three_logits_eigenvalues") for e in evidence[cid])
    assert "G1, G3" in summaries and "G2a, G2b" in summaries
