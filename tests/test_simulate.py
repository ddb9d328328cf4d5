"""Simulation layer (verify.simulate): exact identities of spec/fisher.md F3a, F5a, F7, F8, F9a, F11."""
import numpy as np
import pytest

from sloppy_verifier.verify.backend import available_backends, get_backend
from sloppy_verifier.verify.simulate import (NetSpec, backward, batched_trace_mc, centred, dual_gram, euler_products,
                             explicit_jacobian, finite_difference_jacobian, fim_statistics, fisher_rao, forward,
                             hessian_fd, isotropic_perturbation, layer_blocks, linearised_gd, loss_and_grad,
                             network_gd, output, param_count, params, sample)
from sloppy_verifier.verify.simulate.network import Network, activation, draw

TANH = NetSpec("tanh", 3.0, 0.64)
SPECS = [NetSpec("relu", 2.0, 0.1), NetSpec("leaky_relu", 1.5, 0.05, 0.2), NetSpec("linear", 1.0, 0.1),
         NetSpec("erf", 2.0, 0.2), TANH]


def tiny(spec=TANH, seed=3):
    """The §2.2 validation network: widths (4, 5, 3), C = 2, T = 3, P = 41."""
    return sample(spec, (4, 5, 3), 2, 3, seed)


def test_param_count():
    assert param_count((4, 5, 3), 2) == 41
    assert param_count((1000, 1000, 1000), 10) == 2 * 1000**2 + 10 * 1000          # alpha M^2 + C alpha_{L-1} M


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.activation)
def test_activation_derivative(spec):
    act = activation(spec.activation, get_backend("numpy"), spec.a)
    u = np.linspace(-3, 3, 61) + 0.013                                               # avoid the kink at 0
    h = 1e-6
    assert np.allclose((act.phi(u + h) - act.phi(u - h)) / (2 * h), act.dphi(u), atol=1e-8)


def test_seed_protocol():
    """Inputs, then weights, then biases, from one default_rng(seed) stream; reproducible."""
    net, X = tiny()
    rng = np.random.default_rng(3)
    assert np.array_equal(X, rng.standard_normal((3, 4)))
    assert np.array_equal(net.W[0], rng.standard_normal((5, 4)) * np.sqrt(3.0 / 4))
    net2, X2 = tiny()
    assert all(np.array_equal(a, b) for a, b in zip(net.W + net.b, net2.W + net2.b))
    assert not np.array_equal(tiny(seed=4)[1], X)
    assert np.array_equal(sample(TANH, (4, 5, 3), 2, 3, 3, mu=1.0)[1], X + 1.0)         # F6c inputs N(mu 1, I)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.activation)
def test_dual_gram_equals_jacobian_gram(spec):
    """F11a: F* = J J^T / T, with J from the layer formula and from central differences."""
    net, X = tiny(spec)
    T = X.shape[0]
    F = dual_gram(net, X)
    J = explicit_jacobian(net, X)
    assert J.shape == (6, 41)
    assert np.allclose(F, J @ J.T / T, rtol=1e-12, atol=1e-13 * np.abs(F).max())
    Jfd = finite_difference_jacobian(net, X)
    assert np.abs(J - Jfd).max() < 1e-8 * max(1.0, np.abs(J).max())
    assert np.abs(F - Jfd @ Jfd.T / T).max() < 1e-8 * np.abs(F).max()


def test_spectra_equal_and_rank():
    """F5a / F11c: nonzero spectrum of F = J^T J/T equals that of F*; rank CT."""
    net, X = tiny()
    F = dual_gram(net, X)
    J = explicit_jacobian(net, X)
    full = np.linalg.eigvalsh(J.T @ J / 3)[::-1]
    st = fim_statistics(F, 41, 2, 3)
    assert np.allclose(full[:6], st["eigenvalues"], rtol=1e-10)
    assert np.abs(full[6:]).max() < 1e-12 * full[0]
    assert st["nonzero"] == 6
    assert np.isclose(st["m"] * 41, np.trace(J.T @ J / 3), rtol=1e-12)                # F3a
    assert np.isclose(st["s"] * 41, np.sum((J.T @ J / 3) ** 2), rtol=1e-10)          # F4a


