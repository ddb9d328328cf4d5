"""The inPCA engine's routes (issue 13): every Bhattacharyya route gives the log-partition numbers to float64
round-off (float32 to its own round-off), on one thread or several; the Gaussian Gram route gives the centred
distance matrix; the partial spectrum gives the leading eigenpairs and stresses of the full one."""
import numpy as np
import pytest

from sloppy_verifier.verify.ribbon import bhattacharyya as bh
from sloppy_verifier.verify.ribbon.bhattacharyya import choose_route, distance_matrix, roundoff_bound
from sloppy_verifier.verify.ribbon.inpca import decompose, double_centre, gaussian_gram, inpca, inpca_of_logits

CASES = [("bernoulli", 1), ("softmax", 4)]


def _routes():
    return ("chunked", "fused") if bh.fused_kernel() is not None else ("chunked",)


@pytest.mark.parametrize("model,C", CASES)
def test_routes_agree_with_the_log_partition_form(model, C):
    Z = 3 * np.random.default_rng(1).standard_normal((37, 29, C))
    ref = distance_matrix(Z, model, np, route="log-partition", block=8)
    tol = roundoff_bound(Z, np)
    for route in _routes():
        for workers in (1, 2):
            D = distance_matrix(Z, model, np, route=route, block=8, budget=300, workers=workers)
            assert np.all(np.abs(D - ref) <= 2 * tol), (route, workers)
            assert np.all(D == D.T) and np.all(np.diag(D) == 0)
        D32 = distance_matrix(Z, model, np, route=route, precision="float32")
        err = np.max(np.abs(D32 - ref)) / np.max(ref)
        assert 1e-12 < err < 1e-6, (route, err)          # really float32, and within its round-off


def test_threads_do_not_change_the_numbers():
    Z = np.random.default_rng(2).standard_normal((50, 20, 1))
    one = distance_matrix(Z, "bernoulli", np, route="chunked", block=8, workers=1)
    assert np.array_equal(one, distance_matrix(Z, "bernoulli", np, route="chunked", block=8, workers=2))


def test_huge_logits_take_the_log_partition_route():
    Z = np.array([[[-2000.0]], [[3.0]], [[2000.0]]])
    assert choose_route(Z, "bernoulli", np) == "log-partition"
    assert choose_route(Z[:2] / 100, "bernoulli", np, precision="float32") in ("chunked", "fused")
    D = distance_matrix(Z, "bernoulli", np)
    assert np.all(np.isfinite(D)) and abs(D[0, 2] - (4000 / 4 - np.log(2))) < 1e-9   # −log BC → |a − b|/4 − log 2
    with pytest.raises(ValueError, match="log-partition"):
        distance_matrix(Z, "bernoulli", np, route="chunked")
    with pytest.raises(ValueError, match="route must be"):
        distance_matrix(Z, "bernoulli", np, route="fast")
    with pytest.raises(ValueError, match="float64 only"):
        distance_matrix(Z, "bernoulli", np, route="log-partition", precision="float32")


def test_gaussian_gram_is_the_centred_distance_matrix():
    Z = 4 + np.random.default_rng(3).standard_normal((31, 13, 2))
    W = double_centre(distance_matrix(Z, "gaussian", np, sigma=0.7), np)
    for workers in (1, 2):
        G = gaussian_gram(Z, np, sigma=0.7, budget=50, workers=workers)
        assert np.max(np.abs(G - W)) < 1e-12 * np.max(np.abs(W))
    full = inpca(distance_matrix(Z, "gaussian", np), np)
    assert np.max(np.abs(inpca_of_logits(Z, "gaussian", np).mu - full.mu)) < 1e-12 * full.mu[0]


def test_partial_spectrum_matches_the_full_one():
    rng = np.random.default_rng(4)
    A = rng.standard_normal((40, 40))
    W = A + A.T + np.diag(np.linspace(-30, 20, 40))     # indefinite: the largest |μ| is negative
    full, part = decompose(W, np), decompose(W, np, top=5)
    assert full.mu[0] < 0 and part.mu.shape == (5,) and part.residual.shape == (6,)
    assert np.max(np.abs(part.mu - full.mu[:5])) < 1e-12 * abs(full.mu[0])
    assert np.max(np.abs(part.residual - full.residual[:6]) / full.residual[:6]) < 1e-10
    assert np.max(np.abs(np.abs(np.sum(part.vectors * full.vectors[:, :5], axis=0)) - 1)) < 1e-10
    assert np.all(part.timelike == (part.mu < 0))
    with pytest.raises(ValueError, match="top must be"):
        decompose(W, np, top=41)


def test_partial_residual_keeps_tiny_values():
    """A point cloud that is a line up to a 3e-4 bend: R_1 ~ 1e-7 (μ ∝ squared spreads) comes from the deflated tail, not from
    ``1 − head/total`` (which would leave ~1e-8 of round-off in R_1^2, i.e. garbage)."""
    i = np.arange(8.0)
    Z = np.stack([i, 3e-4 * i ** 2], axis=1)[:, :, None]          # m = 8 models, N = 2 samples, C = 1
    full, part = inpca_of_logits(Z, "gaussian", np), inpca_of_logits(Z, "gaussian", np, top=2)
    assert 1e-8 < full.residual[1] < 1e-6
    assert abs(part.residual[1] / full.residual[1] - 1) < 1e-8
    naive = np.sqrt(max(0.0, 1 - part.mu[0] ** 2 / np.sum(part.W ** 2)))       # the planted wrong route
    assert abs(naive / full.residual[1] - 1) > 1e-8
