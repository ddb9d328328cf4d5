"""Every device code path on the CPU stand-in for CuPy (``verify.standin``, issue 13): simulations, inPCA,
trajectories, the sweep and the dual Gram run on stand-in arrays and agree with NumPy on the same host inputs;
the stand-in refuses what CuPy refuses (implicit host conversion, NumPy operands, foreign ufuncs) and counts
host↔device transfers.  A planted implicit host conversion fails here.  Small sizes: a few seconds in all.

``SLOPPY_DEVICE_BACKEND=cupy`` runs the same agreement tests on CuPy (``python -m benchmarks.device`` does); the
tests of the stand-in itself are then skipped.

Tolerances: both sides run the same NumPy kernels on the same inputs, so they agree to float64 round-off of
differently ordered reductions (``1e-12`` relative to the largest entry; eigen-solvers ``1e-10``)."""
import contextlib
import os

import numpy as np
import pytest

import sloppy_verifier.verify.standin as xp
from sloppy_verifier.verify.backend import get_backend, namespace_of, to_host
from sloppy_verifier.verify.ribbon import ensemble_sim, hankel, inpca as inpca_mod, kernels, phase, sgd, sweep
from sloppy_verifier.verify.ribbon import trajectory as tr
from sloppy_verifier.verify.ribbon.bhattacharyya import distance_matrix
from sloppy_verifier.verify.ribbon.inpca import decompose, double_centre, gaussian_gram, inpca, inpca_of_logits, inpca_per_pair
from sloppy_verifier.verify.simulate import (NetSpec, batched_trace_mc, centred, dual_gram, euler_products, explicit_jacobian,
                             finite_difference_jacobian, fim_statistics, fisher_rao, hessian_fd, isotropic_perturbation,
                             layer_blocks, linearised_gd, loss_and_grad, network_gd, output, params, sample)

SB = get_backend(os.environ.get("SLOPPY_DEVICE_BACKEND", "standin"))
NB = get_backend("numpy")
dx = SB.xp
standin_only = pytest.mark.skipif(SB.name != "standin", reason="tests of the stand-in itself")


def counting():
    """Transfers counted on the stand-in; an empty record on a real device."""
    return xp.counting() if SB.name == "standin" else contextlib.nullcontext({})


def close(dev, host, rtol=1e-12):
    """``dev`` (a device array) equals ``host`` to ``rtol`` of the largest entry."""
    assert not isinstance(dev, np.ndarray) and namespace_of(dev) is dx, type(dev)
    dev = to_host(dev)
    host = np.asarray(host)
    scale = max(float(np.max(np.abs(host))), 1e-300)
    assert dev.shape == host.shape and np.allclose(dev, host, rtol=rtol, atol=rtol * scale), \
        float(np.max(np.abs(dev - host)) / scale)


# ---------------------------------------------------------------- the stand-in itself
@standin_only
def test_refuses_what_cupy_refuses():
    import scipy.linalg
    import scipy.special
    a = xp.asarray(np.arange(6.0).reshape(2, 3))
    for bad in (lambda: np.asarray(a), lambda: np.array(a), lambda: a + np.ones(3), lambda: np.ones(3) * a,
                lambda: xp.concatenate([a, np.ones((1, 3))]), lambda: scipy.special.erf(a),
                lambda: scipy.linalg.eigh(a @ a.T)):
        with pytest.raises(TypeError):
            bad()


@standin_only
def test_behaves_like_cupy_where_numpy_code_works():
    a = xp.asarray(np.arange(6.0).reshape(2, 3))
    assert isinstance(np.exp(a), xp.DeviceArray) and isinstance(np.sum(a), xp.DeviceArray)
    s = xp.sum(a)
    assert isinstance(s, xp.DeviceArray) and s.ndim == 0 and float(s) == 15.0   # reductions stay on the device
    b = xp.zeros(3)
    b += a[0]
    xp.multiply(b, 2.0, out=b)
    b[1:] = a[1, 1:]
    close(b, [0.0, 4.0, 5.0])
    assert namespace_of(a) is xp and to_host(a).tolist() == [[0, 1, 2], [3, 4, 5]]
    assert xp.linalg.eigh(a @ a.T)[0].shape == (2,)


@standin_only
def test_counts_transfers():
    h = np.ones((3, 3))
    with xp.counting() as n:
        a = xp.asarray(h)               # host -> device
        c = (a @ a + 1.0) * 2           # on the device
        float(c[0, 0])                  # device -> host
        if bool(xp.any(c > 0)):         # device -> host
            c.get()                     # device -> host
    assert n == {"to_device": 1, "to_host": 3}