def test_statistics_definitions():
    net, X = sample(TANH, (30, 30, 30), 3, 8, 11)
    F = dual_gram(net, X)
    C, T = 3, 8
    st = fim_statistics(F, param_count((30, 30, 30), C), C, T, alpha=2.0, M=30)
    v = [np.kron(np.eye(C)[k], np.ones(T) / np.sqrt(T)) for k in range(C)]
    assert np.isclose(st["outlier_rq"], np.mean([x @ F @ x for x in v]), rtol=1e-12)
    e = st["eigenvalues"]
    assert np.all(np.diff(e) <= 0) and st["lambda_max"] == e[0]
    assert np.isclose(st["gap"], e[C - 1] / e[C]) and np.isclose(st["bulk_mean"], e[C:].mean())
    N = F.reshape(C, T, C, T) * T / (2.0 * 30)
    assert np.isclose(st["diag_mean"], np.mean([N[k, t, k, t] for k in range(C) for t in range(T)]))
    assert np.isclose(st["offdiag_mean"], np.mean([N[k, t, k, u] for k in range(C)
                                                   for t in range(T) for u in range(T) if t != u]))
    cross = [N[k, t, j, u] for k in range(C) for j in range(C) if j != k for t in range(T) for u in range(T)]
    assert np.isclose(st["cross_rms_sqrtM"], np.sqrt(30 * np.mean(np.square(cross))))
    diag = [N[k, t, k, t] for k in range(C) for t in range(T)]
    assert np.isclose(st["diag_std_sqrtM"], np.sqrt(30) * np.std(diag))          # F4c's v_d, measured


def test_chunked_equals_unchunked():
    net, X = sample(NetSpec("erf", 2.0, 0.2), (40, 30, 50, 20), 3, 7, 5)
    F = dual_gram(net, X)
    for chunk in (1, 4, 7, 20):
        assert np.allclose(dual_gram(net, X, chunk=chunk), F, rtol=1e-13, atol=1e-13 * np.abs(F).max())


def test_layer_blocks_and_trace():
    """F11b: sum of the layer duals is F*, and tr F = (1/T) sum_l sum_{k,t} |delta|^2 |h|^2."""
    net, X = sample(TANH, (12, 9, 7), 2, 5, 2)
    blocks = layer_blocks(net, X)
    F = dual_gram(net, X)
    assert np.allclose(sum(blocks), F, rtol=1e-13, atol=1e-14 * np.abs(F).max())
    fwd = forward(net, X)
    deltas = backward(net, fwd)
    for l, (B, D) in enumerate(zip(blocks, deltas), start=1):
        norms = (D.reshape(2, 5, -1) ** 2).sum(-1) * (fwd.H[l - 1] ** 2).sum(-1)[None]
        assert np.isclose(np.trace(B), norms.sum() / 5, rtol=1e-12)


def test_output_bias_does_not_enter_fim():
    net, X = tiny()
    shifted = Network(net.spec, net.W, net.b[:-1] + (net.b[-1] + 5.0,), net.backend)
    assert np.array_equal(dual_gram(net, X), dual_gram(shifted, X))


def test_centred_identities():
    """F9a: tr F_c = tr F - sum_k |gbar_k|^2, C zero eigenvalues, interlacing."""
    C, T = 3, 10
    net, X = sample(NetSpec("relu", 2.0, 0.1), (40, 40, 40), C, T, 9)
    F = dual_gram(net, X)
    Fc = centred(F, C, T)
    Pi = np.kron(np.eye(C), np.eye(T) - np.ones((T, T)) / T)
    assert np.allclose(Fc, Pi @ F @ Pi, atol=1e-12 * np.abs(F).max())
    st = fim_statistics(F, 1, C, T)
    assert np.isclose(np.trace(Fc), np.trace(F) - C * st["outlier_rq"], rtol=1e-12)
    lam, lam_c = st["eigenvalues"], np.linalg.eigvalsh(Fc)[::-1]
    assert np.all(np.abs(lam_c[-C:]) < 1e-10 * lam[0])
    tol = 1e-10 * lam[0]
    assert np.all(lam_c <= lam + tol) and np.all(lam[C:] <= lam_c[:-C] + tol)


@pytest.mark.parametrize("spec", [NetSpec("relu", 2.0), NetSpec("leaky_relu", 1.5, 0.0, 0.3),
                                  NetSpec("linear", 1.0)], ids=lambda s: s.activation)
def test_euler_identity_homogeneous(spec):
    """F8a: W^l . grad_{W^l} f_k = f_k for every layer; theta^T F theta = L^2 (1/T) sum f^2."""
    net, X = sample(spec, (20, 30, 25, 15), 3, 6, 4)
    E, f = euler_products(net, X)
    assert np.abs(E - f[None]).max() < 1e-12 * np.abs(f).max()
    fr = fisher_rao(net, X)
    assert abs(fr / (net.L**2 * (f**2).sum() / 6) - 1) < 1e-12
    J = explicit_jacobian(net, X)
    theta = params(net)
    assert np.isclose(fr, theta @ (J.T @ (J @ theta)) / 6, rtol=1e-10)


@pytest.mark.parametrize("spec", [TANH, NetSpec("relu", 2.0, 0.1), NetSpec("tanh", 2.0)],
                         ids=["tanh_bias", "relu_bias", "tanh"])
