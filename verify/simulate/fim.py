"""Fisher information of random networks through its dual Gram matrix (spec/fisher.md §1.3-1.4, §2.2).

``J`` (``CT x P``, rows ``(k, t)`` ``k``-major, columns ``W^1..W^L`` row-major) has rows ``grad_theta f_k(t)``
with layer blocks ``grad_{W^l} f_k(t) = delta^l_k(t) h^{l-1}(t)^T``.  ``F = J^T J / T`` (``P x P``) is never
formed; everything goes through

    F* = J J^T / T = (1/T) sum_l (Delta_l Delta_l^T) . (1_{CxC} (x) H_{l-1} H_{l-1}^T)      (§1.4, F11a)

whose nonzero spectrum is that of ``F`` (F5a).
"""
from __future__ import annotations

import os

import numpy as np

from sloppy_verifier.verify.backend import Backend, get_backend, namespace_of, to_host
from sloppy_verifier.verify.simulate.network import (NetSpec, Network, activation, draw, forward, iter_backward, output, params,
                                     with_params)


def param_count(widths, C: int) -> int:
    """``P = sum_{l=1}^{L} M_l M_{l-1}`` with ``M_L = C`` (weights only, §1.2)."""
    sizes = tuple(widths) + (C,)
    return sum(sizes[l] * sizes[l - 1] for l in range(1, len(sizes)))


def _add_layer(out, D, G, C: int, T: int, chunk: int | None):
    """``out += (D D^T) . (1_{CxC} (x) G) / T`` in row chunks of ``D`` (``chunk x CT`` temporaries)."""
    xp = namespace_of(D)
    n = C * T
    step = n if chunk is None else max(1, int(chunk))
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        t = xp.arange(r0, r1) % T
        block = (D[r0:r1] @ D.T).reshape(r1 - r0, C, T) * G[t][:, None, :]
        out[r0:r1] += block.reshape(r1 - r0, n) / T
    return out


def dual_gram(net: Network, X, chunk: int | None = None, precision: str = "float64"):
    """``F*`` (``CT x CT``, float64), accumulated layer by layer during the backward pass.

    ``precision="float32"`` forms the per-layer products ``Δ_l Δ_lᵀ`` and ``H Hᵀ`` (the ``O((CT)² M)`` work) in
    float32 and accumulates in float64 — an option for speed on a GPU; ``"tf32"`` is the same on CuPy with
    ``CUPY_TF32=1`` (float32 matmuls on TensorFloat-32 tensor cores, 10-bit mantissa products; unmeasured: no GPU has
    been available).  The float32 error against float64 is measured in ``benchmarks/bench_dual_gram.py``
    (relative ``~1e-7`` to ``1e-6`` of ``λ_max`` on CPU: float32 round-off ``2^-24`` times ``sqrt(M)``-ish growth).

    Peak memory, besides the weights and the forward activations (``T sum_l M_l``): the output ``(CT)^2``,
    two backward signals ``2 CT max_l M_l`` and one ``chunk x CT`` product (``(CT)^2`` when ``chunk`` is None),
    i.e. ``O(CT max(M, CT))``; never ``O(CT M L)`` nor ``O(P)`` beyond the weights themselves.
    """
    fwd = forward(net, X)
    C, T = net.C, X.shape[0]
    xp = net.xp
    if precision not in ("float64", "float32", "tf32"):
        raise ValueError(f"precision must be float64, float32 or tf32 (got {precision!r})")
    if precision == "tf32" and (xp.__name__ != "cupy" or os.environ.get("CUPY_TF32") != "1"):
        raise ValueError("precision 'tf32' needs the cupy backend and CUPY_TF32=1 in the environment (CuPy reads it "
                         "at its first float32 matmul)")
    cast = (lambda A: A) if precision == "float64" else (lambda A: A.astype(xp.float32))  # noqa: E731  (tf32: float32 on tensor cores)
    out = xp.zeros((C * T, C * T), dtype=xp.float64)
    for l, D in iter_backward(net, fwd):
        H = cast(fwd.H[l - 1])
        _add_layer(out, cast(D), H @ H.T, C, T, chunk)
    return out