@standin_only
def test_planted_implicit_host_conversion_fails(monkeypatch):
    """A function that would fail on CuPy fails on the stand-in: inPCA with its eigen-solver swapped for SciPy's
    (which converts its argument to NumPy) still works on NumPy, and raises TypeError on stand-in arrays."""
    import scipy.linalg
    W = np.cov(np.random.default_rng(0).standard_normal((5, 8)))
    monkeypatch.setattr(inpca_mod, "_eigenpairs", lambda W, xp_, top, psd: scipy.linalg.eigh(W))
    decompose(W, np)
    with pytest.raises(TypeError, match="Implicit conversion"):
        decompose(xp.asarray(W), xp)


# ---------------------------------------------------------------- inPCA and distances
@pytest.mark.parametrize("model,C", [("gaussian", 2), ("bernoulli", 1), ("softmax", 3)])
def test_distances_and_inpca(model, C):
    Z = 2 * np.random.default_rng(1).standard_normal((40, 12, C))
    routes = ("auto",) if model == "gaussian" else ("chunked", "log-partition")
    for route in routes:
        D = distance_matrix(Z, model, np, route=route, block=16)
        with counting() as n:
            Dd = distance_matrix(dx.asarray(Z), model, dx, route=route, block=16)
        close(Dd, D)
        assert n.get("to_host", 0) <= 8                      # a few scalar syncs, never one per block or element
    a, b = inpca(D, np), inpca(Dd, dx)
    close(b.mu, a.mu, 1e-10)
    close(b.explained, a.explained, 1e-10)
    close(inpca(Dd, dx, top=3).residual, a.residual[:4], 1e-10)
    close(inpca_of_logits(dx.asarray(Z), model, dx, top=3).mu, a.mu[:3], 1e-10)
    assert np.isclose(float(inpca_per_pair(dx.asarray(Z[:6]), model, dx).mu[0]),
                      inpca_per_pair(Z[:6], model, np).mu[0], rtol=1e-10)


def test_gaussian_gram_and_centring():
    Z = 1 + np.random.default_rng(2).standard_normal((30, 9, 2))
    W = gaussian_gram(Z, np)
    close(gaussian_gram(dx.asarray(Z), dx, budget=20), W)
    close(double_centre(dx.asarray(distance_matrix(Z, "gaussian", np)), dx), W, 1e-11)


# ---------------------------------------------------------------- trajectories, ensembles, the sweep
def test_trajectories():
    rng = np.random.default_rng(2)
    lam = tr.spectrum("geometric", 8, c=0.5)
    X, V = tr.design(lam, 12, np.random.default_rng(3), with_basis=True)
    Xd, Vd = tr.design(lam, 12, np.random.default_rng(3), dx, with_basis=True)
    close(Xd, X)
    close(tr.teacher(Vd, None, dx), tr.teacher(V))
    close(tr.initialisations(4, 8, 2, 0.5, np.random.default_rng(4), dx),
          tr.initialisations(4, 8, 2, 0.5, np.random.default_rng(4)))
    Y = X @ rng.standard_normal((8, 2))
    W0 = rng.standard_normal((5, 8, 2))
    ts = tr.log_spaced(40, 6)
    host = tr.gd_closed_form(X, Y, W0, 0.9, ts)
    close(tr.gd_closed_form(dx.asarray(X), dx.asarray(Y), dx.asarray(W0), 0.9, ts, dx), host)
    close(tr.gd_steps(dx.asarray(X), dx.asarray(Y), dx.asarray(W0), 0.9, ts, dx), host, 1e-10)