def test_euler_identity_fails_otherwise(spec):
    net, X = sample(spec, (20, 30, 25), 3, 6, 4)
    E, f = euler_products(net, X)
    assert abs(fisher_rao(net, X) / (net.L**2 * (f**2).sum() / 6) - 1) > 1e-2


def test_batched_matches_single_networks():
    """The stacked Monte-Carlo path reproduces the per-network trace and Fisher-Rao norm."""
    spec, widths, C, T = NetSpec("tanh", 2.0, 0.3), (3, 5, 4), 2, 3
    res = batched_trace_mc(spec, widths, C, T, 5, seed=8, batch=2)
    rng = np.random.default_rng(8)
    backend = get_backend("numpy")
    for start, B in ((0, 2), (2, 2), (4, 1)):
        X, W, b = draw(rng, spec, widths, C, T, batch=(B,))
        for i in range(B):
            net = Network(spec, tuple(w[i] for w in W), tuple(v[i] for v in b), backend)
            assert np.isclose(res["trF"][start + i], np.trace(dual_gram(net, X[i])), rtol=1e-12)
            J = explicit_jacobian(net, X[i])
            th = params(net)
            assert np.isclose(res["fisher_rao"][start + i], th @ J.T @ J @ th / T, rtol=1e-10)
            assert np.isclose(res["xnorm"][start + i], (X[i] ** 2).sum() / (T * widths[0]))


def test_trace_mc_fin_exact():
    """F3c / F8b at tiny width: E[tr F | X] = C chi^{L-1} sum_l M_{l-1} xnorm, E[theta^T F theta | X] =
    L^2 C sigma_w^2 chi^{L-1} xnorm (leaky ReLU a = 0.2, sigma_w^2 = 2, widths (4, 4, 8), C = 2, T = 3)."""
    n = 40000
    res = batched_trace_mc(NetSpec("leaky_relu", 2.0, 0.0, 0.2), (4, 4, 8), 2, 3, n, seed=1)
    chi = 2.0 * (0.2**2 + 1) / 2
    for key, pred in (("trF_cond", 2 * chi**2 * 16), ("fisher_rao_cond", 9 * 2 * 2.0 * chi**2)):
        r = res[key] / pred
        assert abs(r.mean() - 1) < 4 * r.std() / np.sqrt(n)


def test_isotropic_perturbation():
    """F8c: E[Delta^T F Delta] = eps^2 tr F (deterministic seed; 4 s.e.) and exact per draw vs J."""
    net, X = sample(TANH, (30, 30, 30), 2, 5, 6)
    trF = np.trace(dual_gram(net, X))
    v = isotropic_perturbation(net, X, 0.1, 400, np.random.default_rng(0), batch=64)
    assert abs(v.mean() - 0.01 * trF) < 4 * v.std() / np.sqrt(v.size)
    small, Xs = tiny()
    d = np.random.default_rng(1).standard_normal(41) * 0.1
    Jd = explicit_jacobian(small, Xs) @ d
    assert np.isclose(isotropic_perturbation(small, Xs, 0.1, 1, np.random.default_rng(1))[0], Jd @ Jd / 3,
                      rtol=1e-12)


def test_linearised_gd_threshold():
    """F7a/b: with the network's own F*, eta = 0.99 eta_c converges and 1.01 eta_c diverges."""
    C, T = 2, 10
    net, X = sample(TANH, (30, 30, 30), C, T, 1)
    F = dual_gram(net, X)
    eta_c = 2 / fim_statistics(F, 1, C, T)["lambda_max"]
    r0 = np.random.default_rng(0).standard_normal(C * T)
    below, _ = linearised_gd(F, r0, 0.99 * eta_c, 3000, T)
    above, _ = linearised_gd(F, r0, 1.01 * eta_c, 3000, T)
    assert np.all(np.diff(below) <= 1e-15) and below[-1] < 1e-8 * below[0]
    assert above[-1] > 1e6 * above[0]


def test_network_gradient_and_gd():
    net, X = tiny()
    Y = np.random.default_rng(0).standard_normal((3, 2)) * 0.5
    E, grads = loss_and_grad(net, X, Y)
    r = output(net, X) - Y.T.reshape(-1)
    J = explicit_jacobian(net, X)
    assert np.allclose(np.concatenate([g.ravel() for g in grads]), J.T @ r / 3, rtol=1e-12, atol=1e-15)
    assert np.isclose(E, r @ r / 6)
    losses, _ = network_gd(net, X, Y, 0.05, 50)
    assert losses.shape == (51,) and np.all(np.diff(losses) < 0)


def test_zero_loss_hessian_is_fisher():
    """F7c: at Y := f(theta_0) the Hessian of E equals F = J^T J / T (finite-difference accuracy)."""
    net, X = sample(TANH, (3, 4, 3), 2, 3, 5)
    H = hessian_fd(net, X)
    J = explicit_jacobian(net, X)
    assert H.shape == (30, 30)
    assert np.abs(H - J.T @ J / 3).max() < 1e-8 * np.abs(H).max()