def layer_blocks(net: Network, X, chunk: int | None = None) -> list:
    """Per-layer duals ``F*_l = (1/T)(Delta_l Delta_l^T) . (1 (x) H_{l-1} H_{l-1}^T)``, ``l = 1..L`` (F11b).

    ``F*_l`` is the dual of the diagonal block ``F_{ll}`` of ``F``; ``sum_l F*_l = F*`` and
    ``tr F*_l = (1/T) sum_{t,k} |delta^l_k(t)|^2 |h^{l-1}(t)|^2``.
    """
    fwd = forward(net, X)
    C, T, xp = net.C, X.shape[0], net.xp
    blocks = {}
    for l, D in iter_backward(net, fwd):
        H = fwd.H[l - 1]
        blocks[l] = _add_layer(xp.zeros((C * T, C * T), dtype=xp.float64), D, H @ H.T, C, T, chunk)
    return [blocks[l] for l in range(1, net.L + 1)]


def fim_statistics(Fstar, P: int, C: int, T: int, alpha: float | None = None, M: float | None = None) -> dict:
    """Statistics of ``F`` read off ``F*`` (§1.3, §2.2 diagnostics, F5, F1b).

    - ``m = tr F*/P``, ``s = |F*|_F^2/P``, ``eigenvalues`` (descending, host array), ``lambda_max``;
    - ``outlier_rq = (1/C) sum_k (e_k (x) 1/sqrt T)^T F* (e_k (x) 1/sqrt T)`` (= mean ``|gbar_k|^2``);
    - ``top_C_mean``; ``bulk_mean``, ``bulk_rel_std`` over eigenvalues ``C+1..CT``; ``gap = lambda_C/lambda_{C+1}``;
    - ``nonzero``: number of eigenvalues above ``1e-9 lambda_max`` (F11c; ``CT`` generically).
    - With ``alpha`` and ``M``, the entries of ``N = T F*/(alpha M)``: ``diag_mean`` (-> kappa_1),
      ``offdiag_mean`` (within ``k``, ``t != t'``; -> kappa_2), ``cross_rms_sqrtM = sqrt(M) RMS`` of the
      ``k != k'`` entries, ``offdiag_std_sqrtM = sqrt(M) std`` of the within-``k`` off-diagonal entries and
      ``diag_std_sqrtM = sqrt(M) std`` of the diagonal entries.
    """
    xp = namespace_of(Fstar)
    eig = to_host(xp.linalg.eigvalsh(Fstar))[::-1].copy()
    A = Fstar.reshape(C, T, C, T)
    rq = A.transpose(0, 2, 1, 3).reshape(C * C, T, T)[:: C + 1].sum() / (C * T)     # diagonal k = k' blocks
    bulk = eig[C:]
    out = {
        "m": float(xp.trace(Fstar)) / P,
        "s": float(xp.sum(Fstar * Fstar)) / P,
        "eigenvalues": eig,
        "lambda_max": float(eig[0]),
        "outlier_rq": float(rq),
        "top_C_mean": float(eig[:C].mean()),
        "bulk_mean": float(bulk.mean()) if bulk.size else float("nan"),
        "bulk_rel_std": float(bulk.std() / bulk.mean()) if bulk.size else float("nan"),
        "gap": float(eig[C - 1] / eig[C]) if bulk.size else float("nan"),
        "nonzero": int((eig > 1e-9 * eig[0]).sum()),
    }
    if alpha is not None and M is not None:
        N = to_host(A) * (T / (alpha * M))
        within = np.stack([N[k, :, k, :] for k in range(C)])          # C x T x T
        off = within[:, ~np.eye(T, dtype=bool)]
        cross = N.transpose(0, 2, 1, 3)[~np.eye(C, dtype=bool)]         # the k != k' blocks, C(C-1) x T x T
        out.update(
            diag_mean=float(np.mean([np.diag(w) for w in within])),
            offdiag_mean=float(off.mean()) if off.size else float("nan"),
            offdiag_std_sqrtM=float(np.sqrt(M) * off.std()) if off.size else float("nan"),
            diag_std_sqrtM=float(np.sqrt(M) * np.stack([np.diag(w) for w in within]).std()),
            cross_rms_sqrtM=float(np.sqrt(M) * np.sqrt(np.mean(cross**2))) if cross.size else float("nan"),
        )
    return out