def test_ensembles_and_phase():
    spec = ensemble_sim.Spec(c=1.0, T=6, d=10, N=24, M=8)
    host = ensemble_sim.Ensemble(spec, ensemble_sim.generator(0, 0), np, keep=4)
    dev = ensemble_sim.Ensemble(spec, ensemble_sim.generator(0, 0), dx, keep=4)
    for rho in (0.5, 3.0):
        assert abs(dev.gaussian_es(rho, 2) - host.gaussian_es(rho, 2)) < 1e-10
        assert abs(dev.gaussian_es_direct(rho, 2, 3) - host.gaussian_es_direct(rho, 2, 3)) < 1e-10
        for a, b in zip(dev.bernoulli_es(rho, 2, 0.5, 4), host.bernoulli_es(rho, 2, 0.5, 4)):
            assert abs(a - b) < 1e-10
    lam, beta = phase.geometric(0.5, 12), np.ones(12)
    a, B = phase.matrices(lam, beta, 0.9, 20)
    ad, Bd = phase.matrices(dx.asarray(lam), dx.asarray(beta), 0.9, 20, dx)
    close(ad, a)
    close(Bd, B)
    close(phase.hankel_signal(dx.asarray(lam), dx.asarray(beta), 0.9, 20, dx), phase.hankel_signal(lam, beta, 0.9, 20))
    assert abs(phase.es_signal(lam, beta, 0.9, 20, 2, dx) - phase.es_signal(lam, beta, 0.9, 20, 2)) < 1e-10
    close(phase.es_population(ad, Bd, [0.5, 2.0], 2, dx), phase.es_population(a, B, [0.5, 2.0], 2), 1e-10)
    close(phase.es_grid(ad, Bd, 2, points=5, xp=dx)[1], phase.es_grid(a, B, 2, points=5)[1], 1e-10)
    assert abs(phase.es_cloud(ad, 2, dx) - phase.es_cloud(a, 2)) < 1e-12
    close(phase.cloud(dx.asarray(lam), 0.9, 20, dx), phase.cloud(lam, 0.9, 20))
    c64, cd = phase.certificate64(a, B, 2, 0.9), phase.certificate64(ad, Bd, 2, 0.9, dx)
    for key in ("C2", "C1"):
        assert np.allclose(np.array(list(cd[key].values())), np.array(list(c64[key].values())), rtol=1e-9, atol=1e-12)
    for key in ("x1", "x2"):
        assert cd[key] == c64[key] if c64[key] is None else cd[key] == pytest.approx(c64[key], rel=1e-9)


def test_sgd_hankel_kernels():
    rng = np.random.default_rng(3)
    X, _ = sgd.decaying_design(rng, 20, 6, 1.0)
    y = X @ rng.standard_normal(6)
    W0 = rng.standard_normal((16, 6))
    for scheme in ("with", "without"):
        host = sgd.simulate(X, y, W0, 0.3, 4, scheme, 10, np.random.default_rng(4))
        close(sgd.simulate(dx.asarray(X), dx.asarray(y), dx.asarray(W0), 0.3, 4, scheme, 10,
                           np.random.default_rng(4), dx), host)
    for a, b in zip(sgd.second_moments(dx.asarray(X), dx.asarray(W0[:3]), 0.3, 4, 1.0, 10, dx),
                    sgd.second_moments(X, W0[:3], 0.3, 4, 1.0, 10)):
        close(a, b)
    w, r = rng.uniform(0, 1, 7), rng.uniform(-0.99, 0.99, 7)
    G = hankel.gram(w, r, np.arange(30))
    close(hankel.gram(dx.asarray(w), dx.asarray(r), np.arange(30), dx), G)
    close(hankel.eig_desc(dx.asarray(G), dx), hankel.eig_desc(G), 1e-10)
    close(hankel.centred(dx.asarray(G), dx), hankel.centred(G))
    close(kernels.poisson_gram(8, 0.5, dx), kernels.poisson_gram(8, 0.5))
    F = kernels.random_features(10, 5, "gaussian", np.random.default_rng(5))
    close(kernels.random_features(10, 5, "gaussian", np.random.default_rng(5), dx), F)
    close(kernels.gram(dx.asarray(F), xp=dx), kernels.gram(F))
    y, th = np.linspace(-1, 1, 10), np.zeros(5)
    close(kernels.feature_gd(dx.asarray(F), dx.asarray(y), dx.asarray(th), 0.5, 6, xp=dx),
          kernels.feature_gd(F, y, th, 0.5, 6))
    close(kernels.rbf_nystrom(1.0, 1.0, 24, xp=dx), kernels.rbf_nystrom(1.0, 1.0, 24), 1e-10)