def test_backend_selection():
    assert get_backend("numpy").name == "numpy"
    assert get_backend("auto").name in ("numpy", "cupy")
    assert "numpy" in available_backends()
    with pytest.raises(ValueError):
        get_backend("tpu")


@pytest.mark.gpu
def test_cupy_matches_numpy():
    pytest.importorskip("cupy")
    try:
        gpu = get_backend("cupy")
    except ValueError as exc:
        pytest.skip(str(exc))
    cpu = get_backend("numpy")
    for spec in SPECS:
        (n1, X1), (n2, X2) = (sample(spec, (50, 40, 30), 3, 7, 12, backend=b) for b in (cpu, gpu))
        F1, F2 = dual_gram(n1, X1), dual_gram(n2, X2, chunk=5)
        assert np.allclose(gpu.to_host(F2), F1, rtol=1e-11, atol=1e-12 * np.abs(F1).max())
        s1, s2 = fim_statistics(F1, 1, 3, 7, 1.0, 40), fim_statistics(F2, 1, 3, 7, 1.0, 40)
        for key in ("m", "s", "lambda_max", "outlier_rq", "gap", "diag_mean", "cross_rms_sqrtM"):
            assert np.isclose(s1[key], s2[key], rtol=1e-10)
        assert np.allclose(gpu.to_host(euler_products(n2, X2)[0]), euler_products(n1, X1)[0], rtol=1e-10,
                           atol=1e-12)
        assert np.allclose(gpu.to_host(centred(F2, 3, 7)), centred(F1, 3, 7), atol=1e-11 * np.abs(F1).max())
    r1 = batched_trace_mc(SPECS[1], (4, 4, 8), 2, 3, 1000, 0, cpu, batch=300)
    r2 = batched_trace_mc(SPECS[1], (4, 4, 8), 2, 3, 1000, 0, gpu, batch=300)
    assert all(np.allclose(r1[k], r2[k], rtol=1e-11) for k in r1)
    losses1, _ = network_gd(*sample(TANH, (20, 20, 20), 2, 5, 1, backend=cpu), np.zeros((5, 2)), 0.05, 20)
    n2, X2 = sample(TANH, (20, 20, 20), 2, 5, 1, backend=gpu)
    losses2, _ = network_gd(n2, X2, gpu.xp.zeros((5, 2)), 0.05, 20)
    assert np.allclose(losses1, losses2, rtol=1e-11)


def test_dual_gram_float32_option():
    """float32 products, float64 accumulation: within float32 round-off of F* (2^-24 times a modest growth), but
    really reduced (not bit-equal); an unknown precision is a one-line error."""
    net, X = sample(NetSpec("tanh", 3.0, 0.64), (60, 60, 60), 3, 20, 5)
    F, F32 = dual_gram(net, X), dual_gram(net, X, precision="float32")
    lam = np.linalg.eigvalsh(F)[-1]
    err = np.abs(F - F32).max() / lam
    assert 1e-12 < err < 1e-5 and F32.dtype == np.float64
    with pytest.raises(ValueError, match="precision must be"):
        dual_gram(net, X, precision="float16")
    with pytest.raises(ValueError, match="needs the cupy backend"):
        dual_gram(net, X, precision="tf32")                 # NumPy has no tensor cores


@pytest.mark.gpu
def test_cupy_reduced_precision_error():
    """On the GPU: float32 products within float32 round-off of the float64 F*; with CUPY_TF32=1 set (TensorFloat-32,
    10-bit mantissa products, unit round-off 2^-11), within 1e-2 of lambda_max.  The measured errors are printed."""
    import os
    pytest.importorskip("cupy")
    try:
        gpu = get_backend("cupy")
    except ValueError as exc:
        pytest.skip(str(exc))
    net, X = sample(NetSpec("tanh", 3.0, 0.64), (512, 512, 512), 10, 64, 7, backend=gpu)
    F = gpu.to_host(dual_gram(net, X))
    lam = np.linalg.eigvalsh(F)[-1]
    err32 = np.abs(gpu.to_host(dual_gram(net, X, precision="float32")) - F).max() / lam
    print(f"float32 on {gpu.device_name}: max |F32 - F64| / lambda_max = {err32:.2e}")
    assert err32 < 1e-5
    if os.environ.get("CUPY_TF32") == "1":
        err_tf32 = np.abs(gpu.to_host(dual_gram(net, X, precision="tf32")) - F).max() / lam
        print(f"tf32 on {gpu.device_name}: max |F_tf32 - F64| / lambda_max = {err_tf32:.2e}")
        assert err_tf32 < 1e-2