def centred(Fstar, C: int, T: int):
    """``F_c* = Pi F* Pi`` with ``Pi = I_C (x) (I_T - 1 1^T/T)``: the dual of the mean-subtracted FIM (F9a)."""
    A = Fstar.reshape(C, T, C, T)
    A = A - A.mean(axis=1, keepdims=True)
    A = A - A.mean(axis=3, keepdims=True)
    return A.reshape(C * T, C * T)


def explicit_jacobian(net: Network, X):
    """``J`` (``CT x P``) by the layer formula ``grad_{W^l_{ij}} f_k(t) = delta^l_{k,i}(t) h^{l-1}_j(t)``.

    Forms ``CT x P``: tiny networks only.
    """
    fwd = forward(net, X)
    C, T, xp = net.C, X.shape[0], net.xp
    cols = {}
    for l, D in iter_backward(net, fwd):
        H = fwd.H[l - 1]
        cols[l] = (D.reshape(C, T, -1, 1) * H[None, :, None, :]).reshape(C * T, -1)
    return xp.concatenate([cols[l] for l in range(1, net.L + 1)], axis=1)


def finite_difference_jacobian(net: Network, X, eps: float = 1e-5):
    """``J`` by central differences ``(f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps)``, one column at a time.

    Independent of the backward pass; error ``O(eps^2) + O(eps_mach/eps)``.  Tiny networks only.
    """
    xp = net.xp
    theta = params(net)
    cols = []
    for i in range(theta.size):
        e = xp.zeros_like(theta)
        e[i] = eps
        cols.append((output(with_params(net, theta + e), X) - output(with_params(net, theta - e), X)) / (2 * eps))
    return xp.stack(cols, axis=1)


def euler_products(net: Network, X):
    """Per-layer ``W^l . grad_{W^l} f_k(t) = sum_i delta^l_{k,i}(t) (W^l h^{l-1}(t))_i`` without forming ``J``.

    Returns ``(E, f)``: ``E`` is ``L x C x T`` (layer ``l`` at index ``l-1``), ``f`` is ``C x T``.  Their sum over
    layers is ``theta . grad f_k(t)``.  For bias-free, positively 1-homogeneous ``phi``, ``E[l] = f`` (F8a).
    """
    fwd = forward(net, X)
    C, T = net.C, X.shape[0]
    E = {}
    for l, D in iter_backward(net, fwd):
        Wh = fwd.H[l - 1] @ net.W[l - 1].T                              # T x M_l
        E[l] = (D.reshape(C, T, -1) * Wh[None]).sum(axis=2)
    return net.xp.stack([E[l] for l in range(1, net.L + 1)]), fwd.U[-1].T


def fisher_rao(net: Network, X) -> float:
    """``theta^T F theta = (1/T) sum_{k,t} (theta . grad f_k(t))^2`` (F8a)."""
    E, _ = euler_products(net, X)
    return float((E.sum(axis=0) ** 2).sum()) / X.shape[0]


def _batched(spec: NetSpec, backend: Backend, X, W, b):
    """Per-network ``tr F`` and ``theta^T F theta`` for stacked networks (leading axis ``B``)."""
    xp, act = backend.xp, activation(spec.activation, backend, spec.a)
    B, T, _ = X.shape
    C, L = W[-1].shape[1], len(W)
    H, U = [X], []
    for l in range(L):
        U.append(xp.matmul(H[-1], xp.swapaxes(W[l], 1, 2)) + b[l][:, None, :])
        if l < L - 1:
            H.append(act.phi(U[-1]))
    D = xp.broadcast_to(xp.repeat(xp.eye(C, dtype=xp.float64), T, axis=0), (B, C * T, C))
    tr = xp.zeros(B, dtype=xp.float64)
    e = xp.zeros((B, C, T), dtype=xp.float64)
    for l in range(L, 0, -1):
        if l < L:
            D = (xp.matmul(D, W[l]).reshape(B, C, T, -1) * act.dphi(U[l - 1])[:, None]).reshape(B, C * T, -1)
        Hl = H[l - 1]
        D4 = D.reshape(B, C, T, -1)
        tr += ((D4 * D4).sum(axis=3) * (Hl * Hl).sum(axis=2)[:, None, :]).sum(axis=(1, 2))
        e += (D4 * (U[l - 1] - b[l - 1][:, None, :])[:, None]).sum(axis=3)
    return tr / T, (e * e).sum(axis=(1, 2)) / T