def test_sweep_runs_on_the_standin(tmp_path):
    s = sweep.Settings(c=(1.0,), rho=(0.5, 3.0), T=(2,), d=6, N=12, M=4, seeds=2, scales=(0.5,), bern_M=3)
    host = sweep.run(s, tmp_path / "host.jsonl", NB)
    with counting() as n:
        dev = sweep.run(s, tmp_path / "dev.jsonl", SB)
    assert SB.name != "standin" or n["to_device"] > 0 and n["to_host"] > 0     # it really ran on stand-in arrays
    assert host["computed"] == dev["computed"] == 3
    h, d = (sweep.read_records(tmp_path / f, "point") for f in ("host.jsonl", "dev.jsonl"))
    for a, b in zip(h, d):
        assert np.allclose(a["gaussian"]["es"], b["gaussian"]["es"], atol=1e-10)
        assert np.allclose(a["bernoulli"][0]["es"], b["bernoulli"][0]["es"], atol=1e-10)


# ---------------------------------------------------------------- simulations and the dual Gram
SPEC = NetSpec("tanh", 3.0, 0.64)


@pytest.mark.parametrize("act", ["relu", "leaky_relu", "linear", "erf"])
def test_activations(act):
    spec = NetSpec(act, 2.0, 0.1, a=0.2 if act == "leaky_relu" else None)
    (n1, X1), (n2, X2) = (sample(spec, (6, 5, 4), 2, 4, 3, backend=b) for b in (NB, SB))
    close(dual_gram(n2, X2), dual_gram(n1, X1))


def test_dual_gram_and_statistics():
    (n1, X1), (n2, X2) = (sample(SPEC, (12, 10, 8), 3, 5, 12, backend=b) for b in (NB, SB))
    F1, F2 = dual_gram(n1, X1), dual_gram(n2, X2, chunk=4)
    close(F2, F1)
    close(dual_gram(n2, X2, precision="float32"), F1, 1e-5)
    for a, b in zip(layer_blocks(n2, X2), layer_blocks(n1, X1)):
        close(a, b)
    s1, s2 = fim_statistics(F1, 1, 3, 5, 1.0, 10), fim_statistics(F2, 1, 3, 5, 1.0, 10)
    for key in ("m", "s", "lambda_max", "outlier_rq", "gap", "diag_mean", "offdiag_mean", "cross_rms_sqrtM"):
        assert np.isclose(s1[key], s2[key], rtol=1e-10), key
    close(centred(F2, 3, 5), centred(F1, 3, 5))
    close(euler_products(n2, X2)[0], euler_products(n1, X1)[0])
    assert np.isclose(fisher_rao(n2, X2), fisher_rao(n1, X1), rtol=1e-11)
    close(output(n2, X2), output(n1, X1))
    close(params(n2), params(n1))


def test_jacobians_and_dynamics():
    (n1, X1), (n2, X2) = (sample(SPEC, (4, 3, 3), 2, 3, 7, backend=b) for b in (NB, SB))
    close(explicit_jacobian(n2, X2), explicit_jacobian(n1, X1))
    close(finite_difference_jacobian(n2, X2), finite_difference_jacobian(n1, X1), 1e-9)
    close(hessian_fd(n2, X2), hessian_fd(n1, X1), 1e-8)
    Y1 = np.zeros((3, 2))
    E1, g1 = loss_and_grad(n1, X1, Y1)
    E2, g2 = loss_and_grad(n2, X2, dx.asarray(Y1))
    assert np.isclose(E1, E2, rtol=1e-12)
    for a, b in zip(g2, g1):
        close(a, b)
    l1, _ = network_gd(n1, X1, Y1, 0.05, 5)
    l2, _ = network_gd(n2, X2, dx.asarray(Y1), 0.05, 5)
    assert np.allclose(l1, l2, rtol=1e-11)
    F1, F2 = dual_gram(n1, X1), dual_gram(n2, X2)
    r0 = np.random.default_rng(1).standard_normal(6)
    a, _ = linearised_gd(F1, r0, 0.1, 4, 3)
    b, _ = linearised_gd(F2, dx.asarray(r0), 0.1, 4, 3)
    assert np.allclose(a, b, rtol=1e-12)
    p1 = isotropic_perturbation(n1, X1, 1e-3, 5, np.random.default_rng(2))
    p2 = isotropic_perturbation(n2, X2, 1e-3, 5, np.random.default_rng(2))
    assert np.allclose(p1, p2, rtol=1e-11)


def test_batched_monte_carlo():
    r1 = batched_trace_mc(SPEC, (3, 3, 4), 2, 3, 50, 0, NB, batch=20)
    r2 = batched_trace_mc(SPEC, (3, 3, 4), 2, 3, 50, 0, SB, batch=20)
    assert all(np.allclose(r1[k], r2[k], rtol=1e-11) for k in r1)
