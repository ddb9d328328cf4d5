"""CuPy against NumPy on the same inputs for the hyper-ribbon simulations (issue 6).  Marked ``gpu``; skipped
cleanly where CuPy or a CUDA device is missing.  Inputs are drawn on the host, so both backends see identical
numbers; tolerances are float64 round-off of the respective reductions (different summation orders on the
device): ~1e-12 relative to the largest entry."""
import numpy as np
import pytest

from sloppy_verifier.verify.backend import get_backend
from sloppy_verifier.verify.ribbon import ensemble_sim, hankel, sgd
from sloppy_verifier.verify.ribbon import trajectory as tr
from sloppy_verifier.verify.ribbon.bhattacharyya import distance_matrix
from sloppy_verifier.verify.ribbon.inpca import inpca

pytestmark = pytest.mark.gpu


@pytest.fixture(scope="module")
def gpu():
    pytest.importorskip("cupy")
    try:
        return get_backend("cupy")
    except ValueError as exc:
        pytest.skip(str(exc))


def _close(dev, host, gpu, rtol=1e-11):
    dev = gpu.to_host(dev)
    scale = max(float(np.max(np.abs(host))), 1e-300)
    assert np.allclose(dev, host, rtol=rtol, atol=rtol * scale), float(np.max(np.abs(dev - host)) / scale)


@pytest.mark.parametrize("model, C", [("gaussian", 2), ("bernoulli", 1), ("softmax", 3)])
def test_distances_and_inpca(gpu, model, C):
    Z = 2 * np.random.default_rng(1).standard_normal((300, 50, C))          # two pair blocks of 256
    D_host = distance_matrix(Z, model, np)
    D_dev = distance_matrix(gpu.asarray(Z), model, gpu.xp)
    _close(D_dev, D_host, gpu)
    a, b = inpca(D_host, np), inpca(D_dev, gpu.xp)
    _close(b.mu, a.mu, gpu, rtol=1e-10)
    _close(b.explained, a.explained, gpu, rtol=1e-10)


def test_gd_trajectories(gpu):
    rng = np.random.default_rng(2)
    lam = tr.spectrum("geometric", 8, c=0.5)
    X = tr.design(lam, 12, rng)
    Y = X @ rng.standard_normal((8, 2))
    W0 = rng.standard_normal((5, 8, 2))
    ts = tr.uniform(40)
    host = tr.gd_closed_form(X, Y, W0, 0.9, ts)
    dev = tr.gd_closed_form(gpu.asarray(X), gpu.asarray(Y), gpu.asarray(W0), 0.9, ts, gpu.xp)
    _close(dev, host, gpu)
    _close(tr.gd_steps(gpu.asarray(X), gpu.asarray(Y), gpu.asarray(W0), 0.9, ts, gpu.xp), host, gpu, rtol=1e-10)


def test_sgd_ensembles(gpu):
    rng = np.random.default_rng(3)
    X, _ = sgd.decaying_design(rng, 20, 6, 1.0)
    y = X @ rng.standard_normal(6)
    W0 = rng.standard_normal((64, 6))
    for scheme in ("with", "without"):
        host = sgd.simulate(X, y, W0, 0.3, 4, scheme, 30, np.random.default_rng(4))
        dev = sgd.simulate(gpu.asarray(X), gpu.asarray(y), gpu.asarray(W0), 0.3, 4, scheme, 30,
                           np.random.default_rng(4), gpu.xp)
        _close(dev, host, gpu)
    host = sgd.second_moments(X, W0[:3], 0.3, 4, 1.0, 30)
    dev = sgd.second_moments(gpu.asarray(X), gpu.asarray(W0[:3]), 0.3, 4, 1.0, 30, gpu.xp)
    for a, b in zip(dev, host):
        _close(a, b, gpu)


def test_hankel_gram(gpu):
    rng = np.random.default_rng(5)
    w, r = rng.uniform(0, 1, 7), rng.uniform(-0.99, 0.99, 7)
    ts = np.arange(200)
    _close(hankel.gram(gpu.asarray(w), gpu.asarray(r), ts, gpu.xp), hankel.gram(w, r, ts), gpu)


def test_phase_ensemble(gpu):
    spec = ensemble_sim.Spec(c=1.0, T=10, d=12, N=30, M=16)
    host = ensemble_sim.Ensemble(spec, ensemble_sim.generator(0, 0), np, keep=8)
    dev = ensemble_sim.Ensemble(spec, ensemble_sim.generator(0, 0), gpu.xp, keep=8)
    for rho in (0.5, 3.0):
        assert abs(dev.gaussian_es(rho, 2) - host.gaussian_es(rho, 2)) < 1e-10
        assert abs(dev.bernoulli_es(rho, 2, 0.5, 8)[0] - host.bernoulli_es(rho, 2, 0.5, 8)[0]) < 1e-10