def batched_trace_mc(spec: NetSpec, widths, C: int, T: int, n_networks: int, seed: int,
                     backend: Backend | None = None, batch: int = 4096, mu: float = 0.0) -> dict:
    """Monte Carlo of ``tr F`` and ``theta^T F theta`` over many small networks (F3c, F3d, F8b).

    One stream ``default_rng(seed)`` draws, batch after batch, ``X`` (``B x T x M_0``), then all ``W^l``, then
    all ``b^l`` for that batch (the §2.2 order, with a leading network axis) on the host.  Per network:
    ``tr F = (1/T) sum_{l,k,t} |delta^l_k(t)|^2 |h^{l-1}(t)|^2`` (F11b) and
    ``theta^T F theta = (1/T) sum_{k,t} (sum_l delta^l_k(t) . W^l h^{l-1}(t))^2`` (F8a), using stacked matmuls.
    Returns host arrays ``trF``, ``fisher_rao``, ``xnorm = (1/T) sum_t |x_t|^2 / M_0`` and the conditioned
    ``trF_cond = trF/xnorm``, ``fisher_rao_cond = fisher_rao/xnorm``.
    """
    backend = backend or get_backend("numpy")
    rng = np.random.default_rng(seed)
    tr, fr, xn = [], [], []
    for start in range(0, n_networks, batch):
        B = min(batch, n_networks - start)
        X, W, b = draw(rng, spec, widths, C, T, mu, batch=(B,))
        t, f = _batched(spec, backend, backend.asarray(X), [backend.asarray(w) for w in W],
                        [backend.asarray(v) for v in b])
        tr.append(to_host(t))
        fr.append(to_host(f))
        xn.append((X * X).sum(axis=(1, 2)) / (T * X.shape[2]))
    tr, fr, xn = np.concatenate(tr), np.concatenate(fr), np.concatenate(xn)
    return {"trF": tr, "fisher_rao": fr, "xnorm": xn, "trF_cond": tr / xn, "fisher_rao_cond": fr / xn}


def isotropic_perturbation(net: Network, X, eps: float, n_draws: int, rng: np.random.Generator,
                           batch: int | None = None) -> np.ndarray:
    """Per-draw ``Delta^T F Delta = (1/T) sum_{k,t} (grad f_k(t) . Delta)^2`` with ``Delta ~ N(0, eps^2 I_P)`` (F8c).

    ``grad f_k(t) . Delta = sum_l delta^l_k(t) . (Delta^l h^{l-1}(t))`` (directional derivative ``J Delta``),
    so neither ``J`` nor ``F`` is formed.  Draws come from ``rng`` on the host, layer by layer per batch of
    draws.  Mean over draws estimates ``eps^2 tr F``.
    """
    xp, C, T = net.xp, net.C, X.shape[0]
    fwd = forward(net, X)
    D = dict(iter_backward(net, fwd))
    batch = batch or max(1, 2**22 // max(w.size for w in net.W))
    out = []
    for start in range(0, n_draws, batch):
        n = min(batch, n_draws - start)
        s = xp.zeros((n, C, T), dtype=xp.float64)
        for l, W in enumerate(net.W, start=1):
            Dl = net.backend.asarray(rng.standard_normal((n,) + W.shape) * eps)
            DH = xp.matmul(fwd.H[l - 1][None], xp.swapaxes(Dl, 1, 2))       # n x T x M_l
            s += xp.einsum("kti,nti->nkt", D[l].reshape(C, T, -1), DH)
        out.append(to_host((s * s).sum(axis=(1, 2)) / T))
    return np.concatenate(out)
